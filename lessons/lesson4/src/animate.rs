//! `animate`: the decision boundary forming while the lecture's network learns the circle — one
//! GIF frame every `every` iterations (and the untrained network first, the final one last).

use crate::fit::{self, classify};
use crate::report::{Report, bar, pct};
use anyhow::Result;
use nn_core::{Architecture, Data, Network, Reference, TrainConfig};
use nn_course::settings::Settings;
use nn_plot::{BoundaryAnimation, Grid, PlotOptions};
use std::path::Path;

/// The frames' spacing, grid and timing.
#[derive(Debug, Clone, PartialEq)]
pub struct AnimateOptions {
    /// A frame every this many iterations.
    pub every: usize,
    /// Grid step of each frame's class map.
    pub grid_step: f64,
    /// How long each frame is shown, in milliseconds.
    pub frame_ms: u32,
}

impl Default for AnimateOptions {
    fn default() -> Self {
        AnimateOptions {
            every: 500,
            grid_step: 0.1,
            frame_ms: 300,
        }
    }
}

/// Most frames accepted.
pub const MAX_FRAMES: usize = 500;

/// Frames of a run of `iterations`: the untrained network, every `every` iterations, and the
/// last iteration if it is not a multiple of `every`.
pub fn frame_count(iterations: usize, every: usize) -> usize {
    1 + iterations.div_ceil(every)
}

impl AnimateOptions {
    /// Checks the options for `iterations`, naming the flag at fault.
    pub fn validate(&self, iterations: usize) -> Result<(), String> {
        if self.every == 0 {
            return Err("--every must be at least 1".into());
        }
        let frames = frame_count(iterations, self.every);
        if frames > MAX_FRAMES {
            return Err(format!(
                "--every {} with --loop {iterations} makes {frames} frames, more than {MAX_FRAMES}; use a larger --every",
                self.every
            ));
        }
        if !(self.grid_step.is_finite() && self.grid_step >= 0.02 && self.grid_step <= 12.0) {
            return Err(format!(
                "--grid-step must be between 0.02 and 12, got {}",
                self.grid_step
            ));
        }
        if !(10..=60_000).contains(&self.frame_ms) {
            return Err(format!(
                "--frame-ms must be between 10 and 60000, got {}",
                self.frame_ms
            ));
        }
        Ok(())
    }
}

// ANCHOR: animate_loop
/// Trains the lecture's network on the circle task, adding a frame every `o.every` iterations.
pub fn run(s: &Settings, o: &AnimateOptions, out: &Path, quiet: bool) -> Result<Report> {
    let (train, test) = fit::circle(s)?;
    let arch = Architecture::classifier(&s.sizes(2, 2), s.activation);
    let mut net = Network::<f64>::new(&arch, s.seed)?;
    let mut opt = s.optimizer.build::<f64>();
    let (t, test_t) = (train.one_hot(), test.one_hot());
    let data = Data { x: &train.x, t: &t };
    let names = vec!["outside (0)".to_string(), "inside (1)".to_string()];
    let path = out.join("boundary.gif");
    let mut gif = BoundaryAnimation::new(
        &path,
        Grid::square(-6.0, 6.0, o.grid_step),
        &fit::points(&test),
        &test.labels,
        &names,
        &PlotOptions::titled("the decision boundary while learning")
            .size(480, 440)
            .axes("x", "y")
            .point_size(2),
    )?
    .with_truth(fit::circle_truth(s.radius)?)
    .timing(o.frame_ms, 2000);
    let b = bar(quiet, s.iterations as u64, "animating");
    let frame = |net: &Network<f64>, it: usize, gif: &mut BoundaryAnimation| -> Result<f64> {
        let (loss, acc) = net.evaluate(&test.x, &test_t)?;
        // The picture adds how many test points are misclassified (the accuracy, as a count).
        let caption = format!("iteration {it} · test loss {loss:.3}");
        gif.add_frame(&|p: &[[f64; 2]]| classify(net, p), &caption)?;
        Ok(acc)
    };
    let mut accuracy = frame(&net, 0, &mut gif)?;
    let mut failed = None;
    // nn-core's one loop; the observer draws a frame every `o.every` iterations.
    let cfg = TrainConfig {
        show_interval: s.iterations,
        ..s.train_config()
    };
    nn_core::train_with(
        &mut net,
        opt.as_mut(),
        &mut Reference,
        data,
        None,
        &cfg,
        &mut |p, net| {
            b.inc(1);
            if failed.is_none() && (p.iteration % o.every == 0 || p.iteration == p.total) {
                match frame(net, p.iteration, &mut gif) {
                    Ok(a) => accuracy = a,
                    Err(e) => failed = Some(e),
                }
            }
        },
    )?;
    b.finish_and_clear();
    if let Some(e) = failed {
        return Err(e);
    }
    let frames = gif.finish()?;
    // ANCHOR_END: animate_loop
    let mut r = Report::default();
    r.summary.push(format!(
        "{frames} frames (every {} iterations), final test accuracy {}",
        o.every,
        pct(accuracy)
    ));
    r.files.push(path);
    r.set("frames", frames);
    r.set("test_accuracy", accuracy);
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_frame_per_step_plus_the_first_and_last() {
        assert_eq!(frame_count(9500, 500), 20);
        assert_eq!(frame_count(1000, 300), 5);
        let s = Settings {
            iterations: 600,
            n: 300,
            ..Settings::default()
        };
        let o = AnimateOptions {
            every: 200,
            grid_step: 0.5,
            frame_ms: 100,
        };
        let dir = tempfile::tempdir().unwrap();
        let r = run(&s, &o, dir.path(), true).unwrap();
        assert_eq!(r.json["frames"], 4);
        let bytes = std::fs::read(dir.path().join("boundary.gif")).unwrap();
        assert!(bytes.starts_with(b"GIF89a"));
        let bad = AnimateOptions { every: 1, ..o };
        assert!(bad.validate(9500).unwrap_err().contains("--every"));
    }
}
