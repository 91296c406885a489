//! `cargo run -p lesson3`: the lecture's first network, trained on the circle task.

use clap::Parser;
use lesson3::{Implementation, Outcome, learn, pictures};
use nn_course::progress::{bar, say};
use nn_course::{Common, Settings, Training};
use std::process::ExitCode;

/// Lecture 3: an MLP from scratch learns which points lie inside a circle.
#[derive(Debug, Parser)]
#[command(version, about, allow_negative_numbers = true)]
struct Cli {
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    training: Training,
    /// Do not draw the pictures.
    #[arg(long)]
    no_pictures: bool,
}

fn main() -> ExitCode {
    nn_course::cli::main(run)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let c = &cli.common;
    let s = cli.training.settings(Settings::default(), c.seed);
    // Every flag and --out are checked before anything is printed, trained or written.
    s.validate().map_err(anyhow::Error::msg)?;
    let out = c.out_dir("lesson3");
    if !cli.no_pictures {
        nn_course::cli::check_out_dir(&out)?;
    }
    if c.talk() {
        println!("{}", lesson3::report::intro(&s, c.mine));
    }
    let imp = if c.mine {
        Implementation::Mine
    } else {
        Implementation::Reference
    };
    let progress = bar(c.talk(), s.iterations as u64, "iterations");
    let outcome = learn(&s, imp, &mut |p| {
        progress.inc(1);
        if let (Some(r), true) = (p.record, c.talk()) {
            say(&progress, &lesson3::report::record_line(r));
        }
    });
    progress.finish_and_clear();
    let outcome: Outcome = outcome?;
    if c.talk() {
        println!("{}", lesson3::report::summary(&outcome));
    }
    let files = if cli.no_pictures {
        Vec::new()
    } else {
        pictures::write_pictures(&out, &outcome)?
    };
    if c.talk() {
        for f in &files {
            println!("wrote {}", f.display());
        }
    }
    if c.json {
        println!("{}", lesson3::report::json(&s, &outcome, c.mine, &files));
    }
    Ok(())
}
