//! The decision boundary as an animated GIF over training: one frame every k iterations, so the
//! learner watches the boundary form.

use crate::boundary::{ClassMap, Grid, Marks, draw_boundary, names_for};
use crate::check;
use crate::error::{PlotError, Result};
use crate::output::{check_size, new_temp_sibling, render_rgb};
use crate::style::{PlotOptions, Theme};
use crate::truth::Predict;
use crate::truth::{TrueBoundary, misclassified};
use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame, RgbaImage};
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// An animated GIF of a decision boundary, written frame by frame while a network trains:
///
/// ```no_run
/// # use nn_plot::*;
/// # let (points, labels) = (vec![[0.0, 0.0]], vec![0]);
/// let opts = PlotOptions::titled("Learning the circle").size(480, 400);
/// let mut gif = BoundaryAnimation::new("out/boundary.gif", Grid::square(-6.0, 6.0, 0.1),
///     &points, &labels, &[], &opts)?;
/// for iteration in (0..=5000).step_by(500) {
///     // … train 500 iterations …
///     let predict = |pts: &[[f64; 2]]| vec![0; pts.len()]; // the network's argmax
///     gif.add_frame(&predict, &format!("iteration {iteration}"))?;
/// }
/// gif.finish()?;
/// # Ok::<(), PlotError>(())
/// ```
///
/// Frames are encoded as they come (memory stays small) into a temporary file beside `path`;
/// [`finish`](Self::finish) renames it into place. Dropping the animation without finishing it
/// removes the temporary file and leaves `path` untouched. The last frame is held longer so the
/// final boundary can be seen before the GIF loops.
pub struct BoundaryAnimation {
    // Fields drop in order: the encoder (holding a handle on the file) before the file.
    encoder: Option<GifEncoder<BufWriter<File>>>,
    tmp: nn_core::AtomicFile,
    path: PathBuf,
    pending: Option<RgbaImage>,
    grid: Grid,
    points: Vec<[f64; 2]>,
    labels: Vec<usize>,
    class_names: Vec<String>,
    opts: PlotOptions,
    truth: Option<TrueBoundary>,
    delay_ms: u32,
    hold_ms: u32,
    frames: usize,
}

impl BoundaryAnimation {
    /// Starts an animation of the boundary on `grid` with `points` (coloured by `labels`) on
    /// top of every frame. Checks the inputs and creates the temporary file now, so a bad path
    /// fails before training starts.
    pub fn new(
        path: impl AsRef<Path>,
        grid: Grid,
        points: &[[f64; 2]],
        labels: &[usize],
        class_names: &[String],
        opts: &PlotOptions,
    ) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        check_size(opts.width, opts.height)?;
        grid.counts()?;
        check::classes(points, labels, class_names)?;
        let mut tmp = new_temp_sibling(&path)?;
        let io = |source| PlotError::Io {
            path: path.clone(),
            source,
        };
        let file = tmp.file().try_clone().map_err(io)?;
        let mut encoder = GifEncoder::new_with_speed(BufWriter::new(file), 10);
        encoder
            .set_repeat(Repeat::Infinite)
            .map_err(|e| encode_error(&path, e))?;
        Ok(Self {
            path,
            tmp,
            encoder: Some(encoder),
            pending: None,
            grid,
            points: points.to_vec(),
            labels: labels.to_vec(),
            class_names: class_names.to_vec(),
            opts: opts.clone(),
            truth: None,
            delay_ms: 300,
            hold_ms: 2000,
            frames: 0,
        })
    }

    /// Sets how long each frame is shown (default 300 ms) and how long the last one is held
    /// (default 2 s, never shorter than the others).
    pub fn timing(mut self, frame_ms: u32, last_frame_ms: u32) -> Self {
        self.delay_ms = frame_ms.max(10);
        self.hold_ms = last_frame_ms.max(self.delay_ms);
        self
    }

    /// Draws `truth` (the boundary of the rule that labelled the data) on every frame.
    pub fn with_truth(mut self, truth: TrueBoundary) -> Self {
        self.truth = Some(truth);
        self
    }

    /// Evaluates `predict` on the grid (and on the points, crossing out the misclassified ones)
    /// and adds the picture as the next frame, with `caption`
    /// (e.g. "iteration 500 · loss 0.213") under the title.
    pub fn add_frame(&mut self, predict: Predict<'_>, caption: &str) -> Result<()> {
        let map = ClassMap::evaluate(predict, &self.grid)?;
        let names = names_for(&map, &self.points, &self.labels, &self.class_names)?;
        let wrong = misclassified(predict, &self.points, &self.labels)?;
        let (w, h) = (self.opts.width, self.opts.height);
        let theme = Theme::for_size(w, h);
        let rgb = render_rgb(w, h, |root| {
            let marks = Marks {
                truth: self.truth.as_ref(),
                wrong: &wrong,
            };
            draw_boundary(
                root,
                &map,
                &self.points,
                &self.labels,
                &names,
                &marks,
                &self.opts,
                caption,
                &theme,
            )
        })?;
        let rgba = RgbaImage::from_fn(w, h, |x, y| {
            let i = (y as usize * w as usize + x as usize) * 3;
            image::Rgba([rgb[i], rgb[i + 1], rgb[i + 2], 255])
        });
        if let Some(previous) = self.pending.replace(rgba) {
            self.encode(previous, self.delay_ms)?;
        }
        self.frames += 1;
        Ok(())
    }

    /// Number of frames added so far.
    pub fn frames(&self) -> usize {
        self.frames
    }

    /// Writes the last frame and the GIF trailer and renames the file into place. Returns the
    /// number of frames. Errors when no frame was added (nothing is written then).
    pub fn finish(mut self) -> Result<usize> {
        let last = self.pending.take().ok_or(PlotError::Empty {
            what: "animation frames",
        })?;
        self.encode(last, self.hold_ms)?;
        // Dropping the encoder writes the GIF trailer and flushes the buffer.
        drop(self.encoder.take());
        let io = |source| PlotError::Io {
            path: self.path.clone(),
            source,
        };
        // A failed flush is silent on drop: check the file really ends with the trailer.
        let mut last_byte = [0u8];
        let f = self.tmp.file();
        f.seek(SeekFrom::End(-1)).map_err(io)?;
        f.read_exact(&mut last_byte).map_err(io)?;
        if last_byte[0] != 0x3b {
            return Err(encode_error(&self.path, "GIF trailer missing (disk full?)"));
        }
        let frames = self.frames;
        let path = self.path.clone();
        self.tmp
            .commit()
            .map_err(|source| PlotError::Io { path, source })?;
        Ok(frames)
    }

    fn encode(&mut self, img: RgbaImage, ms: u32) -> Result<()> {
        let frame = Frame::from_parts(img, 0, 0, Delay::from_numer_denom_ms(ms, 1));
        let encoder = self
            .encoder
            .as_mut()
            .ok_or_else(|| encode_error(&self.path, "finished"))?;
        encoder
            .encode_frame(frame)
            .map_err(|e| encode_error(&self.path, e))
    }
}

fn encode_error(path: &Path, e: impl std::fmt::Display) -> PlotError {
    PlotError::Encode {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}
