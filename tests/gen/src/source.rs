//! Choices decoded from bytes.
//!
//! Every decision of the generator is one call here, read from an [`arbitrary::Unstructured`]
//! over the input bytes. When the bytes run out every call returns its *smallest* choice (the
//! low end of a range, `false` for a chance, the first item of a list), so a shorter input is
//! always a simpler model: proptest shrinks byte vectors toward small models, and libFuzzer's
//! inputs mean something from the first byte.

use arbitrary::Unstructured;

/// The decision source of one generated case.
pub struct Source<'a> {
    u: Unstructured<'a>,
}

impl<'a> Source<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Source {
            u: Unstructured::new(bytes),
        }
    }

    /// A number in `lo..=hi` (`lo` once the bytes are used up).
    pub fn int(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        self.u.int_in_range(lo..=hi).unwrap_or(lo)
    }

    /// True with roughly `percent`% probability; false once the bytes are used up.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.int(0, 99) >= 100u32.saturating_sub(percent)
    }

    /// Index into a list of `len` items (0 when empty or used up).
    pub fn index(&mut self, len: usize) -> usize {
        if len == 0 {
            return 0;
        }
        let hi = u32::try_from(len - 1).unwrap_or(u32::MAX);
        self.int(0, hi) as usize
    }

    /// One item of a non-empty slice.
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())].clone()
    }
}
