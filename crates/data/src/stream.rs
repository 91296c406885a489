//! Out-of-core learning (the lecture's アウトオブコア学習): read a part of a file from disk, learn
//! from it, discard it, read the next part. [`ChunkedBatches`] yields shuffled mini-batches while
//! holding at most one chunk of rows in memory, from a numeric CSV ([`CsvRows`]) or an IDX
//! image/label pair ([`IdxRows`]).
//!
//! Shuffling is within each chunk (a file sorted by class should be shuffled once on disk first).
//! A batch never spans two chunks: the chunk size is rounded up to a multiple of the batch size.
//! For another epoch, open the stream again with another seed.

use crate::csv_load::is_missing;
use crate::dataset::Batch;
use crate::error::{DataError, Result};
use crate::idx::IdxReader;
use nalgebra::DMatrix;
use nn_core::Float;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};

/// A file read row by row: each row is `n_features()` numbers and a label.
pub trait RowSource {
    /// Features per row.
    fn n_features(&self) -> usize;
    /// Number of classes (width of the one-hot targets).
    fn n_classes(&self) -> usize;
    /// Appends up to `k` rows to `x` (row-major) and `labels`; returns how many were read
    /// (0 at the end of the file).
    fn read_rows<T: Float>(
        &mut self,
        k: usize,
        x: &mut Vec<T>,
        labels: &mut Vec<usize>,
    ) -> Result<usize>;
}

/// Rows of a CSV file whose columns are all numbers except the label column.
pub struct CsvRows {
    path: PathBuf,
    reader: csv::Reader<Box<dyn std::io::Read>>,
    header: Vec<String>,
    target: usize,
    class_names: Vec<String>,
    record: csv::StringRecord,
}

impl std::fmt::Debug for CsvRows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvRows")
            .field("path", &self.path)
            .field("header", &self.header)
            .finish()
    }
}

impl CsvRows {
    /// Opens `path` (plain or gzip). A label cell is a class name from `class_names` or a class
    /// index below `class_names.len()`; every other cell must be a finite number.
    pub fn open(path: impl AsRef<Path>, target: &str, class_names: &[&str]) -> Result<Self> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| DataError::io("read", path, e))?;
        let mut file = std::io::BufReader::new(file);
        let gz = std::io::BufRead::fill_buf(&mut file)
            .map_err(|e| DataError::io("read", path, e))?
            .starts_with(&crate::idx::GZIP_MAGIC);
        let inner: Box<dyn std::io::Read> = if gz {
            Box::new(flate2::read::MultiGzDecoder::new(file))
        } else {
            Box::new(file)
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(inner);
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| DataError::BadRow {
                path: path.to_path_buf(),
                line: 1,
                expected: "a header line".into(),
                found: e.to_string(),
            })?
            .iter()
            .map(str::to_string)
            .collect();
        if header.is_empty() {
            return Err(DataError::EmptyCsv {
                path: path.to_path_buf(),
            });
        }
        let Some(t) = header.iter().position(|h| h == target) else {
            return Err(DataError::MissingColumn {
                path: path.to_path_buf(),
                column: target.into(),
                available: header.join(", "),
            });
        };
        Ok(CsvRows {
            path: path.to_path_buf(),
            reader,
            header,
            target: t,
            class_names: class_names.iter().map(|s| s.to_string()).collect(),
            record: csv::StringRecord::new(),
        })
    }
}

impl RowSource for CsvRows {
    fn n_features(&self) -> usize {
        self.header.len() - 1
    }

    fn n_classes(&self) -> usize {
        self.class_names.len()
    }

    fn read_rows<T: Float>(
        &mut self,
        k: usize,
        x: &mut Vec<T>,
        labels: &mut Vec<usize>,
    ) -> Result<usize> {
        for got in 0..k {
            let more =
                self.reader
                    .read_record(&mut self.record)
                    .map_err(|e| DataError::BadRow {
                        path: self.path.clone(),
                        line: e.position().map_or(0, |p| p.line()),
                        expected: format!("{} fields of UTF-8 text", self.header.len()),
                        found: e.to_string(),
                    })?;
            if !more {
                return Ok(got);
            }
            let line = self.record.position().map_or(0, |p| p.line());
            let bad = |j: usize, expected: String, found: &str| DataError::BadCell {
                path: self.path.clone(),
                line,
                column: j + 1,
                name: self.header[j].clone(),
                expected,
                found: found.into(),
            };
            for (j, cell) in self.record.iter().enumerate() {
                if j == self.target {
                    let label = self
                        .class_names
                        .iter()
                        .position(|n| n == cell)
                        .or_else(|| cell.parse::<usize>().ok());
                    match label.filter(|&l| l < self.class_names.len()) {
                        Some(l) => labels.push(l),
                        None => {
                            let expected =
                                format!("a class name ({}) or index", self.class_names.join(", "));
                            return Err(bad(j, expected, cell));
                        }
                    }
                } else {
                    match cell.parse::<f64>() {
                        Ok(v) if v.is_finite() && !is_missing(cell) => x.push(T::of(v)),
                        _ => return Err(bad(j, "a finite number".into(), cell)),
                    }
                }
            }
        }
        Ok(k)
    }
}

/// Images and labels of an IDX pair, read item by item (pixels scaled to [0, 1]).
#[derive(Debug)]
pub struct IdxRows {
    images: IdxReader,
    labels: IdxReader,
    n_classes: usize,
    bytes: Vec<u8>,
    label_bytes: Vec<u8>,
}

impl IdxRows {
    /// Opens an image file and its label file (raw or gzip), checking that the counts agree.
    pub fn open(
        images: impl AsRef<Path>,
        labels: impl AsRef<Path>,
        n_classes: usize,
    ) -> Result<Self> {
        let (images, labels) = (IdxReader::open(images)?, IdxReader::open(labels)?);
        if labels.dims().len() != 1 {
            return Err(DataError::BadIdx {
                path: labels.path().to_path_buf(),
                what: "dimensions",
                expected: "1 (one label per item)".into(),
                found: format!("{:?}", labels.dims()),
            });
        }
        if images.n_items() != labels.n_items() {
            return Err(DataError::CountMismatch {
                left: images.path().to_path_buf(),
                left_count: images.n_items(),
                right: labels.path().to_path_buf(),
                right_count: labels.n_items(),
            });
        }
        Ok(IdxRows {
            images,
            labels,
            n_classes,
            bytes: Vec::new(),
            label_bytes: Vec::new(),
        })
    }
}

impl RowSource for IdxRows {
    fn n_features(&self) -> usize {
        self.images.item_len()
    }

    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn read_rows<T: Float>(
        &mut self,
        k: usize,
        x: &mut Vec<T>,
        labels: &mut Vec<usize>,
    ) -> Result<usize> {
        self.bytes.clear();
        self.label_bytes.clear();
        let got = self.images.read_items(k, &mut self.bytes)?;
        self.labels.read_items(got, &mut self.label_bytes)?;
        let scale = T::of(1.0 / 255.0);
        x.extend(self.bytes.iter().map(|&b| T::of(f64::from(b)) * scale));
        for (i, &l) in self.label_bytes.iter().enumerate() {
            if l as usize >= self.n_classes {
                return Err(DataError::BadIdx {
                    path: self.labels.path().to_path_buf(),
                    what: "label",
                    expected: format!(
                        "labels 0 to {} (a later item, {i} in this chunk)",
                        self.n_classes.saturating_sub(1)
                    ),
                    found: l.to_string(),
                });
            }
            labels.push(l as usize);
        }
        Ok(got)
    }
}

/// Shuffled mini-batches from a [`RowSource`], holding at most one chunk in memory.
#[derive(Debug)]
pub struct ChunkedBatches<S: RowSource, T: Float> {
    source: S,
    chunk_rows: usize,
    batch_size: usize,
    rng: ChaCha8Rng,
    x: Vec<T>,
    labels: Vec<usize>,
    order: Vec<usize>,
    pos: usize,
    max_rows_held: usize,
    rows_read: usize,
    failed: bool,
}

impl<S: RowSource, T: Float> ChunkedBatches<S, T> {
    /// Streams `source` in chunks of about `chunk_rows` rows (rounded up to a multiple of
    /// `batch_size`), yielding batches of `batch_size`, shuffled within each chunk by `seed`.
    /// Errors if `batch_size` is 0.
    pub fn new(source: S, chunk_rows: usize, batch_size: usize, seed: u64) -> Result<Self> {
        if batch_size == 0 {
            return Err(DataError::invalid("batch_size", "at least 1", 0));
        }
        let chunk_rows = chunk_rows.max(1).div_ceil(batch_size) * batch_size;
        Ok(ChunkedBatches {
            source,
            chunk_rows,
            batch_size,
            rng: ChaCha8Rng::seed_from_u64(seed),
            x: Vec::new(),
            labels: Vec::new(),
            order: Vec::new(),
            pos: 0,
            max_rows_held: 0,
            rows_read: 0,
            failed: false,
        })
    }

    /// The most rows ever held in memory at once (at most the chunk size).
    pub fn max_rows_held(&self) -> usize {
        self.max_rows_held
    }

    /// Rows read from the file so far.
    pub fn rows_read(&self) -> usize {
        self.rows_read
    }

    /// The chunk size actually used.
    pub fn chunk_rows(&self) -> usize {
        self.chunk_rows
    }

    fn load_chunk(&mut self) -> Result<usize> {
        self.x.clear();
        self.labels.clear();
        let got = self
            .source
            .read_rows(self.chunk_rows, &mut self.x, &mut self.labels)?;
        self.rows_read += got;
        self.max_rows_held = self.max_rows_held.max(self.labels.len());
        self.order = (0..got).collect();
        self.order.shuffle(&mut self.rng);
        self.pos = 0;
        Ok(got)
    }
}

// ANCHOR: chunked_next
impl<S: RowSource, T: Float> Iterator for ChunkedBatches<S, T> {
    type Item = Result<Batch<T>>;

    fn next(&mut self) -> Option<Result<Batch<T>>> {
        if self.failed {
            return None;
        }
        if self.pos >= self.order.len() {
            match self.load_chunk() {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
        let hi = (self.pos + self.batch_size).min(self.order.len());
        let idx = &self.order[self.pos..hi];
        self.pos = hi;
        let f = self.source.n_features();
        let x = DMatrix::from_fn(idx.len(), f, |r, c| self.x[idx[r] * f + c]);
        let labels: Vec<usize> = idx.iter().map(|&i| self.labels[i]).collect();
        let t = nn_core::one_hot(&labels, self.source.n_classes());
        Some(Ok(Batch { x, labels, t }))
    }
}
// ANCHOR_END: chunked_next

/// Streams a numeric CSV (see [`CsvRows::open`]) in chunks.
pub fn stream_csv<T: Float>(
    path: impl AsRef<Path>,
    target: &str,
    class_names: &[&str],
    chunk_rows: usize,
    batch_size: usize,
    seed: u64,
) -> Result<ChunkedBatches<CsvRows, T>> {
    ChunkedBatches::new(
        CsvRows::open(path, target, class_names)?,
        chunk_rows,
        batch_size,
        seed,
    )
}

/// Streams an IDX image/label pair (10 classes, e.g. MNIST's training files) in chunks.
pub fn stream_idx<T: Float>(
    images: impl AsRef<Path>,
    labels: impl AsRef<Path>,
    chunk_rows: usize,
    batch_size: usize,
    seed: u64,
) -> Result<ChunkedBatches<IdxRows, T>> {
    ChunkedBatches::new(
        IdxRows::open(images, labels, 10)?,
        chunk_rows,
        batch_size,
        seed,
    )
}
