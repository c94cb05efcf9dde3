//! The report: the analysis result as plain, serializable data.
//!
//! This is the contract the overlay, the CLI and the evaluation scorer read
//! (schema `sourcecheck.report/1`). It has no behaviour; fields may be added,
//! never renamed or removed.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::page::BlockKind;

/// The schema name every report carries.
pub const SCHEMA: &str = "sourcecheck.report/1";

/// The analysis of one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The page title, if any.
    pub title: Option<String>,
    /// Counts over the article blocks.
    pub stats: Stats,
    /// The article's blocks (boilerplate left out), in reading order.
    pub blocks: Vec<ReportBlock>,
    /// Every source the article cites, merged across name variants and pronouns.
    pub entities: Vec<Entity>,
    /// Who said what.
    pub attributions: Vec<Attribution>,
    /// Factual claims and how each is supported.
    pub claims: Vec<Claim>,
    /// Outbound links of the article.
    pub links: Vec<Link>,
    /// Article-level sourcing summary.
    pub summary: Summary,
    /// Things the reader should know about the analysis itself (no article found, input truncated…).
    pub notes: Vec<String>,
}

/// Counts over the article blocks.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Article blocks kept.
    pub blocks: usize,
    /// Sentences in them.
    pub sentences: usize,
    /// Words in them.
    pub words: usize,
}

/// One article block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportBlock {
    /// Index into [`Report::blocks`].
    pub id: usize,
    /// Index of the block in the page model it came from (the overlay's map back to the DOM).
    pub input: usize,
    /// What the block is.
    pub kind: BlockKind,
    /// The block's text.
    pub text: String,
    /// Its sentences as UTF-16 spans into `text`.
    pub sentences: Vec<Span>,
}

/// A UTF-16 span into a block's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Start, UTF-16 code units.
    pub start: usize,
    /// End, UTF-16 code units.
    pub end: usize,
}

/// The type of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum SourceType {
    /// A named or described person.
    Person,
    /// A company, government body, party, agency.
    Organization,
    /// A news outlet or agency.
    Outlet,
    /// A report, study, statement, agreement.
    Document,
    /// "media reports", "experts say", "critics".
    Vague,
    /// "a source", "officials who asked not to be named".
    Anonymous,
}

/// A source, merged over every way the article names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    /// `e1`, `e2`… in order of first mention.
    pub id: String,
    /// The fullest name the article gives.
    pub name: String,
    /// What kind of source it is.
    #[serde(rename = "type")]
    pub kind: SourceType,
    /// Other ways the article refers to it ("Kim", "the minister", "he").
    pub aliases: Vec<String>,
    /// Its role or title, when the article gives one ("Defense Minister").
    pub role: Option<String>,
}

/// The words in the text that name a source, resolved to an entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRef {
    /// The words as written ("he", "the minister", "Kim").
    pub text: String,
    /// The resolved speaker's name.
    pub name: String,
    /// The entity id, when the source is resolved to one.
    pub entity: Option<String>,
    /// The source's type.
    #[serde(rename = "type")]
    pub kind: SourceType,
    /// UTF-16 start in the block (absent for implicit sources).
    pub start: Option<usize>,
    /// UTF-16 end in the block.
    pub end: Option<usize>,
    /// Every speaker of a coordinated source ("Vindman and Williams"), in
    /// order; absent for a single speaker.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group: Vec<Speaker>,
}

/// One speaker of a coordinated source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// The resolved name.
    pub name: String,
    /// The entity id.
    pub entity: String,
    /// The speaker's type.
    #[serde(rename = "type")]
    pub kind: SourceType,
}

/// A piece of text with its UTF-16 span in its block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextSpan {
    /// The text.
    pub text: String,
    /// UTF-16 start in the block.
    pub start: usize,
    /// UTF-16 end in the block.
    pub end: usize,
    /// The block the span lies in, when it differs from the attribution's
    /// (a quote running over several paragraphs ends in a later block).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
}

/// How the content is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// In quotation marks.
    Direct,
    /// Paraphrased.
    Indirect,
    /// Partly quoted.
    Mixed,
}

/// One attribution: source, cue, content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    /// `a1`, `a2`… in reading order.
    pub id: String,
    /// Who said it.
    pub source: SourceRef,
    /// The words that mark the attribution ("said", "according to").
    pub cue: TextSpan,
    /// What was said.
    pub content: TextSpan,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// The attribution that reports this one, in a chain.
    pub parent: Option<String>,
    /// Block index (into [`Report::blocks`]).
    pub block: usize,
    /// Sentence index, counted over the whole article.
    pub sentence: usize,
    /// What kind of act is reported: a statement, a belief, an intention or evidence.
    pub category: Category,
    /// The act is negated ("did not reveal"): reported, but nothing asserted.
    pub negated: bool,
    /// How sure the engine is (0..1): the cue model's confidence.
    pub confidence: f64,
    /// Which rule or model proposed it (`model` for the learned engine).
    pub pattern: String,
}

/// The kind of act an attribution reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Speech or writing: said, told, wrote, announced.
    Statement,
    /// A thought or perception: believes, fears, knows, sees.
    Belief,
    /// A wish or plan: wants, hopes, plans, intends.
    Intention,
    /// A document, study or data shows it.
    Evidence,
}

/// How a claim is supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    /// The content of an attribution to a named source.
    Attributed,
    /// A link or reference points to an outside source.
    Linked,
    /// Rests on a vague source.
    Vague,
    /// Rests on an unnamed source.
    Anonymous,
    /// Nothing supports it.
    Unsourced,
}

/// A factual claim worth checking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// `c1`, `c2`…
    pub id: String,
    /// The claim's text.
    pub text: String,
    /// How it is supported.
    pub status: ClaimStatus,
    /// Why, in plain words.
    pub reason: String,
    /// The vague or anonymous source words, when the status is one of those.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The supporting attribution or link id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<String>,
    /// Block index.
    pub block: usize,
    /// Sentence index over the article.
    pub sentence: usize,
    /// UTF-16 start in the block.
    pub start: usize,
    /// UTF-16 end in the block.
    pub end: usize,
    /// The id of the claim rule that names it ("figure", "event", …; `model`
    /// when only the learned decision takes it: `claims::RULES`).
    pub rule: String,
    /// How sure the check-worthiness model is that this is a claim (0..1).
    pub confidence: f64,
}

/// An outbound link of the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// `l1`, `l2`…
    pub id: String,
    /// The resolved address.
    pub href: String,
    /// The anchor text.
    pub text: String,
    /// What it points to.
    pub kind: LinkKind,
    /// Whether it stays on the page's own site.
    pub same_site: bool,
    /// The host it points to, without "www." ("reuters.com").
    pub site: String,
    /// The claim it backs (`c3`), directly or through a reference marker; `null` if none.
    pub claim: Option<String>,
    /// Block index.
    pub block: usize,
    /// UTF-16 start in the block.
    pub start: usize,
    /// UTF-16 end in the block.
    pub end: usize,
}

/// What a link points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// A page on the article's own site.
    SameSite,
    /// A news agency or outlet.
    News,
    /// A government site.
    Government,
    /// A university, journal, DOI or preprint server.
    Academic,
    /// A social network post or profile.
    Social,
    /// A video site.
    Video,
    /// A web archive.
    Archive,
    /// A document (PDF and similar).
    Document,
    /// Anything else outside.
    Other,
}

/// Article-level sourcing summary: every figure with its parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Claims found.
    pub claims: usize,
    /// Claims by status.
    pub by_status: BTreeMap<ClaimStatus, usize>,
    /// Attributions found.
    pub attributions: usize,
    /// Distinct sources.
    pub sources: usize,
    /// Attributions whose source is named (person, organization, outlet, document).
    pub named_attributions: usize,
    /// Links by kind.
    pub links_by_kind: BTreeMap<LinkKind, usize>,
    /// Distinct sources with a name (person, organization, outlet, document).
    pub named_sources: usize,
    /// Distinct vague or unnamed sources.
    pub unnamed_sources: usize,
    /// `named_attributions` / `attributions` (0 when there are none), two decimals.
    pub named_share: f64,
    /// Links to other sites.
    pub outside_links: usize,
    /// Links to the page's own site.
    pub same_site_links: usize,
    /// Claims backed by a link, in the sentence or through a reference.
    pub claims_with_links: usize,
    /// True when the page's only "source" is a link back to itself or a bare
    /// "Source link" footer (the notes say which).
    pub self_source_only: bool,
}
