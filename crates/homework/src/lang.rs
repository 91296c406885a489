//! The language `cargo homework` writes in, and every sentence it writes itself, in English and
//! Japanese (the language of the course's lectures). The tests' own messages and the compiler's
//! errors are quoted as they are; the hints come from `exercises.toml` (`hint` and `hint_ja`).
//!
//! The choice: `--lang en|ja` when given; otherwise the locale of the messages — the first
//! non-empty one of `LC_ALL`, `LC_MESSAGES` and `LANG`, as in POSIX — is Japanese when it is `ja`
//! or starts with `ja_`, `ja.` or `ja@` (e.g. `ja_JP.UTF-8`); anything else, or nothing, is
//! English.

use std::time::Duration;

/// A language of the checker's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English, the default.
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

/// The environment variables that name the messages' locale, strongest first (POSIX).
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

impl Lang {
    /// The values `--lang` accepts, with the language each names.
    pub const ALL: [(&'static str, Lang); 2] = [("en", Lang::En), ("ja", Lang::Ja)];

    /// The `--lang` value that names this language: "en" or "ja".
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }

    /// The language a `--lang` value names ("en" or "ja"; case and surrounding spaces aside).
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        Lang::ALL.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
    }

    /// The language of a locale name: Japanese for `ja`, `ja_JP.UTF-8`, `ja.UTF-8`, `ja_JP@…`;
    /// English for everything else (`C`, `POSIX`, `en_US.UTF-8`, …).
    pub fn from_locale(locale: &str) -> Lang {
        match locale.strip_prefix("ja") {
            Some(rest) if rest.is_empty() || rest.starts_with(['_', '.', '@']) => Lang::Ja,
            _ => Lang::En,
        }
    }

    /// The language of the environment: the first of [`LOCALE_VARS`] that `var` gives as set and
    /// non-empty decides; none set means English. `var` reads a variable (`std::env::var(…).ok()`
    /// in the program, a table in the tests).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Lang {
        LOCALE_VARS
            .iter()
            .filter_map(|name| var(name))
            .find(|value| !value.is_empty())
            .map_or(Lang::En, |locale| Lang::from_locale(&locale))
    }

    /// The language to use: `flag` (the `--lang` value) when given, else the environment's
    /// ([`Lang::from_env`]). An unknown flag value is an error: one sentence naming the flag and
    /// the values it accepts.
    pub fn choose(
        flag: Option<&str>,
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<Lang, String> {
        match flag {
            None => Ok(Lang::from_env(var)),
            Some(code) => Lang::from_code(code)
                .ok_or_else(|| format!("--lang must be en (English) or ja (日本語), not {code:?}")),
        }
    }

    // ── Progress lines (stderr) ──────────────────────────────────────────────────────────────

    /// "building LESSON's tests…".
    pub fn building(self, lesson: &str) -> String {
        match self {
            Lang::En => format!("building {lesson}'s tests…"),
            Lang::Ja => format!("{lesson} のテストをビルドしている…"),
        }
    }

    /// "running LESSON's tests (time limit N s)…".
    pub fn running(self, lesson: &str, limit: Duration) -> String {
        let s = limit.as_secs_f64();
        match self {
            Lang::En => format!("running {lesson}'s tests (time limit {s} s)…"),
            Lang::Ja => format!("{lesson} のテストを実行している（制限時間 {s} 秒）…"),
        }
    }

    // ── The checker's own words inside an exercise's message ────────────────────────────────

    /// Exercise `id`, whose test was stopped at the time limit: the message names it, since the
    /// lesson's other exercises may have finished.
    pub fn timed_out(self, id: &str, limit: Duration) -> String {
        let s = limit.as_secs_f64();
        match self {
            Lang::En => format!(
                "`{id}` did not finish in {s} s — is there a loop in `{id}` (or in a function it \
                 calls) that never ends?"
            ),
            Lang::Ja => format!(
                "`{id}` が {s} 秒以内に終わらなかった — `{id}`（またはそれが呼ぶ関数）に終わらない\
                 ループはないか？"
            ),
        }
    }

    /// An exercise that calls `on`, which is still `todo!()` (the message of `--json`).
    pub fn waiting_message(self, on: &str) -> String {
        match self {
            Lang::En => {
                format!(
                    "it calls `{on}`, which is not written yet (still todo!); write `{on}` first"
                )
            }
            Lang::Ja => format!(
                "まだ書かれていない（todo! のままの）`{on}` を呼んでいる。先に `{on}` を書く"
            ),
        }
    }

    /// The label before the original panic's message, when the check wrapped it.
    pub fn first_panic(self) -> &'static str {
        match self {
            Lang::En => "the first panic: ",
            Lang::Ja => "最初のパニック: ",
        }
    }

    /// The label before the learner's line where the code panicked.
    pub fn at(self) -> &'static str {
        match self {
            Lang::En => "at ",
            Lang::Ja => "場所: ",
        }
    }

    /// A panic whose message is empty.
    pub fn panic_without_message(self) -> &'static str {
        match self {
            Lang::En => "a panic without a message",
            Lang::Ja => "メッセージのないパニック",
        }
    }

    /// The test run printed nothing about exercise `id`; `ended` is cargo's last error line.
    pub fn no_result(self, id: &str, ended: &str) -> String {
        match self {
            Lang::En => format!(
                "the test run printed no result for {id:?}; is there a test of that name in the lesson's tests? (it ended with: {ended})"
            ),
            Lang::Ja => format!(
                "テストの実行は {id:?} の結果を出力しなかった。レッスンのテストにその名前のテストはあるか？（最後の出力: {ended}）"
            ),
        }
    }

    /// Cargo built a lesson's tests but named no test binary `test`.
    pub fn no_test_binary(self, lesson: &str, test: &str) -> String {
        match self {
            Lang::En => format!("cargo built {lesson}'s tests but named no test binary {test:?}"),
            Lang::Ja => format!(
                "cargo は {lesson} のテストをビルドしたが、テストバイナリ {test:?} を示さなかった"
            ),
        }
    }

    /// Cargo could not build a lesson's tests, for a reason other than a compile error.
    pub fn could_not_build(self, lesson: &str, error: &str) -> String {
        match self {
            Lang::En => format!("cargo could not build {lesson}'s tests: {error}"),
            Lang::Ja => format!("cargo は {lesson} のテストをビルドできなかった: {error}"),
        }
    }

    // ── Errors that stop the checker ─────────────────────────────────────────────────────────

    /// No workspace at or above `dir`.
    pub fn no_workspace(self, dir: &str) -> String {
        match self {
            Lang::En => format!(
                "no Cargo workspace found at or above {dir}: run cargo homework inside the course repository"
            ),
            Lang::Ja => format!(
                "{dir} とその上のディレクトリに Cargo ワークスペースが見つからない。cargo homework はコースのリポジトリの中で実行する"
            ),
        }
    }

    /// `NN_HOMEWORK_TIMEOUT` is not a positive number of seconds.
    pub fn bad_timeout_env(self, value: &str) -> String {
        match self {
            Lang::En => {
                format!("NN_HOMEWORK_TIMEOUT must be a positive number of seconds, not {value:?}")
            }
            Lang::Ja => {
                format!("NN_HOMEWORK_TIMEOUT は正の秒数でなければならない（{value:?} ではなく）")
            }
        }
    }

    /// No exercise `id`; `ids` lists them all.
    pub fn no_exercise(self, id: &str, ids: &str) -> String {
        match self {
            Lang::En => format!("no exercise {id:?}; the exercises are: {ids}"),
            Lang::Ja => format!("課題 {id:?} はない。課題は次のとおり: {ids}"),
        }
    }

    // ── The list ─────────────────────────────────────────────────────────────────────────────

    /// The status word of a passing exercise.
    pub fn passing(self) -> &'static str {
        match self {
            Lang::En => "passing",
            Lang::Ja => "合格",
        }
    }

    /// The status word of a failing exercise.
    pub fn failing(self) -> &'static str {
        match self {
            Lang::En => "failing",
            Lang::Ja => "不合格",
        }
    }

    /// The status words of an exercise still `todo!()`.
    pub fn not_started(self) -> &'static str {
        match self {
            Lang::En => "not started (still todo!)",
            Lang::Ja => "未着手（todo! のまま）",
        }
    }

    /// The status words of an exercise waiting for `on`.
    pub fn waiting_for(self, on: &str) -> String {
        match self {
            Lang::En => format!("waiting for `{on}` (still todo!)"),
            Lang::Ja => format!("`{on}` 待ち（todo! のまま）"),
        }
    }

    /// The status words of an exercise whose lesson does not compile.
    pub fn does_not_compile(self) -> &'static str {
        match self {
            Lang::En => "does not compile",
            Lang::Ja => "コンパイルできない",
        }
    }

    /// The line under an exercise waiting for `on`.
    pub fn waiting_line(self, on: &str) -> String {
        match self {
            Lang::En => format!("it calls `{on}`, which is not written yet: write `{on}` first"),
            Lang::Ja => {
                format!("まだ書かれていない `{on}` を呼んでいる。先に `{on}` を書く")
            }
        }
    }

    /// The label before a hint in the list.
    pub fn hint_label(self) -> &'static str {
        match self {
            Lang::En => "hint: ",
            Lang::Ja => "ヒント: ",
        }
    }

    /// The summary line: how many exercises pass, fail and are not started.
    pub fn summary(self, total: usize, passing: usize, failing: usize, todo: usize) -> String {
        match self {
            Lang::En => format!(
                "{total} exercises: {passing} ✅ passing, {failing} ❌ failing, {todo} ⏳ not started."
            ),
            Lang::Ja => format!(
                "課題 {total} 問: ✅ 合格 {passing}、❌ 不合格 {failing}、⏳ 未着手 {todo}。"
            ),
        }
    }

    /// What to do next: exercise `id` in `file`; `cmd` is how to run the checker.
    pub fn next(self, id: &str, file: &str, cmd: &str) -> String {
        match self {
            Lang::En => format!(
                "Next: {id} in {file} — `{cmd} hint {id}` for a hint, `{cmd} watch` to re-check on save."
            ),
            Lang::Ja => format!(
                "次: {file} の {id} — ヒントは `{cmd} hint {id}`、保存のたびに確かめ直すには `{cmd} watch`。"
            ),
        }
    }

    /// Every exercise passes.
    pub fn all_done(self) -> &'static str {
        match self {
            Lang::En => "All done — well done!",
            Lang::Ja => "すべて合格した — よくできた！",
        }
    }

    /// `watch`, after each list.
    pub fn watching(self) -> &'static str {
        match self {
            Lang::En => "watching the homework files; save one to re-check (Ctrl-C to stop)",
            Lang::Ja => "宿題のファイルを見張っている。保存すると確かめ直す（Ctrl-C で終了）",
        }
    }

    /// `watch`, when a file changed.
    pub fn changed(self) -> &'static str {
        match self {
            Lang::En => "— a file changed, checking again —",
            Lang::Ja => "— ファイルが変わった。確かめ直す —",
        }
    }

    // ── `cargo homework hint` ────────────────────────────────────────────────────────────────

    /// The hint page of an exercise, from its registry fields `[id, lesson, file, book]`: its
    /// `hint` in this language, where the book explains it, and how to test it (`cmd` runs the
    /// checker; `test` is the cargo command).
    pub fn hint_page(
        self,
        [id, lesson, file, book]: [&str; 4],
        hint: &str,
        cmd: &str,
        test: &str,
    ) -> String {
        match self {
            Lang::En => format!(
                "{id} ({lesson}, in {file})\n\n{hint}\n\nbook: {book}\ntest it: {cmd} check {id}  (or {test})"
            ),
            Lang::Ja => format!(
                "{id}（{lesson}、{file}）\n\n{hint}\n\n本: {book}（英語版の節名。日本語版は同じ節の翻訳: book/po/ja.po）\n確かめる: {cmd} check {id}（または {test}）"
            ),
        }
    }
}

/// How wide `text` is on a terminal: one column per ASCII character, two per other character
/// (kana and kanji are full-width), so that lines under a Japanese label line up.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Whether `text` holds Japanese: a kana (hiragana or katakana) or a kanji.
pub fn is_japanese(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_flag_beats_the_environment() {
        let ja = [("LANG", "ja_JP.UTF-8")];
        assert_eq!(Lang::choose(Some("en"), env(&ja)), Ok(Lang::En));
        assert_eq!(Lang::choose(Some("ja"), env(&[])), Ok(Lang::Ja));
        assert_eq!(Lang::choose(Some(" JA "), env(&[])), Ok(Lang::Ja));
        assert_eq!(Lang::choose(None, env(&ja)), Ok(Lang::Ja));
    }

    #[test]
    fn a_japanese_locale_means_japanese_and_c_or_nothing_means_english() {
        for locale in ["ja_JP.UTF-8", "ja_JP.eucJP", "ja", "ja.UTF-8", "ja_JP@x"] {
            assert_eq!(
                Lang::from_env(env(&[("LANG", locale)])),
                Lang::Ja,
                "{locale}"
            );
        }
        for locale in ["C", "POSIX", "C.UTF-8", "en_US.UTF-8", "jam", ""] {
            assert_eq!(
                Lang::from_env(env(&[("LANG", locale)])),
                Lang::En,
                "{locale}"
            );
        }
        assert_eq!(Lang::from_env(env(&[])), Lang::En);
        assert_eq!(Lang::choose(None, env(&[])), Ok(Lang::En));
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang_decide() {
        let all_c = [("LC_ALL", "C"), ("LC_MESSAGES", "ja_JP.UTF-8")];
        assert_eq!(Lang::from_env(env(&all_c)), Lang::En);
        let messages = [("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "C")];
        assert_eq!(Lang::from_env(env(&messages)), Lang::Ja);
        // An empty variable is as good as unset.
        let empty = [("LC_ALL", ""), ("LANG", "ja_JP.UTF-8")];
        assert_eq!(Lang::from_env(env(&empty)), Lang::Ja);
    }

    #[test]
    fn an_unknown_flag_value_is_refused_in_one_sentence() {
        let error = Lang::choose(Some("fr"), env(&[("LANG", "ja_JP.UTF-8")])).unwrap_err();
        assert_eq!(
            error,
            "--lang must be en (English) or ja (日本語), not \"fr\""
        );
        assert!(Lang::choose(Some(""), env(&[])).is_err());
        for (code, lang) in Lang::ALL {
            assert_eq!(Lang::from_code(code), Some(lang));
            assert_eq!(lang.code(), code);
        }
    }

    #[test]
    fn the_japanese_sentences_are_japanese_and_the_english_unchanged() {
        let limit = Duration::from_millis(500);
        for ja in [
            Lang::Ja.timed_out("forward_loop", limit),
            Lang::Ja.running("lesson1", limit),
            Lang::Ja.summary(3, 1, 1, 1),
            Lang::Ja.waiting_message("hm_relu"),
            Lang::Ja.next("hm_relu", "f", "cargo homework"),
        ] {
            assert!(is_japanese(&ja), "{ja}");
        }
        assert_eq!(
            Lang::En.timed_out("forward_loop", limit),
            "`forward_loop` did not finish in 0.5 s — is there a loop in `forward_loop` (or in a \
             function it calls) that never ends?"
        );
        assert_eq!(Lang::En.building("lesson1"), "building lesson1's tests…");
        assert_eq!(width("ヒント: "), 8);
        assert_eq!(width("hint: "), 6);
        assert!(is_japanese("かな") && is_japanese("漢字") && is_japanese("カナ"));
        assert!(!is_japanese("hint: (1,…,1)ᵀ ⊗ b — ∂L/∂x̃"));
    }
}
