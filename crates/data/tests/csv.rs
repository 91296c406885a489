//! CSV loaders on the committed datasets and on broken input.

use nalgebra::DMatrix;
use nn_data::{
    ColumnKind, CsvTable, DataError, Dataset, Standardizer, load_csv, load_iris, load_titanic,
};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn datasets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../datasets")
}

fn table(text: &str, target: &str) -> Result<CsvTable, DataError> {
    CsvTable::from_reader(text.as_bytes(), Path::new("test.csv"), target)
}

#[test]
fn iris_has_150_flowers_in_3_balanced_classes() {
    let d = load_iris(datasets().join("iris.csv")).unwrap();
    assert_eq!((d.n(), d.n_features(), d.n_classes()), (150, 4, 3));
    assert_eq!(d.class_names, vec!["setosa", "versicolor", "virginica"]);
    assert_eq!(d.class_counts(), vec![50, 50, 50]);
    assert_eq!(d.feature_names[2], "petal_length");
    assert_eq!((d.x[(0, 0)], d.x[(0, 3)]), (5.1, 0.2));
    let (mut tr, mut te) = d.split(0.2, true, 0).unwrap();
    assert_eq!(te.class_counts(), vec![10, 10, 10]);
    Standardizer::fit_apply(&mut tr, &mut te).unwrap();
    assert!(tr.x.column(0).mean().abs() < 1e-12);
}

#[test]
fn titanic_imputes_age_with_the_training_median_and_one_hot_encodes() {
    let t = load_titanic(datasets().join("titanic.csv")).unwrap();
    assert_eq!(t.n(), 1309);
    assert_eq!(t.class_names, vec!["died", "survived"]);
    let age = t.columns.iter().find(|c| c.name == "age").unwrap();
    assert_eq!((age.kind, age.missing()), (ColumnKind::Numeric, 263));
    let sex = t.columns.iter().find(|c| c.name == "sex").unwrap();
    assert_eq!(sex.kind, ColumnKind::Categorical);
    let p = t.prepare::<f64>(0.2, true, 42).unwrap();
    assert_eq!(p.train.n() + p.test.n(), 1309);
    assert_eq!(
        p.train.feature_names,
        vec![
            "pclass=1st",
            "pclass=2nd",
            "pclass=3rd",
            "sex=female",
            "sex=male",
            "age",
            "sibsp",
            "parch"
        ]
    );
    // the median is computed on the training rows only
    let (train_rows, _) = nn_data::split_indices(&t.labels, 0.2, true, 42).unwrap();
    let ages: Vec<f64> = train_rows.iter().filter_map(|&i| age.numbers[i]).collect();
    let median = nn_data::preprocess::median(&ages).unwrap();
    assert!(
        p.report.contains(&format!("training median {median}")),
        "{}",
        p.report
    );
    assert!(p.report.contains("263 missing"), "{}", p.report);
    assert!(
        p.train
            .x
            .iter()
            .chain(p.test.x.iter())
            .all(|v| v.is_finite())
    );
    // every row has exactly one class and one sex
    for d in [&p.train, &p.test] {
        for r in 0..d.n() {
            assert_eq!(d.x[(r, 0)] + d.x[(r, 1)] + d.x[(r, 2)], 1.0);
            assert_eq!(d.x[(r, 3)] + d.x[(r, 4)], 1.0);
        }
    }
    // about 38% survived
    let rate = p.train.class_counts()[1] as f64 / p.train.n() as f64;
    assert!((0.33..0.43).contains(&rate), "{rate}");
}

#[test]
fn numeric_labels_sort_numerically() {
    let t = table("a,y\n1,10\n2,9\n3,10\n4,2\n", "y").unwrap();
    assert_eq!(t.class_names, vec!["2", "9", "10"]);
    assert_eq!(t.labels, vec![2, 1, 2, 0]);
}

#[test]
fn unseen_test_category_gives_all_zeros() {
    let t = table("c,y\nred,0\nblue,1\n", "y").unwrap();
    let pre = nn_data::Preprocessor::fit(&t, &[0]);
    let d = pre.transform::<f64>(&t, &[0, 1]);
    assert_eq!(d.feature_names, vec!["c=red"]);
    assert_eq!(d.x.as_slice(), &[1.0, 0.0]);
}

#[test]
fn empty_csv_is_an_error() {
    for text in ["", "\n"] {
        let e = table(text, "a").unwrap_err();
        assert!(matches!(e, DataError::EmptyCsv { .. }), "{text:?}: {e}");
        assert!(e.to_string().contains("test.csv"));
    }
}

#[test]
fn a_header_without_rows_is_named_as_such() {
    for text in ["a,b\n", "a,b"] {
        let e = table(text, "a").unwrap_err();
        assert!(matches!(e, DataError::NoDataRows { .. }), "{text:?}: {e}");
        let msg = e.to_string();
        assert!(
            msg.contains("test.csv") && msg.contains("header line but no data rows"),
            "{msg}"
        );
    }
}

#[test]
fn a_repeated_column_name_is_named_with_both_columns() {
    let e = table("a,b,a,y\n1,2,3,0\n", "y").unwrap_err();
    assert!(matches!(e, DataError::DuplicateColumn { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("test.csv") && msg.contains("\"a\"") && msg.contains("columns 1 and 3"),
        "{msg}"
    );
    // Also when the repeated column is the label.
    let e = table("y,x,y\n1,2,3\n", "y").unwrap_err();
    assert!(e.to_string().contains("columns 1 and 3"), "{e}");
}

#[test]
fn missing_label_column_names_what_exists() {
    let e = table("a,b\n1,2\n", "species").unwrap_err();
    assert!(matches!(e, DataError::MissingColumn { .. }));
    let msg = e.to_string();
    assert!(
        msg.contains("\"species\"") && msg.contains("a, b") && msg.contains("test.csv"),
        "{msg}"
    );
}

#[test]
fn non_numeric_cell_names_file_line_and_column() {
    let e = table("x,z,y\n1,2,a\n3,4,b\n5,oops,a\n7,8,b\n", "y").unwrap_err();
    match &e {
        DataError::BadCell {
            line,
            column,
            name,
            found,
            ..
        } => {
            assert_eq!(
                (*line, *column, name.as_str(), found.as_str()),
                (4, 2, "z", "oops")
            );
        }
        other => panic!("expected BadCell, found {other}"),
    }
    let msg = e.to_string();
    assert!(
        msg.starts_with("test.csv: line 4, column 2 (z): expected a finite number"),
        "{msg}"
    );
}

#[test]
fn ragged_row_and_missing_label_are_errors_with_lines() {
    let e = table("a,y\n1,0\n2\n", "y").unwrap_err();
    assert!(e.to_string().contains("line 3"), "{e}");
    let e = table("a,y\n1,0\n2,\n", "y").unwrap_err();
    assert!(
        e.to_string()
            .contains("line 3, column 2 (y): expected a class label"),
        "{e}"
    );
    let e = load_csv("/nonexistent/x.csv", "y").unwrap_err();
    assert!(e.to_string().contains("/nonexistent/x.csv"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_text_never_panics(text in "[a-c0-9,.\"\n ?-]{0,80}", target in "[a-c]") {
        if let Ok(t) = table(&text, &target) {
            let _ = t.report();
            let _ = t.prepare::<f64>(0.3, true, 1);
            let _ = t.prepare::<f32>(0.5, false, 2);
            let _ = t.to_dataset::<f64>();
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        if let Ok(t) = CsvTable::from_reader(&bytes[..], Path::new("b.csv"), "a") {
            let _ = t.prepare::<f64>(0.25, true, 0);
        }
    }
}

#[test]
fn identifier_like_text_columns_are_dropped_and_reported() {
    let mut text = String::from("name,x,y\n");
    for i in 0..300 {
        text += &format!("passenger{i},{i},{}\n", i % 2);
    }
    let t = table(&text, "y").unwrap();
    let p = t.prepare::<f64>(0.1, true, 0).unwrap();
    assert_eq!(p.train.feature_names, vec!["x"]);
    assert!(p.report.contains("\"name\": dropped"), "{}", p.report);
}

// Here rather than beside Dataset::write_csv: the dataset module does not use the CSV loader.
#[test]
fn write_csv_round_trips_through_load_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("circle_.csv");
    let x = DMatrix::from_fn(6, 2, |i, j| (i * 2 + j) as f64);
    let labels = (0..6).map(|i| usize::from(i % 4 == 0)).collect();
    let names = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
    let d = Dataset::new(x, labels, names("a", "b"), names("p", "q")).unwrap();
    d.write_csv(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("p,q,label\n0,1,1\n2,3,0\n"), "{text}");
    let back = load_csv(&path, "label").unwrap().to_dataset::<f64>();
    assert_eq!(back.x, d.x);
    // A file where a directory should be.
    std::fs::write(dir.path().join("a-file"), "x").unwrap();
    assert!(d.write_csv(dir.path().join("a-file/dir/x.csv")).is_err());
}
