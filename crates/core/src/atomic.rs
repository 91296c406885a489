//! The course's one way to write a file: into a temporary file beside the target, then a rename
//! over it. A crash, a full disk or an error half-way never leaves a half-written file under the
//! real name. Models, CSVs, pictures, animations and downloads all go through [`AtomicFile`].

use crate::error::{CoreError, Result};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file being written: a temporary `.partial-*` file in `path`'s directory (so the final rename
/// stays on one file system), renamed to `path` by [`commit`](Self::commit). Dropped without a
/// commit, the temporary file is removed and `path` is untouched.
#[derive(Debug)]
pub struct AtomicFile {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file for `path`. Fails now (before any work) if `path` has no file
    /// name or its directory cannot take a new file.
    pub fn create(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        if path.file_name().is_none() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a file name",
            ));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".partial-");
        // Temporary files are private (0600); the result is an ordinary file (0644 less umask).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        Ok(Self {
            tmp: builder.tempfile_in(dir)?,
            path: path.to_path_buf(),
        })
    }

    /// The open temporary file, to write (and seek) in.
    pub fn file(&mut self) -> &mut File {
        self.tmp.as_file_mut()
    }

    /// The final path this file will have.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the file to disk and renames it to its final path, replacing any old file.
    pub fn commit(self) -> std::io::Result<()> {
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
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
    fn a_path_without_a_file_name_or_directory_fails_before_writing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(AtomicFile::create(dir.path().join("..")).is_err());
        let err = write_atomically(&dir.path().join("no/such/dir/m.json"), b"x").unwrap_err();
        assert!(err.to_string().contains("m.json"), "{err}");
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
