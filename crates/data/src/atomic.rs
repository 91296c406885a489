//! Writing files atomically: into a temporary file beside the target, then renaming it over the
//! target, so a crash never leaves a half-written file under the real name.

use crate::error::{DataError, Result};
use std::io::Write;
use std::path::Path;

/// A temporary file in the same directory as `path` (so the final rename stays on one file system).
pub fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".partial-")
        .tempfile_in(dir)
        .map_err(|e| DataError::io("create a temporary file in", dir, e))
}

/// Moves a finished temporary file to `path`, replacing any old file.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    tmp.as_file()
        .sync_all()
        .map_err(|e| DataError::io("write", path, e))?;
    tmp.persist(path)
        .map_err(|e| DataError::io("rename a temporary file to", path, e.error))?;
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes)
        .map_err(|e| DataError::io("write", path, e))?;
    persist(tmp, path)
}
