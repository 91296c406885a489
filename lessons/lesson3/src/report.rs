//! What lesson 3 prints: the settings, a line per record, the summary and the JSON line.

use crate::learn::Outcome;
use nn_core::Record;
use nn_course::Settings;
use std::path::PathBuf;

/// The first line: the task, the network and the lecture's settings.
pub fn intro(s: &Settings, mine: bool) -> String {
    format!(
        "circle task: n = {}, radius {}, network {:?} ({}), {} learning, {}, eta = {}, \
         attenuation = {} every {} iterations, loop = {}{}",
        s.n,
        s.radius,
        s.sizes(2, 2),
        s.activation,
        s.learning_mode(),
        s.optimizer,
        s.eta,
        s.attenuation,
        s.learning_plan,
        s.iterations,
        if mine {
            " — with YOUR homework code"
        } else {
            ""
        }
    )
}

/// One line every `show_interval` iterations.
pub fn record_line(r: &Record) -> String {
    format!(
        "iteration {:>6}  eta {:.5}  loss {:.5}  train accuracy {:6.2}%  test accuracy {:6.2}%",
        r.iteration,
        r.eta,
        r.train_loss,
        100.0 * r.train_accuracy,
        100.0 * r.test_accuracy.unwrap_or(0.0)
    )
}

/// The closing line: time and accuracies.
pub fn summary(o: &Outcome) -> String {
    format!(
        "trained in {:.3} s: train accuracy {:.2}%, test accuracy {:.2}% ({} train / {} test instances)",
        o.seconds,
        100.0 * o.train_accuracy(),
        100.0 * o.test_accuracy(),
        o.train.n(),
        o.test.n()
    )
}

/// The `--json` line: final metrics and the files written.
pub fn json(s: &Settings, o: &Outcome, mine: bool, files: &[PathBuf]) -> serde_json::Value {
    serde_json::json!({
        "train_accuracy": o.train_accuracy(),
        "test_accuracy": o.test_accuracy(),
        "final_loss": o.final_loss(),
        "iterations": s.iterations,
        "seconds": o.seconds,
        "implementation": if mine { "mine" } else { "reference" },
        "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
    })
}
