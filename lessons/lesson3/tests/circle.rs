//! The lecture's defaults on the circle task, through the library (fast enough in debug builds).

use lesson3::{Implementation, Settings, learn};

#[test]
fn the_lectures_defaults_reach_97_percent_test_accuracy() {
    let s = Settings::default();
    let outcome = learn(&s, Implementation::Reference, &mut |_| {}).unwrap();
    assert!(
        outcome.test_accuracy() >= 0.97,
        "test accuracy {}",
        outcome.test_accuracy()
    );
    assert!(
        outcome.train_accuracy() >= 0.97,
        "train accuracy {}",
        outcome.train_accuracy()
    );
    // The untrained network's record (iteration 0), one every show_interval = 1000
    // iterations, and the last at 9500.
    let iterations: Vec<usize> = outcome
        .history
        .records
        .iter()
        .map(|r| r.iteration)
        .collect();
    assert_eq!(
        iterations,
        [
            0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 9500
        ]
    );
    let records = &outcome.history.records;
    assert!(
        records[0].train_loss > records[1].train_loss,
        "training lowers the loss of the untrained network: {} then {}",
        records[0].train_loss,
        records[1].train_loss
    );
    // The learning plan: η = 0.03 · 0.6^⌊(i−1)/2000⌋ for the iteration i that was just learned.
    let eta_at_9500 = outcome.history.records[10].eta;
    assert!(
        (eta_at_9500 - 0.03 * 0.6f64.powi(4)).abs() < 1e-12,
        "{eta_at_9500}"
    );
}

/// With the reference solutions in place of the stubs, `--mine` follows exactly the same path:
/// the same loss and accuracy at every record.
#[test]
#[cfg_attr(
    not(feature = "solution"),
    ignore = "needs the finished homework (--features solution)"
)]
fn mine_with_the_solutions_matches_the_reference() {
    let s = Settings {
        iterations: 3000,
        ..Settings::default()
    };
    let reference = learn(&s, Implementation::Reference, &mut |_| {}).unwrap();
    let mine = learn(&s, Implementation::Mine, &mut |_| {}).unwrap();
    for (r, m) in reference.history.records.iter().zip(&mine.history.records) {
        assert_eq!(r.iteration, m.iteration);
        assert!((r.train_loss - m.train_loss).abs() < 1e-9, "{r:?} vs {m:?}");
        assert_eq!(r.test_accuracy, m.test_accuracy);
        assert!((r.eta - m.eta).abs() < 1e-15);
    }
    assert_eq!(reference.history.records.len(), mine.history.records.len());
}
