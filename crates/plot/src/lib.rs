//! nn-plot: the pictures of the course, drawn in Rust with plotters and a bundled font (no system
//! libraries): scatter plots, decision boundaries (PNG and animated GIF), loss/accuracy curves,
//! confusion matrices, grid-search heatmaps, 3-D scatter plots, MNIST digit grids, weight tiles
//! and activation-function charts.
//!
//! Every renderer takes plain data (slices of points, labels, series), an output path and
//! [`PlotOptions`]; it returns a [`PlotError`] instead of panicking on bad input or an unwritable
//! path, and writes the file atomically (temporary file in the same directory, then rename).
//!
//! ```no_run
//! use nn_plot::{PlotOptions, scatter};
//! let points = [[0.0, 1.0], [1.0, 0.0]];
//! let names = ["inside".to_string(), "outside".to_string()];
//! scatter("out/points.png", &points, &[0, 1], &names, &PlotOptions::titled("Data"))?;
//! # Ok::<(), nn_plot::PlotError>(())
//! ```

#![deny(missing_docs)]

mod activation;
mod animation;
mod aspect;
mod boundary;
mod check;
mod curves;
mod diagram;
mod error;
pub mod font;
mod heatmap;
mod images;
mod layout;
mod output;
mod paths;
mod scatter;
mod scatter3d;
pub mod style;
mod truth;
mod unit_lines;

pub use activation::activation_chart;
pub use animation::BoundaryAnimation;
pub use boundary::{Grid, decision_boundary, decision_boundary_with_truth};
pub use curves::{curves, loss_accuracy};
pub use diagram::{FlowArrow, FlowBox, flow_diagram, network_diagram};
pub use error::{PlotError, Result};
pub use heatmap::{CONFUSION_DARK, MISSING, confusion_matrix, grid_heatmap};
pub use images::{
    NEGATIVE, POSITIVE, image_grid, misclassified_grid, prediction_grid, shown_caption,
    weight_tiles, weight_tiles_column_major,
};
pub use paths::{Walk, surface_walks};
pub use scatter::{scatter, scatter_with_truth};
pub use scatter3d::{View, scatter3d, scatter3d_views};
pub use style::{PlotOptions, Series};
pub use truth::{Predict, Rule, TrueBoundary, misclassified, misclassified_caption};
pub use unit_lines::{UnitLine, boundary_with_unit_lines};
