//! Feature hashing shared by training and prediction: one code path, so a
//! model always sees the features it was trained on.
//!
//! A feature is a template id mixed with one to three values (word hashes,
//! tags, distances); its hash picks a row of a model's weight table. No
//! feature strings are built: per token, the hashes of its normalised form,
//! affixes and shape are computed once ([`TokenFeatures`]).

/// Mixes a value into a hash (the multiply-xorshift finaliser of SplitMix64).
#[inline]
pub fn mix(h: u64, v: u64) -> u64 {
    let mut x = (h ^ v).wrapping_add(0x9E37_79B9_7F4A_7C15);
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
    mix(h, 0)
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

/// The shape of a form: runs of upper, lower, digit and other characters,
/// each run kept to two marks ("Kim" → "Xx", "U.S." → "X.X.", "2016" → "dd").
pub fn shape(form: &str) -> String {
    let mut out = String::new();
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
            out.push(k);
        }
    }
    out
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
            let chars: Vec<(usize, char)> = norm.char_indices().collect();
            let len = chars.len();
            let suf = |k: usize| if len >= k { hash_str(&norm[chars[len - k].0..]) } else { NONE };
            let pre = |k: usize| if len > k { hash_str(&norm[..chars[k].0]) } else { NONE };
            tf.word.push(hash_str(&norm));
            tf.suffix.push([suf(1), suf(2), suf(3), suf(4)]);
            tf.prefix.push([pre(1), pre(2), pre(3)]);
            let sh = if all_caps { shape(&f.to_lowercase()) } else { shape(f) };
            tf.shape.push(hash_str(&sh) ^ (if i == 0 { 1 } else { 0 }));
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
