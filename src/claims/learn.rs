//! The learned check-worthiness decision: is a sentence a factual claim a
//! reader would want checked, or opinion, mood, speculation, a method note,
//! a question, a quote's continuation?
//!
//! A logistic regression over named features ([`TEMPLATES`]): the claim
//! rules' verdict (`detect::verdict`: which rule would take the sentence,
//! or why none does), the lexicon's marks outside and inside quotation
//! marks, figures, first person, the quotation state, the attributions over
//! the sentence, its position in the article, and the syntax stage's parse
//! (the root's tag, lemma and whether it is a speech verb, its subject,
//! negation, modals, a copula). Each feature is a template id mixed with its
//! value, hashed into a small i8 table (`models/claim.bin`, the `SCW1`
//! format of `syntax::model`). The trainer (`train.rs`, native only) fits it
//! on the tuning part of `tests/fixtures/claims/polnear-labels*.jsonl`,
//! chooses the templates, the regularisation and the decision line by
//! cross-validation over those articles, and stores the line and the
//! templates it left out in the model's class name.

#[cfg(not(target_arch = "wasm32"))]
pub mod train;

use std::sync::OnceLock;

use super::detect::{Features, Tokens, Verdict};
use super::lexicon::{is_cue_form, Mark};
use crate::syntax::features::{hash_str, mix};
use crate::syntax::model::Weights;
use crate::syntax::{Parse, Upos};

/// Names of the feature templates, in id order (the id is the index + 1).
pub const TEMPLATES: &[&str] = &[
    "bias",
    // The rules: which claim rule would take it, or which veto stops it.
    "rule",
    "veto",
    "veto+attribution",
    "mark.outside",
    "mark.quoted",
    "figure",
    "compared",
    "personal",
    "wording",
    // Quotation state.
    "quoted.share",
    "quote.continues",
    "quote.speaker",
    // Attributions over the sentence (after the speaker stage).
    "attribution",
    "attribution.cue-here",
    // Position and shape. (Not the position in the article: PolNeAR's
    // decks are plain second paragraphs, which taught a model that any
    // article's first sentence is no claim.)
    "position.block",
    "length",
    "end",
    "first.word",
    // The parse.
    "root.upos",
    "root.lemma",
    "root.cue",
    "root.negated",
    "root.modal",
    "root.modal+attribution",
    "root.copula",
    "subject.kind",
    "subject.kind+root.upos",
    "names",
    "numbers",
    "adjectives",
    "has.verb",
    // The article's voice: how often its writer says "I" or "should".
    "article.voice",
    "word",
];

/// The template id of `name` (0 is never one: a template mixes to non-zero).
pub fn template(name: &str) -> u64 {
    TEMPLATES.iter().position(|&n| n == name).expect("a claim feature template") as u64 + 1
}

macro_rules! tid {
    ($name:literal) => {{
        static ID: OnceLock<u64> = OnceLock::new();
        *ID.get_or_init(|| template($name))
    }};
}

/// What the claims stage knows about a sentence when it asks the model.
pub struct Input<'a> {
    /// The sentence's text.
    pub text: &'a str,
    /// Its words (lower case, quoted or not).
    pub tokens: &'a Tokens,
    /// The lexicon's marks.
    pub features: &'a Features,
    /// What the rules say.
    pub verdict: Verdict,
    /// Its parse, when the syntax stage ran.
    pub parse: Option<&'a Parse>,
    /// Share of its bytes inside quotation marks: 0 none, 1 some, 2 most, 3 all.
    pub quoted_share: u8,
    /// It begins inside a quotation opened in an earlier sentence.
    pub continues_quote: bool,
    /// A speaker is known for the quotation it sits in.
    pub quote_speaker: bool,
    /// The attribution reporting it: 0 none, 1 a named source, 2 a vague or unnamed one.
    pub attribution: u8,
    /// That attribution's cue lies in this sentence.
    pub cue_here: bool,
    /// Sentence index in its block.
    pub block_sentence: usize,
    /// The article's voice ([`voice`]).
    pub voice: (u8, u8),
}

/// The article's voice: how many of its sentences say "I", "me" or "my",
/// and how many "should", "must" or "needs", outside quotation marks, as
/// buckets of their share (0 none, 1 under 5%, 2 under 15%, 3 more). An
/// opinion column says both often; a news report seldom.
pub fn voice(article: &crate::text::Article) -> (u8, u8) {
    let (mut personal, mut should, mut n) = (0usize, 0usize, 0usize);
    for b in article.blocks.iter().filter(|b| b.kind.is_analysed()) {
        for p in &b.parses {
            n += 1;
            let (mut i_said, mut ought) = (false, false);
            for (k, f) in p.forms.iter().enumerate() {
                // The words first: the quotation look-up only for the few that match.
                let (me, must) = match f.as_str() {
                    "I" | "me" | "my" | "My" | "myself" => (true, false),
                    "should" | "must" | "needs" | "Should" | "Must" => (false, true),
                    _ => continue,
                };
                if crate::text::quote_at(&b.quotes, p.tokens[k].start).is_none() {
                    i_said |= me;
                    ought |= must;
                }
            }
            personal += usize::from(i_said);
            should += usize::from(ought);
        }
    }
    let share = |k: usize| -> u8 {
        if k == 0 {
            0
        } else if k * 20 < n {
            1
        } else if k * 100 < n * 15 {
            2
        } else {
            3
        }
    };
    (share(personal), share(should))
}

#[inline]
fn feat(t: u64, vals: &[u64]) -> u64 {
    let mut h = t.wrapping_mul(0x100_0000_01B3);
    for &v in vals {
        h = mix(h, v);
    }
    mix(h, 0x2545_f491)
}

fn bucket(n: usize, edges: &[usize]) -> u64 {
    edges.iter().take_while(|&&e| n >= e).count() as u64
}

/// A set of templates, as bits of their ids (the ones a model leaves out).
pub type Mask = u64;

/// The model's features of a sentence, leaving out the templates in `off`.
pub fn features(x: &Input, off: Mask, out: &mut Vec<u64>) {
    out.clear();
    each_feature(x, off, &mut |_, h| out.push(h));
}

/// Calls `sink(template id, feature)` for each feature of a sentence whose
/// template is not in `off` (the trainer keeps the ids, to leave templates out).
pub fn each_feature(x: &Input, off: Mask, sink: &mut dyn FnMut(u64, u64)) {
    let mut push = |t: u64, vals: &[u64]| {
        if off & (1 << t) == 0 {
            sink(t, feat(t, vals));
        }
    };
    let f = x.features;
    push(tid!("bias"), &[]);
    match x.verdict {
        Verdict::Claim(r) => push(tid!("rule"), &[r as u64 + 1]),
        Verdict::Not(v) => {
            push(tid!("veto"), &[v as u64 + 1]);
            // Speculation or judgement someone is said to make is their claim.
            push(tid!("veto+attribution"), &[v as u64 + 1, u64::from(x.attribution)]);
        }
    }
    for bit in 0..17u32 {
        let m = 1u32 << bit;
        let (outside, all) = (f.outside.bits() & m != 0, f.marks.bits() & m != 0);
        if outside {
            push(tid!("mark.outside"), &[u64::from(bit)]);
        } else if all {
            push(tid!("mark.quoted"), &[u64::from(bit)]);
        }
    }
    push(tid!("figure"), &[u64::from(super::detect::has_figure(x.text) || f.marks.has(Mark::Figure))]);
    push(tid!("compared"), &[u64::from(f.compared)]);
    push(tid!("personal"), &[u64::from(f.personal)]);
    push(tid!("wording"), &[u64::from(f.wording.is_some()) + u64::from(f.marks.has(Mark::Anonymous))]);
    push(tid!("quoted.share"), &[u64::from(x.quoted_share)]);
    push(tid!("quote.continues"), &[u64::from(x.continues_quote), u64::from(x.quote_speaker)]);
    push(tid!("quote.speaker"), &[u64::from(x.quote_speaker), u64::from(x.quoted_share)]);
    push(tid!("attribution"), &[u64::from(x.attribution)]);
    push(tid!("attribution.cue-here"), &[u64::from(x.cue_here), u64::from(x.attribution)]);
    push(tid!("position.block"), &[bucket(x.block_sentence, &[1, 2, 3])]);
    let n = x.tokens.len();
    push(tid!("length"), &[bucket(n, &[4, 8, 13, 20, 30, 45])]);
    push(tid!("article.voice"), &[u64::from(x.voice.0), u64::from(x.voice.1)]);
    let end = x
        .text
        .trim_end_matches(|c: char| matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»') || c.is_whitespace())
        .chars()
        .next_back()
        .map_or(0, |c| match c {
            '.' => 1,
            '?' => 2,
            '!' => 3,
            ':' => 4,
            ',' | ';' => 5,
            c if c.is_alphanumeric() => 6,
            _ => 7,
        });
    push(tid!("end"), &[end]);
    if n > 0 {
        push(tid!("first.word"), &[hash_str(x.tokens.word(0))]);
    }
    if off & (1 << tid!("word")) == 0 {
        for i in 0..n {
            if !x.tokens.quoted(i) {
                push(tid!("word"), &[hash_str(x.tokens.word(i))]);
            }
        }
    }
    let Some(p) = x.parse.filter(|p| !p.is_empty()) else {
        push(tid!("root.upos"), &[0]);
        return;
    };
    let (mut names, mut numbers, mut adjectives) = (0usize, 0usize, 0usize);
    for &u in &p.upos {
        names += usize::from(u == Upos::PROPN);
        numbers += usize::from(u == Upos::NUM);
        adjectives += usize::from(u == Upos::ADJ || u == Upos::ADV);
    }
    push(tid!("has.verb"), &[u64::from(p.upos.iter().any(|&u| u == Upos::VERB || u == Upos::AUX))]);
    push(tid!("names"), &[bucket(names, &[1, 2, 4])]);
    push(tid!("numbers"), &[bucket(numbers, &[1, 2])]);
    push(tid!("adjectives"), &[bucket(adjectives * 10 / p.len().max(1), &[1, 2, 3])]);
    let root = (0..p.len()).find(|&i| p.heads[i].is_none()).unwrap_or(0);
    let up = u64::from(p.upos[root].0) + 1;
    push(tid!("root.upos"), &[up]);
    let low = crate::text::lower(&p.forms[root]);
    let lemma = if p.lemmas[root].is_empty() { hash_str(&low) } else { hash_str(&p.lemmas[root]) };
    push(tid!("root.lemma"), &[lemma, up]);
    push(tid!("root.cue"), &[u64::from(is_cue_form(&low))]);
    let (mut negated, mut modal, mut copula, mut subject) = (false, 0, false, 0);
    for c in p.children(root) {
        let w = crate::text::lower(&p.forms[c]);
        match p.rels[c] {
            "advmod" | "det" if matches!(&*w, "not" | "n't" | "never" | "no") => negated = true,
            "aux"
                if matches!(&*w, "will" | "'ll" | "would" | "could" | "may" | "might" | "should" | "must" | "can") =>
            {
                modal = hash_str(&w);
            }
            "cop" => copula = true,
            r if r.starts_with("nsubj") || r.starts_with("csubj") => {
                subject = match p.upos[c] {
                    Upos::PRON if matches!(&*w, "i" | "we" | "me" | "us") => 1,
                    Upos::PRON if matches!(&*w, "you") => 2,
                    Upos::PRON if matches!(&*w, "it" | "this" | "that" | "there") => 3,
                    Upos::PRON => 4,
                    Upos::PROPN => 5,
                    Upos::NOUN => 6,
                    _ => 7,
                };
            }
            _ => {}
        }
    }
    push(tid!("root.negated"), &[u64::from(negated)]);
    push(tid!("root.modal"), &[modal]);
    push(tid!("root.modal+attribution"), &[modal, u64::from(x.attribution)]);
    push(tid!("root.copula"), &[u64::from(copula), up]);
    push(tid!("subject.kind"), &[subject]);
    push(tid!("subject.kind+root.upos"), &[subject, up]);
}

/// The shipped model: its weights, its decision line and the templates it
/// leaves out (both stored in its class name: `claim at=0.45 off=word,…`).
pub struct Model {
    weights: Weights,
    /// A sentence is a claim when its probability reaches this.
    pub at: f32,
    /// Templates left out.
    pub off: Mask,
}

/// Reads the line and the left-out templates from a class name.
pub fn settings(name: &str) -> Result<(f32, Mask), String> {
    let mut at = None;
    let mut off = 0;
    for kv in name.split_whitespace().skip(1) {
        match kv.split_once('=') {
            Some(("at", v)) => at = v.parse::<f32>().ok().filter(|a| (0.0..=1.0).contains(a)),
            Some(("off", v)) => {
                for t in v.split(',').filter(|t| !t.is_empty()) {
                    let id = TEMPLATES.iter().position(|&n| n == t).ok_or(format!("unknown template {t}"))?;
                    off |= 1 << (id + 1);
                }
            }
            _ => {}
        }
    }
    Ok((at.ok_or("no decision line (at=)")?, off))
}

impl Model {
    /// A model from its weights (the trainer's, or the embedded file's).
    pub fn new(weights: Weights) -> Result<Model, String> {
        let (at, off) = settings(weights.names.first().map_or("", String::as_str))?;
        Ok(Model { weights, at, off })
    }

    /// The probability that the sentence with these features is a claim.
    pub fn probability(&self, feats: &[u64]) -> f32 {
        let mut s = [0i32; 1];
        self.weights.score(feats, &mut s);
        1.0 / (1.0 + (-(s[0] as f32 * self.weights.scale)).exp())
    }
}

static CLAIM: &[u8] = include_bytes!("models/claim.bin");

/// The embedded model (`build.rs` refuses to build without a sound one).
pub fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        Weights::from_bytes(CLAIM)
            .and_then(Model::new)
            .unwrap_or_else(|e| panic!("embedded claim model: {e} (build.rs checks it)"))
    })
}
