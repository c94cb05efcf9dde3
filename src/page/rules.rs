//! The page rules from `rules.json`: the tables both page readers and the
//! article finder decide from.
//!
//! `build.rs` turns the file into Rust statics at compile time (no JSON
//! parser in the crate), and `build.sh` turns the same file into
//! `extension/content/page-rules.js` for the live-DOM reader, so no table is
//! written twice.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::BlockKind;

/// Every table of `rules.json`.
#[derive(Debug)]
pub struct Rules {
    /// How a DOM becomes text blocks (`docs/page-model.md`).
    pub reader: &'static ReaderRules,
    /// Which blocks are the story.
    pub article: ArticleRules,
}

/// The reader's tables (`docs/page-model.md` rules 1–8).
#[derive(Debug)]
pub struct ReaderRules {
    /// Elements whose whole subtree carries no article text (rule 1).
    pub skip: &'static [&'static str],
    /// Elements that start their own text run; every other one is inline (rule 2).
    pub block: &'static [&'static str],
    /// Inline style declarations that hide an element (`display:none`; rule 1).
    pub hidden_styles: &'static [&'static str],
    /// Elements that count as whitespace (`br`, `hr`; rule 3).
    pub spaces: &'static [&'static str],
    /// Block kind (`heading`, `list-item`, `caption`) by owner tag (rule 5);
    /// any other owner is a paragraph.
    pub kinds: &'static [(&'static str, &'static [&'static str])],
    /// Elements inside which every run is a quote (rule 5).
    pub quote: &'static [&'static str],
    /// Elements that are landmarks by tag (rule 7).
    pub landmark_tags: &'static [&'static str],
    /// `role` values that are landmarks, and the landmark each stands for (rule 7).
    pub landmark_roles: &'static [(&'static str, &'static str)],
    /// At most this many class/id tokens per block (rule 8).
    pub max_hints: usize,
}

/// The article finder's tables (`src/page/article.rs`), as `rules.json` has them.
struct RawArticle {
    furniture_landmarks: &'static [&'static str],
    hints: &'static [&'static str],
    weak_hints: &'static [&'static str],
    story: &'static [&'static str],
    openers: &'static [&'static str],
    labels: &'static [&'static str],
    months: &'static [&'static str],
    date_words: &'static [&'static str],
    bylines: &'static [&'static str],
    credit_openers: &'static [&'static str],
    credit_marks: &'static [&'static str],
    bio_verbs: &'static [&'static str],
    bio_roles: &'static [&'static str],
    references: &'static [&'static str],
}

struct RawRules {
    reader: ReaderRules,
    article: RawArticle,
}

include!(concat!(env!("OUT_DIR"), "/page_rules.rs"));

/// The article finder's tables (`src/page/article.rs`), sets made for lookup.
#[derive(Debug)]
pub struct ArticleRules {
    /// Landmarks whose content is never the story.
    pub furniture_landmarks: &'static [&'static str],
    /// Class/id words of furniture containers.
    pub hints: HashSet<&'static str>,
    /// Furniture words page builders also put on story containers: they decide
    /// only when no other word says anything.
    pub weak_hints: HashSet<&'static str>,
    /// Class/id words of story containers.
    pub story: HashSet<&'static str>,
    /// Openings of short furniture blocks.
    pub openers: &'static [&'static str],
    /// Whole-block labels of widgets ("Caption", "Close", "Topics").
    pub labels: HashSet<&'static str>,
    /// Month names and abbreviations (timestamps).
    pub months: HashSet<&'static str>,
    /// The other words a timestamp may hold ("updated", "ago", "pm", weekdays).
    pub date_words: HashSet<&'static str>,
    /// What a byline opens with ("by").
    pub bylines: &'static [&'static str],
    /// What a photo credit or caption line opens with ("photo:").
    pub credit_openers: &'static [&'static str],
    /// What a photo credit or credit line holds ("getty images", "contributed reporting").
    pub credit_marks: &'static [&'static str],
    /// What an author's bio says after the name ("is", "covers").
    pub bio_verbs: HashSet<&'static str>,
    /// The trades an author's bio names ("reporter", "editor").
    pub bio_roles: HashSet<&'static str>,
    /// Headings of reference lists.
    pub references: HashSet<&'static str>,
}

/// The rules, made ready on first use.
pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let a = &RAW.article;
        let set = |words: &'static [&'static str]| words.iter().copied().collect::<HashSet<_>>();
        Rules {
            reader: &RAW.reader,
            article: ArticleRules {
                furniture_landmarks: a.furniture_landmarks,
                hints: set(a.hints),
                weak_hints: set(a.weak_hints),
                story: set(a.story),
                openers: a.openers,
                labels: set(a.labels),
                months: set(a.months),
                date_words: set(a.date_words),
                bylines: a.bylines,
                credit_openers: a.credit_openers,
                credit_marks: a.credit_marks,
                bio_verbs: set(a.bio_verbs),
                bio_roles: set(a.bio_roles),
                references: set(a.references),
            },
        }
    })
}

impl ReaderRules {
    /// Rule 1: the element's subtree is left out.
    pub fn is_skipped(&self, tag: &str) -> bool {
        self.skip.contains(&tag)
    }

    /// Rule 1: an inline `style` attribute hides the element: one of its
    /// declarations, lower case with ASCII whitespace and `!important` left
    /// out, is in `hidden_styles`.
    pub fn style_hides(&self, style: &str) -> bool {
        style.split(';').any(|decl| {
            let d: String = decl
                .chars()
                .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C'))
                .collect::<String>()
                .to_ascii_lowercase();
            let d = d.strip_suffix("!important").unwrap_or(&d);
            self.hidden_styles.contains(&d)
        })
    }

    /// Rule 2: the element owns its own text runs.
    pub fn is_block(&self, tag: &str) -> bool {
        self.block.contains(&tag)
    }

    /// Rule 3: the element stands for whitespace.
    pub fn is_space(&self, tag: &str) -> bool {
        self.spaces.contains(&tag)
    }

    /// Rule 5: the kind of a run owned by `tag`, `in_quote` if the owner or an ancestor is a quote element.
    pub fn kind_of(&self, tag: &str, in_quote: bool) -> BlockKind {
        let named = self.kinds.iter().find(|(_, tags)| tags.contains(&tag)).map(|(k, _)| *k);
        match named {
            Some("heading") => BlockKind::Heading,
            Some("list-item") => BlockKind::ListItem,
            Some("caption") => BlockKind::Caption,
            _ if in_quote => BlockKind::Quote,
            _ => BlockKind::Paragraph,
        }
    }

    /// Rule 5: the element makes the runs inside it quotes.
    pub fn is_quote(&self, tag: &str) -> bool {
        self.quote.contains(&tag)
    }

    /// Rule 7: the landmark an element is by itself, from its tag or its `role`.
    pub fn landmark_of(&self, tag: &str, role: Option<&str>) -> Option<&'static str> {
        if let Some(&t) = self.landmark_tags.iter().find(|&&t| t == tag) {
            return Some(t);
        }
        let role = role?.to_ascii_lowercase();
        self.landmark_roles.iter().find(|(r, _)| *r == role).map(|(_, l)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_say_what_the_docs_say() {
        let r = rules().reader;
        assert!(r.is_skipped("script") && !r.is_skipped("p"));
        assert!(r.is_block("p") && !r.is_block("span"));
        assert!(r.is_space("br"));
        assert!(r.style_hides("color: red; DISPLAY : none !important") && r.style_hides("visibility:hidden"));
        assert!(!r.style_hides("display: block") && !r.style_hides("display:none-ish"));
        assert_eq!(r.kind_of("h2", false), BlockKind::Heading);
        assert_eq!(r.kind_of("li", true), BlockKind::ListItem);
        assert_eq!(r.kind_of("p", true), BlockKind::Quote);
        assert_eq!(r.kind_of("figcaption", false), BlockKind::Caption);
        assert_eq!(r.landmark_of("div", Some("Navigation")), Some("nav"));
        assert_eq!(r.landmark_of("aside", None), Some("aside"));
        assert_eq!(r.max_hints, 32);
        assert!(rules().article.hints.contains("comment"));
    }
}
