//! The learned part of the attribution engine: which words are cues, and,
//! for each cue, which of the phrases the parse and the rules propose is
//! its source and which its content.
//!
//! Three hashed linear models, trained on PolNeAR train (`train.rs`):
//! - `cue`: for every candidate token (verbs, nouns, adjectives, "according",
//!   a colon), is it the head of an attribution cue? Features: the word, its
//!   lemma and tag, its relation and its governor, its dependents (subject,
//!   complement, negation, modal), the cue lexicon's class, the quote around
//!   it and whether a rule took it as a cue.
//! - `source`: a ranking over the cue's source candidates (its subject, a
//!   "by" agent, a possessor, the noun "according to" governs, the rule's
//!   source, none).
//! - `content`: a ranking over content candidates (the clausal complement,
//!   the governing clause without the cue's own, the words after or before
//!   the cue, the quote beside it, the rule's content).
//!
//! Decoding (`extend`): the rules' attributions are kept, each with the cue
//! model's confidence; a candidate the rules did not take becomes an
//! attribution when the cue model is sure enough, with the source and
//! content the rankers prefer. Every feature is named in [`TEMPLATES`].

#[cfg(not(target_arch = "wasm32"))]
pub mod train;

use std::ops::Range;
use std::sync::OnceLock;

use super::extract::Found;
use super::lexicon::{cue_class, CueClass};
use crate::syntax::features::{hash_str, mix};
use crate::syntax::model::Weights;
use crate::syntax::{Parse, Upos};

/// Names of the feature templates, in id order (the id is the index).
pub const TEMPLATES: &[&str] = &[
    "bias",
    "word",
    "lemma",
    "upos",
    "upos+lemma",
    "rel",
    "rel+lemma",
    "head.upos+rel",
    "head.lemma",
    "lexicon",
    "lexicon+rel",
    "rule",
    "child.rel",
    "child.rel+upos",
    "child.rel+lemma",
    "mark",
    "subj.kind",
    "negated",
    "modal",
    "in-quote",
    "quote-beside",
    "prev.word",
    "next.word",
    "prev+word",
    "word+next",
    "suffix3",
    "root",
    "position",
    "lemma+child.rel",
    "lemma+child.rel+word",
    "lemma+subj.kind",
    "subj.lexicon",
    "comp.head.upos",
    "cand.kind",
    "cand.kind+lemma",
    "cand.kind+lexicon",
    "cand.head.upos",
    "cand.head.word",
    "cand.len",
    "cand.side",
    "cand.is-rule",
    "cand.kind+rel",
    "cand.first.word",
    "cand.last.word",
    "cand.quoted",
    "cand.has-verb",
    "cand.kind+rule",
];

fn t(name: &str) -> u64 {
    TEMPLATES.iter().position(|&n| n == name).expect("feature template is named in TEMPLATES") as u64 + 1
}

/// A template's id, looked up once per call site (the names are the
/// documentation; the ids are what the models see).
macro_rules! tid {
    ($name:literal) => {{
        static ID: OnceLock<u64> = OnceLock::new();
        *ID.get_or_init(|| t($name))
    }};
}

#[inline]
fn feat(t: u64, vals: &[u64]) -> u64 {
    let mut h = t.wrapping_mul(0x100_0000_01B3);
    for &v in vals {
        h = mix(h, v);
    }
    // Never 0 after mixing a non-zero template; rows come from the top bits.
    mix(h, 0x5bd1_e995)
}

/// A sentence as the models see it: the parse, lower-case forms and what
/// the rules found in it.
pub struct View<'a> {
    /// The parse of the sentence.
    pub parse: &'a Parse,
    /// Lower-case hashes of each token's form.
    word: Vec<u64>,
    /// Lemma hashes (verbs), else the word's.
    lemma: Vec<u64>,
    /// Subtree span of each token.
    spans: Vec<Range<usize>>,
    /// Dependents of each token, left to right (`Parse::children` scans the
    /// sentence; this keeps a long sentence linear).
    kids: Vec<Vec<usize>>,
    /// Is the token inside a quotation?
    quoted: Vec<bool>,
    /// The rule attribution whose cue covers the token.
    rule_cue: Vec<Option<usize>>,
    /// The rules' attributions in this sentence.
    pub rules: &'a [Found],
    /// Lower-case forms (borrowed when already lower case: most tokens).
    lower: Vec<std::borrow::Cow<'a, str>>,
}

impl<'a> View<'a> {
    /// Prepares a sentence: `quotes` are the block's quotation spans.
    pub fn new(parse: &'a Parse, quotes: &[Range<usize>], rules: &'a [Found]) -> Self {
        let n = parse.len();
        let lower: Vec<std::borrow::Cow<'a, str>> = parse.forms.iter().map(|f| crate::text::lower(f)).collect();
        let word: Vec<u64> = lower.iter().map(|w| hash_str(w)).collect();
        let lemma =
            (0..n).map(|i| if parse.lemmas[i].is_empty() { word[i] } else { hash_str(&parse.lemmas[i]) }).collect();
        let spans = parse.spans();
        let mut kids = vec![Vec::new(); n];
        for (i, h) in parse.heads.iter().enumerate() {
            if let Some(h) = *h {
                kids[h].push(i);
            }
        }
        let quoted = parse.tokens.iter().map(|r| crate::text::quote_at(quotes, r.start).is_some()).collect();
        let mut rule_cue = vec![None; n];
        for (k, f) in rules.iter().enumerate() {
            for (i, r) in parse.tokens.iter().enumerate() {
                if r.start < f.cue.end && f.cue.start < r.end {
                    rule_cue[i].get_or_insert(k);
                }
            }
        }
        View { parse, word, lemma, spans, kids, quoted, rule_cue, rules, lower }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.parse.len()
    }

    /// True for a sentence without tokens.
    pub fn is_empty(&self) -> bool {
        self.parse.is_empty()
    }

    /// The lower-case form of token `i`.
    pub fn lower(&self, i: usize) -> &str {
        &self.lower[i]
    }

    /// Dependents of `i`, left to right.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.kids[i].iter().copied()
    }

    /// The first dependent of `i` with one of `rels`.
    pub fn child_with(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.parse.first_with(self.children(i), rels)
    }

    /// The subject of `verb`'s clause, or of its governor's for a conjunct or
    /// xcomp ([`Parse::subject_of`] over this view's dependents index).
    pub fn subject_of(&self, verb: usize) -> Option<usize> {
        self.parse.subject_with(verb, |v| self.children(v))
    }

    /// Token range of `i`'s subtree.
    pub fn span(&self, i: usize) -> Range<usize> {
        self.spans[i].clone()
    }

    fn lexicon(&self, i: usize) -> u64 {
        match cue_class(&self.lower[i]).or_else(|| cue_class(&self.parse.lemmas[i])) {
            None => 0,
            Some(CueClass::Speech) => 1,
            Some(CueClass::Belief) => 2,
            Some(CueClass::Evidence) => 3,
            Some(CueClass::Object) => 4,
            Some(CueClass::Intention) => 5,
        }
    }

    /// Token range of a byte range of the block (the tokens it touches).
    pub fn tokens_of(&self, bytes: &Range<usize>) -> Range<usize> {
        let toks = &self.parse.tokens;
        let lo = toks.partition_point(|t| t.end <= bytes.start);
        let hi = toks.partition_point(|t| t.start < bytes.end);
        lo..hi.max(lo)
    }
}

/// The source lexicons' type of a subject's head word (0: none; a title
/// such as "minister" counts as a person).
fn subject_type(lower: &str) -> u64 {
    if super::lexicon::is_title(lower) {
        return 7;
    }
    let padded = format!(" {lower} ");
    let first = super::lexicon::source_types_in(&padded).next();
    first.map_or(0, |t| t as u64 + 1)
}

/// Can token `i` head a cue? Open-class words, "according" and a colon.
pub fn is_candidate(v: &View, i: usize) -> bool {
    let p = v.parse;
    match p.upos[i] {
        Upos::VERB | Upos::NOUN | Upos::ADJ => true,
        Upos::PUNCT => matches!(p.forms[i].as_str(), ":"),
        _ => v.lower(i) == "according",
    }
}

const NEGATIONS: &[&str] = &["not", "n't", "never", "no"];
const MODALS: &[&str] = &["will", "would", "could", "may", "might", "should", "must", "can", "'ll"];

/// The cue model's features of token `i`.
pub fn cue_features(v: &View, i: usize, out: &mut Vec<u64>) {
    out.clear();
    let p = v.parse;
    let n = v.len();
    let up = u64::from(p.upos[i].0) + 1;
    let rel = hash_str(p.rels[i]);
    let lex = v.lexicon(i);
    out.push(feat(tid!("bias"), &[]));
    out.push(feat(tid!("word"), &[v.word[i]]));
    out.push(feat(tid!("lemma"), &[v.lemma[i]]));
    out.push(feat(tid!("upos"), &[up]));
    out.push(feat(tid!("upos+lemma"), &[up, v.lemma[i]]));
    out.push(feat(tid!("rel"), &[rel]));
    out.push(feat(tid!("rel+lemma"), &[rel, v.lemma[i]]));
    match p.heads[i] {
        Some(h) => {
            out.push(feat(tid!("head.upos+rel"), &[u64::from(p.upos[h].0) + 1, rel]));
            out.push(feat(tid!("head.lemma"), &[v.lemma[h]]));
        }
        None => out.push(feat(tid!("root"), &[])),
    }
    out.push(feat(tid!("lexicon"), &[lex]));
    out.push(feat(tid!("lexicon+rel"), &[lex, rel]));
    let rule = v.rule_cue[i].map_or(0, |k| 1 + v.rules[k].kind as u64);
    out.push(feat(tid!("rule"), &[rule]));
    let mut subj = 0;
    for c in v.children(i) {
        let crel = hash_str(p.rels[c]);
        out.push(feat(tid!("child.rel"), &[crel]));
        out.push(feat(tid!("child.rel+upos"), &[crel, u64::from(p.upos[c].0) + 1]));
        if matches!(p.rels[c], "ccomp" | "xcomp" | "obj" | "nsubj" | "obl" | "nmod" | "acl" | "mark" | "case") {
            out.push(feat(tid!("child.rel+lemma"), &[crel, v.lemma[c]]));
        }
        // The verb's frame: "called" + obj is an event, "called" + prt "on" a cue.
        out.push(feat(tid!("lemma+child.rel"), &[v.lemma[i], crel]));
        if matches!(p.rels[c], "compound:prt" | "case" | "mark" | "fixed" | "obl" | "iobj") {
            let w = v.child_with(c, &["case"]).map_or(v.word[c], |k| v.word[k]);
            out.push(feat(tid!("lemma+child.rel+word"), &[v.lemma[i], crel, w]));
        }
        if matches!(p.rels[c], "ccomp" | "xcomp" | "parataxis") {
            out.push(feat(tid!("comp.head.upos"), &[u64::from(p.upos[c].0), lex]));
        }
        if matches!(p.rels[c], "ccomp" | "xcomp" | "acl") {
            if let Some(m) = v.child_with(c, &["mark"]) {
                out.push(feat(tid!("mark"), &[v.word[m]]));
            }
        }
        if p.rels[c].starts_with("nsubj") {
            // Who the subject is, by the source lexicons: a person, a body, a document, a group.
            let kind = subject_type(v.lower(c));
            out.push(feat(tid!("subj.lexicon"), &[kind, lex]));
            subj = match p.upos[c] {
                Upos::PRON => 1,
                Upos::PROPN => 2,
                Upos::NOUN => 3,
                _ => 4,
            };
        }
        if NEGATIONS.contains(&v.lower(c)) && matches!(p.rels[c], "advmod" | "det") {
            out.push(feat(tid!("negated"), &[]));
        }
        if p.rels[c] == "aux" && MODALS.contains(&v.lower(c)) {
            out.push(feat(tid!("modal"), &[v.word[c]]));
        }
    }
    out.push(feat(tid!("subj.kind"), &[subj, lex]));
    out.push(feat(tid!("lemma+subj.kind"), &[v.lemma[i], subj]));
    out.push(feat(tid!("in-quote"), &[u64::from(v.quoted[i])]));
    let beside = |j: Option<usize>| j.is_some_and(|j| v.quoted[j]);
    let (prev, next) = (i.checked_sub(1), (i + 1 < n).then_some(i + 1));
    out.push(feat(tid!("quote-beside"), &[u64::from(beside(prev)), u64::from(beside(next))]));
    let w = |j: Option<usize>| j.map_or(1, |j| v.word[j]);
    out.push(feat(tid!("prev.word"), &[w(prev)]));
    out.push(feat(tid!("next.word"), &[w(next)]));
    out.push(feat(tid!("prev+word"), &[w(prev), v.lemma[i]]));
    out.push(feat(tid!("word+next"), &[v.lemma[i], w(next)]));
    let suffix: String = v.lower(i).chars().rev().take(3).collect();
    out.push(feat(tid!("suffix3"), &[hash_str(&suffix), up]));
    let pos = if i == 0 {
        0
    } else if i + 2 >= n {
        2
    } else {
        1
    };
    out.push(feat(tid!("position"), &[pos, up]));
}

/// Kinds of source candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// No source is named.
    None = 0,
    /// The cue's (or its governor's) subject.
    Subject,
    /// A "by" agent, or "from" with a noun cue ("criticism from X").
    Agent,
    /// A possessor of a noun cue ("Trump's claim").
    Possessor,
    /// The noun that "according to" governs.
    According,
    /// The subject of the verb a noun cue is the object of ("X issued a statement").
    GovernorSubject,
    /// The rules' source for this cue.
    Rule,
    /// The subject of the clause an adverbial participle cue hangs from
    /// ("the mayor toured the harbour, promising to cut the levy").
    ClauseSubject,
}

/// Kinds of content candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// The clausal complement (ccomp, xcomp, parataxis, a noun's acl).
    Complement = 0,
    /// The governing clause without the cue's own subtree ("X, he said").
    Governor,
    /// Every word after the cue's clause head to the end of the sentence.
    After,
    /// Every word of the sentence before the cue's subtree.
    Before,
    /// The cue's object.
    Object,
    /// The quotation beside the cue.
    Quote,
    /// The rules' content.
    Rule,
}

/// A proposed source or content: token ranges of the sentence (the rules'
/// candidates keep their byte ranges too, which may leave the sentence).
#[derive(Debug, Clone)]
pub struct Candidate<K> {
    /// Which mechanism proposed it.
    pub kind: K,
    /// Token ranges, in order.
    pub tokens: Vec<Range<usize>>,
    /// Byte ranges, for the rules' own candidates.
    pub bytes: Option<Vec<Range<usize>>>,
}

fn trim_punct(v: &View, mut r: Range<usize>) -> Range<usize> {
    let p = v.parse;
    while r.start < r.end && (p.upos[r.start] == Upos::PUNCT || p.rels[r.start] == "mark" || p.rels[r.start] == "cc") {
        r.start += 1;
    }
    while r.end > r.start && p.upos[r.end - 1] == Upos::PUNCT {
        r.end -= 1;
    }
    r
}

/// The rule attribution that took token `c` as (part of) its cue.
pub fn rule_of<'v>(v: &View<'v>, c: usize) -> Option<&'v Found> {
    v.rule_cue[c].map(|k| &v.rules[k])
}

/// Source candidates of cue `c` (`None` first: it is always one).
pub fn source_candidates(v: &View, c: usize) -> Vec<Candidate<SourceKind>> {
    let p = v.parse;
    let mut out = vec![Candidate { kind: SourceKind::None, tokens: vec![], bytes: None }];
    let mut push = |kind, r: Range<usize>| {
        if !r.is_empty() {
            out.push(Candidate { kind, tokens: vec![r], bytes: None });
        }
    };
    // A passive subject is what is said, not who says it ("X was said to
    // be…"); the parser does not always mark it, its auxiliary tells.
    let passive = v.child_with(c, &["aux:pass"]).is_some();
    if let Some(s) = v.subject_of(c).filter(|&s| !passive && !p.rels[s].ends_with(":pass")) {
        push(SourceKind::Subject, v.span(s));
    }
    if p.upos[c] == Upos::VERB && p.rels[c] == "advcl" && !passive {
        if let Some(s) = p.heads[c].and_then(|h| v.subject_of(h)) {
            push(SourceKind::ClauseSubject, v.span(s));
        }
    }
    for ch in v.children(c) {
        let case = v.child_with(ch, &["case"]).map(|k| v.lower(k));
        match (p.rels[ch], case) {
            ("obl" | "obl:agent" | "nmod", Some("by" | "from")) => {
                let r = v.span(ch);
                push(SourceKind::Agent, (r.start + 1).min(r.end)..r.end);
            }
            ("nmod:poss", _) => push(SourceKind::Possessor, v.span(ch)),
            _ => {}
        }
    }
    if v.lower(c) == "according" {
        if let Some(h) = p.heads[c] {
            let r = v.span(h);
            let start = (c + 2).max(r.start);
            push(SourceKind::According, start.min(r.end)..r.end);
        }
    }
    if p.upos[c] == Upos::NOUN && matches!(p.rels[c], "obj" | "nsubj:pass") {
        if let Some(s) = p.heads[c].and_then(|h| v.subject_of(h)) {
            push(SourceKind::GovernorSubject, v.span(s));
        }
    }
    if let Some(f) = rule_of(v, c) {
        if !f.source.is_empty() {
            out.push(Candidate {
                kind: SourceKind::Rule,
                tokens: vec![v.tokens_of(&f.source)],
                bytes: Some(vec![f.source.clone()]),
            });
        }
    }
    out
}

/// Content candidates of cue `c`.
#[allow(clippy::single_range_in_vec_init)] // token ranges, one piece each
pub fn content_candidates(v: &View, c: usize) -> Vec<Candidate<ContentKind>> {
    let p = v.parse;
    let n = v.len();
    let mut out = Vec::new();
    let mut push = |kind, rs: Vec<Range<usize>>| {
        let rs: Vec<Range<usize>> = rs.into_iter().map(|r| trim_punct(v, r)).filter(|r| !r.is_empty()).collect();
        if !rs.is_empty() {
            out.push(Candidate { kind, tokens: rs, bytes: None });
        }
    };
    let own = v.span(c);
    if let Some(k) = v.children(c).find(|&k| matches!(p.rels[k], "ccomp" | "xcomp" | "parataxis" | "acl" | "csubj")) {
        push(ContentKind::Complement, vec![v.span(k)]);
    }
    if let Some(o) = v.child_with(c, &["obj", "nsubj:pass"]) {
        push(ContentKind::Object, vec![v.span(o)]);
    }
    // "X, he said": the cue is a parataxis or ccomp of the clause it reports;
    // "according to Y, X": the anchor noun hangs from the clause.
    let anchor = if v.lower(c) == "according" { p.heads[c] } else { Some(c) };
    if let Some(a) = anchor {
        if let Some(h) = p.heads[a] {
            let whole = v.span(h);
            let cut = v.span(a);
            push(ContentKind::Governor, vec![whole.start..cut.start, cut.end..whole.end]);
        }
    }
    let after_from = v.children(c).filter(|&k| k > c).map(|k| v.span(k).start).min().unwrap_or(c + 1);
    push(ContentKind::After, vec![after_from.max(c + 1)..n]);
    push(ContentKind::Before, vec![0..own.start]);
    let quotes: Vec<Range<usize>> = {
        let mut qs = Vec::new();
        let mut i = 0;
        while i < n {
            if v.quoted[i] && !matches!(p.forms[i].as_str(), "\"" | "“" | "”" | "'" | "‘" | "’") {
                let s = i;
                while i < n && v.quoted[i] {
                    i += 1;
                }
                qs.push(s..i);
            } else {
                i += 1;
            }
        }
        qs
    };
    if let Some(q) = quotes.iter().min_by_key(|q| if q.end <= c { c - q.end } else { q.start.saturating_sub(c) }) {
        push(ContentKind::Quote, vec![q.clone()]);
    }
    if let Some(f) = rule_of(v, c) {
        out.push(Candidate {
            kind: ContentKind::Rule,
            tokens: f.content.iter().map(|b| v.tokens_of(b)).collect(),
            bytes: Some(f.content.clone()),
        });
    }
    out
}

fn side(c: usize, tokens: &[Range<usize>]) -> u64 {
    match tokens.first() {
        None => 0,
        Some(r) if r.end <= c => 1,
        Some(r) if r.start > c => 2,
        _ => 3,
    }
}

/// Features of one candidate of cue `c` (the ranking models score these).
pub fn candidate_features(v: &View, c: usize, kind: u64, tokens: &[Range<usize>], is_rule: bool, out: &mut Vec<u64>) {
    out.clear();
    let p = v.parse;
    let lex = v.lexicon(c);
    let rel = hash_str(p.rels[c]);
    out.push(feat(tid!("cand.kind"), &[kind]));
    out.push(feat(tid!("cand.kind+lemma"), &[kind, v.lemma[c]]));
    out.push(feat(tid!("cand.kind+lexicon"), &[kind, lex]));
    out.push(feat(tid!("cand.kind+rel"), &[kind, rel, u64::from(p.upos[c].0)]));
    out.push(feat(tid!("cand.kind+rule"), &[kind, u64::from(v.rule_cue[c].is_some())]));
    out.push(feat(tid!("cand.is-rule"), &[kind, u64::from(is_rule)]));
    let len: usize = tokens.iter().map(|r| r.len()).sum();
    let bucket = match len {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        8..=15 => 4,
        _ => 5,
    };
    out.push(feat(tid!("cand.len"), &[kind, bucket]));
    out.push(feat(tid!("cand.side"), &[kind, side(c, tokens)]));
    if let (Some(first), Some(last)) = (tokens.first(), tokens.last()) {
        if !first.is_empty() && !last.is_empty() {
            // The phrase's head: the token whose governor is outside it.
            let inside = |x: usize| tokens.iter().any(|r| r.contains(&x));
            let head = tokens.iter().flat_map(|r| r.clone()).find(|&x| !p.heads[x].is_some_and(inside));
            if let Some(h) = head {
                out.push(feat(tid!("cand.head.upos"), &[kind, u64::from(p.upos[h].0)]));
                out.push(feat(tid!("cand.head.word"), &[kind, v.word[h]]));
            }
            out.push(feat(tid!("cand.first.word"), &[kind, v.word[first.start]]));
            out.push(feat(tid!("cand.last.word"), &[kind, v.word[last.end - 1]]));
            let q = tokens.iter().flat_map(|r| r.clone()).filter(|&x| v.quoted[x]).count();
            out.push(feat(tid!("cand.quoted"), &[kind, (q * 4 / len.max(1)) as u64]));
            let verb = tokens.iter().flat_map(|r| r.clone()).any(|x| p.upos[x] == Upos::VERB);
            out.push(feat(tid!("cand.has-verb"), &[kind, u64::from(verb)]));
        }
    }
}

/// The three embedded models.
pub struct Models {
    cue: Weights,
    source: Weights,
    content: Weights,
    /// Cue margin (model units) above which a candidate the rules left becomes an attribution.
    pub add_at: i32,
    /// Slope and intercept of the margin's logistic calibration.
    platt: (f32, f32),
}

static CUE: &[u8] = include_bytes!("../models/cue.bin");
static SOURCE: &[u8] = include_bytes!("../models/source.bin");
static CONTENT: &[u8] = include_bytes!("../models/content.bin");

/// A number the trainer chose, kept in the cue model's class names (`yes
/// add_at=N platt=A,B`): the decision line and the calibration travel with
/// the weights they were chosen for.
fn cue_setting<'n>(names: &'n [String], key: &str) -> Option<&'n str> {
    names.get(1)?.split_whitespace().find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

/// The cue model's decision line and calibration, if its names carry them.
pub fn cue_settings(names: &[String]) -> Option<(i32, (f32, f32))> {
    let add_at = cue_setting(names, "add_at")?.parse().ok()?;
    let (a, b) = cue_setting(names, "platt")?.split_once(',')?;
    Some((add_at, (a.parse().ok()?, b.parse().ok()?)))
}

/// The embedded models; `build.rs` has checked their bytes.
pub fn models() -> &'static Models {
    static M: OnceLock<Models> = OnceLock::new();
    M.get_or_init(|| {
        let load = |name: &str, bytes: &'static [u8]| {
            Weights::from_bytes(bytes).unwrap_or_else(|e| panic!("embedded {name} model: {e} (build.rs checks it)"))
        };
        let cue = load("cue", CUE);
        let (add_at, platt) = cue_settings(&cue.names)
            .unwrap_or_else(|| panic!("embedded cue model: no add_at/platt in its class names (build.rs checks it)"));
        Models { cue, source: load("source", SOURCE), content: load("content", CONTENT), add_at, platt }
    })
}

impl Models {
    /// Cue margin of token `i` (positive: a cue), in quantised units.
    pub fn cue_margin(&self, v: &View, i: usize, buf: &mut Vec<u64>) -> i32 {
        cue_features(v, i, buf);
        let mut s = [0i32; 2];
        self.cue.score(buf, &mut s);
        s[1] - s[0]
    }

    /// A margin as a probability: the logistic curve the trainer fitted to
    /// the validation articles (Platt scaling), so 0.5 means "as often right
    /// as wrong" there.
    pub fn confidence(&self, margin: i32) -> f32 {
        let x = self.platt.0 * margin as f32 * self.cue.scale + self.platt.1;
        1.0 / (1.0 + (-x).exp())
    }

    fn best<K: Copy + Into<u64>>(
        &self,
        w: &Weights,
        v: &View,
        c: usize,
        cands: &[Candidate<K>],
        buf: &mut Vec<u64>,
    ) -> usize {
        let mut best = (i32::MIN, 0);
        for (k, cand) in cands.iter().enumerate() {
            candidate_features(v, c, cand.kind.into(), &cand.tokens, cand.bytes.is_some(), buf);
            let mut s = [0i32; 1];
            w.score(buf, &mut s);
            if s[0] > best.0 {
                best = (s[0], k);
            }
        }
        best.1
    }
}

impl From<SourceKind> for u64 {
    fn from(k: SourceKind) -> u64 {
        k as u64
    }
}

impl From<ContentKind> for u64 {
    fn from(k: ContentKind) -> u64 {
        k as u64 + 16
    }
}

/// Which engine decides the attributions: the product runs both; the CLI's
/// `--engine` compares them on the evaluation data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The rules and the model together (the default).
    Both = 0,
    /// The rules alone.
    Rules = 1,
    /// The model alone: every cue and its arguments by the model (the rules'
    /// proposals still feed its features and candidates).
    Model = 2,
}

static ENGINE: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Chooses the engine for this process (evaluation only).
pub fn set_engine(e: Engine) {
    ENGINE.store(e as u8, std::sync::atomic::Ordering::Relaxed);
}

fn engine() -> Engine {
    match ENGINE.load(std::sync::atomic::Ordering::Relaxed) {
        1 => Engine::Rules,
        2 => Engine::Model,
        _ => Engine::Both,
    }
}

/// One model decision for the report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// The cue model's confidence.
    pub confidence: f32,
    /// Whether the model, not a rule, proposed the attribution.
    pub learned: bool,
    /// The cue is negated ("did not reveal", "never said"): reported, but
    /// nothing was asserted.
    pub negated: bool,
}

/// Does a negation hang from the cue's head ("did not say", "never
/// confirmed")? The head is the cue token nearest the root.
pub fn negated(v: &View, cue: &Range<usize>) -> bool {
    let parse = v.parse;
    let Some(head) = cue_head(parse, cue) else { return false };
    v.children(head).any(|c| {
        matches!(parse.rels[c], "advmod" | "neg") && NEGATIONS[..3].contains(&parse.forms[c].to_lowercase().as_str())
    })
}

/// What kind of act a cue reports ([`super::lexicon::category`] of its
/// words and of its head's lemma and tag): the one reading for the report
/// and for the gates here. A speech verb whose subject is a test, a study
/// or a thing ("the samples revealed", "the analysis suggests") reports what
/// evidence shows, not what someone said: its subject's first WordNet
/// sense is an act, an abstraction or a physical thing, not a person, a
/// group or a message ("the report revealed" stays a statement).
pub fn cue_category(text: &str, parse: Option<&Parse>, cue: &Range<usize>) -> crate::report::Category {
    use crate::report::Category;
    let head = parse.and_then(|p| cue_head(p, cue).map(|h| (h, p)));
    let category = super::lexicon::category(&text[cue.clone()], head.map(|(h, p)| (p.lemmas[h].as_str(), p.upos[h])));
    if category == Category::Statement && head.is_some_and(|(h, p)| thing_says(p, h)) {
        Category::Evidence
    } else {
        category
    }
}

/// True when verb `h`'s subject is a thing, not someone ([`cue_category`]):
/// both first senses of the head noun an act, an abstraction or a physical
/// thing ("management" is an act, then a group), the word in lower case
/// (not part of a name: "Big Machine"), and no name, pronoun, person or
/// group in its phrase (the parser may have picked the wrong head: "people
/// familiar with the plan"). The subject and its phrase are looked for in
/// a window around their heads: bounded work per cue, where a hostile
/// sentence may hold thousands (`Parse::child_with` scans the sentence).
fn thing_says(p: &Parse, h: usize) -> bool {
    if p.upos[h] != Upos::VERB {
        return false;
    }
    let near = |t: usize, before: usize, after: usize| t.saturating_sub(before)..(t + after).min(p.len());
    let Some(s) = near(h, 12, 6).find(|&t| p.heads[t] == Some(h) && p.rels[t] == "nsubj") else { return false };
    let senses = |t: usize| super::lexicon::noun_senses(&crate::text::lower(&p.forms[t]));
    let thing = !senses(s).is_empty() && senses(s).chars().all(|c| matches!(c, 'a' | 'k' | 't'));
    if p.upos[s] != Upos::NOUN || !p.forms[s].starts_with(char::is_lowercase) || !thing {
        return false;
    }
    let under_subject = |mut t: usize| {
        for _ in 0..4 {
            if t == s {
                return true;
            }
            match p.heads[t] {
                Some(x) => t = x,
                None => return false,
            }
        }
        false
    };
    let someone = |t: usize| {
        matches!(p.upos[t], Upos::PROPN | Upos::PRON) || p.upos[t] == Upos::NOUN && senses(t).starts_with(['h', 'g'])
    };
    !near(s, 8, 9).filter(|&t| under_subject(t)).any(someone)
}

/// The token of a cue's bytes nearest the root: its head ("said", "according").
pub fn cue_head(parse: &Parse, cue: &Range<usize>) -> Option<usize> {
    let toks =
        parse.tokens.partition_point(|t| t.end <= cue.start)..parse.tokens.partition_point(|t| t.start < cue.end);
    toks.clone().find(|&i| !parse.heads[i].is_some_and(|h| toks.contains(&h)))
}

/// Adds the model's attributions to the rules' for one sentence and scores
/// every one. `found` holds the rules' attributions on entry; on return it
/// holds those plus the model's, and `scores` one entry per attribution.
pub fn extend(text: &str, parse: &Parse, quotes: &[Range<usize>], found: &mut Vec<Found>, scores: &mut Vec<Scored>) {
    let engine = engine();
    if engine == Engine::Rules {
        let view = View::new(parse, quotes, found);
        let negations: Vec<bool> = found.iter().map(|f| negated(&view, &f.cue)).collect();
        scores.extend(negations.into_iter().map(|negated| Scored { confidence: 1.0, learned: false, negated }));
        return;
    }
    let m = models();
    let rules = std::mem::take(found);
    let view = View::new(parse, quotes, &rules);
    let mut buf = Vec::with_capacity(64);
    let mut rule_conf = vec![None::<f32>; rules.len()];
    let mut added = Vec::new();
    for i in 0..view.len() {
        if !is_candidate(&view, i) {
            continue;
        }
        let margin = m.cue_margin(&view, i, &mut buf);
        let c = m.confidence(margin);
        if let Some(k) = view.rule_cue[i].filter(|_| engine == Engine::Both) {
            rule_conf[k] = Some(rule_conf[k].map_or(c, |o: f32| o.max(c)));
            continue;
        }
        if margin <= m.add_at || c < ADD_CONFIDENCE || added.len() >= 16 {
            continue;
        }
        // Inside a rule's source: "a spokesman for the ministry said" has one cue.
        if engine == Engine::Both
            && rules.iter().any(|f| f.source.start <= parse.tokens[i].start && parse.tokens[i].end <= f.source.end)
        {
            continue;
        }
        let sources = source_candidates(&view, i);
        let contents = content_candidates(&view, i);
        if contents.is_empty() {
            continue;
        }
        let s = &sources[m.best(&m.source, &view, i, &sources, &mut buf)];
        let ct = &contents[m.best(&m.content, &view, i, &contents, &mut buf)];
        // A subtree's edge may be a quotation mark or a dash: not the source's words.
        let trimmed: Vec<Range<usize>> = s.tokens.iter().map(|r| trim_punct(&view, r.clone())).collect();
        let source = to_bytes(parse, &s.bytes, &trimmed).into_iter().next().unwrap_or(0..0);
        let content = to_bytes(parse, &ct.bytes, &ct.tokens);
        if content.is_empty() {
            continue;
        }
        let cue = cue_bytes(&view, i);
        added.push((super::extract::make("model", text, source, cue, content, quotes), c));
    }
    let rule_negated: Vec<bool> = rules.iter().map(|f| negated(&view, &f.cue)).collect();
    let doubted: Vec<bool> = rules
        .iter()
        .zip(&rule_conf)
        .map(|(f, c)| {
            acts_on_a_thing(text, &view, f)
                .is_some_and(|(head, obj)| c.is_some_and(|c| c < DOUBT_BELOW) || names_no_message(&view, head, obj))
        })
        .collect();
    let added_negated: Vec<bool> = added.iter().map(|(f, _)| negated(&view, &f.cue)).collect();
    drop(view);
    for (k, f) in rules.into_iter().enumerate().filter(|(k, _)| engine == Engine::Both && !doubted[*k]) {
        scores.push(Scored { confidence: rule_conf[k].unwrap_or(1.0), learned: false, negated: rule_negated[k] });
        found.push(f);
    }
    for ((f, c), negated) in added.into_iter().zip(added_negated) {
        scores.push(Scored { confidence: c, learned: true, negated });
        found.push(f);
    }
}

/// A rule's verb cue whose content is only the verb's object, not a
/// message: "concluded its annual review", "maintains a seat on the
/// board", "adding three factories". A speech verb with a clause or a
/// quotation says something; with a bare noun phrase it often acts on it.
/// Returns the verb's and the object's tokens. Dropped only when a second
/// signal agrees: the cue model doubts it ([`DOUBT_BELOW`]), or the verb
/// acts on people ([`names_no_message`]). "announced a plan" and "denied
/// the charges" are said: the model, which sees the object's words, keeps
/// them, and a plan or a charge is no person.
fn acts_on_a_thing(text: &str, v: &View, f: &Found) -> Option<(usize, usize)> {
    let p = v.parse;
    let head = cue_head(p, &f.cue)?;
    if p.upos[head] != Upos::VERB || f.content.len() != 1 || v.quoted[head] {
        return None;
    }
    // A belief or plan held about a thing ("backs the bill", "wants a deal")
    // is shown as such, not as a statement: left alone.
    if cue_category(text, Some(p), &f.cue) != crate::report::Category::Statement {
        return None;
    }
    // An adverbial clause with no "when" or "because" is most often the
    // complement parsed wrong: "insisted the company had followed …".
    let clause = |c: usize| {
        matches!(p.rels[c], "ccomp" | "xcomp" | "parataxis" | "csubj")
            || p.rels[c] == "advcl" && v.child_with(c, &["mark"]).is_none()
    };
    if v.children(head).any(clause) {
        return None;
    }
    let obj = v.child_with(head, &["obj"])?;
    let object = p.bytes(v.span(obj));
    let content = &f.content[0];
    let quoted = v.tokens_of(content).any(|t| v.quoted[t]);
    // The content begins with the object (it may run on into the verb's
    // other dependents: "concluded its hearing on Tuesday").
    (object.start <= content.start && content.start < object.end && !quoted).then_some((head, obj))
}

/// True when the verb `head` acts on people: its object, a common noun,
/// names a person or a group by its first WordNet sense, and the verb has
/// a sense other than saying among its first ones ("admitted 40 students",
/// "defended the workers"). A verb that only says keeps a person as its
/// object, the one spoken to or about ("accused the minister"); a message,
/// an act or an idea ("the allegations", "the closure") can be said; a
/// name, or a noun WordNet does not list, is left to the model.
fn names_no_message(v: &View, head: usize, obj: usize) -> bool {
    let p = v.parse;
    p.upos[obj] == Upos::NOUN
        && super::lexicon::noun_senses(v.lower(obj)).starts_with(['h', 'g'])
        && super::lexicon::verb_senses(&p.lemmas[head]).contains(|c| c != 'c')
}

/// The cue model's confidence below which a rule's cue that acts on a thing
/// ([`acts_on_a_thing`]) is dropped.
const DOUBT_BELOW: f32 = 0.5;

fn to_bytes(parse: &Parse, bytes: &Option<Vec<Range<usize>>>, tokens: &[Range<usize>]) -> Vec<Range<usize>> {
    bytes.clone().unwrap_or_else(|| tokens.iter().filter(|r| !r.is_empty()).map(|r| parse.bytes(r.clone())).collect())
}

/// A cue no rule took becomes an attribution only when the calibrated model
/// is this sure: on real pages a wrong speaker costs the reader more than a
/// missed one (PolNeAR dev: F1 0.752 → 0.746, precision 0.836 → 0.848).
const ADD_CONFIDENCE: f32 = 0.55;

/// The cue's words: the head, with a particle or fixed word ("called on",
/// "according to", "pointed to").
fn cue_bytes(v: &View, c: usize) -> Range<usize> {
    let p = v.parse;
    let mut r = c..c + 1;
    for k in v.children(c) {
        if matches!(p.rels[k], "compound:prt" | "fixed") && k == r.end {
            r.end = k + 1;
        }
    }
    if v.lower(c) == "according" && c + 1 < v.len() && v.lower(c + 1) == "to" {
        r.end = c + 2;
    }
    p.bytes(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parse written by hand, so the frame is tested apart from the parser.
    fn parse(text: &str, heads: &[Option<usize>], rels: &[&'static str], upos: &[Upos], lemmas: &[&str]) -> Parse {
        let mut tokens = Vec::new();
        let mut at = 0;
        for w in text.split(' ') {
            tokens.push(at..at + w.len());
            at += w.len() + 1;
        }
        Parse {
            forms: text.split(' ').map(String::from).collect(),
            tokens,
            upos: upos.to_vec(),
            heads: heads.to_vec(),
            rels: rels.to_vec(),
            lemmas: lemmas.iter().map(|l| l.to_string()).collect(),
            clitic: vec![false; heads.len()],
        }
    }

    fn tag(name: &str) -> Upos {
        Upos::from_name(name).expect("a UPOS tag")
    }

    #[test]
    fn a_speech_verb_with_only_a_thing_as_object_acts_on_it() {
        use Upos as U;
        let (d, n, v, p) = (tag("DET"), U::NOUN, U::VERB, U::PROPN);
        // "The board concluded its hearing on Tuesday"
        let text = "The board concluded its hearing on Tuesday";
        let p1 = parse(
            text,
            &[Some(1), Some(2), None, Some(4), Some(2), Some(6), Some(2)],
            &["det", "nsubj", "root", "nmod:poss", "obj", "case", "obl"],
            &[d, n, v, U::PRON, n, tag("ADP"), p],
            &["", "", "conclude", "", "", "", ""],
        );
        let f = super::super::extract::make("verb-after", text, 0..9, 10..19, std::iter::once(20..42).collect(), &[]);
        let view = View::new(&p1, &[], std::slice::from_ref(&f));
        assert!(acts_on_a_thing(text, &view, &f).is_some());
        // "The board concluded that it failed": a clause is said.
        let text = "The board concluded that it failed";
        let p2 = parse(
            text,
            &[Some(1), Some(2), None, Some(5), Some(5), Some(2)],
            &["det", "nsubj", "root", "mark", "nsubj", "ccomp"],
            &[d, n, v, tag("SCONJ"), U::PRON, v],
            &["", "", "conclude", "", "", "fail"],
        );
        let f = super::super::extract::make("verb-after", text, 0..9, 10..19, std::iter::once(25..34).collect(), &[]);
        let view = View::new(&p2, &[], std::slice::from_ref(&f));
        assert!(acts_on_a_thing(text, &view, &f).is_none());
        // "The board wants a deal": a plan about a thing is an intention, shown as one.
        let text = "The board wants a deal";
        let p3 = parse(
            text,
            &[Some(1), Some(2), None, Some(4), Some(2)],
            &["det", "nsubj", "root", "det", "obj"],
            &[d, n, v, d, n],
            &["", "", "want", "", ""],
        );
        let f = super::super::extract::make("verb-after", text, 0..9, 10..15, std::iter::once(16..22).collect(), &[]);
        let view = View::new(&p3, &[], std::slice::from_ref(&f));
        assert!(acts_on_a_thing(text, &view, &f).is_none());
    }
}
