//! The page rules, read once from `rules.json` (compiled in): the tables
//! both page readers and the article finder decide from.
//!
//! The same file becomes `extension/content/page-rules.js` for the live-DOM
//! reader (`build.sh`), so no table is written twice.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use super::BlockKind;

/// The rules file itself, as the extension also gets it.
pub const RULES_JSON: &str = include_str!("rules.json");

/// Every table of `rules.json`.
#[derive(Debug, Deserialize)]
pub struct Rules<'a> {
    /// How a DOM becomes text blocks (`docs/page-model.md`).
    #[serde(borrow)]
    pub reader: ReaderRules<'a>,
    /// Which blocks are the story.
    #[serde(borrow)]
    pub article: ArticleRules<'a>,
}

/// The reader's tables (`docs/page-model.md` rules 1–8).
#[derive(Debug, Deserialize)]
pub struct ReaderRules<'a> {
    /// Elements whose whole subtree carries no article text (rule 1).
    #[serde(borrow)]
    pub skip: Vec<&'a str>,
    /// Elements that start their own text run; every other one is inline (rule 2).
    #[serde(borrow)]
    pub block: Vec<&'a str>,
    /// Elements that count as whitespace (`br`, `hr`; rule 3).
    #[serde(borrow)]
    pub spaces: Vec<&'a str>,
    /// Block kind by owner tag (rule 5); any other owner is a paragraph.
    #[serde(borrow)]
    pub kinds: BTreeMap<&'a str, Vec<&'a str>>,
    /// Elements inside which every run is a quote (rule 5).
    #[serde(borrow)]
    pub quote: Vec<&'a str>,
    /// Elements that are landmarks by tag (rule 7).
    #[serde(borrow)]
    pub landmark_tags: Vec<&'a str>,
    /// `role` values that are landmarks, and the landmark each stands for (rule 7).
    #[serde(borrow)]
    pub landmark_roles: BTreeMap<&'a str, &'a str>,
    /// At most this many class/id tokens per block (rule 8).
    pub max_hints: usize,
}

/// The article finder's tables (`src/page/article.rs`).
#[derive(Debug, Deserialize)]
pub struct ArticleRules<'a> {
    /// Landmarks whose content is never the story.
    #[serde(borrow)]
    pub furniture_landmarks: Vec<&'a str>,
    /// Class/id words of furniture containers.
    #[serde(borrow)]
    pub hints: HashSet<&'a str>,
    /// Furniture words page builders also put on story containers: they decide
    /// only when no other word says anything.
    #[serde(borrow)]
    pub weak_hints: HashSet<&'a str>,
    /// Class/id words of story containers.
    #[serde(borrow)]
    pub story: HashSet<&'a str>,
    /// Openings of short furniture blocks.
    #[serde(borrow)]
    pub openers: Vec<&'a str>,
    /// Month names and abbreviations (timestamps).
    #[serde(borrow)]
    pub months: HashSet<&'a str>,
    /// The other words a timestamp may hold ("updated", "ago", "pm", weekdays).
    #[serde(borrow)]
    pub date_words: HashSet<&'a str>,
    /// What a byline opens with ("by").
    #[serde(borrow)]
    pub bylines: Vec<&'a str>,
    /// What a photo credit or caption line opens with ("photo:").
    #[serde(borrow)]
    pub credit_openers: Vec<&'a str>,
    /// What a photo credit holds ("getty images", "/reuters").
    #[serde(borrow)]
    pub credit_marks: Vec<&'a str>,
    /// Headings of reference lists.
    #[serde(borrow)]
    pub references: HashSet<&'a str>,
}

/// The rules, parsed on first use.
pub fn rules() -> &'static Rules<'static> {
    static RULES: OnceLock<Rules<'static>> = OnceLock::new();
    // The file is part of the source: a mistake in it fails every test at once.
    RULES.get_or_init(|| serde_json::from_str(RULES_JSON).expect("src/page/rules.json is malformed"))
}

impl<'a> ReaderRules<'a> {
    /// Rule 1: the element's subtree is left out.
    pub fn is_skipped(&self, tag: &str) -> bool {
        self.skip.contains(&tag)
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
    pub fn landmark_of(&self, tag: &str, role: Option<&str>) -> Option<&'a str> {
        if let Some(&t) = self.landmark_tags.iter().find(|&&t| t == tag) {
            return Some(t);
        }
        let role = role?.to_ascii_lowercase();
        self.landmark_roles.get(role.as_str()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_parse_and_say_what_the_docs_say() {
        let r = &rules().reader;
        assert!(r.is_skipped("script") && !r.is_skipped("p"));
        assert!(r.is_block("p") && !r.is_block("span"));
        assert_eq!(r.kind_of("h2", false), BlockKind::Heading);
        assert_eq!(r.kind_of("li", true), BlockKind::ListItem);
        assert_eq!(r.kind_of("p", true), BlockKind::Quote);
        assert_eq!(r.kind_of("figcaption", false), BlockKind::Caption);
        assert_eq!(r.landmark_of("div", Some("Navigation")), Some("nav"));
        assert_eq!(r.landmark_of("aside", None), Some("aside"));
        assert!(rules().article.hints.contains("comment"));
    }
}
