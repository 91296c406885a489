#!/usr/bin/env bash
# The book's gate (run by .ci/run): builds the book and fails on anything mdbook would only warn
# about or not notice at all.
#
#   1. every {{#include file:anchor}} names an existing file and an anchor that exists in it
#      (mdbook only warns about a missing anchor and renders an empty listing);
#   2. Rust appears only through includes: every ```rust block holds nothing but include lines,
#      and none shows more than 40 lines (2b);
#  2c. every <details> answer block has a <summary> and content (book/check-answers.sh);
#   3. every image the book references exists;
#   4. `mdbook build book` succeeds (with mdbook-katex pre-rendering every formula);
#   5. the built HTML and CSS reference no external host for stylesheets, fonts or scripts;
#   6. headless Chromium, with no network, renders every chapter: the equation-heavy ones hold
#      KaTeX's markup (class="katex"), none holds a raw $$; a screenshot of each is saved.
#
# It never builds or runs a lesson (book/regenerate.sh does that, by hand).
# Environment: BOOK_SCREENSHOTS=DIR (default target/book-screenshots), SKIP_BROWSER=1 to skip 6.
cd "$(dirname "$0")/.."
# shellcheck source=../.ci/strict.sh
. .ci/strict.sh
root=$(pwd)
src=book/src
fail=0
err() {
    echo "book check: $*" >&2
    fail=1
}

echo "-- 1. includes and anchors"
n_includes=0
while IFS=: read -r md line rest; do
    # rest holds one or more {{#include …}} on this line
    while read -r spec; do
        [ -z "$spec" ] && continue
        n_includes=$((n_includes + 1))
        path=${spec%%:*}
        anchor=""
        [ "$path" != "$spec" ] && anchor=${spec#*:}
        file="$(dirname "$md")/$path"
        if [ ! -f "$file" ]; then
            err "$md:$line includes $path, which does not exist ($file)"
            continue
        fi
        # a line range (e.g. 3:10, :5) needs no anchor; a name needs ANCHOR and ANCHOR_END
        if [ -n "$anchor" ] && ! [[ "$anchor" =~ ^[0-9:]*$ ]]; then
            if ! grep -Eq "ANCHOR:[[:space:]]*$anchor([[:space:]]|\$)" "$file"; then
                err "$md:$line includes anchor '$anchor' of $path, but $path has no 'ANCHOR: $anchor'"
            elif ! grep -Eq "ANCHOR_END:[[:space:]]*$anchor([[:space:]]|\$)" "$file"; then
                err "$md:$line includes anchor '$anchor' of $path, but $path has no 'ANCHOR_END: $anchor'"
            fi
        fi
    done < <(echo "$rest" | grep -oE '\{\{#(rustdoc_)?include [^}]+\}\}' |
        sed -E 's/^\{\{#(rustdoc_)?include +//; s/ *\}\}$//')
done < <(grep -rnE '\{\{#(rustdoc_)?include ' "$src" --include='*.md' || true)
echo "   $n_includes includes checked"

echo "-- 1b. every exercise's book section (exercises.toml) is a heading of its chapter"
n_sections=0
while IFS=$'\t' read -r chapter section; do
    n_sections=$((n_sections + 1))
    if [ ! -f "$chapter" ]; then
        err "exercises.toml points to $chapter, which does not exist"
    elif ! grep -qxF "## $section" "$chapter" && ! grep -qxF "### $section" "$chapter"; then
        err "exercises.toml points to section \"$section\" of $chapter, which has no such heading"
    fi
done < <(perl -ne 'print "$1\t$2\n" if /^book\s*=\s*"([^,"]+),\s*section\s*\\"(.*)\\""\s*$/' exercises.toml)
echo "   $n_sections sections checked"

echo "-- 2. no Rust pasted by hand"
for md in "$src"/*.md; do
    perl -ne '
        if (/^\s*```+\s*rust/) { $in = 1; $start = $.; next }
        if ($in && /^\s*```/) { $in = 0; next }
        if ($in && /\S/ && !/^\s*\{\{#(rustdoc_)?include [^}]+\}\}\s*$/) {
            print "$ARGV:$.: Rust code outside an include (block opened on line $start)\n"; $bad = 1
        }
        END { exit($bad ? 1 : 0) }' "$md" || err "$md holds Rust that is not an {{#include}}"
done

echo "-- 2b. no Rust block longer than 40 lines (longer code is linked by its path instead)"
# Each ```rust block is measured as the book shows it: the lines its includes expand to (a named
# anchor's lines without the ANCHOR comments, a line range, or the whole file). Over 25 lines is
# reported as a note (the taught path aims at about 25); over 40 fails.
for md in "$src"/*.md; do
    perl -e '
        my ($md, $dir) = @ARGV;
        open(my $fh, "<", $md) or die "$md: $!";
        my ($in, $start, $n, $bad) = (0, 0, 0, 0);
        sub expand {
            my ($spec) = @_;
            my ($path, $range) = split /:/, $spec, 2;
            open(my $f, "<", "$dir/$path") or return 0;
            my @l = <$f>;
            if (!defined $range || $range eq "") { return scalar grep { !/ANCHOR(_END)?:/ } @l }
            if ($range =~ /^(\d*):?(\d*)$/) {
                my ($a, $b) = ($1 || 1, $2 || scalar @l);
                $b = $a if $range !~ /:/;
                return $b - $a + 1;
            }
            my ($on, $k) = (0, 0);
            for (@l) {
                if (/ANCHOR_END:\s*\Q$range\E(\s|$)/) { $on = 0; next }
                if (/ANCHOR:\s*\Q$range\E(\s|$)/) { $on = 1; next }
                $k++ if $on && !/ANCHOR(_END)?:/;
            }
            return $k;
        }
        while (<$fh>) {
            if (!$in && /^\s*```+\s*rust/) { ($in, $start, $n) = (1, $., 0); next }
            if ($in && /^\s*```/) {
                $in = 0;
                if ($n > 40) {
                    print STDERR "book check: $md:$start: this Rust block shows $n lines, more than 40: include a shorter anchor and name the file for the rest\n";
                    $bad = 1;
                } elsif ($n > 25) {
                    print "   note: $md:$start: a Rust block of $n lines (the taught path aims at about 25)\n";
                }
                next;
            }
            next unless $in;
            while (/\{\{#(?:rustdoc_)?include\s+([^}\s]+)\s*\}\}/g) { $n += expand($1) }
        }
        exit($bad ? 1 : 0);
    ' "$md" "$(dirname "$md")" || err "$md has a Rust block longer than 40 lines (above)"
done

echo "-- 2c. every folded answer (<details>) has a summary and content (book/check-answers.sh)"
book/check-answers.sh || err "book/check-answers.sh failed (above): an empty or unclosed answer block"

echo "-- 3. images"
n_images=0
while IFS=: read -r md line ref; do
    n_images=$((n_images + 1))
    case "$ref" in
    http://* | https://*)
        err "$md:$line references a remote image $ref (commit it into book/src/img)"
        continue
        ;;
    esac
    if [ ! -f "$(dirname "$md")/$ref" ]; then
        err "$md:$line references $ref, which does not exist"
    fi
done < <(
    for md in "$src"/*.md; do
        perl -ne 'while (/!\[[^\]]*\]\(\s*([^)\s]+)/g) { print "$ARGV:$.:$1\n" }
                  while (/<img[^>]*\ssrc="([^"]+)"/g) { print "$ARGV:$.:$1\n" }' "$md"
    done
)
echo "   $n_images image references checked"

echo "-- 4. mdbook build"
if ! command -v mdbook >/dev/null || ! command -v mdbook-katex >/dev/null; then
    echo "book check: mdbook and mdbook-katex are needed (cargo install mdbook --version 0.5.4 --locked;" \
        "cargo install mdbook-katex --version 0.10.0 --locked)" >&2
    exit 1
fi
mdbook --version
mdbook-katex --version 2>/dev/null || true
rm -rf book/book
build_log=$(mktemp)
if ! mdbook build book 2>&1 | tee "$build_log"; then
    err "mdbook build failed"
fi
# mdbook-katex 0.10.0 is built against mdbook 0.5.3 and says so when mdbook 0.5.4 calls it; the
# two work together (this check proves it), so that one notice is not a failure.
known='This mdbook-katex was built against mdbook v0.5.3, but we are being called from mdbook v0.5.4'
warnings=$({ grep -Ei 'warn|error' "$build_log" || true; } | { grep -vF "$known" || true; })
if [ -n "$warnings" ]; then
    echo "$warnings" >&2
    err "mdbook build printed warnings or errors (above)"
fi
# A formula KaTeX cannot parse is rendered as a red katex-error span instead of failing the build.
if [ -d book/book ] && grep -lq 'katex-error' book/book/*.html 2>/dev/null; then
    { grep -o 'katex-error[^>]*title="[^"]*"' book/book/*.html || true; } | head -5 >&2 || true
    err "KaTeX could not typeset a formula (above)"
fi
rm -f "$build_log"
[ -f book/book/index.html ] || err "mdbook build wrote no book/book/index.html"

echo "-- 4a. no formula left untypeset (a \$ outside code in the built pages)"
if [ -d book/book ]; then
    for html in book/book/*.html; do
        case "$html" in */print.html | */toc.html | */404.html) continue ;; esac
        left=$(perl -0ne 's/<pre.*?<\/pre>//gs; s/<code.*?<\/code>//gs; s/<script.*?<\/script>//gs;
                          s/<annotation.*?<\/annotation>//gs; my $n = () = /\$/g; print $n' "$html")
        [ "$left" = 0 ] || err "$html has $left '\$' outside code: a formula was not typeset (escape a real dollar as \\\$)"
    done
fi

echo "-- 4b. links between chapters land on a heading"
if [ -d book/book ]; then
    n_links=0
    while IFS=: read -r md line target frag; do
        n_links=$((n_links + 1))
        [ -z "$target" ] && target=$(basename "$md")
        html="book/book/${target%.md}.html"
        if [ ! -f "$html" ]; then
            err "$md:$line links to $target, which is not a chapter"
        elif ! grep -q "id=\"$frag\"" "$html"; then
            err "$md:$line links to $target#$frag, but $html has no id=\"$frag\""
        fi
    done < <(
        for md in "$src"/*.md; do
            perl -ne 'while (/\]\(([\w.-]*\.md)?#([\w-]+)\)/g) { print "$ARGV:$.:$1:$2\n" }' "$md"
        done
    )
    echo "   $n_links links checked"
fi

echo "-- 5. no external host for CSS, fonts or scripts"
if [ -d book/book ]; then
    # <link href=…> and <script src=…> in every page; url(…) and @import in every stylesheet.
    ext=$(grep -rHoE '<(link|script)[^>]*(href|src)="(https?:)?//[^"]*"' book/book --include='*.html' || true)
    if [ -n "$ext" ]; then
        echo "$ext" | sort -u | head -20 >&2 || true
        err "the HTML loads a stylesheet or script from another host (above)"
    fi
    ext=$(grep -rHoE '(url\(["'"'"']?|@import +["'"'"']?)(https?:)?//[^)"'"'"' ]*' book/book --include='*.css' --include='*.html' || true)
    if [ -n "$ext" ]; then
        echo "$ext" | sort -u | head -20 >&2 || true
        err "a stylesheet loads a font or stylesheet from another host (above)"
    fi
    [ -f book/book/katex/katex.min.css ] || err "KaTeX's CSS was not copied into the book"
    [ -f book/book/katex/fonts/KaTeX_Main-Regular.woff2 ] || err "KaTeX's fonts were not copied into the book"
    grep -q 'href="katex/katex.min.css"' book/book/lesson2.html || err "lesson2.html does not link the stored KaTeX CSS"
fi

echo "-- 6. headless Chromium renders the equations"
if [ "${SKIP_BROWSER:-0}" = 1 ]; then
    echo "   skipped (SKIP_BROWSER=1)"
elif [ -f book/book/lesson2.html ]; then
    chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
    if [ -z "$chrome" ]; then
        err "no chromium found (apt-get install chromium), or set SKIP_BROWSER=1"
    else
        shots=${BOOK_SCREENSHOTS:-$root/target/book-screenshots}
        mkdir -p "$shots"
        # No network: every host resolves to nothing and any proxy use goes to a closed port.
        # Each run gets a fresh profile: a Chromium still exiting keeps its profile locked.
        flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
            --proxy-server=127.0.0.1:9
            "--host-resolver-rules=MAP * ~NOTFOUND" --no-first-run --disable-extensions
            --disable-background-networking --disable-component-update --disable-sync
            --run-all-compositor-stages-before-draw --virtual-time-budget=5000)
        chrome_run() {
            local profile status
            profile=$(mktemp -d)
            timeout 120 "$chrome" "${flags[@]}" --user-data-dir="$profile" "$@"
            status=$?
            rm -rf "$profile"
            return $status
        }
        # dump_dom PAGE HTML: the page's DOM after Chromium ran its scripts. Headless Chromium now
        # and then exits without output, so up to three tries; after the last, one sentence naming
        # the page and what Chromium printed, and a failure.
        dump_dom() {
            local page=$1 html=$2 out="" errors try
            errors=$(mktemp)
            for try in 1 2 3; do
                out=$(chrome_run --dump-dom "file://$html" 2>"$errors") || true
                if [[ "$out" == *"</html>"* ]]; then
                    rm -f "$errors"
                    printf '%s\n' "$out"
                    return 0
                fi
                if [ "$try" -lt 3 ]; then sleep 2; fi
            done
            # (this runs in $(…): the caller records the failure)
            echo "book check: $page.html: Chromium returned no page in 3 tries;" \
                "it printed \"${out:0:200}\" on stdout and \"$(tail -c 400 "$errors" | tr '\n' ' ')\" on stderr" >&2
            rm -f "$errors"
            return 1
        }
        # count PATTERN: how many times PATTERN occurs on standard input (0 is an answer, not a failure)
        count() { { grep -o "$1" || true; } | wc -l | tr -d ' '; }
        # Every chapter is rendered and screenshotted (look at them: target/book-screenshots).
        for page in lesson2 lesson1 lesson3 introduction lesson4 lesson5 lesson6 references glossary; do
            html="$root/book/book/$page.html"
            [ -f "$html" ] || continue
            if ! dom=$(dump_dom "$page" "$html"); then
                fail=1
                continue
            fi
            katex=$(printf '%s\n' "$dom" | count 'class="katex"')
            if [ "$page" = lesson2 ] || [ "$page" = lesson1 ]; then
                [ "$katex" -gt 20 ] || err "$page.html in Chromium: expected KaTeX markup (class=\"katex\"), found $katex"
            fi
            if [[ "$dom" == *'$$'* ]]; then
                err "$page.html in Chromium: raw \$\$ left in the page (a formula was not typeset)"
            fi
            rm -f "$shots/$page.png"
            # Headless Chromium now and then exits without writing: up to three tries.
            for _ in 1 2 3; do
                chrome_run --window-size=1100,1400 --screenshot="$shots/$page.png" \
                    "file://$html" >/dev/null 2>&1 || true
                [ -s "$shots/$page.png" ] && break
                sleep 2
            done
            if [ -s "$shots/$page.png" ]; then
                echo "   $page.html: $katex KaTeX formulas, no raw \$\$; screenshot $shots/$page.png"
            else
                err "$page.html: Chromium saved no screenshot"
            fi
        done
    fi
fi

if [ "$fail" -ne 0 ]; then
    echo "book check FAILED" >&2
    exit 1
fi
echo "book check passed"
