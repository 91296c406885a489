# Sourced by every shell script of the project (.ci/run, book/check.sh, book/regenerate.sh …):
# strict mode, and never a silent exit. Under `set -e`, a failing command or pipeline ends the
# script; the ERR trap first prints which command failed, where, and with what exit status, so a
# run that stops always says why. `set -E` carries the trap into functions and subshells.
set -Eeuo pipefail
trap 'strict_status=$?; strict_where=${BASH_SOURCE[0]:-$0}; echo "${strict_where##*/}:${LINENO}: \`${BASH_COMMAND}\` failed (exit ${strict_status}); stopping here" >&2' ERR
