//! Claims stage: which sentences assert checkable facts, and what supports each.
//!
//! A sentence is a claim when it carries a figure (numbers, money, percentages,
//! dates with numbers) or a marker of change, cause, comparison or casualties,
//! and is not a question, an opinion or too short to assert anything. Support
//! comes from the attributions in the sentence, the links in it, or vague
//! wording ("reportedly"); with none of these the claim is unsourced.

use std::ops::Range;
use std::sync::OnceLock;

use crate::attribution::Located;
use crate::lexicon::entries;
use crate::report::{ClaimStatus, SourceType};
use crate::text::{word_count, Article};

/// A claim located in the article.
#[derive(Debug, Clone)]
pub struct ClaimDraft {
    /// Article block index.
    pub block: usize,
    /// Article-wide sentence index.
    pub sentence: usize,
    /// Byte range in the block.
    pub range: Range<usize>,
    /// How it is supported.
    pub status: ClaimStatus,
    /// Why, in plain words.
    pub reason: String,
    /// The vague or anonymous source words.
    pub source: Option<String>,
    /// Index of the supporting attribution.
    pub attribution: Option<usize>,
    /// Index of the supporting link (into the article's links).
    pub link: Option<usize>,
}

/// A link's position, for support: block, byte range, and whether it leaves the site.
#[derive(Debug, Clone)]
pub struct LinkSpot {
    /// Article block index.
    pub block: usize,
    /// Byte range in the block.
    pub range: Range<usize>,
    /// True for a link to another site.
    pub outside: bool,
}

struct Markers {
    claim: Vec<&'static str>,
    vague: Vec<&'static str>,
    opinion: Vec<&'static str>,
}

fn markers() -> &'static Markers {
    static M: OnceLock<Markers> = OnceLock::new();
    M.get_or_init(|| Markers {
        claim: entries(include_str!("../lexicon/claim_markers.txt")).collect(),
        vague: entries(include_str!("../lexicon/vague_markers.txt")).collect(),
        opinion: entries(include_str!("../lexicon/opinion_markers.txt")).collect(),
    })
}

/// The padded lower-case word string of a sentence, for whole-phrase lookups.
fn padded_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(' ');
    for w in s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).filter(|w| !w.is_empty()) {
        out.push_str(&w.to_lowercase());
        out.push(' ');
    }
    out
}

fn has_phrase(padded: &str, phrases: &[&'static str]) -> Option<&'static str> {
    phrases.iter().copied().find(|p| padded.contains(&format!(" {p} ")))
}

fn has_figure(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) || s.contains('%') || s.contains('$') || s.contains('€') || s.contains('£')
}

/// Why a sentence is a claim, or `None` when it is not one.
fn claim_reason(s: &str, padded: &str) -> Option<&'static str> {
    if word_count(s) < 6 || s.trim_end().ends_with('?') {
        return None;
    }
    if has_phrase(padded, &markers().opinion).is_some() {
        return None;
    }
    if has_figure(s) {
        return Some("states a figure");
    }
    has_phrase(padded, &markers().claim).map(|_| "states a change, cause or comparison")
}

/// Finds the claims of the article and decides how each is supported.
pub fn find(article: &Article, attributions: &[Located], links: &[LinkSpot]) -> Vec<ClaimDraft> {
    let mut out = Vec::new();
    for (b, block) in article.blocks.iter().enumerate() {
        if block.kind == crate::page::BlockKind::Heading {
            continue;
        }
        for (s, range) in block.sentences.iter().enumerate() {
            let sentence = block.first_sentence + s;
            let text = &block.text[range.clone()];
            let padded = padded_words(text);
            // The attribution that reports this sentence, if any (the outermost: it names who stands behind it).
            let att = attributions
                .iter()
                .enumerate()
                .filter(|(_, a)| a.block == b && overlaps(a, range))
                .min_by_key(|(_, a)| a.parent.is_some());
            let weak_source = att.filter(|(_, a)| matches!(a.resolved.kind, SourceType::Vague | SourceType::Anonymous));
            let reason = claim_reason(text, &padded);
            if reason.is_none() && weak_source.is_none() {
                continue;
            }
            let mut draft = ClaimDraft {
                block: b,
                sentence,
                range: range.clone(),
                status: ClaimStatus::Unsourced,
                reason: String::new(),
                source: None,
                attribution: None,
                link: None,
            };
            let link = links
                .iter()
                .position(|l| l.block == b && l.outside && l.range.start < range.end && range.start < l.range.end);
            if let Some((i, a)) = att {
                let src = &block.text[a.source.clone()];
                draft.attribution = Some(i);
                match a.resolved.kind {
                    SourceType::Vague => {
                        draft.status = ClaimStatus::Vague;
                        draft.reason = format!("rests on a vague source: “{src}”");
                        draft.source = Some(src.to_string());
                    }
                    SourceType::Anonymous => {
                        draft.status = ClaimStatus::Anonymous;
                        draft.reason = format!("rests on an unnamed source: “{src}”");
                        draft.source = Some(src.to_string());
                    }
                    _ => {
                        draft.status = ClaimStatus::Attributed;
                        draft.reason = format!("attributed to {}", a.resolved.name);
                    }
                }
            } else if let Some(l) = link {
                draft.status = ClaimStatus::Linked;
                draft.reason = "a link in the sentence points to an outside source".into();
                draft.link = Some(l);
            } else if let Some(p) = has_phrase(&padded, &markers().vague) {
                draft.status = ClaimStatus::Vague;
                draft.reason = format!("rests on vague wording: “{p}”");
                draft.source = Some(p.to_string());
            } else {
                draft.status = ClaimStatus::Unsourced;
                draft.reason = format!("{} with no attribution, link or reference", reason.unwrap_or("makes a claim"));
            }
            out.push(draft);
        }
    }
    out
}

fn overlaps(a: &Located, range: &Range<usize>) -> bool {
    a.cue.start >= range.start && a.cue.end <= range.end
        || a.content.iter().any(|c| {
            let inter = c.end.min(range.end).saturating_sub(c.start.max(range.start));
            inter * 2 >= range.len()
        })
}
