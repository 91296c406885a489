#!/usr/bin/env bash
cd "$(dirname "$0")/.."
# shellcheck source=../.ci/strict.sh
. .ci/strict.sh
# The book's folded answers: every <details> block of book/src/*.md (outside code) must open with
# a <summary> and hold something after it, and every lesson chapter must end with a section
# "## Pen-and-paper exercises" holding at least four answer blocks (<summary>Answer</summary>).
# A failure is one sentence naming the file and line; at the end, how many blocks were checked.
#
#   book/check-answers.sh              # the book's chapters
#   book/check-answers.sh FILE.md …    # other files (the lesson rule applies to lessonN.md only)
if [ "$#" -eq 0 ]; then
    set -- book/src/*.md
fi
min_answers=4

if ! perl -e '
    use strict;
    use warnings;
    my $min = shift @ARGV;
    my ($fail, $answers, $others, $chapters) = (0, 0, 0, 0);
    sub bad { print STDERR "check-answers: $_[0]\n"; $fail = 1 }
    for my $file (@ARGV) {
        open(my $fh, "<:encoding(UTF-8)", $file) or do { bad("$file cannot be read ($!)."); next };
        my @lines = <$fh>;
        close $fh;
        # Code is not markup: a fenced block becomes one "CODE" line (so a <details> holding only
        # a listing is not empty) followed by blank lines, and inline code spans are blanked;
        # line numbers are kept.
        my $fence = "";
        for my $l (@lines) {
            if ($fence eq "") {
                if ($l =~ /^\s*(```+|~~~+)/) { $fence = $1; $l = "CODE\n"; next }
                $l =~ s/`[^`\n]*`/ /g;
            } else {
                $fence = "" if $l =~ /^\s*\Q$fence\E\s*$/;
                $l = "\n";
            }
        }
        my $text = join "", @lines;
        $text =~ s/<!--.*?-->/ my $c = $&; $c =~ s#[^\n]##g; $c /gse;
        my $line_of = sub { 1 + (() = substr($text, 0, $_[0]) =~ /\n/g) };
        my ($in_exercises, $exercise_line, $answers_here, $last_h2) = (0, 0, 0, "");
        my %answer_at;
        while ($text =~ /<details\b[^>]*>(.*?)(<\/details>|<details\b|\z)/gis) {
            my ($body, $end, $start) = ($1, $2, $-[0]);
            my $line = $line_of->($start);
            if (lc($end) ne "</details>") {
                bad("$file:$line: this <details> is not closed by </details> before the next one or the end of the file.");
                pos($text) = $+[1];
                next;
            }
            if ($body !~ /\A\s*<summary\b[^>]*>(.*?)<\/summary>(.*)\z/is) {
                bad("$file:$line: this <details> block has no <summary> before its content.");
                next;
            }
            my ($summary, $content) = ($1, $2);
            if ($content !~ /\S/) {
                bad("$file:$line: this <details> block (\"" . ($summary =~ s/^\s+|\s+$//gr) . "\") is empty after its <summary>.");
                next;
            }
            if ($summary =~ /^\s*Answer\s*$/i) { $answers++; $answer_at{$start} = 1 } else { $others++ }
        }
        # Lesson chapters: the last section is the exercises, with enough answers.
        next unless $file =~ m{(^|/)lesson\d+\.md$};
        $chapters++;
        my @h2;
        while ($text =~ /^## +(.*?)(?:\s+\{#[^}]*\})?\s*$/mg) { push @h2, [$1, $-[0]] }
        my ($ex) = grep { $_->[0] eq "Pen-and-paper exercises" } @h2;
        if (!$ex) {
            bad("$file has no section \"## Pen-and-paper exercises\".");
            next;
        }
        my $ex_line = $line_of->($ex->[1]);
        if ($h2[-1][0] ne "Pen-and-paper exercises") {
            bad("$file:$ex_line: the section \"Pen-and-paper exercises\" is not the last of the chapter (\"$h2[-1][0]\" follows it).");
        }
        my $n = grep { $_ > $ex->[1] } keys %answer_at;
        if ($n < $min) {
            bad("$file:$ex_line: the section \"Pen-and-paper exercises\" has $n answer blocks, fewer than $min.");
        }
    }
    print "check-answers: $answers answer blocks and $others other <details> blocks in " . scalar(@ARGV) .
        " files checked ($chapters lesson chapters)\n";
    exit($fail ? 1 : 0);
' "$min_answers" "$@"; then
    echo "check-answers FAILED" >&2
    exit 1
fi
echo "check-answers passed"
