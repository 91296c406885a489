//! What the learner sees while training: a bar per epoch and a line per epoch.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use lesson6::{EpochRecord, Observer};
use std::io::IsTerminal;

/// Draws a progress bar for each epoch (only on a terminal) and prints each epoch's figures.
pub struct Console {
    bar: Option<ProgressBar>,
    print: bool,
    epochs: usize,
}

impl Console {
    /// `print`: print the per-epoch lines (false with --quiet or --json).
    pub fn new(print: bool) -> Self {
        Console {
            bar: None,
            print,
            epochs: 0,
        }
    }
}

impl Observer for Console {
    fn epoch_start(&mut self, epoch: usize, epochs: usize, steps: usize) {
        self.epochs = epochs;
        if self.print && std::io::stderr().is_terminal() {
            let bar =
                ProgressBar::with_draw_target(Some(steps as u64), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "epoch {msg} [{bar:30}] {pos}/{len} batches {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message(format!("{epoch:>2}/{epochs}"));
            self.bar = Some(bar);
        }
    }

    fn step(&mut self, done: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    fn epoch_end(&mut self, r: &EpochRecord) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if self.print {
            println!(
                "epoch {:>2}/{}  η {:.5}  train loss {:.4}  test loss {:.4}  test accuracy {:6.2}%  {:.2} s",
                r.epoch,
                self.epochs,
                r.eta,
                r.train_loss,
                r.test_loss,
                100.0 * r.test_accuracy,
                r.seconds
            );
        }
    }
}
