//! `cargo run -p lesson5 -- iris|titanic|csv`: lecture 5's real data, preprocessed step by step,
//! learned by an MLP, measured on a test set and by cross-validation.

use clap::Parser;
use lesson5::cli::{Command, Hyper, Terminal};
use lesson5::report::{json_line, summary};
use lesson5::{Settings, load, run};
use nn_course::Common;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "lesson5",
    allow_negative_numbers = true,
    about = "Lecture 5: iris, titanic and any CSV — preprocessing, an MLP, test accuracy and cross-validation"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    hyper: Hyper,
}

fn main() -> ExitCode {
    nn_course::cli::main(|cli: Cli| execute(&cli))
}

fn execute(cli: &Cli) -> anyhow::Result<()> {
    let (c, h) = (&cli.common, &cli.hyper);
    let (table, settings) = match &cli.command {
        None | Some(Command::Iris) => (load::iris(None)?, h.settings(c, Settings::iris())),
        Some(Command::Titanic) => (load::titanic(None)?, h.settings(c, Settings::titanic())),
        Some(Command::Csv { file, target, drop }) => {
            let table = load::any_csv(file, target, drop)?;
            let mut s = h.settings(c, Settings::titanic());
            s.name = file
                .file_stem()
                .map_or("csv".into(), |n| n.to_string_lossy().into_owned());
            (table, s)
        }
    };
    // Every flag and --out are checked before any network is trained.
    settings.validate()?;
    nn_course::cli::check_out_dir(&settings.out)?;
    let mut ui = Terminal {
        quiet: c.quiet,
        bar: None,
    };
    let outcome = run(&table, &settings, &mut ui)?;
    print!("{}", summary(&outcome));
    for f in &outcome.files {
        println!("wrote {}", f.display());
    }
    if c.json {
        println!("{}", json_line(&outcome));
    }
    Ok(())
}
