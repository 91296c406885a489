//! Saving and loading a trained network as JSON.
//!
//! Schema (version 1):
//! ```json
//! {
//!   "format": "nn-course-model",
//!   "version": 1,
//!   "float": "f64",
//!   "loss": "cross_entropy",
//!   "layers": [
//!     { "inputs": 2, "outputs": 3, "activation": "relu",
//!       "w": [[w11, w12, w13], [w21, w22, w23]],
//!       "b": [b1, b2, b3] }
//!   ]
//! }
//! ```
//! `w` is stored row by row (inputs rows, outputs columns), exactly as `W^l` in `A = XW + B`.

use crate::error::{CoreError, Result};
use crate::named_file::NamedFile;
use crate::{Activation, Dense, Float, Loss, Network};
use nalgebra::{DMatrix, RowDVector};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The largest model file read: 1 GB (lesson 6's largest network, 20 million parameters, is
/// about 400 MB of JSON).
pub const MODEL_FILE_LIMIT: u64 = 1_000_000_000;

/// The `format` tag every model file carries.
pub const FORMAT: &str = "nn-course-model";
/// The schema version this code writes and reads.
pub const VERSION: u32 = 1;

/// One layer as stored in a model file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerFile {
    /// Rows of `w`.
    pub inputs: usize,
    /// Columns of `w` and length of `b`.
    pub outputs: usize,
    /// The activation `h_l`.
    pub activation: Activation,
    /// `W^l`, row by row.
    pub w: Vec<Vec<f64>>,
    /// `b^l`.
    pub b: Vec<f64>,
}

/// A whole model file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The float type the model was trained in (`"f32"` or `"f64"`).
    pub float: String,
    /// The loss.
    pub loss: Loss,
    /// The layers, first to last.
    pub layers: Vec<LayerFile>,
}

impl<T: Float> Network<T> {
    /// The network as a [`ModelFile`].
    pub fn to_model_file(&self) -> ModelFile {
        ModelFile {
            format: FORMAT.into(),
            version: VERSION,
            float: T::NAME.into(),
            loss: self.loss,
            layers: self
                .layers
                .iter()
                .map(|l| LayerFile {
                    inputs: l.inputs(),
                    outputs: l.outputs(),
                    activation: l.activation,
                    w: l.w
                        .row_iter()
                        .map(|r| r.iter().map(|v| v.as_f64()).collect())
                        .collect(),
                    b: l.b.iter().map(|v| v.as_f64()).collect(),
                })
                .collect(),
        }
    }

    /// Builds a network from a [`ModelFile`], checking every shape and value.
    /// `source` names the file in error messages.
    pub fn from_model_file(m: &ModelFile, source: &Path) -> Result<Self> {
        let bad = |reason: String| CoreError::Model {
            path: source.to_path_buf(),
            reason,
        };
        if m.format != FORMAT {
            return Err(bad(format!(
                "\"format\" is \"{}\", expected \"{FORMAT}\"",
                m.format
            )));
        }
        if m.version != VERSION {
            return Err(bad(format!(
                "schema version {} is not supported (expected {VERSION})",
                m.version
            )));
        }
        if m.layers.is_empty() {
            return Err(bad("it has no layers".into()));
        }
        let mut layers = Vec::with_capacity(m.layers.len());
        for (l, lf) in m.layers.iter().enumerate() {
            let n = l + 1;
            if lf.inputs == 0 || lf.outputs == 0 {
                return Err(bad(format!("layer {n} has a zero width")));
            }
            if lf.w.len() != lf.inputs {
                return Err(bad(format!(
                    "layer {n}: \"w\" has {} rows, expected inputs = {}",
                    lf.w.len(),
                    lf.inputs
                )));
            }
            if let Some((r, row)) =
                lf.w.iter()
                    .enumerate()
                    .find(|(_, row)| row.len() != lf.outputs)
            {
                return Err(bad(format!(
                    "layer {n}: row {} of \"w\" has {} values, expected outputs = {}",
                    r + 1,
                    row.len(),
                    lf.outputs
                )));
            }
            if lf.b.len() != lf.outputs {
                return Err(bad(format!(
                    "layer {n}: \"b\" has {} values, expected outputs = {}",
                    lf.b.len(),
                    lf.outputs
                )));
            }
            if let Some(prev) = layers.last().map(|p: &Dense<T>| p.outputs())
                && prev != lf.inputs
            {
                return Err(bad(format!(
                    "layer {n} takes {} inputs but layer {l} gives {prev} outputs",
                    lf.inputs
                )));
            }
            if lf.w.iter().flatten().chain(&lf.b).any(|v| !v.is_finite()) {
                return Err(bad(format!(
                    "layer {n} contains a value that is not a finite number"
                )));
            }
            if let Some(v) =
                lf.w.iter()
                    .flatten()
                    .chain(&lf.b)
                    .find(|&&v| !T::of(v).as_f64().is_finite())
            {
                return Err(bad(format!(
                    "layer {n} holds {v:e}, too large for the {} numbers it is read as",
                    std::any::type_name::<T>()
                )));
            }
            let w = DMatrix::from_fn(lf.inputs, lf.outputs, |i, j| T::of(lf.w[i][j]));
            let b = RowDVector::from_iterator(lf.outputs, lf.b.iter().map(|&v| T::of(v)));
            layers.push(Dense::from_parameters(w, b, lf.activation));
        }
        Network::from_layers(layers, m.loss)
    }

    /// Writes the model as JSON, atomically: to a temporary file beside `path`, then renamed.
    pub fn save(&self, path: &Path) -> Result<()> {
        let json =
            serde_json::to_string_pretty(&self.to_model_file()).map_err(|e| CoreError::Model {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?;
        crate::atomic::write_atomically(path, json.as_bytes())
    }

    /// Reads a model written by [`Network::save`]; any problem is a [`CoreError::Model`] or
    /// [`CoreError::Io`] naming the file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = NamedFile::open(path, "model file", MODEL_FILE_LIMIT)
            .and_then(NamedFile::read_text)
            .map_err(|source| CoreError::Io {
                action: "read",
                path: path.to_path_buf(),
                source,
            })?;
        let m: ModelFile = serde_json::from_str(&text).map_err(|e| CoreError::Model {
            path: path.to_path_buf(),
            reason: format!("not a valid model file ({e})"),
        })?;
        Self::from_model_file(&m, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Architecture;

    fn net() -> Network<f64> {
        Network::new(&Architecture::classifier(&[3, 4, 2], Activation::Relu), 11).unwrap()
    }

    #[test]
    fn save_load_round_trips_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        let a = net();
        a.save(&path).unwrap();
        let b = Network::<f64>::load(&path).unwrap();
        for (la, lb) in a.layers.iter().zip(&b.layers) {
            assert_eq!(la.w, lb.w);
            assert_eq!(la.b, lb.b);
            assert_eq!(la.activation, lb.activation);
        }
        assert_eq!(a.loss, b.loss);
        // f32 too.
        let c: Network<f32> = a.cast();
        c.save(&path).unwrap();
        let d = Network::<f32>::load(&path).unwrap();
        assert_eq!(c.layers[1].w, d.layers[1].w);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    fn load_err(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.json");
        std::fs::write(&path, text).unwrap();
        let e = Network::<f64>::load(&path).unwrap_err().to_string();
        assert!(e.contains("bad.json"), "error names the file: {e}");
        e
    }

    #[test]
    fn corrupt_files_are_rejected_with_messages() {
        let good = serde_json::to_string(&net().to_model_file()).unwrap();
        assert!(load_err(&good[..good.len() / 2]).contains("not a valid model file"));
        assert!(load_err("").contains("not a valid model file"));
        assert!(load_err("{\"hello\": 1}").contains("not a valid model file"));
        let wrong_rows = good.replacen("\"inputs\":3", "\"inputs\":5", 1);
        assert!(load_err(&wrong_rows).contains("\"w\" has 3 rows, expected inputs = 5"));
        let mut m = net().to_model_file();
        m.layers[1].inputs = 3;
        m.layers[1].w.pop();
        let e = load_err(&serde_json::to_string(&m).unwrap());
        assert!(
            e.contains("layer 2 takes 3 inputs but layer 1 gives 4 outputs"),
            "{e}"
        );
        let mut m = net().to_model_file();
        m.layers[0].b.push(1.0);
        assert!(load_err(&serde_json::to_string(&m).unwrap()).contains("\"b\" has 5 values"));
        let mut m = net().to_model_file();
        m.layers[0].activation = Activation::Tanh;
        let txt = serde_json::to_string(&m)
            .unwrap()
            .replace("\"tanh\"", "\"swish\"");
        assert!(load_err(&txt).contains("swish"));
        let mut m = net().to_model_file();
        m.version = 9;
        assert!(load_err(&serde_json::to_string(&m).unwrap()).contains("version 9"));
        let missing = Network::<f64>::load(Path::new("/nonexistent/m.json")).unwrap_err();
        assert!(missing.to_string().contains("/nonexistent/m.json"));
    }

    #[test]
    fn a_value_too_large_for_f32_is_refused_when_read_as_f32() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        let mut m = net().to_model_file();
        m.layers[1].w[2][0] = 1e300;
        std::fs::write(&path, serde_json::to_string(&m).unwrap()).unwrap();
        assert!(Network::<f64>::load(&path).is_ok(), "fits f64");
        let e = Network::<f32>::load(&path).unwrap_err().to_string();
        assert!(
            e.contains("big.json") && e.contains("layer 2 holds 1e300, too large for the f32"),
            "{e}"
        );
    }

    #[test]
    fn unwritable_path_is_an_error() {
        let e = net()
            .save(Path::new("/proc/nonexistent-dir/m.json"))
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("could not write /proc/nonexistent-dir/m.json"),
            "{e}"
        );
    }
}
