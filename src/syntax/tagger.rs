//! Part-of-speech tagger: greedy, left to right, one hashed linear model
//! over the word, its neighbours, affixes, shapes and the two tags before.

use super::features::{f2, f3, TokenFeatures, NONE};
use super::model::Weights;
use super::{Upos, UPOS};

/// The features of token `i` given the tags already chosen before it.
/// Shared with training (`train.rs`), so both see the same templates.
pub fn features(tf: &TokenFeatures, i: usize, prev: u64, prev2: u64, out: &mut Vec<u64>) {
    out.clear();
    let ii = i as isize;
    let w = tf.word[i];
    let (wm1, wp1) = (tf.word_at(ii - 1), tf.word_at(ii + 1));
    let (wm2, wp2) = (tf.word_at(ii - 2), tf.word_at(ii + 2));
    let sh = |k: isize| if k < 0 || k as usize >= tf.len() { NONE } else { tf.shape[k as usize] };
    let suf3 = |k: isize| if k < 0 || k as usize >= tf.len() { NONE } else { tf.suffix[k as usize][2] };
    out.push(f2(1, 0, 0));
    out.push(f2(2, w, 0));
    out.push(f2(3, wm1, 0));
    out.push(f2(4, wp1, 0));
    out.push(f2(5, wm2, 0));
    out.push(f2(6, wp2, 0));
    for (k, &s) in tf.suffix[i].iter().enumerate() {
        out.push(f2(7 + k as u64, s, 0));
    }
    for (k, &p) in tf.prefix[i].iter().enumerate() {
        out.push(f2(11 + k as u64, p, 0));
    }
    out.push(f2(14, sh(ii), 0));
    out.push(f2(15, sh(ii - 1), 0));
    out.push(f2(16, sh(ii + 1), 0));
    out.push(f2(17, prev, 0));
    out.push(f2(18, prev2, prev));
    out.push(f2(19, prev, w));
    out.push(f2(20, wm1, w));
    out.push(f2(21, w, wp1));
    out.push(f2(22, suf3(ii + 1), 0));
    out.push(f2(23, suf3(ii - 1), 0));
    out.push(f2(24, prev, tf.suffix[i][2]));
    out.push(f2(25, prev, wp1));
    out.push(f3(26, sh(ii), w, if i == 0 { 1 } else { 0 }));
    out.push(f2(27, sh(ii), tf.suffix[i][1]));
    out.push(f2(28, wp1, wp2));
    out.push(f2(29, wm1, wp1));
    out.push(f2(30, prev, sh(ii)));
    out.push(f3(31, prev, prev2, w));
    out.push(f2(32, w, sh(ii + 1)));
}

/// Tag value before the first token.
pub const START: u64 = 99;

/// The tagger.
pub struct Tagger {
    w: Weights,
}

impl Tagger {
    /// A tagger from its weights.
    pub fn new(w: Weights) -> Self {
        assert_eq!(w.classes, UPOS.len(), "tagger model has {} classes", w.classes);
        Tagger { w }
    }

    /// One tag per token.
    pub fn tag(&self, tf: &TokenFeatures) -> Vec<Upos> {
        let mut out = Vec::with_capacity(tf.len());
        let mut feats = Vec::with_capacity(32);
        let mut scores = [0i32; UPOS.len()];
        let (mut prev, mut prev2) = (START, START);
        for i in 0..tf.len() {
            features(tf, i, prev, prev2, &mut feats);
            self.w.score(&feats, &mut scores);
            let best = argmax_i32(&scores);
            out.push(Upos(best as u8));
            prev2 = prev;
            prev = best as u64;
        }
        out
    }
}

/// Index of the highest score (the first on ties).
pub fn argmax_i32(s: &[i32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}
