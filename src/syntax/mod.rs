//! Syntax stage: UD tokens, part-of-speech tags, verb lemmas and a labelled
//! dependency parse for every sentence of the article.
//!
//! Why a stage of its own: who said what is a question about clauses (the
//! subject of "said", where its complement begins), and the claim stage needs
//! the main verb, its subject, modality and negation. The attribution and
//! claim stages read [`Parse`] through the small API below
//! ([`Parse::subject_of`], [`Parse::complement_of`], [`Parse::span`]).
//!
//! The pipeline, per sentence, all linear in its length:
//! 1. [`tokenize`]: UD English tokens (clitics split: "don't" → "do" "n't";
//!    abbreviations keep their period), byte offsets kept.
//! 2. [`tagger`]: a greedy averaged-perceptron tagger (UPOS).
//! 3. [`parser`]: a greedy arc-hybrid transition parser (unlabelled arcs),
//!    trained with a dynamic oracle.
//! 4. [`labeler`]: one UD relation per arc, from features of the finished tree.
//! 5. [`lemma`]: verb lemmas from suffix rules and an exception table.
//!
//! All three models are hashed linear models with i8 weights
//! ([`model::Weights`]), trained here from UD English EWT by
//! `./build.sh train` (see `src/syntax/models/README.md`) and embedded in the
//! crate; `build.rs` refuses to build with a corrupt model.

pub mod conllu;
pub mod features;
pub mod labeler;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod tagger;
pub mod tokenize;
#[cfg(not(target_arch = "wasm32"))]
#[doc(hidden)]
pub mod train;

use std::ops::Range;
use std::sync::OnceLock;

/// Universal part-of-speech tags, in the order the tagger's classes use.
pub const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ",
    "SYM", "VERB", "X",
];

/// A UPOS tag: an index into [`UPOS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Upos(pub u8);

impl Upos {
    /// The tag's name ("NOUN").
    pub fn name(self) -> &'static str {
        UPOS[self.0 as usize]
    }
    /// The tag named `name`.
    pub fn from_name(name: &str) -> Option<Upos> {
        UPOS.iter().position(|&u| u == name).map(|i| Upos(i as u8))
    }
    /// NOUN.
    pub const NOUN: Upos = Upos(7);
    /// PROPN.
    pub const PROPN: Upos = Upos(11);
    /// PRON.
    pub const PRON: Upos = Upos(10);
    /// VERB.
    pub const VERB: Upos = Upos(15);
    /// AUX.
    pub const AUX: Upos = Upos(3);
    /// PUNCT.
    pub const PUNCT: Upos = Upos(12);
    /// ADJ.
    pub const ADJ: Upos = Upos(0);
    /// ADV.
    pub const ADV: Upos = Upos(2);
    /// NUM.
    pub const NUM: Upos = Upos(8);
}

/// A token index inside one sentence's parse (0-based; heads use `None` for the root).
pub type TokenIx = usize;

/// One sentence, parsed.
#[derive(Debug, Clone, Default)]
pub struct Parse {
    /// Byte range of each token in the text the sentence was cut from.
    pub tokens: Vec<Range<usize>>,
    /// The tokens' text (a split clitic keeps its surface: "n't").
    pub forms: Vec<String>,
    /// UPOS tag of each token.
    pub upos: Vec<Upos>,
    /// Head of each token; `None` for the sentence's root.
    pub heads: Vec<Option<TokenIx>>,
    /// UD relation of each token to its head ("nsubj", "acl:relcl", "root").
    pub rels: Vec<&'static str>,
    /// Lemma of each VERB and AUX token (empty for the others).
    pub lemmas: Vec<String>,
    /// True for a clitic split from the token before it ("n't").
    pub clitic: Vec<bool>,
}

/// Relations that make a clause's subject.
const SUBJECTS: [&str; 5] = ["nsubj", "nsubj:pass", "csubj", "csubj:pass", "nsubj:outer"];
/// Relations that make a verb's clausal complement.
const COMPLEMENTS: [&str; 3] = ["ccomp", "xcomp", "parataxis"];

impl Parse {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }
    /// True when the sentence has no token.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
    /// Dependents of `head`, left to right.
    pub fn children(&self, head: TokenIx) -> impl Iterator<Item = TokenIx> + '_ {
        (0..self.len()).filter(move |&i| self.heads[i] == Some(head))
    }
    /// The first dependent of `head` with one of `rels`.
    pub fn child_with(&self, head: TokenIx, rels: &[&str]) -> Option<TokenIx> {
        self.first_with(self.children(head), rels)
    }
    /// The first of `tokens` with one of `rels`.
    pub fn first_with(&self, mut tokens: impl Iterator<Item = TokenIx>, rels: &[&str]) -> Option<TokenIx> {
        tokens.find(|&c| rels.contains(&self.rels[c]))
    }
    /// The subject of the clause headed by `verb`; a verb without one
    /// ("and added", "wanted to say") takes its governor's (conj, xcomp).
    pub fn subject_of(&self, verb: TokenIx) -> Option<TokenIx> {
        self.subject_with(verb, |v| self.children(v))
    }
    /// [`Parse::subject_of`] with the dependents of a token given by
    /// `children` (a caller with an index of them stays linear on long
    /// sentences; [`Parse::children`] scans the sentence).
    pub fn subject_with<I: Iterator<Item = TokenIx>>(
        &self,
        verb: TokenIx,
        children: impl Fn(TokenIx) -> I,
    ) -> Option<TokenIx> {
        let mut v = verb;
        for _ in 0..8 {
            if let Some(s) = self.first_with(children(v), &SUBJECTS) {
                return Some(s);
            }
            match (self.rels[v], self.heads[v]) {
                ("conj" | "xcomp", Some(h)) => v = h,
                _ => return None,
            }
        }
        None
    }
    /// The clausal complement of `verb` (ccomp, xcomp or parataxis).
    pub fn complement_of(&self, verb: TokenIx) -> Option<TokenIx> {
        self.child_with(verb, &COMPLEMENTS)
    }
    /// The tokens of `i`'s subtree as an index range (first..last+1); the
    /// parse is projective, so the subtree is contiguous.
    pub fn span(&self, i: TokenIx) -> Range<TokenIx> {
        let (mut lo, mut hi) = (i, i);
        // Walk up from every token: linear in practice (bounded depth).
        for t in 0..self.len() {
            let mut h = Some(t);
            let mut depth = 0;
            while let Some(x) = h {
                if x == i {
                    lo = lo.min(t);
                    hi = hi.max(t);
                    break;
                }
                depth += 1;
                if depth > 64 {
                    break;
                }
                h = self.heads[x];
            }
        }
        lo..hi + 1
    }
    /// Every token's subtree as a token range, in one pass ([`Parse::span`]
    /// walks the sentence once per call).
    pub fn spans(&self) -> Vec<Range<TokenIx>> {
        let n = self.len();
        let mut lo: Vec<usize> = (0..n).collect();
        let mut hi: Vec<usize> = (0..n).collect();
        for tok in 0..n {
            let mut h = self.heads[tok];
            // Bounded depth, as in `span`: a malformed tree cannot loop.
            for _ in 0..=64 {
                let Some(x) = h else { break };
                lo[x] = lo[x].min(tok);
                hi[x] = hi[x].max(tok);
                h = self.heads[x];
            }
        }
        (0..n).map(|i| lo[i]..hi[i] + 1).collect()
    }
    /// The byte range covered by a token range.
    pub fn bytes(&self, tokens: Range<TokenIx>) -> Range<usize> {
        if tokens.is_empty() {
            return 0..0;
        }
        self.tokens[tokens.start].start..self.tokens[tokens.end - 1].end
    }
    /// The tokens lying wholly inside the byte range `bytes`, found by
    /// binary search: the work is the phrase's length, not the sentence's.
    pub fn tokens_within(&self, bytes: &Range<usize>) -> Range<TokenIx> {
        let from = self.tokens.partition_point(|t| t.start < bytes.start);
        from..from + self.tokens[from..].iter().take_while(|t| t.end <= bytes.end).count()
    }
    /// The heads of the phrase at `bytes`: its tokens governed from outside
    /// it (one when the parse sees the phrase as a subtree).
    pub fn heads_within(&self, bytes: &Range<usize>) -> impl Iterator<Item = TokenIx> + '_ {
        let inside = self.tokens_within(bytes);
        inside.clone().filter(move |&t| self.heads[t].is_none_or(|h| !inside.contains(&h)))
    }
    /// The token whose byte range contains `byte`, if any.
    pub fn token_at(&self, byte: usize) -> Option<TokenIx> {
        let i = self.tokens.partition_point(|t| t.end <= byte);
        (i < self.len() && self.tokens[i].start <= byte).then_some(i)
    }
}

/// The three models, loaded once from the bytes embedded in the crate.
pub struct Models {
    /// The part-of-speech tagger.
    pub tagger: tagger::Tagger,
    /// The transition parser.
    pub parser: parser::Parser,
    /// The relation labeller.
    pub labeler: labeler::Labeler,
}

static TAGGER: &[u8] = include_bytes!("models/tagger.bin");
static PARSER: &[u8] = include_bytes!("models/parser.bin");
static LABELER: &[u8] = include_bytes!("models/labeler.bin");

/// The embedded models. `build.rs` has checked their bytes, so a failure
/// here is a bug, not a state the product runs in.
pub fn models() -> &'static Models {
    static MODELS: OnceLock<Models> = OnceLock::new();
    MODELS.get_or_init(|| {
        let load = |name: &str, bytes: &'static [u8]| {
            model::Weights::from_bytes(bytes)
                .unwrap_or_else(|e| panic!("embedded {name} model: {e} (build.rs checks it)"))
        };
        Models {
            tagger: tagger::Tagger::new(load("tagger", TAGGER)),
            parser: parser::Parser::new(load("parser", PARSER)),
            labeler: labeler::Labeler::new(load("labeler", LABELER)),
        }
    })
}

/// Most tokens one parse sees: a longer sentence is cut at clause marks and
/// its pieces parsed alone (bounded work per sentence).
pub const MAX_TOKENS: usize = 160;

/// Tokenizes, tags and parses `text[range]` as one sentence.
pub fn parse_sentence(text: &str, range: Range<usize>) -> Parse {
    models().parse_sentence(text, range)
}

/// Tags and parses given tokens (the CoNLL-U evaluation from gold tokens).
pub fn parse_tokens(tokens: Vec<Range<usize>>, forms: Vec<String>) -> Parse {
    models().parse_tokens(tokens, forms)
}

impl Models {
    /// Tokenizes, tags and parses `text[range]` as one sentence with these models.
    pub fn parse_sentence(&'static self, text: &str, range: Range<usize>) -> Parse {
        let tokens = tokenize::tokenize(text, range);
        let ranges: Vec<Range<usize>> = tokens.iter().map(|t| t.start..t.end).collect();
        let clitic: Vec<bool> = tokens.iter().map(|t| t.clitic).collect();
        let forms: Vec<String> = tokens.into_iter().map(|t| t.form).collect();
        let mut p = self.parse_tokens(ranges, forms);
        p.clitic = clitic;
        p
    }

    /// Tags and parses given tokens with these models: the one code path of
    /// the product and of the trainer's scoring.
    pub fn parse_tokens(&'static self, tokens: Vec<Range<usize>>, forms: Vec<String>) -> Parse {
        let n = forms.len();
        let mut p = Parse {
            tokens,
            upos: Vec::with_capacity(n),
            heads: vec![None; n],
            rels: vec!["root"; n],
            lemmas: vec![String::new(); n],
            clitic: vec![false; n],
            forms,
        };
        if n == 0 {
            return p;
        }
        let feats = features::TokenFeatures::new(&p.forms);
        p.upos = self.tagger.tag(&feats);
        for piece in pieces(&p.forms, MAX_TOKENS) {
            let heads = self.parser.parse(&feats, &p.upos, piece.clone());
            for (k, h) in heads.into_iter().enumerate() {
                p.heads[piece.start + k] = h;
            }
        }
        // Pieces after the first hang from the first piece's root.
        let roots: Vec<usize> = (0..n).filter(|&i| p.heads[i].is_none()).collect();
        for &r in roots.iter().skip(1) {
            p.heads[r] = Some(roots[0]);
        }
        p.rels = self.labeler.label(&feats, &p.upos, &p.heads);
        for &r in roots.iter().skip(1) {
            p.rels[r] = "parataxis";
        }
        for i in 0..n {
            if p.upos[i] == Upos::VERB || p.upos[i] == Upos::AUX {
                p.lemmas[i] = lemma::verb_lemma(&feats.norm[i]);
            }
        }
        p
    }
}

/// Splits `0..forms.len()` into pieces of at most `max` tokens, cutting after
/// the last clause mark (";", ":", ",", a dash) that fits, else hard at `max`.
fn pieces(forms: &[String], max: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while forms.len() - start > max {
        let window = start..start + max;
        let strong = window.clone().rev().find(|&i| matches!(forms[i].as_str(), ";" | ":" | "-" | "--" | "—" | "–"));
        let weak = window.clone().rev().find(|&i| forms[i] == ",");
        let cut = strong
            .filter(|&i| i > start + max / 4)
            .or(weak.filter(|&i| i > start + max / 4))
            .map_or(start + max, |i| i + 1);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..forms.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_spans_at_once_equal_each_span() {
        let text = "The official, who spoke to reporters on Monday, insisted that the talks would go on.";
        let p = parse_sentence(text, 0..text.len());
        assert_eq!(p.spans(), (0..p.len()).map(|i| p.span(i)).collect::<Vec<_>>());
    }

    #[test]
    fn long_sentences_are_cut_at_clause_marks() {
        let forms: Vec<String> = (0..400).map(|i| if i % 50 == 49 { ";".into() } else { "w".into() }).collect();
        let p = pieces(&forms, 160);
        assert!(p.iter().all(|r| r.len() <= 160));
        assert_eq!(p.first().unwrap().end, 150);
        assert_eq!(p.last().unwrap().end, 400);
    }
}
