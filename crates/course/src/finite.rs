//! A NaN or infinite result is an error, never a printed number: one sentence naming the result
//! and its cause — weights or inputs too large for f64, or the functions that computed it.

use nalgebra::DMatrix;

/// Numbers beyond ±this are blamed for a non-finite result (nn-core's limit for blown-up
/// weights: a trained network's weights stay far below it).
pub const LARGE: f64 = nn_core::train::WEIGHT_LIMIT;

/// The largest magnitude among `values` (0 for none; NaN counts as infinite).
pub fn largest<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    values.into_iter().fold(0.0, |m: f64, v| {
        if v.is_nan() {
            f64::INFINITY
        } else {
            m.max(v.abs())
        }
    })
}

/// Where some of the numbers came from: the largest of them, what they are ("the weights of
/// m.json", "the inputs X") and what to do instead ("use a model with smaller weights").
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// Their largest magnitude ([`largest`]).
    pub largest: f64,
    /// What they are, e.g. "the weights of out/lesson1/model.json".
    pub what: &'a str,
    /// What to do instead, e.g. "use a model with smaller weights".
    pub fix: &'a str,
}

/// Ok when every result is finite. Otherwise the error names the first result that is not, and
/// blames the largest `sources` beyond ±[`LARGE`], or, when every source is ordinary, ends with
/// `otherwise` (which names the code that computed it, e.g. the learner's homework with `--mine`).
pub fn ensure_finite<'a>(
    results: impl IntoIterator<Item = (String, &'a DMatrix<f64>)>,
    sources: &[Source<'_>],
    otherwise: &str,
) -> anyhow::Result<()> {
    let Some((name, value)) = results
        .into_iter()
        .find_map(|(name, m)| m.iter().find(|v| !v.is_finite()).map(|&v| (name, v)))
    else {
        return Ok(());
    };
    let value = if value.is_nan() {
        "NaN".to_string()
    } else {
        value.to_string()
    };
    let culprit = sources
        .iter()
        .filter(|s| s.largest > LARGE)
        .max_by(|a, b| a.largest.total_cmp(&b.largest));
    match culprit {
        Some(s) => anyhow::bail!(
            "{name} is {value}: {} are too large (up to {}), so the arithmetic overflows to infinity; {}",
            s.what,
            short(s.largest),
            s.fix
        ),
        None => {
            let ordinary: Vec<String> = sources
                .iter()
                .map(|s| format!("{} (up to {})", s.what, s.largest))
                .collect();
            anyhow::bail!(
                "{name} is {value} although {} are ordinary: {otherwise}",
                ordinary.join(" and ")
            )
        }
    }
}

/// `v` in scientific notation with at most 6 significant digits: 1e308, 3e37 (an f32's 3e37 is
/// 3.000000106909804e37 as f64), 1.5e7.
fn short(v: f64) -> String {
    let text = format!("{v:.5e}");
    match text.split_once('e') {
        Some((mantissa, exp)) if mantissa.contains('.') => {
            let m = mantissa.trim_end_matches('0').trim_end_matches('.');
            format!("{m}e{exp}")
        }
        _ => text,
    }
}

/// A 1×1 matrix holding `v`, to check a single number (a loss) with [`ensure_finite`].
pub fn scalar(v: f64) -> DMatrix<f64> {
    DMatrix::from_element(1, 1, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_source_is_blamed_and_ordinary_ones_blame_the_functions() {
        let ok = DMatrix::from_element(2, 2, 1.0);
        let nan = scalar(f64::NAN);
        let weights = Source {
            largest: 1e308,
            what: "the weights of m.json",
            fix: "use a model with smaller weights",
        };
        let inputs = Source {
            largest: 2.0,
            what: "the inputs X",
            fix: "use smaller inputs",
        };
        assert!(ensure_finite([("A¹".into(), &ok)], &[weights, inputs], "f").is_ok());
        let e = ensure_finite(
            [("A¹".into(), &ok), ("the loss".into(), &nan)],
            &[inputs, weights],
            "f",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "the loss is NaN: the weights of m.json are too large (up to 1e308), so the arithmetic \
             overflows to infinity; use a model with smaller weights"
        );
        let inf = scalar(f64::NEG_INFINITY);
        let e = ensure_finite([("∂L/∂W¹".into(), &inf)], &[inputs], "your f computed it")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "∂L/∂W¹ is -inf although the inputs X (up to 2) are ordinary: your f computed it"
        );
        assert_eq!(short(f64::from(3e37f32)), "3e37");
        assert_eq!(short(1.5e7), "1.5e7");
        assert_eq!(short(f64::INFINITY), "inf");
        assert_eq!(largest(&[1.0, -3.0]), 3.0);
        assert_eq!(largest(&[1.0, f64::NAN]), f64::INFINITY);
    }
}
