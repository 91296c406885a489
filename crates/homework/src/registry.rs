//! The exercise registry `exercises.toml` (its format is documented at the top of the file).

use crate::lang::Lang;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The registry's file name, at the workspace root.
pub const REGISTRY: &str = "exercises.toml";

/// One exercise: a function the learner writes and the test that checks it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The function's name, also the name of its `#[test]`.
    pub id: String,
    /// The lesson crate's package name, e.g. "lesson1".
    pub lesson: String,
    /// The learner's file, relative to the workspace root.
    pub file: String,
    /// The test target holding the exercise's test.
    #[serde(default = "default_test")]
    pub test: String,
    /// Where the book explains it.
    pub book: String,
    /// A hint shown on failure and by `cargo homework hint`.
    pub hint: String,
    /// The same hint in Japanese, shown instead of `hint` with `--lang ja` or a Japanese locale.
    /// Required: [`parse`] rejects an exercise without it (the default lets it say which).
    #[serde(default)]
    pub hint_ja: String,
}

impl Exercise {
    /// The hint in `lang`, without surrounding blank lines.
    pub fn hint(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => self.hint.trim(),
            Lang::Ja => self.hint_ja.trim(),
        }
    }
}

fn default_test() -> String {
    "homework".into()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    exercise: Vec<Exercise>,
}

/// The workspace root: the nearest directory at or above `start` whose Cargo.toml has a
/// `[workspace]` table. The error, when there is none, is written in `lang`.
pub fn find_root(start: &Path, lang: Lang) -> Result<PathBuf> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest)
            && text.lines().any(|l| l.trim() == "[workspace]")
        {
            return Ok(dir.to_path_buf());
        }
    }
    bail!(lang.no_workspace(&start.display().to_string()))
}

/// Parses registry text; `source` names the file in messages. Every field but `test` must be
/// non-empty (`hint_ja` too: the Japanese hint), and no id may appear twice.
pub fn parse(text: &str, source: &Path) -> Result<Vec<Exercise>> {
    let file: RegistryFile = toml::from_str(text)
        .with_context(|| format!("{} is not a valid registry", source.display()))?;
    let mut seen = HashSet::new();
    for (k, e) in file.exercise.iter().enumerate() {
        for (field, value) in [
            ("id", &e.id),
            ("lesson", &e.lesson),
            ("file", &e.file),
            ("test", &e.test),
            ("hint", &e.hint),
            ("hint_ja", &e.hint_ja),
        ] {
            if value.trim().is_empty() {
                let which = match e.id.trim() {
                    "" => format!("exercise {}", k + 1),
                    id => format!("exercise {} ({id:?})", k + 1),
                };
                let what = match field {
                    "hint_ja" => "no Japanese hint: add hint_ja = \"\"\"…\"\"\"".to_string(),
                    _ => format!("an empty {field}"),
                };
                bail!("{}: {which} has {what}", source.display());
            }
        }
        if !seen.insert(e.id.as_str()) {
            bail!("{}: the id {:?} appears twice", source.display(), e.id);
        }
    }
    Ok(file.exercise)
}

/// Loads `exercises.toml` from the workspace root.
pub fn load(root: &Path) -> Result<Vec<Exercise>> {
    let path = root.join(REGISTRY);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    parse(&text, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_registry_is_valid_and_names_real_files() {
        let root = find_root(Path::new(env!("CARGO_MANIFEST_DIR")), Lang::En).unwrap();
        let exercises = load(&root).unwrap();
        assert!(exercises.len() >= 11);
        for e in &exercises {
            assert!(
                crate::lang::is_japanese(e.hint(Lang::Ja)),
                "{}: hint_ja holds no kana or kanji: {:?}",
                e.id,
                e.hint_ja
            );
            assert!(root.join(&e.file).is_file(), "{}: {} missing", e.id, e.file);
            let test = root
                .join("lessons")
                .join(&e.lesson)
                .join("tests")
                .join(format!("{}.rs", e.test));
            let text = std::fs::read_to_string(&test).unwrap();
            assert!(
                text.contains(&format!("    {} => ", e.id)),
                "{}: no test in {}",
                e.id,
                test.display()
            );
            let source = std::fs::read_to_string(root.join(&e.file)).unwrap();
            assert!(
                source.contains(&format!("pub fn {}(", e.id)),
                "{}: no function in {}",
                e.id,
                e.file
            );
        }
    }

    #[test]
    fn rejects_duplicates_empty_fields_and_unknown_keys() {
        let p = Path::new("x.toml");
        let one = "[[exercise]]\nid = \"a\"\nlesson = \"l\"\nfile = \"f\"\nbook = \"b\"\nhint = \"h\"\n\
                   hint_ja = \"\"\"\nヒント\"\"\"\n";
        let parsed = parse(one, p).unwrap();
        assert_eq!(parsed[0].test, "homework");
        assert_eq!(
            (parsed[0].hint(Lang::En), parsed[0].hint(Lang::Ja)),
            ("h", "ヒント")
        );
        assert!(
            parse(&format!("{one}{one}"), p)
                .unwrap_err()
                .to_string()
                .contains("appears twice")
        );
        let empty = one.replace("hint = \"h\"", "hint = \" \"");
        assert!(
            parse(&empty, p)
                .unwrap_err()
                .to_string()
                .contains("empty hint")
        );
        // A missing or empty Japanese hint is refused, naming the exercise.
        for no_ja in [
            one.replace("hint_ja = \"\"\"\nヒント\"\"\"\n", ""),
            one.replace("ヒント", " \n "),
        ] {
            let error = parse(&no_ja, p).unwrap_err().to_string();
            assert_eq!(
                error,
                "x.toml: exercise 1 (\"a\") has no Japanese hint: add hint_ja = \"\"\"…\"\"\"",
                "{no_ja}"
            );
        }
        let unknown = format!("{one}colour = 1\n");
        assert!(format!("{:#}", parse(&unknown, p).unwrap_err()).contains("colour"));
    }

    #[test]
    fn find_root_walks_up_and_fails_clearly() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let root = find_root(&src, Lang::En).unwrap();
        assert!(root.join(REGISTRY).is_file());
        let dir = tempfile::tempdir().unwrap();
        assert!(
            find_root(dir.path(), Lang::En)
                .unwrap_err()
                .to_string()
                .contains("no Cargo workspace")
        );
        let ja = find_root(dir.path(), Lang::Ja).unwrap_err().to_string();
        assert!(ja.contains("Cargo ワークスペースが見つからない"), "{ja}");
    }
}
