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
#  5b. the Japanese edition (po/ja.po, mdbook-i18n-helpers; book/i18n.sh): a book built from an
#      identity translation (msgen) typesets every formula of every page exactly as the English
#      book and shows the same pages; every message of a finished chapter is translated and not
#      fuzzy (each one left is named); the Japanese book builds into book/book/ja without a
#      warning, each of its pages typesets the same formulas as the English page, finished
#      chapters read as Japanese (kana), its links land on a heading, and each edition links to
#      the other;
#   6. headless Chromium, with no network, renders every chapter: the equation-heavy ones hold
#      KaTeX's markup (class="katex"), none holds a raw $$; a screenshot of each is saved (and of
#      two Japanese chapters, ja-lesson1.png and ja-lesson2.png).
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
    elif ! sed -E 's/ \{#[^}]*\}$//' "$chapter" | grep -xF -e "## $section" -e "### $section" >/dev/null; then
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

echo "-- 5b. the Japanese edition (po/ja.po): formulas survive the translation, the book builds"
# Chapters whose translation is finished: every message they hold must be translated and not
# fuzzy, and their pages must read as Japanese. The others are reported, not failed, until
# their parts are merged (book/i18n.sh merge); then they join this list.
ja_finished="SUMMARY.md introduction.md glossary.md references.md lesson1.md lesson2.md lesson3.md lesson4.md lesson5.md lesson6.md"
# formulas HTML: every formula KaTeX typeset in the page's content, one per line (the balanced
# <span class="katex">…</span>, i.e. exactly what is displayed).
formulas() {
    perl -0ne '
        s/.*?<main>//s; s/<\/main>.*//s;
        while (/<span class="katex">/g) {
            my $start = $-[0]; my $depth = 1;
            while ($depth > 0 && /(<span\b|<\/span>)/g) { $depth += $1 eq "</span>" ? -1 : 1 }
            my $f = substr($_, $start, pos($_) - $start); $f =~ s/\s+/ /g; print "$f\n";
        }' "$1"
}
# page_text HTML: the page's content as whitespace-normalized HTML, one tag per line.
page_text() {
    perl -0pe 's/.*?<main>//s; s/<\/main>.*//s; s/\s+/ /g; s/> </></g; s/></>\n</g' "$1"
}
i18n_tmp=$(mktemp -d)
if ! command -v mdbook-gettext >/dev/null || ! command -v msgfmt >/dev/null; then
    err "the Japanese edition needs mdbook-i18n-helpers (cargo install mdbook-i18n-helpers" \
        "--version 0.4.0 --locked) and GNU gettext (apt-get install gettext)"
elif [ -d book/book ]; then
    book/i18n.sh pot "$i18n_tmp/messages.pot" || err "mdbook-xgettext could not extract the messages"
    if [ -s "$i18n_tmp/messages.pot" ]; then
        echo "   $(grep -c '^msgid ' "$i18n_tmp/messages.pot") messages extracted"
        # (a) An identity translation (every msgstr = its msgid) must give back the English book:
        # mdbook-gettext parses and rewrites every paragraph, and whatever that round trip changes
        # (a formula above all: book/i18n-math.pl) would be changed in every translation too.
        mkdir -p "$i18n_tmp/identity"
        msgen "$i18n_tmp/messages.pot" >"$i18n_tmp/identity/ja.po"
        if ! MDBOOK_BOOK__LANGUAGE=ja MDBOOK_PREPROCESSOR__GETTEXT__PO_DIR="$i18n_tmp/identity" \
            mdbook build book -d "$i18n_tmp/identity-book" >"$i18n_tmp/identity.log" 2>&1; then
            cat "$i18n_tmp/identity.log" >&2
            err "the book does not build from an identity translation"
        fi
        echo "   identity translation, formulas per page (English / identity):"
        for html in book/book/*.html; do
            page=$(basename "$html" .html)
            case "$page" in print | toc | 404) continue ;; esac
            id_html="$i18n_tmp/identity-book/$page.html"
            [ -f "$id_html" ] || { err "the identity translation has no $page.html"; continue; }
            formulas "$html" >"$i18n_tmp/en.f"
            formulas "$id_html" >"$i18n_tmp/id.f"
            echo "     $page: $(wc -l <"$i18n_tmp/en.f") / $(wc -l <"$i18n_tmp/id.f")"
            if ! cmp -s "$i18n_tmp/en.f" "$i18n_tmp/id.f"; then
                diff "$i18n_tmp/en.f" "$i18n_tmp/id.f" | perl -pe 'my $p = s/^([<>] )// ? $1 : ""; s/<[^>]*>//g; $_ = $p . $_' | head -6 | cut -c1-200 >&2 || true
                err "$page.html: an identity translation loses or changes formulas (above; see book/i18n-math.pl)"
            elif ! diff <(page_text "$html") <(page_text "$id_html") >"$i18n_tmp/page.diff"; then
                head -6 "$i18n_tmp/page.diff" | cut -c1-300 >&2 || true
                err "$page.html: an identity translation changes the page (above)"
            fi
        done
        # (b) The translation: every message of a finished chapter translated, none fuzzy. ja.po
        # is merged with the fresh template first, so a message the English changed since it
        # was translated shows up here as fuzzy or untranslated (book/i18n.sh update does the
        # same merge in place).
        if ! msgfmt --check -o /dev/null book/po/ja.po; then
            err "po/ja.po is not a valid PO file (msgfmt --check, above)"
        fi
        msgmerge --quiet -o "$i18n_tmp/merged.po" book/po/ja.po "$i18n_tmp/messages.pot"
        echo "   po/ja.po against the English of today: $(msgfmt --statistics -o /dev/null "$i18n_tmp/merged.po" 2>&1)"
        stale=$(msgattrib --only-obsolete "$i18n_tmp/merged.po" | { grep -c '^#~ msgid' || true; })
        [ "$stale" = 0 ] || echo "   note: po/ja.po holds $stale messages the English no longer has (book/i18n.sh update drops them)"
        # One line per message left to translate: STATE<TAB>files<TAB>msgid (first 100 chars).
        perl -e '
            local $/ = ""; my %finished = map { ("src/$_" => 1) } split " ", $ARGV[1];
            open my $fh, "<", $ARGV[0] or die; my ($n_req, %open) = (0);
            while (my $e = <$fh>) {
                my @refs = map { s/:\d+$//r } map { split " " } ($e =~ /^#: (.*)$/mg);
                my ($id) = $e =~ /^msgid ((?:".*"\n)+)/m or next;
                my ($str) = $e =~ /^msgstr ((?:".*"\n)+)/m;
                $_ = join "", map { /^"(.*)"$/ ? $1 : "" } split /\n/, $_ for $id, $str;
                next if $id eq "";
                my $state = $e =~ /^#,.*\bfuzzy\b/m ? "fuzzy" : $str eq "" ? "untranslated" : next;
                my $req = grep { $finished{$_} } @refs;
                $open{$_}++ for @refs;
                printf "%s\t%s\t%s\n", $state, join(" ", @refs), substr($id, 0, 100) if $req;
            }
            print STDERR join("", map { "     $_: $open{$_} to translate\n" } sort keys %open);
        ' "$i18n_tmp/merged.po" "$ja_finished" >"$i18n_tmp/open.tsv"
        if [ -s "$i18n_tmp/open.tsv" ]; then
            echo "book check: messages of finished chapters ($ja_finished) that need a translation" \
                "(fix them in book/po/ja.po; book/i18n.sh update first if the English changed):" >&2
            awk -F'\t' '{ printf "  %s (%s): %s\n", $1, $2, $3 }' "$i18n_tmp/open.tsv" | head -40 >&2
            err "po/ja.po: $(wc -l <"$i18n_tmp/open.tsv") messages of finished chapters untranslated or fuzzy (above)"
        fi
        # (c) Build the Japanese book beside the English one.
        ja_log="$i18n_tmp/ja.log"
        if ! book/i18n.sh build book/book/ja >"$ja_log" 2>&1; then
            cat "$ja_log" >&2
            err "the Japanese book does not build"
        fi
        warnings=$({ grep -Ei 'warn|error' "$ja_log" || true; } | { grep -vF "$known" || true; })
        if [ -n "$warnings" ]; then
            echo "$warnings" >&2
            err "the Japanese build printed warnings or errors (above)"
        fi
        if grep -lq 'katex-error' book/book/ja/*.html 2>/dev/null; then
            err "KaTeX could not typeset a formula of the Japanese book"
        fi
        # (d) Every Japanese page: the same formulas as the English page (a translation may put
        # them in another order, but never lose or change one), no $ left untypeset, links that
        # land on a heading, and — for a finished chapter — Japanese text (kana).
        echo "   Japanese pages, formulas per page (English / Japanese) and kana:"
        for html in book/book/*.html; do
            page=$(basename "$html" .html)
            case "$page" in print | toc | 404) continue ;; esac
            ja_html="book/book/ja/$page.html"
            [ -f "$ja_html" ] || { err "the Japanese book has no $page.html"; continue; }
            formulas "$html" | sort >"$i18n_tmp/en.f"
            formulas "$ja_html" | sort >"$i18n_tmp/ja.f"
            kana=$(perl -CSD -0ne 's/.*?<main>//s; s/<\/main>.*//s; s/<(pre|code|script)\b.*?<\/\1>//gs;
                              s/<[^>]*>//g; my $n = () = /[\x{3041}-\x{309F}\x{30A0}-\x{30FF}]/g; print $n' \
                "$ja_html")
            echo "     $page: $(wc -l <"$i18n_tmp/en.f") / $(wc -l <"$i18n_tmp/ja.f"), $kana kana"
            if ! cmp -s "$i18n_tmp/en.f" "$i18n_tmp/ja.f"; then
                # (shown as the formulas' rendered text: KaTeX's HTML without its tags)
                diff "$i18n_tmp/en.f" "$i18n_tmp/ja.f" | perl -pe 'my $p = s/^([<>] )// ? $1 : ""; s/<[^>]*>//g; $_ = $p . $_' | head -6 | cut -c1-200 >&2 || true
                err "ja/$page.html does not typeset the English page's formulas (above: < English, > Japanese);" \
                    "a translation must copy every \`\$…\$\` of its msgid unchanged"
            fi
            chapter=$page
            [ "$page" = index ] && chapter=introduction
            if [[ " $ja_finished " == *" $chapter.md "* ]] && [ "$kana" -lt 20 ]; then
                err "ja/$page.html: a finished chapter, but its text holds $kana kana (is it translated?)"
            fi
            left=$(perl -0ne 's/<pre.*?<\/pre>//gs; s/<code.*?<\/code>//gs; s/<script.*?<\/script>//gs;
                              s/<annotation.*?<\/annotation>//gs; my $n = () = /\$/g; print $n' "$ja_html")
            [ "$left" = 0 ] || err "ja/$page.html has $left '\$' outside code: a formula was not typeset"
            while read -r target frag; do
                [ "$target" = - ] && target="$page.html"
                if [ ! -f "book/book/ja/$target" ]; then
                    err "ja/$page.html links to $target, which is not a page"
                elif ! grep -q "id=\"$frag\"" "book/book/ja/$target"; then
                    err "ja/$page.html links to $target#$frag, but ja/$target has no id=\"$frag\"" \
                        "(give the English heading an explicit {#$frag})"
                fi
            done < <(perl -0ne 's/.*?<main>//s; s/<\/main>.*//s;
                     while (/href="([\w.-]*\.html)?#([^"]+)"/g) { print(($1 // "-"), " $2\n") }' "$ja_html")
        done
        grep -q 'href="ja/index.html"' book/book/lesson1.html || err "lesson1.html has no link to the Japanese edition"
        grep -q 'href="../index.html"' book/book/ja/lesson1.html || err "ja/lesson1.html has no link to the English edition"
    fi
fi
rm -rf "$i18n_tmp"

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
        # Every chapter is rendered and screenshotted (look at them: target/book-screenshots), and
        # two chapters of the Japanese edition (ja/…, saved as ja-lesson1.png …).
        for page in lesson2 lesson1 lesson3 introduction lesson4 lesson5 lesson6 references glossary \
            ja/lesson1 ja/lesson2; do
            html="$root/book/book/$page.html"
            [ -f "$html" ] || continue
            if ! dom=$(dump_dom "$page" "$html"); then
                fail=1
                continue
            fi
            katex=$(printf '%s\n' "$dom" | count 'class="katex"')
            shot="$shots/${page//\//-}.png"
            case "$page" in lesson1 | lesson2 | ja/lesson1 | ja/lesson2)
                [ "$katex" -gt 20 ] || err "$page.html in Chromium: expected KaTeX markup (class=\"katex\"), found $katex"
                ;;
            esac
            if [[ "$dom" == *'$$'* ]]; then
                err "$page.html in Chromium: raw \$\$ left in the page (a formula was not typeset)"
            fi
            rm -f "$shot"
            # Headless Chromium now and then exits without writing: up to three tries.
            for _ in 1 2 3; do
                chrome_run --window-size=1100,1400 --screenshot="$shot" \
                    "file://$html" >/dev/null 2>&1 || true
                [ -s "$shot" ] && break
                sleep 2
            done
            if [ -s "$shot" ]; then
                echo "   $page.html: $katex KaTeX formulas, no raw \$\$; screenshot $shot"
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
