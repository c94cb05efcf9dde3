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

    fn word(&self, i: usize) -> &str {
        &self.lower[self.toks[i].low.clone()]
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.toks.len()
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

/// Why a sentence is a claim, in plain words, or `None` when it is not one.
/// `s` is the sentence text, `f` its features.
pub fn claim_reason(s: &str, f: &Features, words: usize) -> Option<&'static str> {
    let end = s.trim_end_matches(|c: char| matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»') || c.is_whitespace());
    if words < 3 || end.ends_with('?') {
        return None;
    }
    let o = f.outside;
    if o.has(Mark::Start) || o.has(Mark::Opinion) || f.marks.has(Mark::Meta) || f.personal {
        return None;
    }
    let figure = has_figure(s) || f.marks.has(Mark::Figure);
    if (o.has(Mark::Hedge) || o.has(Mark::Evaluative)) && !figure {
        return None;
    }
    let m = f.marks;
    Some(if figure {
        "gives a figure"
    } else if m.has(Mark::Casualty) {
        "reports casualties"
    } else if m.has(Mark::Cause) {
        "states a cause"
    } else if f.compared || m.has(Mark::Compare) {
        "makes a comparison"
    } else if m.has(Mark::Change) {
        "reports a change"
    } else if m.has(Mark::General) {
        "makes a general statement"
    } else if m.has(Mark::Calendar) || m.has(Mark::Time) {
        "gives a date"
    } else if m.has(Mark::Event) {
        "reports an event"
    } else if m.has(Mark::Vague) || m.has(Mark::Anonymous) {
        "reports something as fact"
    } else {
        return None;
    })
}
