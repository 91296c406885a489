//! The one way the course opens a file a user names (`--model`, `--data`, `--file`, a picture):
//! what is not a regular file — a FIFO, a device such as `/dev/zero`, a directory — is refused
//! before anything is read (opening a FIFO does not even wait for a writer), and no more than a
//! limit fitted to the format is ever read, whatever the file claims or grows to.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// A file the user named, opened for reading: a regular file, read up to a limit.
#[derive(Debug)]
pub struct NamedFile {
    file: File,
    /// Bytes that may still be read.
    left: u64,
    limit: u64,
    what: &'static str,
}

/// `bytes` in words: "512 bytes", "3.2 MB", "1 GB".
pub fn size_in_words(bytes: u64) -> String {
    const UNITS: [(&str, f64); 3] = [("GB", 1e9), ("MB", 1e6), ("kB", 1e3)];
    for (unit, size) in UNITS {
        if bytes as f64 >= size {
            let v = bytes as f64 / size;
            return if v.fract() == 0.0 {
                format!("{v} {unit}")
            } else {
                format!("{v:.1} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// The error a refused file gives: kind `InvalidInput`, one sentence without the path (the
/// caller's message names it).
fn refused(why: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, why)
}

impl NamedFile {
    /// Opens `path`, a `what` (e.g. "model file"), refusing what is not a regular file and a
    /// file larger than `limit` bytes.
    pub fn open(path: &Path, what: &'static str, limit: u64) -> io::Result<Self> {
        let mut options = OpenOptions::new();
        options.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A FIFO opened without a writer would block forever; non-blocking, it opens at
            // once and is refused below. Regular files ignore the flag.
            options.custom_flags(libc::O_NONBLOCK);
        }
        let file = options.open(path)?;
        let meta = file.metadata()?;
        let kind = meta.file_type();
        if !kind.is_file() {
            let is = if kind.is_dir() {
                "a directory".to_string()
            } else {
                special(&kind)
            };
            return Err(refused(format!(
                "it is {is}, not a regular file (a {what} is read from a regular file)"
            )));
        }
        if meta.len() > limit {
            return Err(refused(format!(
                "it is {}, more than the {} a {what} may be",
                size_in_words(meta.len()),
                size_in_words(limit)
            )));
        }
        Ok(NamedFile {
            file,
            left: limit,
            limit,
            what,
        })
    }

    /// The whole file as text (UTF-8).
    pub fn read_text(mut self) -> io::Result<String> {
        let mut text = String::new();
        self.read_to_string(&mut text)?;
        Ok(text)
    }
}

/// What a special file is, in words.
fn special(kind: &std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (a named pipe)".into();
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device".into();
        }
        if kind.is_socket() {
            return "a socket".into();
        }
    }
    let _ = kind;
    "a special file".into()
}

impl Read for NamedFile {
    /// Reads as a file does, but a byte beyond the limit is an error (a file that grew, or a
    /// file of the kernel whose size says 0), never a silent truncation.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            return match self.file.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(refused(format!(
                    "it holds more than the {} a {} may be",
                    size_in_words(self.limit),
                    self.what
                ))),
            };
        }
        let n = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let got = self.file.read(&mut buf[..n])?;
        self.left -= got as u64;
        Ok(got)
    }
}

impl Seek for NamedFile {
    /// Moves as a file does; the limit counts from the start of the file.
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let at = self.file.seek(pos)?;
        self.left = self.limit.saturating_sub(at);
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(r: io::Result<NamedFile>) -> String {
        r.expect_err("refused").to_string()
    }

    #[test]
    fn what_is_not_a_regular_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let e = message(NamedFile::open(dir.path(), "model file", 100));
        assert_eq!(
            e,
            "it is a directory, not a regular file (a model file is read from a regular file)"
        );
        let e = message(NamedFile::open(Path::new("/dev/zero"), "CSV file", 100));
        assert!(e.starts_with("it is a device, not a regular file"), "{e}");
        // A FIFO with no writer: opening must not wait for one.
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = message(NamedFile::open(&fifo, "picture", 100));
        assert!(e.starts_with("it is a FIFO (a named pipe)"), "{e}");
        let missing = NamedFile::open(&dir.path().join("none"), "picture", 100).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn a_file_over_the_limit_is_refused_from_its_size_and_never_read_past_it() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        // Sparse: 3 GB claimed, nothing written.
        std::fs::File::create(&big)
            .unwrap()
            .set_len(3_000_000_000)
            .unwrap();
        let e = message(NamedFile::open(&big, "model file", 1_000_000_000));
        assert_eq!(e, "it is 3 GB, more than the 1 GB a model file may be");
        let small = dir.path().join("small");
        std::fs::write(&small, "hello").unwrap();
        assert_eq!(
            NamedFile::open(&small, "text", 5)
                .unwrap()
                .read_text()
                .unwrap(),
            "hello"
        );
        // A file that grows after it was measured is caught at the limit.
        let mut f = NamedFile::open(&small, "text", 5).unwrap();
        std::fs::write(&small, "hello, world").unwrap();
        let mut text = String::new();
        let e = f.read_to_string(&mut text).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it holds more than the 5 bytes a text may be"
        );
        // Seeking back counts from the start again.
        let mut f = NamedFile::open(&small, "text", 20).unwrap();
        f.read_to_end(&mut Vec::new()).unwrap();
        f.seek(SeekFrom::Start(7)).unwrap();
        assert_eq!(f.read_text().unwrap(), "world");
        // A kernel file whose size says 0 is still bounded.
        let mut f = NamedFile::open(Path::new("/proc/self/status"), "status", 10).unwrap();
        assert!(f.read_to_end(&mut Vec::new()).is_err());
    }

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(size_in_words(512), "512 bytes");
        assert_eq!(size_in_words(1_500), "1.5 kB");
        assert_eq!(size_in_words(256_000_000), "256 MB");
        assert_eq!(size_in_words(1_000_000_000), "1 GB");
    }
}
