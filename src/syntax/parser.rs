//! Dependency parser: greedy arc-hybrid transitions (Kuhlmann et al. 2011)
//! scored by a hashed linear model, trained with a dynamic oracle (Goldberg
//! and Nivre 2013). Linear: 2n transitions per sentence, each scoring a fixed
//! set of features. Arcs only: relations are the labeller's job.
//!
//! The root sits at the bottom of the stack and takes its one dependent last
//! (RIGHT with an empty buffer), so every parse is a single tree.

use super::features::{f2, f3, TokenFeatures, NONE};
use super::model::Weights;
use super::tagger::argmax_i32;
use super::Upos;

/// Transitions.
pub const SHIFT: usize = 0;
/// s0 becomes a dependent of b0 and leaves the stack.
pub const LEFT: usize = 1;
/// s0 becomes a dependent of s1 and leaves the stack.
pub const RIGHT: usize = 2;
/// Transition names, the model's class names.
pub const TRANSITIONS: [&str; 3] = ["shift", "left", "right"];

const ROOT_W: u64 = NONE ^ 0x77;
const ROOT_T: u64 = 31;
const NO_T: u64 = 30;

/// A parser configuration over a piece of `m` tokens (local indices; the
/// root is index `m`).
pub struct State {
    /// Token count.
    pub m: usize,
    /// The stack, root first.
    pub stack: Vec<usize>,
    /// Next buffer token.
    pub b: usize,
    /// Head found for each token (`m` for the root).
    pub head: Vec<usize>,
    lc: Vec<[usize; 2]>,
    rc: Vec<[usize; 2]>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    commas: Vec<u16>,
}

const NIL: usize = usize::MAX;

impl State {
    /// The start: root on the stack, every token in the buffer.
    pub fn new(m: usize, tf: &TokenFeatures, offset: usize) -> Self {
        let mut commas = Vec::with_capacity(m + 1);
        let mut c = 0u16;
        commas.push(0);
        for i in 0..m {
            if matches!(tf.norm[offset + i].as_str(), "," | ";" | ":" | "--") {
                c = c.saturating_add(1);
            }
            commas.push(c);
        }
        State {
            m,
            stack: vec![m],
            b: 0,
            head: vec![NIL; m],
            lc: vec![[NIL; 2]; m + 1],
            rc: vec![[NIL; 2]; m + 1],
            nl: vec![0; m + 1],
            nr: vec![0; m + 1],
            commas,
        }
    }

    /// True when the parse is complete.
    pub fn done(&self) -> bool {
        self.b >= self.m && self.stack.len() == 1
    }

    /// Which transitions are allowed.
    pub fn valid(&self) -> [bool; 3] {
        let n = self.stack.len();
        let buf = self.b < self.m;
        [buf, n >= 2 && buf, n >= 3 || (n == 2 && !buf)]
    }

    /// Applies a transition (it must be valid).
    pub fn apply(&mut self, t: usize) {
        match t {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            LEFT => {
                let d = self.stack.pop().expect("LEFT needs a stack");
                self.attach(self.b, d);
            }
            _ => {
                let d = self.stack.pop().expect("RIGHT needs a stack");
                let h = *self.stack.last().expect("RIGHT needs two on the stack");
                self.attach(h, d);
            }
        }
    }

    fn attach(&mut self, h: usize, d: usize) {
        self.head[d] = h;
        if d < h {
            self.nl[h] += 1;
            let lc = &mut self.lc[h];
            if lc[0] == NIL || d < lc[0] {
                lc[1] = lc[0];
                lc[0] = d;
            } else if lc[1] == NIL || d < lc[1] {
                lc[1] = d;
            }
        } else {
            self.nr[h] += 1;
            let rc = &mut self.rc[h];
            if rc[0] == NIL || d > rc[0] {
                rc[1] = rc[0];
                rc[0] = d;
            } else if rc[1] == NIL || d > rc[1] {
                rc[1] = d;
            }
        }
    }

    /// Cost of each transition against gold heads `gold` (local, root = m):
    /// how many gold arcs it makes unreachable.
    pub fn costs(&self, gold: &[usize]) -> [u32; 3] {
        let n = self.stack.len();
        let s0 = self.stack[n - 1];
        let in_buf = |x: usize| x >= self.b && x < self.m;
        let kids_in_buf = |x: usize| (self.b..self.m).filter(|&d| gold[d] == x).count() as u32;
        let mut c = [u32::MAX; 3];
        let v = self.valid();
        if v[SHIFT] {
            let b0 = self.b;
            let on_stack_kids = self.stack.iter().filter(|&&d| d != self.m && gold[d] == b0).count() as u32;
            let h = gold[b0];
            let head_lost = self.stack[..n - 1].contains(&h);
            c[SHIFT] = on_stack_kids + u32::from(head_lost);
        }
        if v[LEFT] {
            let h = gold[s0];
            let s1 = if n >= 2 { self.stack[n - 2] } else { NIL };
            let lost = h != self.b && (h == s1 || in_buf(h));
            c[LEFT] = kids_in_buf(s0) + u32::from(lost);
        }
        if v[RIGHT] {
            c[RIGHT] = kids_in_buf(s0) + u32::from(in_buf(gold[s0]));
        }
        c
    }

    /// The features of this configuration.
    pub fn features(&self, tf: &TokenFeatures, tags: &[Upos], offset: usize, out: &mut Vec<u64>) {
        out.clear();
        let m = self.m;
        let w = |x: usize| slot(x, m, NONE, ROOT_W, |i| tf.word[offset + i]);
        let t = |x: usize| slot(x, m, NO_T, ROOT_T, |i| u64::from(tags[offset + i].0));
        let n = self.stack.len();
        let st = |k: usize| if n > k { self.stack[n - 1 - k] } else { NIL };
        let (s0, s1, s2) = (st(0), st(1), st(2));
        let bf = |k: usize| if self.b + k < m { self.b + k } else { NIL };
        let (b0, b1, b2) = (bf(0), bf(1), bf(2));
        let lc = |x: usize, k: usize| if x == NIL { NIL } else { self.lc[x][k] };
        let rc = |x: usize, k: usize| if x == NIL { NIL } else { self.rc[x][k] };
        let (s0w, s0t, s1w, s1t, b0w, b0t) = (w(s0), t(s0), w(s1), t(s1), w(b0), t(b0));
        let (b1t, b2t, s2t) = (t(b1), t(b2), t(s2));
        let (s0l, s0r, b0l, s1r, s1l) = (lc(s0, 0), rc(s0, 0), lc(b0, 0), rc(s1, 0), lc(s1, 0));
        let (s0lt, s0rt, b0lt, s1rt, s1lt) = (t(s0l), t(s0r), t(b0l), t(s1r), t(s1l));
        let (s0l2t, s0r2t, b0l2t, s1r2t) = (t(lc(s0, 1)), t(rc(s0, 1)), t(lc(b0, 1)), t(rc(s1, 1)));
        let tt = |a: u64, b: u64| a * 64 + b;
        let ttt = |a: u64, b: u64, c: u64| (a * 64 + b) * 64 + c;
        let dist = |a: usize, b: usize| {
            if a == NIL || b == NIL || a == m || b == m {
                0
            } else {
                (b.abs_diff(a) as u64).min(8)
            }
        };
        let d0 = dist(s0, b0);
        let d1 = dist(s1, s0);
        let val = |x: usize, left: bool| {
            if x == NIL {
                9
            } else if left {
                u64::from(self.nl[x].min(5))
            } else {
                u64::from(self.nr[x].min(5))
            }
        };
        let between = if s0 != NIL && b0 != NIL && s0 < m {
            u64::from((self.commas[b0] - self.commas[s0 + 1]).min(3))
        } else {
            7
        };
        let f = [
            f2(101, s0w, 0),
            f2(102, s0t, 0),
            f2(103, s0w, s0t),
            f2(104, s1w, 0),
            f2(105, s1t, 0),
            f2(106, s1w, s1t),
            f2(107, b0w, 0),
            f2(108, b0t, 0),
            f2(109, b0w, b0t),
            f2(110, w(b1), 0),
            f2(111, b1t, 0),
            f2(112, w(b1), b1t),
            f2(113, b2t, 0),
            f2(114, s2t, 0),
            f2(115, w(b2), 0),
            f3(116, s0w, b0w, tt(s0t, b0t)),
            f3(117, s0w, b0w, s0t),
            f3(118, s0w, b0w, b0t + 100),
            f3(119, s0w, tt(s0t, b0t), 0),
            f3(120, b0w, tt(s0t, b0t), 0),
            f3(121, s0w, b0w, 0),
            f2(122, tt(s0t, b0t), 0),
            f2(123, tt(s1t, s0t), 0),
            f3(124, s1w, s0w, 0),
            f3(125, s0w, s1t, 0),
            f3(126, s1w, s0t, 0),
            f2(127, ttt(s1t, s0t, b0t), 0),
            f2(128, tt(b0t, b1t), 0),
            f2(129, ttt(b0t, b1t, b2t), 0),
            f2(130, ttt(s0t, b0t, b1t), 0),
            f2(131, ttt(s2t, s1t, s0t), 0),
            f2(132, ttt(s0t, s0lt, b0t), 0),
            f2(133, ttt(s0t, s0rt, b0t), 0),
            f2(134, ttt(s0t, b0t, b0lt), 0),
            f2(135, ttt(s1t, s0t, s0rt), 0),
            f2(136, ttt(s1t, s1rt, s0t), 0),
            f2(137, ttt(s1t, s0t, s0lt), 0),
            f2(138, s0w, d0),
            f2(139, s0t, d0),
            f2(140, b0w, d0),
            f2(141, b0t, d0),
            f2(142, tt(s0t, b0t), d0),
            f2(143, tt(s1t, s0t), d1),
            f3(144, s0w, val(s0, true), 0),
            f3(145, s0w, val(s0, false), 0),
            f2(146, s0t, val(s0, true)),
            f2(147, s0t, val(s0, false)),
            f2(148, b0t, val(b0, true)),
            f2(149, s1t, val(s1, false)),
            f2(150, s0lt, 0),
            f2(151, s0rt, 0),
            f2(152, s0l2t, 0),
            f2(153, s0r2t, 0),
            f2(154, b0lt, 0),
            f2(155, b0l2t, 0),
            f2(156, s1rt, 0),
            f2(157, s1lt, 0),
            f2(158, w(s0l), s0t),
            f2(159, w(s0r), s0t),
            f2(160, w(b0l), b0t),
            f2(161, w(s1r), s1t),
            f2(162, ttt(s0t, s0lt, s0l2t), 0),
            f2(163, ttt(s0t, s0rt, s0r2t), 0),
            f2(164, ttt(b0t, b0lt, b0l2t), 0),
            f2(165, ttt(s1t, s1rt, s1r2t), 0),
            f3(166, between, tt(s0t, b0t), 0),
            f3(167, s1w, b0w, 0),
            f3(168, tt(s1t, b0t), between, 0),
            f3(169, s0w, w(b1), 0),
            f3(170, b0w, w(b1), 0),
            f3(171, b0w, b1t, 0),
            f3(172, w(b1), b0t, 0),
            f3(173, s0w, ttt(s0t, b0t, b1t), 0),
            f3(174, b0w, ttt(s0t, b0t, b1t), 0),
            f3(175, ttt(s1t, s0t, b0t), b1t, 0),
            f2(176, if b0 == NIL { NONE } else { tf.suffix[offset + b0][2] }, b0t),
            f2(177, if s0 == NIL || s0 == m { NONE } else { tf.suffix[offset + s0][2] }, s0t),
            f3(178, s1w, s0w, b0t),
            f3(179, s0w, tt(s0t, s0rt), b0t),
        ];
        out.extend_from_slice(&f);
    }
}

/// The value at position `x` of a configuration: `none` for no token,
/// `root` for the root, else `of(x)`.
#[inline]
fn slot(x: usize, m: usize, none: u64, root: u64, of: impl Fn(usize) -> u64) -> u64 {
    if x == NIL {
        none
    } else if x == m {
        root
    } else {
        of(x)
    }
}

/// The parser.
pub struct Parser {
    w: Weights,
}

impl Parser {
    /// A parser from its weights.
    pub fn new(w: Weights) -> Self {
        assert_eq!(w.classes, TRANSITIONS.len(), "parser model has {} classes", w.classes);
        Parser { w }
    }

    /// Heads of the tokens of `piece` (absolute indices; `None` for the root).
    pub fn parse(&self, tf: &TokenFeatures, tags: &[Upos], piece: std::ops::Range<usize>) -> Vec<Option<usize>> {
        let m = piece.len();
        let mut st = State::new(m, tf, piece.start);
        let mut feats = Vec::with_capacity(80);
        let mut scores = [0i32; 3];
        while !st.done() {
            let valid = st.valid();
            st.features(tf, tags, piece.start, &mut feats);
            self.w.score(&feats, &mut scores);
            for (s, &ok) in scores.iter_mut().zip(&valid) {
                if !ok {
                    *s = i32::MIN;
                }
            }
            st.apply(argmax_i32(&scores));
        }
        st.head.iter().map(|&h| if h >= m { None } else { Some(piece.start + h) }).collect()
    }
}
