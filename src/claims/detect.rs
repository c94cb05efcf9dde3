//! Is a sentence a claim worth checking, and why.
//!
//! A claim asserts something checkable: a figure, a date, an event or action,
//! a cause, a comparison, a change, a generalisation. Opinion, advice, calls to
//! action, transitions, questions and sentences about the sourcing itself are
//! not claims; speculation and judgements are claims only when they carry a
//! figure. Opinion words count only outside quotation marks: inside them
//! they are someone's words, and the attribution carries them.

use std::ops::Range;

use super::lexicon::{is_cue_form, phrases, Mark, Marks};

/// A word of a sentence: lower-cased text (in [`Tokens::lower`]) and where it lies in the block.
#[derive(Debug, Clone)]
struct Tok {
    low: Range<usize>,
    src: Range<usize>,
    quoted: bool,
}

/// The words of one sentence, lower-cased into one buffer.
#[derive(Debug, Default)]
pub struct Tokens {
    lower: String,
    toks: Vec<Tok>,
}

/// The char starting at byte `i` of `s`, and its width in bytes.
fn char_at(s: &str, i: usize) -> (char, usize) {
    let c = s[i..].chars().next().unwrap_or(' ');
    (c, c.len_utf8())
}

fn joins_word(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '‑')
}

impl Tokens {
    /// Splits `text[range]` into words (inner apostrophes and hyphens kept);
    /// `quotes` are the block's quotation spans.
    pub fn new(text: &str, range: Range<usize>, quotes: &[Range<usize>]) -> Self {
        let mut t = Tokens { lower: String::with_capacity(range.len()), toks: Vec::new() };
        let s = &text[range.clone()];
        let mut start: Option<(usize, usize)> = None;
        let mut i = 0;
        // Bytes, decoding a char only off ASCII: most of the text is ASCII.
        while i < s.len() {
            let b = s.as_bytes()[i];
            let (c, width) = if b.is_ascii() { (char::from(b), 1) } else { char_at(s, i) };
            let alphanumeric = if b.is_ascii() { b.is_ascii_alphanumeric() } else { c.is_alphanumeric() };
            let inner = alphanumeric
                || (start.is_some()
                    && joins_word(c)
                    && s[i + width..].chars().next().is_some_and(char::is_alphanumeric));
            if inner {
                if start.is_none() {
                    start = Some((i, t.lower.len()));
                }
                if c.is_ascii() {
                    t.lower.push(c.to_ascii_lowercase());
                } else if c == '’' {
                    t.lower.push('\'');
                } else {
                    t.lower.extend(c.to_lowercase());
                }
            } else if let Some((b, l)) = start.take() {
                t.push(range.start + b..range.start + i, l, quotes);
            }
            i += width;
        }
        if let Some((b, l)) = start {
            t.push(range.start + b..range.end, l, quotes);
        }
        t
    }

    fn push(&mut self, src: Range<usize>, low_start: usize, quotes: &[Range<usize>]) {
        // Quotes are sorted and disjoint: look only at the first that ends after the word starts.
        let q = quotes.partition_point(|q| q.end <= src.start);
        let quoted = quotes.get(q).is_some_and(|q| q.start <= src.start && src.end <= q.end);
        self.toks.push(Tok { low: low_start..self.lower.len(), src, quoted });
        self.lower.push(' ');
    }

    /// Word `i`, lower case.
    pub fn word(&self, i: usize) -> &str {
        &self.lower[self.toks[i].low.clone()]
    }

    /// True when word `i` lies inside quotation marks.
    pub fn quoted(&self, i: usize) -> bool {
        self.toks[i].quoted
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// True for a sentence without words.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }
}

/// What the words of a sentence say about it.
#[derive(Debug, Default)]
pub struct Features {
    /// Every mark found, outside and inside quotes.
    pub marks: Marks,
    /// Marks of words outside quotation marks (for opinion, advice, address).
    pub outside: Marks,
    /// The first vague or anonymous phrase, as listed.
    pub wording: Option<&'static str>,
    /// The writer speaks as "I" or addresses the reader as "you", outside quotes.
    pub personal: bool,
    /// A comparison with "than" or a superlative ending in -est.
    pub compared: bool,
}

/// Reads the marks of a sentence.
pub fn features(text: &str, t: &Tokens) -> Features {
    let mut f = Features::default();
    let words: Vec<&str> = (0..t.len()).map(|i| t.word(i)).collect();
    let p = phrases();
    let mut i = 0;
    while i < words.len() {
        let tok = &t.toks[i];
        let capital = text[tok.src.clone()].chars().next().is_some_and(char::is_uppercase);
        let w = words[i];
        if !tok.quoted && matches!(w, "i" | "me" | "my" | "myself" | "you" | "your" | "yours" | "yourself") {
            f.personal = true;
        }
        if w == "than" && i > 0 && !matches!(words[i - 1], "rather" | "other") {
            f.compared = true;
        }
        let mut step = 1;
        if let Some((phrase, n)) = p.longest(&words[i..]) {
            // Mid-sentence capitals are names ("Great Britain", "Best Buy"), except months and days.
            let name_part = capital && i > 0;
            let mut m = phrase.marks;
            if name_part {
                m = if m.has(Mark::Calendar) { Marks::of(Mark::Calendar) } else { Marks::default() };
            } else if !capital {
                m.remove(Mark::Calendar);
            }
            if i > 0 && m.has(Mark::Start) {
                m = Marks::default();
            }
            if m != Marks::default() {
                step = n;
                if (m.has(Mark::Vague) || m.has(Mark::Anonymous)) && f.wording.is_none() {
                    f.wording = Some(phrase.text);
                }
                f.marks.add(m);
                if !tok.quoted {
                    f.outside.add(m);
                }
            }
        }
        if step == 1 && !capital && is_regular_past(w) {
            f.marks.insert(Mark::Event);
            if !tok.quoted {
                f.outside.insert(Mark::Event);
            }
        }
        if !capital && w.len() >= 6 && w.ends_with("est") && is_superlative(w) {
            f.compared = true;
        }
        i += step;
    }
    f
}

/// A regular past form ("arrested", "scored"), not a cue verb ("said" is the
/// attribution's business) and not an -ed adjective listed as not-event.
fn is_regular_past(w: &str) -> bool {
    w.len() >= 5
        && w.ends_with("ed")
        && !w.ends_with("eed")
        && !is_cue_form(w)
        && !phrases().longest(&[w]).is_some_and(|(p, _)| p.marks.has(Mark::NotEvent))
}

/// Words ending in -est that are not superlatives.
fn is_superlative(w: &str) -> bool {
    !matches!(
        w,
        "interest"
            | "protest"
            | "request"
            | "contest"
            | "forest"
            | "harvest"
            | "conquest"
            | "arrest"
            | "suggest"
            | "manifest"
            | "honest"
            | "modest"
            | "invest"
            | "digest"
            | "attest"
            | "detest"
    )
}

/// True when the text gives a figure: a digit (reference markers like "\[2\]"
/// aside), a percent or currency sign.
pub fn has_figure(s: &str) -> bool {
    let mut prev = ' ';
    for c in s.chars() {
        if matches!(c, '%' | '$' | '€' | '£' | '¥' | '₹')
            || (c.is_ascii_digit() && prev != '[' && !prev.is_ascii_digit())
        {
            // A digit right after "[" is a reference marker; a digit after a digit repeats the check.
            return true;
        }
        prev = c;
    }
    false
}

/// The claim rules: what makes a sentence a claim, by id (the report's
/// `rule`), with the reason a reader sees. The first that applies names the
/// claim; the learned model ([`super::learn`]) decides whether it is one.
/// `weak-source` is a sentence no wording rule takes that a vague or
/// unnamed source reports; `model` is the model's alone (no rule applies).
pub const RULES: &[(&str, &str)] = &[
    ("figure", "gives a figure"),
    ("casualty", "reports casualties"),
    ("cause", "states a cause"),
    ("comparison", "makes a comparison"),
    ("change", "reports a change"),
    ("general", "makes a general statement"),
    ("date", "gives a date"),
    ("event", "reports an event"),
    ("vague-wording", "reports something as fact"),
    ("weak-source", "reports something as fact"),
    ("model", "states something as fact"),
];

/// Why the rules say a sentence is not a claim: a named feature of the
/// model, never a report field.
pub const VETOES: &[&str] =
    &["short", "question", "start", "opinion", "meta", "personal", "hedge", "evaluative", "no-mark"];

/// What the rules say about a sentence: a claim by rule `RULES[i]`, or not,
/// for reason `VETOES[i]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// A claim, by this rule (index into [`RULES`]).
    Claim(usize),
    /// Not a claim, for this reason (index into [`VETOES`]).
    Not(usize),
}

impl Verdict {
    /// True for the vetoes the model cannot overrule ([`FINAL_VETOES`]).
    pub fn is_final(self) -> bool {
        matches!(self, Verdict::Not(v) if FINAL_VETOES.contains(&VETOES[v]))
    }
}

/// Vetoes that are final: the guideline rules these sentences out whatever
/// else they say (fragments, questions, calls to action and transitions,
/// sentences about the sourcing itself). The others are the model's features.
pub const FINAL_VETOES: &[&str] = &["short", "question", "start", "meta"];

/// The index of claim rule `id` in [`RULES`].
pub(super) fn rule(id: &str) -> usize {
    RULES.iter().position(|r| r.0 == id).expect("a claim rule id")
}

fn veto(id: &str) -> usize {
    VETOES.iter().position(|&v| v == id).expect("a veto id")
}

/// What the rules say about a sentence; `s` is its text, `f` its features,
/// `words` its word count (up to 3).
pub fn verdict(s: &str, f: &Features, words: usize) -> Verdict {
    let end = s.trim_end_matches(|c: char| matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»') || c.is_whitespace());
    if words < 3 {
        return Verdict::Not(veto("short"));
    }
    if end.ends_with('?') {
        return Verdict::Not(veto("question"));
    }
    let o = f.outside;
    for (mark, id) in
        [(o.has(Mark::Start), "start"), (o.has(Mark::Opinion), "opinion"), (f.marks.has(Mark::Meta), "meta")]
    {
        if mark {
            return Verdict::Not(veto(id));
        }
    }
    if f.personal {
        return Verdict::Not(veto("personal"));
    }
    let figure = has_figure(s) || f.marks.has(Mark::Figure);
    if !figure && o.has(Mark::Hedge) {
        return Verdict::Not(veto("hedge"));
    }
    if !figure && o.has(Mark::Evaluative) {
        return Verdict::Not(veto("evaluative"));
    }
    let m = f.marks;
    Verdict::Claim(rule(if figure {
        "figure"
    } else if m.has(Mark::Casualty) {
        "casualty"
    } else if m.has(Mark::Cause) {
        "cause"
    } else if f.compared || m.has(Mark::Compare) {
        "comparison"
    } else if m.has(Mark::Change) {
        "change"
    } else if m.has(Mark::General) {
        "general"
    } else if m.has(Mark::Calendar) || m.has(Mark::Time) {
        "date"
    } else if m.has(Mark::Event) {
        "event"
    } else if m.has(Mark::Vague) || m.has(Mark::Anonymous) {
        "vague-wording"
    } else {
        return Verdict::Not(veto("no-mark"));
    }))
}
