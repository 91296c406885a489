//! `cargo homework`'s command line in Japanese: the help of every option and subcommand, clap's
//! own headings and flags, and the one-sentence errors for a mistyped command line. The English
//! help is the doc comments of the binary's `Args`; [`in_japanese`] swaps in the texts below,
//! keyed by the same names, so both languages describe one set of options.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// What the checker does, in Japanese (`Args`' doc comment).
pub const ABOUT: &str = "この講座の宿題: lessons/*/src/homework.rs の関数を書くと、そのテストを実行して確かめる\
（cargo test -p LESSON --test homework -- --include-ignored --exact ID）。";

/// Each option's help in Japanese, by the option's name.
pub const OPTIONS: [(&str, &str); 3] = [
    (
        "json",
        "{id, lesson, status, message} の JSON のリストを一つ出力する（status: passing、failing、\
         not_started、waiting、does_not_compile のいずれか。message: 何がうまくいかなかったか。\
         通っていれば無い）",
    ),
    (
        "timeout",
        "一つのレッスンのテストをこの秒数で止める（既定は 20 秒、または $NN_HOMEWORK_TIMEOUT）。\
         ビルドの時間は数えない",
    ),
    (
        "lang",
        "この言語で書く: en（English）または ja（日本語）。既定: LC_ALL、LC_MESSAGES、LANG のうち\
         最初に設定されているものが ja で始まれば（例: ja_JP.UTF-8）ja、そうでなければ en",
    ),
];

/// Each subcommand's help in Japanese, by its name.
pub const COMMANDS: [(&str, &str); 4] = [
    ("list", "すべての課題を確かめて一覧にする（既定）"),
    (
        "check",
        "課題を一つ確かめ、そのメッセージとヒントを表示する",
    ),
    (
        "hint",
        "課題のヒントと、本のどこで説明しているか、どう確かめるかを表示する",
    ),
    (
        "watch",
        "すべてを確かめ、宿題のファイルが保存されるたびにもう一度確かめる（Ctrl-C で止まる）",
    ),
];

/// The help of the exercise id that `check` and `hint` take.
pub const ID: &str = "課題の ID。例: hm_relu";

/// clap's own words: the headings and its help and version flags.
const USAGE: &str = "使い方";
const HEADING_COMMANDS: &str = "コマンド";
const HEADING_OPTIONS: &str = "オプション";
const HEADING_ARGUMENTS: &str = "引数";
const HELP: &str = "ヘルプを表示する";
const VERSION: &str = "バージョンを表示する";
const HELP_COMMAND: &str = "このメッセージ、または指定したコマンドのヘルプを表示する";

/// Where clap's own flags go in a list of options: last, as in the English help.
const LAST: usize = 1000;

/// The layout of a help page, with the usage line's heading in Japanese.
fn template() -> String {
    format!("{{about-with-newline}}\n{USAGE}: {{usage}}\n\n{{all-args}}{{after-help}}")
}

/// `cmd` (the English command line) with every help text, heading and clap flag in Japanese.
/// Options and subcommands not listed above keep their English help.
pub fn in_japanese(cmd: Command) -> Command {
    let mut cmd = cmd
        .about(ABOUT)
        .long_about(None)
        .help_template(template())
        .subcommand_help_heading(HEADING_COMMANDS)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help_flag())
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(LAST + 1)
                .help(VERSION)
                .help_heading(HEADING_OPTIONS),
        );
    for (name, text) in OPTIONS {
        cmd = cmd.mut_arg(name, |a| a.help(text).help_heading(HEADING_OPTIONS));
    }
    for (name, text) in COMMANDS {
        cmd = cmd.mut_subcommand(name, |sub| {
            let sub = sub
                .about(text)
                .long_about(None)
                .help_template(template())
                .disable_help_flag(true)
                .arg(help_flag());
            if sub.get_arguments().any(|a| a.get_id() == "id") {
                sub.mut_arg("id", |a| a.help(ID).help_heading(HEADING_ARGUMENTS))
            } else {
                sub
            }
        });
    }
    // clap adds the `help` subcommand when it builds the command: build, then describe it.
    cmd.build();
    cmd.mut_subcommand("help", |sub| {
        sub.about(HELP_COMMAND).help_template(template())
    })
}

/// `-h, --help` described in Japanese (clap's own flag, disabled above, says "Print help").
fn help_flag() -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .display_order(LAST)
        .global(true)
        .help(HELP)
        .help_heading(HEADING_OPTIONS)
}

/// A command-line mistake as one Japanese sentence: an unknown option, a bad value, a missing
/// argument, an unknown subcommand. `None` for what is not a mistake (`--help`, `--version`) or
/// has no Japanese sentence here: the caller then lets clap print its own message.
pub fn error_in_japanese(e: &clap::Error) -> Option<String> {
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        _ => None,
    };
    let commands = COMMANDS.map(|(name, _)| name).join("、");
    let sentence = match e.kind() {
        ErrorKind::UnknownArgument => format!(
            "{} という引数はない（cargo homework --help を参照）",
            context(ContextKind::InvalidArg)?
        ),
        ErrorKind::InvalidSubcommand => format!(
            "{} というコマンドはない。コマンドは次のとおり: {commands}",
            context(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "{} が必要（例: cargo homework check hm_relu）",
            context(ContextKind::InvalidArg)?
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let arg = context(ContextKind::InvalidArg)?;
            match context(ContextKind::InvalidValue).filter(|v| !v.is_empty()) {
                Some(value) => {
                    format!("{arg} に {value:?} は使えない（cargo homework --help を参照）")
                }
                None => format!("{arg} の値がない（cargo homework --help を参照）"),
            }
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!(
                "{} の指定が多すぎる（cargo homework --help を参照）",
                context(ContextKind::InvalidArg)?
            )
        }
        _ => return None,
    };
    Some(sentence)
}
