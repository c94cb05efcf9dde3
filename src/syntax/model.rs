//! The weight file of a hashed linear model, as embedded in the crate.
//!
//! Layout (little endian): magic, feature version (u16), classes (u16),
//! log2 of the row count (u8), kind (u8), reserved (u16), scale (f32),
//! FNV-1a checksum of everything after the header (u32), length of the
//! class names (u32), the names (newline-separated), then the `rows ×
//! classes` i8 weights, row-major (one feature's weights for every class
//! sit in one cache line), stored one of two ways:
//! - `SCW1`, dense: every weight.
//! - `SCW2`, sparse: a bitmap of the rows with a non-zero weight, then for
//!   each such row a bitmap of its non-zero classes and those weights. Why:
//!   most weights of a large table are zero (features never seen, or
//!   rounded away), and the wasm file must stay under 4 MiB. It is decoded
//!   once at load into the dense table, so scoring is the same either way.
//!
//! The writer picks whichever is smaller.

/// Bumped whenever a feature template changes (`features.rs`, the models'
/// `features` functions): a model trained on other features is refused at
/// build time (`build.rs` reads this file) and at load.
pub const FEATURE_VERSION: u16 = 2;

const DENSE: &[u8; 4] = b"SCW1";
const SPARSE: &[u8; 4] = b"SCW2";
const HEADER: usize = 24;

/// Which model a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Part-of-speech tagger.
    Tagger = 0,
    /// Transition parser.
    Parser = 1,
    /// Relation labeller.
    Labeler = 2,
    /// Attribution cue classifier.
    Cue = 3,
    /// Attribution source ranker.
    Source = 4,
    /// Attribution content ranker.
    Content = 5,
    /// Check-worthiness of a sentence (`claims::learn`).
    Claim = 6,
}

/// Quantised weights: `rows × classes` i8 and the scale back to floats.
#[derive(Debug, Clone)]
pub struct Weights {
    /// Number of classes (columns).
    pub classes: usize,
    /// log2 of the number of rows.
    pub log2: u32,
    /// Which model this is.
    pub kind: u8,
    /// Weight = i8 × scale.
    pub scale: f32,
    /// The class names.
    pub names: Vec<String>,
    data: std::borrow::Cow<'static, [u8]>,
}

/// FNV-1a, 32 bits.
pub fn checksum(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h
}

impl Weights {
    /// Reads a weight file, checking its header and sizes. The checksum is
    /// left to [`Weights::check`], which `build.rs` runs on the embedded
    /// files: bytes compiled into the crate cannot change after that, and
    /// hashing megabytes again would cost every engine start a few ms.
    pub fn from_bytes(bytes: &'static [u8]) -> Result<Weights, String> {
        let (w, body) = Self::parse(bytes, false)?;
        let data = if &bytes[..4] == DENSE {
            std::borrow::Cow::Borrowed(&bytes[body..])
        } else {
            std::borrow::Cow::Owned(decode(&bytes[body..], w.classes, w.log2)?)
        };
        Ok(Weights { data, ..w })
    }

    /// The header and class names, and where the weights begin.
    fn parse(bytes: &[u8], verify: bool) -> Result<(Weights, usize), String> {
        if bytes.len() < HEADER {
            return Err(format!("{} bytes: too short for a model (untrained? run ./build.sh train)", bytes.len()));
        }
        let dense = &bytes[..4] == DENSE;
        if !dense && &bytes[..4] != SPARSE {
            return Err("not a sourcecheck model file (bad magic)".into());
        }
        let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let version = u16_at(4);
        let classes = usize::from(u16_at(6));
        let log2 = u32::from(bytes[8]);
        let kind = bytes[9];
        if version != FEATURE_VERSION {
            return Err(format!("trained on feature version {version}, the code has {FEATURE_VERSION}: retrain"));
        }
        let scale = f32::from_bits(u32_at(12));
        let sum = u32_at(16);
        let names_len = u32_at(20) as usize;
        if classes == 0 || log2 > 26 || !(scale.is_finite() && scale > 0.0) {
            return Err("bad header".into());
        }
        let data_len = classes << log2;
        if dense && bytes.len() != HEADER + names_len + data_len {
            return Err(format!("{} bytes, the header says {}", bytes.len(), HEADER + names_len + data_len));
        }
        if bytes.len() < HEADER + names_len {
            return Err(format!("{} bytes: shorter than the header and names", bytes.len()));
        }
        if verify && checksum(&bytes[HEADER..]) != sum {
            return Err("checksum mismatch: the file is corrupt".into());
        }
        let names: Vec<String> = std::str::from_utf8(&bytes[HEADER..HEADER + names_len])
            .map_err(|_| "class names are not UTF-8")?
            .split('\n')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if names.len() != classes {
            return Err(format!("{} class names for {classes} classes", names.len()));
        }
        Ok((Weights { classes, log2, kind, scale, names, data: std::borrow::Cow::Borrowed(&[]) }, HEADER + names_len))
    }

    /// Checks a file without keeping it, checksum and sparse encoding
    /// included (build.rs, tests).
    pub fn check(bytes: &[u8]) -> Result<(), String> {
        let (w, body) = Self::parse(bytes, true)?;
        if &bytes[..4] == SPARSE {
            decode(&bytes[body..], w.classes, w.log2)?;
        }
        Ok(())
    }

    /// Quantised weights from floats: the scale maps the 99.99th percentile
    /// of |w| to 127 (larger weights are clipped), so that a few outliers do
    /// not take the resolution from the rest.
    pub fn quantize(kind: Kind, classes: usize, log2: u32, names: &[String], w: &[f32]) -> Weights {
        let mut mags: Vec<f32> = w.iter().map(|x| x.abs()).filter(|&x| x > 0.0).collect();
        mags.sort_by(f32::total_cmp);
        let top = mags.get(mags.len().saturating_sub(1 + mags.len() / 10_000)).copied().unwrap_or(1.0);
        let scale = (top / 127.0).max(f32::MIN_POSITIVE);
        let data: Vec<u8> = w.iter().map(|&x| ((x / scale).round().clamp(-127.0, 127.0) as i8) as u8).collect();
        Weights { classes, log2, kind: kind as u8, scale, names: names.to_vec(), data: std::borrow::Cow::Owned(data) }
    }

    /// The same weights under other class names (which may carry a
    /// decision threshold found after quantising).
    pub fn with_names(self, names: Vec<String>) -> Weights {
        Weights { names, ..self }
    }

    /// The file's bytes, in the smaller of the two encodings.
    pub fn to_bytes(&self) -> Vec<u8> {
        let sparse = encode(&self.data, self.classes, self.log2);
        let (magic, weights) =
            if sparse.len() < self.data.len() { (SPARSE, &sparse[..]) } else { (DENSE, &self.data[..]) };
        let names = self.names.join("\n").into_bytes();
        let mut body = names.clone();
        body.extend_from_slice(weights);
        let mut out = Vec::with_capacity(HEADER + body.len());
        out.extend_from_slice(magic);
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.classes as u16).to_le_bytes());
        out.push(self.log2 as u8);
        out.push(self.kind);
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&self.scale.to_bits().to_le_bytes());
        out.extend_from_slice(&checksum(&body).to_le_bytes());
        out.extend_from_slice(&(names.len() as u32).to_le_bytes());
        out.extend_from_slice(&body);
        out
    }

    /// The row of feature hash `h`.
    #[inline]
    pub fn row(&self, h: u64) -> usize {
        (h >> (64 - self.log2)) as usize
    }

    /// Adds the weights of every feature to `scores` (one i32 per class).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        let c = self.classes;
        scores[..c].iter_mut().for_each(|s| *s = 0);
        for &h in feats {
            let r = self.row(h) * c;
            let row = &self.data[r..r + c];
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += i32::from(w as i8);
            }
        }
    }
}

/// The sparse encoding of a dense table (see the module's doc).
fn encode(data: &[u8], classes: usize, log2: u32) -> Vec<u8> {
    let rows = 1usize << log2;
    let mut bitmap = vec![0u8; rows.div_ceil(8)];
    let mut rest = Vec::new();
    for (r, row) in data.chunks_exact(classes).enumerate() {
        if row.iter().all(|&w| w == 0) {
            continue;
        }
        bitmap[r / 8] |= 1 << (r % 8);
        let mut mask = vec![0u8; classes.div_ceil(8)];
        for (c, &w) in row.iter().enumerate() {
            if w != 0 {
                mask[c / 8] |= 1 << (c % 8);
            }
        }
        rest.extend_from_slice(&mask);
        rest.extend(row.iter().copied().filter(|&w| w != 0));
    }
    bitmap.extend_from_slice(&rest);
    bitmap
}

/// The dense table of a sparse encoding; an error if it is truncated or
/// has bytes left over.
fn decode(enc: &[u8], classes: usize, log2: u32) -> Result<Vec<u8>, String> {
    let rows = 1usize << log2;
    let bitmap = enc.get(..rows.div_ceil(8)).ok_or("sparse weights: truncated row bitmap")?;
    let mask_len = classes.div_ceil(8);
    let mut out = vec![0u8; classes << log2];
    let mut pos = bitmap.len();
    let truncated = || "sparse weights: truncated".to_string();
    for (i, &bits) in bitmap.iter().enumerate() {
        let mut bits = bits;
        while bits != 0 {
            let r = i * 8 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if r >= rows {
                return Err("sparse weights: a row past the table".into());
            }
            let mask = enc.get(pos..pos + mask_len).ok_or_else(truncated)?;
            pos += mask_len;
            let set = mask.iter().map(|b| b.count_ones() as usize).sum::<usize>();
            let weights = enc.get(pos..pos + set).ok_or_else(truncated)?;
            pos += set;
            let row = &mut out[r * classes..(r + 1) * classes];
            // Why two ways: the engine decodes at every start, and a full
            // row (most of a tagger's) is one copy.
            if set == classes {
                row.copy_from_slice(weights);
                continue;
            }
            let mut next = weights.iter();
            for (k, &byte) in mask.iter().enumerate() {
                let mut bits = byte;
                while bits != 0 {
                    let c = k * 8 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let w = row.get_mut(c).ok_or("sparse weights: a class past the row")?;
                    *w = *next.next().expect("counted above");
                }
            }
        }
    }
    if pos != enc.len() {
        return Err(format!("sparse weights: {} bytes left over", enc.len() - pos));
    }
    Ok(out)
}

/// Float weights in the same layout, for training (averaged perceptron).
#[derive(Debug, Clone)]
pub struct Dense {
    /// Number of classes.
    pub classes: usize,
    /// log2 of the rows.
    pub log2: u32,
    /// Current weights.
    pub w: Vec<f32>,
    /// Σ step × update, for the average.
    acc: Vec<f64>,
    /// Updates so far (the averaging clock).
    pub step: u64,
}

impl Dense {
    /// Zero weights.
    pub fn new(classes: usize, log2: u32) -> Self {
        let n = classes << log2;
        Dense { classes, log2, w: vec![0.0; n], acc: vec![0.0; n], step: 1 }
    }
    /// Fixed weights (an averaged snapshot), for scoring only.
    pub fn frozen(classes: usize, log2: u32, w: Vec<f32>) -> Self {
        Dense { classes, log2, w, acc: Vec::new(), step: 1 }
    }
    /// Row of a feature.
    #[inline]
    pub fn row(&self, h: u64) -> usize {
        (h >> (64 - self.log2)) as usize
    }
    /// Scores of every class.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let c = self.classes;
        scores[..c].iter_mut().for_each(|s| *s = 0.0);
        for &h in feats {
            let r = self.row(h) * c;
            for (s, w) in scores.iter_mut().zip(&self.w[r..r + c]) {
                *s += *w;
            }
        }
    }
    /// Perceptron update: `good` up, `bad` down, by `by`.
    pub fn update(&mut self, feats: &[u64], good: usize, bad: usize, by: f32) {
        if good == bad {
            return;
        }
        let c = self.classes;
        let t = self.step as f64;
        for &h in feats {
            let r = self.row(h) * c;
            self.w[r + good] += by;
            self.acc[r + good] += t * f64::from(by);
            self.w[r + bad] -= by;
            self.acc[r + bad] -= t * f64::from(by);
        }
    }
    /// Adds `by` to one class's weights of every feature (ranking updates).
    pub fn add(&mut self, feats: &[u64], class: usize, by: f32) {
        let c = self.classes;
        let t = self.step as f64;
        for &h in feats {
            let r = self.row(h) * c + class;
            self.w[r] += by;
            self.acc[r] += t * f64::from(by);
        }
    }
    /// Advances the averaging clock (once per decision).
    pub fn tick(&mut self) {
        self.step += 1;
    }
    /// The averaged weights.
    pub fn averaged(&self) -> Vec<f32> {
        let t = self.step as f64;
        self.w.iter().zip(&self.acc).map(|(&w, &a)| (f64::from(w) - a / t) as f32).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table with empty rows, full rows and rows with a few classes set,
    /// 20 classes (a mask of three bytes).
    fn table() -> Weights {
        let (classes, log2) = (20, 6);
        let w: Vec<f32> = (0..classes << log2)
            .map(|i| {
                let (r, c) = (i / classes, i % classes);
                match r % 3 {
                    0 => 0.0,
                    1 => (c as f32) - 9.5,
                    _ if c % 7 == 3 => -(r as f32),
                    _ => 0.0,
                }
            })
            .collect();
        let names: Vec<String> = (0..classes).map(|c| format!("c{c}")).collect();
        Weights::quantize(Kind::Tagger, classes, log2, &names, &w)
    }

    #[test]
    fn a_sparse_file_reads_back_as_the_same_table() {
        let w = table();
        let bytes = w.to_bytes();
        assert_eq!(&bytes[..4], SPARSE, "a table a third empty is written sparse");
        Weights::check(&bytes).unwrap();
        let back = Weights::from_bytes(Box::leak(bytes.into_boxed_slice())).unwrap();
        assert_eq!(back.data, w.data);
        assert_eq!(back.names, w.names);
    }

    #[test]
    fn a_cut_or_padded_sparse_file_is_refused() {
        let bytes = table().to_bytes();
        let cut = &bytes[..bytes.len() - 1];
        assert!(Weights::check(cut).is_err());
        let mut padded = bytes.clone();
        padded.push(0);
        assert!(Weights::check(&padded).is_err());
    }
}
