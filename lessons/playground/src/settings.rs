//! The settings of a run, named as the page's controls name them, and their checks: anything
//! out of range is refused with one sentence (HTTP 400) before any work.

use nn_core::{Activation, Init, OptimizerKind};
use serde::{Deserialize, Serialize};

/// The widest hidden layer.
pub const MAX_WIDTH: usize = 256;
/// The most hidden layers.
pub const MAX_LAYERS: usize = 6;
/// The most iterations of one run.
pub const MAX_ITERATIONS: usize = 200_000;
/// The most instances of a generated data set or an uploaded CSV.
pub const MAX_N: usize = 10_000;
/// The fewest instances of a generated data set.
pub const MIN_N: usize = 20;

/// The generated data sets (and `upload`, a CSV in [`Settings::csv`]).
pub const DATASETS: [&str; 6] = ["circle", "xor", "linear", "spirals", "blobs", "upload"];

/// The names of the settings, as the JSON of a run and the page's controls name them.
pub const FIELDS: [&str; 15] = [
    "dataset",
    "n",
    "noise",
    "test_fraction",
    "hidden",
    "activation",
    "init",
    "optimizer",
    "eta",
    "batch_size",
    "attenuation",
    "learning_plan",
    "iterations",
    "seed",
    "csv",
];

/// Everything that decides a run. Missing fields take the lecture's values (the circle task,
/// 2-10-10-2 ReLU, SGD, η = 0.03, batch 100, attenuation 0.6 every 2000 iterations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `circle`, `xor`, `linear`, `spirals`, `blobs` or `upload`.
    pub dataset: String,
    /// Instances generated (ignored for `upload`).
    pub n: usize,
    /// Standard deviation of the Gaussian jitter added to every generated point.
    pub noise: f64,
    /// Fraction of the instances kept aside as the test set.
    pub test_fraction: f64,
    /// Widths of the hidden layers.
    pub hidden: Vec<usize>,
    /// `relu`, `tanh` or `sigmoid`.
    pub activation: String,
    /// `he`, `xavier`, `too_small` (N(0, 0.001²)) or `too_large` (N(0, 3²)).
    pub init: String,
    /// `sgd`, `momentum`, `adagrad`, `rmsprop` or `adam`.
    pub optimizer: String,
    /// Initial learning rate η.
    pub eta: f64,
    /// Instances per mini-batch.
    pub batch_size: usize,
    /// Factor applied to η every `learning_plan` iterations.
    pub attenuation: f64,
    /// Iterations between attenuations (0: never).
    pub learning_plan: usize,
    /// Number of iterations.
    pub iterations: usize,
    /// Seed of the data, the initial weights and the mini-batch order.
    pub seed: u64,
    /// The uploaded CSV (`x1,x2,label` per line) when `dataset` is `upload`.
    pub csv: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            dataset: "circle".into(),
            n: 1000,
            noise: 0.0,
            test_fraction: 0.2,
            hidden: vec![10, 10],
            activation: "relu".into(),
            init: "he".into(),
            optimizer: "sgd".into(),
            eta: 0.03,
            batch_size: 100,
            attenuation: 0.6,
            learning_plan: 2000,
            iterations: 3000,
            seed: 1,
            csv: None,
        }
    }
}

/// `x` in a few characters: up to six significant digits, or `1.000e308` for the very large
/// and the very small (a message never prints 309 digits).
pub fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let a = x.abs();
    if (1e-4..1e6).contains(&a) {
        let digits = (5 - a.log10().floor() as i32).clamp(0, 9) as usize;
        let t = format!("{x:.digits$}");
        let t = if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        };
        return t;
    }
    format!("{x:.3e}")
}

/// At most 40 characters of a name, for a message.
fn clip(name: &str) -> String {
    if name.chars().count() > 40 {
        format!("{}…", name.chars().take(40).collect::<String>())
    } else {
        name.to_string()
    }
}

/// A JSON value as a message shows it: at most 40 characters.
fn shown(v: &serde_json::Value) -> String {
    let t = match v {
        serde_json::Value::Null => "nothing (null)".to_string(),
        serde_json::Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), short),
        other => other.to_string(),
    };
    if t.chars().count() > 40 {
        format!("{}…", t.chars().take(40).collect::<String>())
    } else {
        t
    }
}

impl Settings {
    /// Reads a run's settings from JSON, each field checked for its kind (a width of 2.5 is
    /// "hidden layer 1's width must be a whole number …, found 2.5", not a parser's message),
    /// missing fields taking the lecture's values; then [`Settings::validate`].
    pub fn from_json(body: &[u8]) -> Result<Settings, String> {
        use serde_json::Value;
        let value: Value = serde_json::from_slice(body)
            .map_err(|e| format!("the settings are not valid JSON: {e}."))?;
        let Value::Object(map) = value else {
            return Err(format!(
                "the settings must be a JSON object such as {{\"eta\": 0.03}}, found {}.",
                shown(&value)
            ));
        };
        let mut s = Settings::default();
        for (key, v) in &map {
            let whole = || {
                v.as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| format!("{key} must be a whole number, found {}.", shown(v)))
            };
            let number = || {
                v.as_f64()
                    .ok_or_else(|| format!("{key} must be a number, found {}.", shown(v)))
            };
            let text = || {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("{key} must be a name in quotes, found {}.", shown(v)))
            };
            match key.as_str() {
                "dataset" => s.dataset = text()?,
                "activation" => s.activation = text()?,
                "init" => s.init = text()?,
                "optimizer" => s.optimizer = text()?,
                "n" => s.n = whole()?,
                "batch_size" => s.batch_size = whole()?,
                "learning_plan" => s.learning_plan = whole()?,
                "iterations" => s.iterations = whole()?,
                "seed" => {
                    s.seed = v.as_u64().ok_or_else(|| {
                        format!("seed must be a whole number, found {}.", shown(v))
                    })?
                }
                "noise" => s.noise = number()?,
                "test_fraction" => s.test_fraction = number()?,
                "eta" => s.eta = number()?,
                "attenuation" => s.attenuation = number()?,
                "csv" => {
                    s.csv = match v {
                        Value::Null => None,
                        Value::String(t) => Some(t.clone()),
                        other => {
                            return Err(format!(
                                "csv must be the CSV file's text in quotes, found {}.",
                                shown(other)
                            ));
                        }
                    }
                }
                "hidden" => {
                    let Value::Array(widths) = v else {
                        return Err(format!(
                            "hidden must be a list of layer widths such as [10, 10], found {}.",
                            shown(v)
                        ));
                    };
                    s.hidden = widths
                        .iter()
                        .enumerate()
                        .map(|(i, w)| {
                            w.as_u64()
                                .and_then(|n| usize::try_from(n).ok())
                                .ok_or_else(|| {
                                    format!(
                                        "hidden layer {}'s width must be a whole number from 1 to {MAX_WIDTH}, found {}.",
                                        i + 1,
                                        shown(w)
                                    )
                                })
                        })
                        .collect::<Result<_, _>>()?;
                }
                other => {
                    return Err(format!(
                        "unknown setting '{}': expected one of {}.",
                        other.chars().take(40).collect::<String>(),
                        FIELDS.join(", ")
                    ));
                }
            }
        }
        s.validate()?;
        Ok(s)
    }

    /// Checks every field; the error is one sentence naming the field and its range.
    pub fn validate(&self) -> Result<(), String> {
        if !DATASETS.contains(&self.dataset.as_str()) {
            return Err(format!(
                "unknown dataset '{}': expected one of {}.",
                clip(&self.dataset),
                DATASETS.join(", ")
            ));
        }
        if self.dataset == "upload" && self.csv.is_none() {
            return Err("dataset 'upload' needs the CSV text in \"csv\".".into());
        }
        if self.dataset != "upload" && !(MIN_N..=MAX_N).contains(&self.n) {
            return Err(format!(
                "n must be between {MIN_N} and {MAX_N}, found {}.",
                self.n
            ));
        }
        if !(self.noise.is_finite() && (0.0..=3.0).contains(&self.noise)) {
            return Err(format!(
                "noise must be between 0 and 3, found {}.",
                short(self.noise)
            ));
        }
        if !(self.test_fraction.is_finite() && (0.0..=0.9).contains(&self.test_fraction)) {
            return Err(format!(
                "test_fraction must be between 0 and 0.9, found {}.",
                short(self.test_fraction)
            ));
        }
        if self.hidden.len() > MAX_LAYERS {
            return Err(format!(
                "at most {MAX_LAYERS} hidden layers, found {}.",
                self.hidden.len()
            ));
        }
        if let Some(w) = self.hidden.iter().find(|&&w| !(1..=MAX_WIDTH).contains(&w)) {
            return Err(format!(
                "every hidden width must be between 1 and {MAX_WIDTH}, found {w}."
            ));
        }
        self.activation()?;
        self.init()?;
        self.optimizer()?;
        if !(self.eta.is_finite() && self.eta > 0.0) {
            return Err(format!(
                "eta (η) must be a finite number above 0, found {}.",
                short(self.eta)
            ));
        }
        if !(1..=MAX_N).contains(&self.batch_size) {
            return Err(format!(
                "batch_size must be between 1 and {MAX_N}, found {}.",
                self.batch_size
            ));
        }
        if !(self.attenuation.is_finite() && self.attenuation > 0.0 && self.attenuation <= 1.0) {
            return Err(format!(
                "attenuation must be above 0 and at most 1, found {}.",
                short(self.attenuation)
            ));
        }
        if self.learning_plan > MAX_ITERATIONS {
            return Err(format!(
                "learning_plan must be at most {MAX_ITERATIONS} (0: never), found {}.",
                self.learning_plan
            ));
        }
        if !(1..=MAX_ITERATIONS).contains(&self.iterations) {
            return Err(format!(
                "iterations must be between 1 and {MAX_ITERATIONS}, found {}.",
                self.iterations
            ));
        }
        Ok(())
    }

    /// The hidden activation.
    pub fn activation(&self) -> Result<Activation, String> {
        match self.activation.to_ascii_lowercase().as_str() {
            "relu" => Ok(Activation::Relu),
            "tanh" => Ok(Activation::Tanh),
            "sigmoid" => Ok(Activation::Sigmoid),
            other => Err(format!(
                "unknown activation '{}': expected relu, tanh or sigmoid.",
                clip(other)
            )),
        }
    }

    /// The weight initialization.
    pub fn init(&self) -> Result<Init, String> {
        match self
            .init
            .to_ascii_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "he" => Ok(Init::He),
            "xavier" => Ok(Init::Xavier),
            "too_small" => Ok(Init::Normal(0.001)),
            "too_large" => Ok(Init::Normal(3.0)),
            other => Err(format!(
                "unknown init '{}': expected he, xavier, too_small or too_large.",
                clip(other)
            )),
        }
    }

    /// The optimizer.
    pub fn optimizer(&self) -> Result<OptimizerKind, String> {
        self.optimizer.parse().map_err(|_| {
            format!(
                "unknown optimizer '{}': expected sgd, momentum, adagrad, rmsprop or adam.",
                clip(&self.optimizer)
            )
        })
    }

    /// Record loss and accuracy every this many iterations: about 300 points per curve.
    pub fn show_interval(&self) -> usize {
        (self.iterations / 300).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_out_of_range_values_are_refused() {
        assert_eq!(Settings::default().validate(), Ok(()));
        let bad = |f: &dyn Fn(&mut Settings)| {
            let mut s = Settings::default();
            f(&mut s);
            s.validate().unwrap_err()
        };
        assert!(bad(&|s| s.hidden = vec![100_000]).contains("256"));
        assert!(bad(&|s| s.hidden = vec![2; 7]).contains("hidden layers"));
        assert!(bad(&|s| s.eta = 0.0).contains("eta"));
        assert!(bad(&|s| s.eta = f64::NAN).contains("eta"));
        assert!(bad(&|s| s.dataset = "moons".into()).contains("moons"));
        assert!(bad(&|s| s.iterations = 1_000_000).contains("iterations"));
        assert!(bad(&|s| s.n = 1_000_000).contains("n must"));
        assert!(bad(&|s| s.init = "huge".into()).contains("init"));
        let long = bad(&|s| s.dataset = "x".repeat(100_000));
        assert!(long.len() < 200, "{long}");
    }

    #[test]
    fn large_and_small_numbers_are_short_in_messages() {
        assert_eq!(short(0.03), "0.03");
        assert_eq!(short(2.5), "2.5");
        assert_eq!(short(1e308), "1.000e308");
        assert_eq!(short(-6.36e-7), "-6.360e-7");
        assert_eq!(short(123456.0), "123456");
        let s = Settings {
            noise: 1e308,
            ..Settings::default()
        };
        let m = s.validate().unwrap_err();
        assert!(m.contains("1.000e308") && m.len() < 80, "{m}");
    }

    #[test]
    fn json_settings_name_the_field_and_what_was_found() {
        let err = |body: &str| Settings::from_json(body.as_bytes()).unwrap_err();
        let cases = [
            (
                r#"{"hidden": [10, 2.5]}"#,
                "hidden layer 2's width must be a whole number from 1 to 256, found 2.5.",
            ),
            (
                r#"{"eta": null}"#,
                "eta must be a number, found nothing (null).",
            ),
            (r#"{"eta": ""}"#, "eta must be a number, found \"\"."),
            (r#"{"n": -5}"#, "n must be a whole number, found -5."),
            (r#"{"n": 100.5}"#, "n must be a whole number, found 100.5."),
            (
                r#"{"dataset": 3}"#,
                "dataset must be a name in quotes, found 3.",
            ),
            (
                r#"{"hidden": 10}"#,
                "hidden must be a list of layer widths such as [10, 10], found 10.",
            ),
            (r#"{"eta": 1e308}"#, ""),
            (
                r#"{"speed": 3}"#,
                "unknown setting 'speed': expected one of dataset, n,",
            ),
            (r#"[1, 2]"#, "the settings must be a JSON object"),
            (r#"{"hidden": [10,"#, "the settings are not valid JSON"),
        ];
        for (body, expected) in cases {
            if expected.is_empty() {
                continue;
            }
            let m = err(body);
            assert!(m.starts_with(expected), "{body}: {m}");
            assert!(!m.contains('\n') && m.ends_with('.'), "{m}");
        }
        // η = 1e308 is a number above 0: accepted, and it will diverge with a short message.
        assert_eq!(
            Settings::from_json(br#"{"eta": 1e308}"#).unwrap().eta,
            1e308
        );
        let s = Settings::from_json(br#"{"hidden": [4], "dataset": "xor", "seed": 7}"#).unwrap();
        assert_eq!(
            (s.hidden, s.dataset.as_str(), s.seed, s.eta),
            (vec![4], "xor", 7, 0.03)
        );
    }
}
