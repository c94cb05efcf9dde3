//! Word lists compiled into the crate: cue verbs, source nouns, outlets,
//! vague and anonymous phrases. Data lives in the `.txt` files beside this
//! module (one entry a line, `#` comments) so changing a list needs no code.

/// The entries of a lexicon file: trimmed, non-empty, comments skipped.
pub fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A map keyed by lexicon entries, with [`WordHasher`].
pub type WordMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;
/// A set of lexicon entries, with [`WordHasher`].
pub type WordSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<WordHasher>>;

/// A fast hash for short words (the multiply-rotate scheme of rustc's FxHash).
///
/// Why: every token of the article is looked up in a word list or two, and
/// the standard SipHash costs more than the rest of a lookup. Only for maps
/// whose keys are our own lists: page text is hostile, and a map keyed by it
/// could be fed colliding keys, so those keep the standard seeded hasher.
#[derive(Debug, Default, Clone, Copy)]
pub struct WordHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
