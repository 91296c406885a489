//! The course's one way to write a file: into a temporary file beside the target, then a rename
//! over it. A crash, a full disk or an error half-way never leaves a half-written file under the
//! real name. Models, CSVs, pictures, animations and downloads all go through [`AtomicFile`].

use crate::error::{CoreError, Result};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Temporary names made by this process so far: with the process id, a name no other writer in
/// this or another process is using.
static MADE: AtomicU64 = AtomicU64::new(0);

/// A file being written: a temporary `.partial-*` file in `path`'s directory (so the final rename
/// stays on one file system), renamed to `path` by [`commit`](Self::commit). Dropped without a
/// commit, the temporary file is removed and `path` is untouched.
///
/// Written here rather than with the `tempfile` crate: all it needs is a name nobody else holds
/// (`create_new` refuses an existing one) and a removal on drop, and `tempfile` brought four
/// crates into every lesson's build.
#[derive(Debug)]
pub struct AtomicFile {
    file: File,
    tmp: PathBuf,
    path: PathBuf,
    committed: bool,
    /// Left in place by [`undo_this_runs_files`] (see [`AtomicFile::keep_on_failure`]).
    keep: bool,
}

/// What this process wrote so far: the files committed and the directories made for them, in
/// order. [`undo_this_runs_files`] removes them when a run fails.
static JOURNAL: Mutex<Journal> = Mutex::new(Journal {
    files: Vec::new(),
    dirs: Vec::new(),
});

#[derive(Debug)]
struct Journal {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

fn journal() -> std::sync::MutexGuard<'static, Journal> {
    JOURNAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Creates `dir` and its missing parents, noting each one made in the journal.
fn make_dirs(dir: &Path) -> std::io::Result<()> {
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .collect();
    for d in missing.into_iter().rev() {
        match std::fs::create_dir(d) {
            Ok(()) => journal().dirs.push(d.to_path_buf()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// All or nothing on disk: removes every file this process committed (newest first) and then
/// every directory it made for them that is empty again. Called when a run fails, so a failed
/// run leaves nothing behind — not the first picture of two, not an empty `--out`. Returns how
/// many files were removed. Files committed with [`AtomicFile::keep_on_failure`] stay.
pub fn undo_this_runs_files() -> usize {
    let mut j = journal();
    let files = std::mem::take(&mut j.files);
    let removed = files
        .iter()
        .rev()
        .filter(|f| std::fs::remove_file(f).is_ok())
        .count();
    for d in std::mem::take(&mut j.dirs).iter().rev() {
        let _ = std::fs::remove_dir(d); // only if empty
    }
    removed
}

impl AtomicFile {
    /// Creates the temporary file for `path`. Fails now (before any work) if `path` has no file
    /// name or its directory cannot take a new file.
    pub fn create(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let Some(name) = path.file_name() else {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a file name",
            ));
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // The directory is made with the first file written into it (`--out` is not made
        // before there is something to put in it).
        make_dirs(dir)?;
        // A stale `.partial-*` left by a killed process may hold a name: try the next one, a
        // bounded number of times.
        let mut last = None;
        for _ in 0..64 {
            let n = MADE.fetch_add(1, Ordering::Relaxed);
            let tmp = dir.join(format!(
                ".partial-{}-{}-{n}",
                name.to_string_lossy(),
                std::process::id()
            ));
            let mut options = OpenOptions::new();
            options.read(true).write(true).create_new(true);
            // An ordinary file's mode (0644 less umask), as the renamed result should have.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
            match options.open(&tmp) {
                Ok(file) => {
                    return Ok(Self {
                        file,
                        tmp,
                        path: path.to_path_buf(),
                        committed: false,
                        keep: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.expect("the loop ran"))
    }

    /// The open temporary file, to write, seek and read back in.
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// The final path this file will have.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Marks the file as one a failed run keeps (a downloaded data file whose checksum was
    /// verified: a retry resumes from it), out of [`undo_this_runs_files`]'s reach.
    pub fn keep_on_failure(mut self) -> Self {
        self.keep = true;
        self
    }

    /// Flushes the file to disk and renames it to its final path, replacing any old file; notes
    /// it in the journal [`undo_this_runs_files`] reads.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.sync_all()?;
        std::fs::rename(&self.tmp, &self.path)?;
        self.committed = true;
        if !self.keep {
            journal().files.push(self.path.clone());
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    /// An uncommitted (or failed) file removes its temporary; the old file stays as it was.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]); an error names `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |source| CoreError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    };
    let mut f = AtomicFile::create(path).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.commit().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_replaces_the_old_file_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_dropped_file_leaves_the_old_one_untouched_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.json");
        std::fs::write(&path, "old").unwrap();
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"half of a new fi").unwrap();
            assert_eq!(
                names(dir.path()).len(),
                2,
                "the temporary file is beside it"
            );
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names(dir.path()), ["model.json"]);
    }

    #[test]
    fn two_writers_of_one_path_at_once_do_not_share_a_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        let mut a = AtomicFile::create(&path).unwrap();
        let mut b = AtomicFile::create(&path).unwrap();
        a.write_all(b"first").unwrap();
        b.write_all(b"second").unwrap();
        assert_eq!(names(dir.path()).len(), 2);
        a.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        b.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "second");
        assert_eq!(names(dir.path()), ["m.json"]);
    }

    #[test]
    fn a_stale_temporary_from_a_killed_process_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        let n = MADE.load(Ordering::Relaxed);
        // Names this process is about to try, as a killed run with the same pid could have left.
        for k in n..n + 3 {
            let stale = format!(".partial-m.json-{}-{k}", std::process::id());
            std::fs::write(dir.path().join(stale), "stale").unwrap();
        }
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            names(dir.path()).len(),
            4,
            "the stale files stay, nothing else"
        );
    }

    #[test]
    fn a_path_without_a_file_name_or_directory_fails_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(AtomicFile::create(dir.path().join("..")).is_err());
        std::fs::write(dir.path().join("a-file"), "x").unwrap();
        let err = write_atomically(&dir.path().join("a-file/dir/m.json"), b"x").unwrap_err();
        assert!(err.to_string().contains("m.json"), "{err}");
        // Missing directories are made with the file.
        write_atomically(&dir.path().join("new/dir/m.json"), b"x").unwrap();
        assert!(dir.path().join("new/dir/m.json").is_file());
    }

    #[cfg(unix)]
    #[test]
    fn the_result_is_readable_by_others_not_private_like_a_temporary() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.png");
        write_atomically(&path, b"x").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044 & !umask(), "mode {mode:o}");
    }

    #[cfg(unix)]
    fn umask() -> u32 {
        // Read the process umask from /proc (Linux); assume the common 022 elsewhere.
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                let line = s.lines().find(|l| l.starts_with("Umask:"))?.to_owned();
                u32::from_str_radix(line.split_whitespace().nth(1)?, 8).ok()
            })
            .unwrap_or(0o022)
    }
}
