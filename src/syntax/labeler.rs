//! Relation labeller: one UD relation for each arc of a finished tree.
//!
//! Why after parsing, not inside it: the finished tree shows each word's
//! whole neighbourhood (its case marker, its auxiliaries, the nominals
//! between it and its head), and one 50-class table per arc is smaller and
//! faster than labelled transitions.

use super::features::{f2, f3, TokenFeatures, NONE};
use super::model::Weights;
use super::{Upos, UPOS};

const ROOT_W: u64 = NONE ^ 0x77;
const ROOT_T: u64 = 31;

/// Everything the features need about a tree, built once per sentence.
pub struct Tree<'a> {
    tf: &'a TokenFeatures,
    tags: &'a [Upos],
    heads: &'a [Option<usize>],
    first_kid: Vec<usize>,
    case_kid: Vec<usize>,
    aux_kid: Vec<usize>,
}

const NIL: usize = usize::MAX;

impl<'a> Tree<'a> {
    /// Indexes a tree.
    pub fn new(tf: &'a TokenFeatures, tags: &'a [Upos], heads: &'a [Option<usize>]) -> Self {
        let n = heads.len();
        let mut first_kid = vec![NIL; n];
        let mut case_kid = vec![NIL; n];
        let mut aux_kid = vec![NIL; n];
        for d in 0..n {
            if let Some(h) = heads[d] {
                if first_kid[h] == NIL {
                    first_kid[h] = d;
                }
                let t = UPOS[tags[d].0 as usize];
                if (t == "ADP" || t == "SCONJ" || (t == "PART" && d < h)) && case_kid[h] == NIL {
                    case_kid[h] = d;
                }
                if t == "AUX" && d < h {
                    aux_kid[h] = d;
                }
            }
        }
        Tree { tf, tags, heads, first_kid, case_kid, aux_kid }
    }

    /// The features of token `d`'s arc.
    pub fn features(&self, d: usize, out: &mut Vec<u64>) {
        out.clear();
        let n = self.heads.len();
        let h = self.heads[d];
        let w = |x: usize| if x == NIL { NONE } else { self.tf.word[x] };
        let t = |x: usize| if x == NIL { 30 } else { u64::from(self.tags[x].0) };
        let (hw, ht, hh) = match h {
            Some(h) => (self.tf.word[h], t(h), h),
            None => (ROOT_W, ROOT_T, NIL),
        };
        let dw = self.tf.word[d];
        let dt = t(d);
        let dir = u64::from(hh != NIL && hh < d);
        let dist = if hh == NIL { 0 } else { (hh.abs_diff(d) as u64).min(10) };
        let tt = |a: u64, b: u64| a * 64 + b;
        let hht = match h.and_then(|h| self.heads[h]) {
            Some(g) => t(g),
            None => ROOT_T,
        };
        // Nominals between the word and its head, on the word's side: a
        // subject before its verb has none, an object after it usually none.
        let nominals = if hh == NIL {
            0
        } else {
            let (a, b) = if d < hh { (d + 1, hh) } else { (hh + 1, d) };
            // At most 24 tokens looked at: bounded work per word.
            (a..b.min(a + 24))
                .filter(|&x| self.heads[x] == h && matches!(self.tags[x], Upos::NOUN | Upos::PROPN | Upos::PRON))
                .count()
                .min(3) as u64
        };
        let hcase = if hh == NIL { NIL } else { self.case_kid[hh] };
        let haux = if hh == NIL { NIL } else { self.aux_kid[hh] };
        let prev = if d > 0 { t(d - 1) } else { 29 };
        let next = if d + 1 < n { t(d + 1) } else { 29 };
        let f = [
            f2(201, dt, 0),
            f2(202, dw, 0),
            f2(203, ht, 0),
            f2(204, hw, 0),
            f2(205, tt(dt, ht), dir),
            f3(206, dw, ht, dir),
            f3(207, dt, hw, dir),
            f3(208, dw, hw, dir),
            f3(209, tt(dt, ht), dist, dir),
            f2(210, self.tf.suffix[d][1], dt),
            f3(211, w(self.first_kid[d]), dt, dir),
            f3(212, w(self.case_kid[d]), tt(dt, ht), dir),
            f3(213, w(self.aux_kid[d]), dt, 0),
            f2(214, tt(hht, ht), dt),
            f2(215, tt(prev, dt), dir),
            f2(216, tt(dt, next), dir),
            f3(217, nominals, tt(dt, ht), dir),
            f2(218, self.tf.shape[d], dt),
            f3(219, w(haux), if hh == NIL { NONE } else { self.tf.suffix[hh][1] }, tt(dt, dir)),
            f3(220, w(hcase), tt(dt, ht), dir),
            f3(221, self.tf.suffix[d][2], ht, dir),
            f3(222, w(self.first_kid[d]), w(self.case_kid[d]), dt),
            f3(223, dw, ht, dist),
        ];
        out.extend_from_slice(&f);
    }
}

/// The labeller.
pub struct Labeler {
    w: Weights,
}

impl Labeler {
    /// A labeller from its weights (class names are the relations).
    pub fn new(w: Weights) -> Self {
        Labeler { w }
    }

    /// The relation names, in class order.
    pub fn names(&self) -> &[String] {
        &self.w.names
    }

    /// One relation per token ("root" for the root).
    pub fn label(&self, tf: &TokenFeatures, tags: &[Upos], heads: &[Option<usize>]) -> Vec<&str> {
        let tree = Tree::new(tf, tags, heads);
        let mut feats = Vec::with_capacity(32);
        let mut scores = vec![0i32; self.w.classes];
        (0..heads.len())
            .map(|d| {
                if heads[d].is_none() {
                    return "root";
                }
                tree.features(d, &mut feats);
                self.w.score(&feats, &mut scores);
                self.w.names[super::tagger::argmax_i32(&scores)].as_str()
            })
            .collect()
    }
}
