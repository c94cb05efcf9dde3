//! Feature hashing shared by training and prediction: one code path, so a
//! model always sees the features it was trained on.
//!
//! A feature is a template id mixed with one to three values (word hashes,
//! tags, distances); its hash picks a row of a model's weight table. No
//! feature strings are built: per token, the hashes of its normalised form,
//! affixes and shape are computed once ([`TokenFeatures`]).

/// Mixes a value into a hash: one rotate, xor and multiply (FxHash's
/// step). Rows are picked by the top bits of the product, which depend on
/// every bit of the input. Why not a stronger mixer: the parser computes
/// about 80 of these per transition, and this one costs a multiply.
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(26) ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A well-spread hash of a string's bytes (FNV-1a, then a finaliser).
fn finish(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A feature of template `t` with values `a`, `b`.
#[inline]
pub fn f2(t: u64, a: u64, b: u64) -> u64 {
    mix(mix(t.wrapping_mul(0x100_0000_01B3), a), b)
}

/// A feature of template `t` with values `a`, `b`, `c`.
#[inline]
pub fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(f2(t, a, b), c)
}

/// Hash of a string (FNV-1a, then mixed).
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
    }
    finish(h)
}

/// The form the models see: lower case, digits as 0, curly quotes straight,
/// dashes as "--". Why: news as scraped mixes quote styles and all-caps
/// headlines; the treebank's web text uses straight quotes.
pub fn normalize(form: &str) -> String {
    let mut s = String::with_capacity(form.len());
    for c in form.chars() {
        match c {
            '“' | '”' | '„' | '«' | '»' | '″' => s.push('"'),
            '‘' | '’' | '‚' | '′' | '`' => s.push('\''),
            '—' | '–' | '―' => s.push_str("--"),
            '…' => s.push_str("..."),
            c if c.is_ascii_digit() => s.push('0'),
            c => s.extend(c.to_lowercase()),
        }
    }
    if s == "-" {
        s.push('-');
    }
    s
}

/// The hash of a form's shape: runs of upper, lower, digit and other
/// characters, each run kept to two marks ("Kim" → "Xx", "U.S." → "X.X.",
/// "2016" → "dd"), hashed as it is read, with no string built.
pub fn shape_hash(form: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut last = '\0';
    let mut run = 0;
    for c in form.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
        } else {
            run = 1;
            last = k;
        }
        if run <= 2 {
            let mut buf = [0u8; 4];
            for &b in k.encode_utf8(&mut buf).as_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    finish(h)
}

/// Per-token hashes, computed once per sentence.
#[derive(Debug, Clone)]
pub struct TokenFeatures {
    /// Normalised form.
    pub word: Vec<u64>,
    /// Suffixes of 1 to 4 characters of the normalised form.
    pub suffix: Vec<[u64; 4]>,
    /// Prefixes of 1 to 3 characters.
    pub prefix: Vec<[u64; 3]>,
    /// Shape of the surface form (all-caps sentences read as lower case).
    pub shape: Vec<u64>,
    /// The normalised forms.
    pub norm: Vec<String>,
}

/// Hash standing for "no token here" (before the start, after the end).
pub const NONE: u64 = 0x5EED_0000_0000_0001;

impl TokenFeatures {
    /// Hashes for every token of a sentence.
    pub fn new(forms: &[String]) -> Self {
        // A headline in capitals: read its shapes as if it were lower case,
        // or every word looks like an acronym.
        let letters = |f: &String| f.chars().any(char::is_alphabetic);
        let words = forms.iter().filter(|f| letters(f)).count();
        let caps = forms.iter().filter(|f| letters(f) && !f.chars().any(char::is_lowercase)).count();
        let all_caps = words >= 3 && caps * 10 >= words * 8;
        let n = forms.len();
        let mut tf = TokenFeatures {
            word: Vec::with_capacity(n),
            suffix: Vec::with_capacity(n),
            prefix: Vec::with_capacity(n),
            shape: Vec::with_capacity(n),
            norm: Vec::with_capacity(n),
        };
        for (i, f) in forms.iter().enumerate() {
            let norm = normalize(f);
            // Byte starts of the last four characters and ends of the first three.
            let mut tail = [usize::MAX; 4];
            for (k, (b, _)) in norm.char_indices().rev().take(4).enumerate() {
                tail[k] = b;
            }
            let mut head = [usize::MAX; 3];
            for (k, (b, _)) in norm.char_indices().skip(1).take(3).enumerate() {
                head[k] = b;
            }
            let suf = |k: usize| if tail[k] == usize::MAX { NONE } else { hash_str(&norm[tail[k]..]) };
            let pre = |k: usize| if head[k] == usize::MAX { NONE } else { hash_str(&norm[..head[k]]) };
            tf.word.push(hash_str(&norm));
            tf.suffix.push([suf(0), suf(1), suf(2), suf(3)]);
            tf.prefix.push([pre(0), pre(1), pre(2)]);
            let sh = if all_caps { shape_hash(&f.to_lowercase()) } else { shape_hash(f) };
            tf.shape.push(sh ^ u64::from(i == 0));
            tf.norm.push(norm);
        }
        tf
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.word.len()
    }

    /// True with no token.
    pub fn is_empty(&self) -> bool {
        self.word.is_empty()
    }

    /// Word hash at `i`, or [`NONE`] outside the sentence.
    #[inline]
    pub fn word_at(&self, i: isize) -> u64 {
        if i < 0 {
            NONE
        } else {
            self.word.get(i as usize).copied().unwrap_or(NONE ^ 2)
        }
    }
}
