//! The IDX file format of MNIST, read safely: raw or gzip (detected by the gzip magic bytes),
//! with the magic number, the dimensions, the exact data length and the absence of trailing data
//! all checked. Only the unsigned-byte type (`0x08`, the one MNIST uses) is supported.
//!
//! Layout: two zero bytes, a type byte, the number of dimensions d, then d big-endian u32 sizes,
//! then the items, each the product of the sizes after the first.

use crate::error::{DataError, Result};
use flate2::read::MultiGzDecoder;
use nn_core::NamedFile;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// The largest IDX file read, compressed or not: 256 MB (MNIST's training images are 47 MB raw).
pub const IDX_FILE_LIMIT: u64 = 256_000_000;

/// The IDX type code for unsigned bytes.
pub const TYPE_U8: u8 = 0x08;
/// The most dimensions a file may declare.
pub const MAX_DIMS: usize = 8;
/// The first two bytes of every gzip stream.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A whole IDX array in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdxArray {
    /// Sizes of the dimensions, e.g. `[60000, 28, 28]`.
    pub dims: Vec<usize>,
    /// The bytes, row-major (last dimension fastest).
    pub data: Vec<u8>,
}

/// Reads an IDX file one item (e.g. one image) at a time, so large files can be streamed.
/// [`IdxReader::finish`] checks that nothing follows the last item.
pub struct IdxReader {
    path: PathBuf,
    inner: Box<dyn Read>,
    dims: Vec<usize>,
    item_len: usize,
    read_items: usize,
}

impl std::fmt::Debug for IdxReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdxReader")
            .field("path", &self.path)
            .field("dims", &self.dims)
            .field("read_items", &self.read_items)
            .finish()
    }
}

fn bad(
    path: &Path,
    what: &'static str,
    expected: impl Into<String>,
    found: impl ToString,
) -> DataError {
    DataError::BadIdx {
        path: path.to_path_buf(),
        what,
        expected: expected.into(),
        found: found.to_string(),
    }
}

fn unreadable(path: &Path, e: std::io::Error) -> DataError {
    bad(
        path,
        "data",
        "a readable file (a valid gzip stream if compressed)",
        e,
    )
}

/// Reads until `buf` is full or the stream ends; returns how many bytes were read.
fn read_full(r: &mut dyn Read, buf: &mut [u8], path: &Path) -> Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(unreadable(path, e)),
        }
    }
    Ok(got)
}

impl IdxReader {
    /// Opens `path` (raw or gzip) and reads and checks its header.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let file = NamedFile::open(path, "data file", IDX_FILE_LIMIT)
            .map_err(|e| DataError::io("read", path, e))?;
        Self::from_reader(BufReader::new(file), path)
    }

    /// Like [`IdxReader::open`] from any reader; `path` only names the source in messages.
    pub fn from_reader(reader: impl Read + 'static, path: &Path) -> Result<Self> {
        let mut reader = BufReader::new(reader);
        let mut first = [0u8; 2];
        let n = read_full(&mut reader, &mut first, path)?;
        let head = std::io::Cursor::new(first[..n].to_vec()).chain(reader);
        let mut inner: Box<dyn Read> = if n == 2 && first == GZIP_MAGIC {
            Box::new(MultiGzDecoder::new(head))
        } else {
            Box::new(head)
        };
        let mut magic = [0u8; 4];
        let got = read_full(&mut inner, &mut magic, path)?;
        if got < 4 {
            return Err(bad(
                path,
                "header",
                "a 4-byte magic number",
                format!("{got} bytes"),
            ));
        }
        if magic[0] != 0
            || magic[1] != 0
            || magic[2] != TYPE_U8
            || magic[3] == 0
            || magic[3] as usize > MAX_DIMS
        {
            return Err(bad(
                path,
                "magic number",
                format!(
                    "0x000008NN (unsigned bytes, 1 to {MAX_DIMS} dimensions, e.g. 0x00000803 for images)"
                ),
                format!("0x{:08x}", u32::from_be_bytes(magic)),
            ));
        }
        let d = magic[3] as usize;
        let mut sizes = vec![0u8; 4 * d];
        let got = read_full(&mut inner, &mut sizes, path)?;
        if got < sizes.len() {
            return Err(bad(
                path,
                "dimensions",
                format!("{d} sizes ({} bytes)", 4 * d),
                format!("{got} bytes"),
            ));
        }
        let dims: Vec<usize> = sizes
            .chunks(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect();
        let item_len = dims[1..]
            .iter()
            .try_fold(1usize, |acc, &s| acc.checked_mul(s));
        let total = item_len.and_then(|l| l.checked_mul(dims[0]));
        let Some(item_len) = item_len.filter(|_| total.is_some_and(|t| t < (1 << 40))) else {
            return Err(bad(
                path,
                "dimensions",
                "a total size below 2^40 bytes",
                format!("{dims:?}"),
            ));
        };
        Ok(IdxReader {
            path: path.to_path_buf(),
            inner,
            dims,
            item_len,
            read_items: 0,
        })
    }

    /// The declared dimensions.
    pub fn dims(&self) -> &[usize] {
        &self.dims
    }

    /// The number of items (the first dimension).
    pub fn n_items(&self) -> usize {
        self.dims[0]
    }

    /// Bytes per item (product of the dimensions after the first; 1 for labels).
    pub fn item_len(&self) -> usize {
        self.item_len
    }

    /// How many items are still to be read.
    pub fn remaining(&self) -> usize {
        self.n_items() - self.read_items
    }

    /// The file this reader reads.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends the next `min(k, remaining)` items to `out` and returns how many were read.
    /// Errors if the file ends early.
    pub fn read_items(&mut self, k: usize, out: &mut Vec<u8>) -> Result<usize> {
        let k = k.min(self.remaining());
        let want = k * self.item_len;
        let start = out.len();
        // Grow with the data actually present, not with what the header claims.
        let got = match (&mut self.inner).take(want as u64).read_to_end(out) {
            Ok(got) => got,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => out.len() - start,
            Err(e) => {
                out.truncate(start);
                return Err(unreadable(&self.path, e));
            }
        };
        if got < want {
            out.truncate(start);
            let total = self.n_items() * self.item_len;
            let found = self.read_items * self.item_len + got;
            return Err(bad(
                &self.path,
                "length",
                format!("{total} data bytes for dimensions {:?}", self.dims),
                format!("only {found} (the file is truncated)"),
            ));
        }
        self.read_items += k;
        Ok(k)
    }

    /// Checks that every item was read and that no byte follows them.
    pub fn finish(mut self) -> Result<()> {
        if self.remaining() > 0 {
            let mut sink = Vec::new();
            self.read_items(self.remaining(), &mut sink)?;
        }
        let mut extra = [0u8; 1];
        let n = read_full(&mut self.inner, &mut extra, &self.path)?;
        if n > 0 {
            let mut rest = Vec::new();
            let more = (&mut self.inner)
                .take(1 << 20)
                .read_to_end(&mut rest)
                .unwrap_or(0);
            return Err(bad(
                &self.path,
                "length",
                format!(
                    "exactly {} data bytes for dimensions {:?}",
                    self.n_items() * self.item_len,
                    self.dims
                ),
                format!(
                    "{}{} more bytes after them (trailing data)",
                    1 + more,
                    if more == 1 << 20 { "+" } else { "" }
                ),
            ));
        }
        Ok(())
    }
}

/// Reads a whole IDX file (raw or gzip), checking header, length and trailing data.
pub fn read_idx(path: impl AsRef<Path>) -> Result<IdxArray> {
    read_idx_from(IdxReader::open(path)?)
}

/// Reads a whole IDX array from an opened reader (see [`read_idx`]).
pub fn read_idx_from(mut r: IdxReader) -> Result<IdxArray> {
    let mut data = Vec::new();
    r.read_items(r.n_items(), &mut data)?;
    let dims = r.dims.clone();
    r.finish()?;
    Ok(IdxArray { dims, data })
}

/// Encodes an unsigned-byte IDX array (header + data), uncompressed.
/// Errors if the data length does not match the dimensions.
pub fn encode_idx(dims: &[usize], data: &[u8]) -> Result<Vec<u8>> {
    let total = dims.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    if dims.is_empty()
        || dims.len() > MAX_DIMS
        || total != Some(data.len())
        || dims.iter().any(|&d| d > u32::MAX as usize)
    {
        return Err(DataError::invalid(
            "dims",
            format!(
                "1 to {MAX_DIMS} sizes whose product is the data length {}",
                data.len()
            ),
            format!("{dims:?}"),
        ));
    }
    let mut out = vec![0, 0, TYPE_U8, dims.len() as u8];
    for &d in dims {
        out.extend_from_slice(&(d as u32).to_be_bytes());
    }
    out.extend_from_slice(data);
    Ok(out)
}

/// Writes an unsigned-byte IDX file, gzipped when `path` ends in `.gz`, atomically
/// (temporary file in the same directory, then rename).
pub fn write_idx(path: impl AsRef<Path>, dims: &[usize], data: &[u8]) -> Result<()> {
    let path = path.as_ref();
    let bytes = encode_idx(dims, data)?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&bytes)
            .and_then(|_| enc.finish())
            .map_err(|e| DataError::io("compress", path, e))?
    } else {
        bytes
    };
    Ok(nn_core::write_atomically(path, &bytes)?)
}
