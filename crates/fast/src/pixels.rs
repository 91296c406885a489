//! Where the training images live: memory the operating system is asked to back with 2 MB
//! "huge" pages instead of 4 KB ones.
//!
//! Every mini-batch reads 100 images from random places in the 47 MB training set. With 4 KB
//! pages each image sits on its own page, and the processor must look up a fresh address
//! translation for almost every image — in a training step that also streams the weights through
//! the caches, gathering the batch then costs about as much as the matrix products. With 2 MB
//! pages the whole set needs 24 translations, which stay cached. (NumPy asks for huge pages for
//! its large arrays in the same way.) This is a request: where it is refused, or on systems
//! without it, the bytes live in an ordinary `Vec` and everything works the same, only slower.

use memmap2::MmapMut;
use std::ops::{Deref, DerefMut};

/// Size and alignment of a huge page.
const HUGE: usize = 2 << 20;

/// A byte buffer, in huge pages where the system grants them.
pub struct Pixels {
    storage: Storage,
    len: usize,
}

enum Storage {
    Huge { map: MmapMut, offset: usize },
    Plain(Vec<u8>),
}

impl Pixels {
    /// A copy of `bytes`.
    pub fn from_slice(bytes: &[u8]) -> Self {
        let len = bytes.len();
        let storage = match huge_map(len) {
            Some((mut map, offset)) => {
                map[offset..offset + len].copy_from_slice(bytes);
                Storage::Huge { map, offset }
            }
            None => Storage::Plain(bytes.to_vec()),
        };
        Pixels { storage, len }
    }

    /// Keeps the first `len` bytes.
    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    /// Whether the buffer was mapped with the huge-page request.
    pub fn is_huge_request(&self) -> bool {
        matches!(self.storage, Storage::Huge { .. })
    }
}

/// An anonymous mapping with room for `len` bytes from a 2 MB boundary, advised to use huge
/// pages; `None` where mapping or advice is not available.
fn huge_map(len: usize) -> Option<(MmapMut, usize)> {
    if len < HUGE {
        return None;
    }
    #[cfg(target_os = "linux")]
    {
        let map = MmapMut::map_anon(len + HUGE).ok()?;
        map.advise(memmap2::Advice::HugePage).ok()?;
        let offset = (HUGE - map.as_ptr() as usize % HUGE) % HUGE;
        Some((map, offset))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

impl Deref for Pixels {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        match &self.storage {
            Storage::Huge { map, offset } => &map[*offset..*offset + self.len],
            Storage::Plain(v) => &v[..self.len],
        }
    }
}

impl DerefMut for Pixels {
    #[inline]
    fn deref_mut(&mut self) -> &mut [u8] {
        match &mut self.storage {
            Storage::Huge { map, offset } => &mut map[*offset..*offset + self.len],
            Storage::Plain(v) => &mut v[..self.len],
        }
    }
}

impl Clone for Pixels {
    fn clone(&self) -> Self {
        Pixels::from_slice(self)
    }
}

impl std::fmt::Debug for Pixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Pixels({} bytes, huge pages requested: {})",
            self.len,
            self.is_huge_request()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_the_same_bytes_large_or_small_and_truncates() {
        for len in [10, 3 * HUGE + 5] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let mut p = Pixels::from_slice(&bytes);
            assert_eq!(&p[..], &bytes[..]);
            assert_eq!(&p.clone()[..], &bytes[..]);
            p[0] = 7;
            assert_eq!(p[0], 7);
            p.truncate(4);
            assert_eq!(p.len(), 4);
            assert_eq!(&p[1..], &bytes[1..4]);
        }
    }
}
