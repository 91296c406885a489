#!/usr/bin/env perl
# Keeps the formulas intact through the translation (book.toml runs it twice, as two mdbook
# preprocessors):
#
#   perl i18n-math.pl protect   before mdbook-gettext (and before mdbook-xgettext extracts the
#                               messages): every formula mdbook-katex would typeset, $…$ or
#                               $$…$$, is wrapped in a code span, `$…$`;
#   perl i18n-math.pl restore   after mdbook-gettext, before `links` and mdbook-katex: the
#                               backticks come off again.
#
# Why: mdbook-gettext parses each chapter as Markdown and writes it back (pulldown-cmark, then
# pulldown-cmark-to-cmark), and Markdown does not know $…$. Backslash escapes lose their
# backslash (\, \; \{ become , ; {), `_` `<` `[` gain one (\_ \< \[), and two subscripts can
# pair up as emphasis: measured on this book, a translation identical to the English typeset
# dozens of formulas wrongly or not at all. A code span is kept character for character, so a
# formula reaches KaTeX exactly as written (a line break inside an inline formula becomes a
# space, which TeX ignores). book/check.sh proves it: a book built from an identity translation
# must typeset every formula of every page exactly as the English book does.
#
# The messages (po/messages.pot, po/ja.po) therefore show formulas as `$…$`: a translation keeps
# them character for character, backticks included.
#
# With no language set, protect and restore cancel out: the English book is unchanged. To keep
# that true, protect refuses a chapter that already holds a code span that looks like a
# protected formula (`$…$`): restore could not tell the two apart.
use strict;
use warnings;
use JSON::PP;

my $mode = shift // '';
die "usage: i18n-math.pl protect|restore [supports RENDERER]\n" unless $mode =~ /^(protect|restore)$/;
if (@ARGV && $ARGV[0] eq 'supports') {
    # restore must not run for the extraction: the messages keep the protected form.
    exit(($mode eq 'restore' && ($ARGV[1] // '') eq 'xgettext') ? 1 : 0);
}

# protect(TEXT, CHAPTER): the formulas of TEXT wrapped in backticks. The scan is mdbook-katex
# 0.10.0's (src/scan.rs), so exactly the spans KaTeX typesets are wrapped: a backslash skips the
# next character, a run of n backticks skips to the next run of exactly n, $$ is tried before $,
# and a closing delimiter preceded by an odd number of backslashes does not close. Where KaTeX's
# scan gives up (an unclosed delimiter or backtick run), the rest is left as it is, as KaTeX does.
sub protect {
    my ($s, $chapter) = @_;
    if ($s =~ /(`\$[^`]*\$`)/) {
        die "i18n-math.pl: $chapter has a code span $1 that looks like a protected formula;"
          . " write it another way (e.g. with a space after the first backtick)\n";
    }
    my ($out, $i, $n) = ('', 0, length $s);
    while ($i < $n) {
        my $c = substr($s, $i, 1);
        if ($c eq '\\') {
            $out .= substr($s, $i, 2);
            $i += 2;
        } elsif ($c eq '`') {
            my $run = 0;
            $run++ while $i + $run < $n && substr($s, $i + $run, 1) eq '`';
            my $j = $i + $run;
            my $closed = 0;
            while (1) {
                my $k = index($s, '`' x $run, $j);
                last if $k < 0;
                $j = $k + $run;
                if ($j < $n && substr($s, $j, 1) eq '`') {
                    $j++ while $j < $n && substr($s, $j, 1) eq '`';
                    next;
                }
                $closed = 1;
                last;
            }
            if (!$closed) { return $out . substr($s, $i) }
            $out .= substr($s, $i, $j - $i);
            $i = $j;
        } elsif ($c eq '$') {
            my $d = substr($s, $i, 2) eq '$$' ? '$$' : '$';
            my $j = $i + length $d;
            my $end = -1;
            while (1) {
                my $k = index($s, $d, $j);
                last if $k < 0;
                my ($bs, $m) = (0, $k - 1);
                while ($m >= 0 && substr($s, $m, 1) eq '\\') { $bs++; $m-- }
                if ($bs % 2 == 0) { $end = $k; last }
                $j = $k + length $d;
            }
            if ($end < 0) { return $out . substr($s, $i) }
            my $formula = substr($s, $i, $end + length($d) - $i);
            die "i18n-math.pl: $chapter: a formula holds a backtick: $formula\n" if $formula =~ /`/;
            $out .= "`$formula`";
            $i = $end + length $d;
        } else {
            $out .= $c;
            $i++;
        }
    }
    return $out;
}

# restore(TEXT): every code span that is exactly one formula loses its backticks (mdbook-gettext
# writes code spans back with as many backticks as they need: one, for a formula).
sub restore {
    my ($s) = @_;
    $s =~ s/(?<!`)(`+)(\$[^`]*\$)\1(?!`)/$2/g;
    return $s;
}

sub walk {
    my ($items) = @_;
    for my $item (@$items) {
        next unless ref $item eq 'HASH' && ref $item->{Chapter} eq 'HASH';
        my $ch = $item->{Chapter};
        my $name = $ch->{source_path} // $ch->{name} // '?';
        $ch->{content} = $mode eq 'protect' ? protect($ch->{content}, $name) : restore($ch->{content});
        walk($ch->{sub_items} // []);
    }
}

my $json = JSON::PP->new->utf8->canonical;
my $input = do { local $/; <STDIN> };
my ($ctx, $book) = @{ $json->decode($input) };
walk($book->{items} // $book->{sections} // []);
print $json->encode($book);
