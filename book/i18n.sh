#!/usr/bin/env bash
# The Japanese edition's tools (mdbook-i18n-helpers 0.4.0 and GNU gettext). From anywhere:
#
#   book/i18n.sh pot [FILE]     extract the English messages into FILE
#                               (default target/book-i18n/messages.pot; not committed)
#   book/i18n.sh update         bring book/po/ja.po up to date with the English: new messages
#                               are added untranslated, changed ones keep their old translation
#                               marked fuzzy (fix it, then delete the `#, fuzzy` line), removed
#                               ones are dropped; a message with nothing to translate (only
#                               formulas, code, links) gets its msgid as msgstr
#   book/i18n.sh merge PART...  fill the messages book/po/ja.po leaves untranslated from PART
#                               files (e.g. book/po/parts/ja-lesson2.po); a translation already
#                               in ja.po is kept
#   book/i18n.sh part FILE.md   print ja.po's messages of one chapter (a part to translate):
#                               book/i18n.sh part lesson2.md > book/po/parts/ja-lesson2.po
#   book/i18n.sh build [DIR]    build the Japanese book into DIR (default book/book/ja, beside
#                               the English book in book/book; build the English one first:
#                               mdbook build book empties book/book)
#
# book/check.sh runs the same extraction and build, and fails on an untranslated or fuzzy
# message of a finished chapter.
cd "$(dirname "$0")/.."
# shellcheck source=../.ci/strict.sh
. .ci/strict.sh

# The Japanese book's title (book.toml holds the English one; mdbook-gettext translates chapters,
# not the title).
JA_TITLE="ニューラルネットワークを完全に理解したい — Rust で"
export JA_TITLE

# pot FILE: the messages as mdbook-xgettext extracts them. The default preprocessors are off, so
# `links` does not expand {{#include}}: the messages are the chapters as written (the included
# code is never translated), exactly what mdbook-gettext sees, since it runs before `links`.
pot() {
    local out=$1 dir
    dir=$(mktemp -d)
    mkdir -p "$(dirname "$out")"
    MDBOOK_BUILD__USE_DEFAULT_PREPROCESSORS=false \
        MDBOOK_OUTPUT='{"xgettext": {"pot-file": "messages.pot", "granularity": 0}}' \
        mdbook build book -d "$dir" 2>&1 | { grep -vE ' INFO |which was not found' || true; }
    [ -s "$dir/messages.pot" ] || { echo "i18n.sh: mdbook-xgettext wrote no messages.pot" >&2; exit 1; }
    mv "$dir/messages.pot" "$out"
    rm -rf "$dir"
}

# fill PO: a message with nothing to translate — only formulas, code, link targets, HTML tags,
# numbers, punctuation or Japanese — is its own translation: its msgstr is set to its msgid (and
# a fuzzy flag from an English change dropped), so translators see only prose. A message with a
# Latin letter outside code, formulas, link targets and tags needs a person.
fill() {
    perl -i -e '
        local $/ = "";
        sub str { my ($kw, $e) = @_; $e =~ /^\Q$kw\E ((?:"(?:[^"\\]|\\.)*"\n?)+)/m or return (undef, "");
                  my $raw = $1; my $t = join "", $raw =~ /"((?:[^"\\]|\\.)*)"/g;
                  $t =~ s/\\(.)/$1 eq "n" ? "\n" : $1 eq "t" ? "\t" : $1/ge; return ($raw, $t) }
        sub prose { my $t = shift;
                    $t =~ s/^(`{3,}|~{3,}).*?^\1[^\n]*//msg;   # fenced code blocks
                    $t =~ s/(`+).+?\1//gs;                     # code spans, formulas
                    $t =~ s/\]\([^)]*\)/]/g;                    # link targets
                    $t =~ s/<[^>]*>//g;                         # HTML tags
                    return $t =~ /[A-Za-z]/ }
        while (my $e = <>) {
            if ($e !~ /^#~/m) {
                my ($idraw, $id) = str("msgid", $e);
                my ($strraw, $str) = str("msgstr", $e);
                my $fuzzy = $e =~ /^#,.*\bfuzzy\b/m;
                if (defined $idraw && $id ne "" && ($str eq "" || $fuzzy) && !prose($id)) {
                    $e =~ s/^msgstr (?:"(?:[^"\\]|\\.)*"\n?)+/msgstr $idraw/m;
                    $e =~ s/^#\|.*\n//mg;
                    $e =~ s/^#, fuzzy\n//m;
                    $e =~ s/^(#,.*?)\s*\bfuzzy\b,?\s*/$1 /m;
                    $e =~ s/^#, *\n//m;
                }
            }
            print $e;
        }' "$1"
}

case "${1:-}" in
pot)
    pot "${2:-target/book-i18n/messages.pot}"
    echo "wrote ${2:-target/book-i18n/messages.pot}"
    ;;
update)
    tmp=$(mktemp -d)
    pot "$tmp/messages.pot"
    msgmerge --quiet --backup=none --update book/po/ja.po "$tmp/messages.pot"
    msgattrib --no-obsolete -o book/po/ja.po book/po/ja.po
    fill book/po/ja.po
    rm -rf "$tmp"
    msgfmt --statistics -o /dev/null book/po/ja.po
    ;;
merge)
    shift
    [ $# -gt 0 ] || { echo "usage: book/i18n.sh merge PART.po..." >&2; exit 2; }
    # --use-first: for each message the first translation found, in this order: ja.po, then the
    # parts (an empty msgstr is no translation, so a part fills it in).
    msgcat --use-first book/po/ja.po "$@" -o book/po/ja.po
    fill book/po/ja.po
    msgfmt --statistics -o /dev/null book/po/ja.po
    ;;
part)
    [ -n "${2:-}" ] || { echo "usage: book/i18n.sh part lessonN.md" >&2; exit 2; }
    msggrep --location="src/${2#src/}" book/po/ja.po
    ;;
build)
    dest=${2:-book/book/ja}
    case "$dest" in /*) ;; *) dest="$(pwd)/$dest" ;; esac
    MDBOOK_BOOK__LANGUAGE=ja MDBOOK_BOOK__TITLE="$JA_TITLE" mdbook build book -d "$dest"
    ;;
*)
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
    exit 2
    ;;
esac
