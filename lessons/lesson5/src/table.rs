//! Checking a CSV table before anything is learned from it: dropped columns, unusable columns
//! (nothing in them, or an identifier with a different text in almost every row) and unusable
//! targets (one class, or so many classes that it is a measurement rather than a category).

use crate::error::{LessonError, Result};
use nn_data::{ColumnKind, CsvTable};
use std::collections::BTreeSet;

/// The most classes a target may have: more are almost certainly a number to predict
/// (regression) or an identifier, not categories.
pub const MAX_CLASSES: usize = 50;

/// Removes the columns named in `drop` (an unknown name is an error listing the columns), then
/// checks that what is left can be learned from (see the module docs). Returns the checked table.
pub fn checked(mut table: CsvTable, drop: &[String]) -> Result<CsvTable> {
    for name in drop {
        let Some(pos) = table.columns.iter().position(|c| &c.name == name) else {
            let available: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
            return Err(LessonError::Setting {
                flag: "drop",
                why: format!(
                    "{} has no feature column {name:?}; its feature columns are {}",
                    table.path.display(),
                    available.join(", ")
                ),
            });
        };
        table.columns.remove(pos);
    }
    let target_error = |why: String| LessonError::UnusableTarget {
        path: table.path.clone(),
        column: table.target.clone(),
        why,
    };
    match table.class_names.len() {
        0 | 1 => {
            return Err(target_error(format!(
                "it has only one value ({}), so there is nothing to classify",
                table.class_names.join("")
            )));
        }
        k if k > MAX_CLASSES => {
            return Err(target_error(format!(
                "it has {k} different values (at most {MAX_CLASSES} classes are supported); \
                 it looks like a measurement or an identifier, not a category"
            )));
        }
        _ => {}
    }
    let n = table.n();
    for c in &table.columns {
        let unusable = |why: String| LessonError::UnusableColumn {
            path: table.path.clone(),
            column: c.name.clone(),
            why: format!("{why}; leave it out with --drop {:?}", c.name),
        };
        if c.missing() == n {
            return Err(unusable("every cell is missing".into()));
        }
        if c.kind == ColumnKind::Categorical {
            let distinct: BTreeSet<&String> = c.texts.iter().flatten().collect();
            if distinct.len() > MAX_CLASSES && 2 * distinct.len() > n {
                return Err(unusable(format!(
                    "it is text with {} different values in {n} rows (an identifier or free text), \
                     which one-hot encoding cannot learn from",
                    distinct.len()
                )));
            }
        }
    }
    if table.columns.is_empty() {
        return Err(LessonError::UnusableTarget {
            path: table.path.clone(),
            column: table.target.clone(),
            why: "it is the only column left, so there are no features to learn from".into(),
        });
    }
    Ok(table)
}

/// The cell of `column` in `row` as it was in the file (`?` when missing).
pub fn raw_cell(table: &CsvTable, column: usize, row: usize) -> String {
    let c = &table.columns[column];
    match c.kind {
        ColumnKind::Numeric => c.numbers[row].map_or("?".into(), |v| format!("{v}")),
        ColumnKind::Categorical => c.texts[row].clone().unwrap_or_else(|| "?".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn table(text: &str, target: &str) -> CsvTable {
        CsvTable::from_reader(text.as_bytes(), Path::new("t.csv"), target).unwrap()
    }

    #[test]
    fn an_identifier_column_is_unusable_and_the_message_says_how_to_drop_it() {
        let mut text = String::from("name,x,y\n");
        for i in 0..120 {
            text += &format!("person{i},{},{}\n", i % 7, i % 2);
        }
        let e = checked(table(&text, "y"), &[]).unwrap_err().to_string();
        assert!(e.contains("\"name\"") && e.contains("--drop"), "{e}");
        let ok = checked(table(&text, "y"), &["name".into()]).unwrap();
        assert_eq!(ok.columns.len(), 1);
    }

    #[test]
    fn an_empty_column_a_single_class_and_an_unknown_drop_are_errors() {
        let e = checked(table("a,b,y\n1,,0\n2,,1\n", "y"), &[]).unwrap_err();
        assert!(e.to_string().contains("every cell is missing"), "{e}");
        let e = checked(table("a,y\n1,0\n2,0\n", "y"), &[]).unwrap_err();
        assert!(e.to_string().contains("only one value"), "{e}");
        let e = checked(table("a,y\n1,0\n2,1\n", "y"), &["zzz".into()]).unwrap_err();
        assert!(e.to_string().contains("no feature column \"zzz\""), "{e}");
    }

    #[test]
    fn raw_cells_show_missing_values_as_question_marks() {
        let t = table("a,s,y\n1.5,x,0\n,,1\n", "y");
        assert_eq!(raw_cell(&t, 0, 0), "1.5");
        assert_eq!(raw_cell(&t, 0, 1), "?");
        assert_eq!(raw_cell(&t, 1, 1), "?");
    }
}
