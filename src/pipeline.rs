//! The whole analysis, stage by stage: page model → article blocks →
//! sentences → attributions, links and claims → report.
//!
//! Stages work on byte offsets; this is the one place that converts them to
//! the UTF-16 offsets the report promises the DOM.

use std::collections::BTreeMap;

use url::Url;

use crate::attribution::{self, Located};
use crate::claims::{self, LinkSpot};
use crate::links;
use crate::page::{article_blocks, BlockKind, PageModel};
use crate::report::{
    Attribution, Claim, Entity, Link, Report, ReportBlock, SourceRef, SourceType, Span, Speaker, Stats, Summary,
    TextSpan, SCHEMA,
};
use crate::text::{word_count, Article};

/// Byte ↔ UTF-16 offset conversion for one block.
///
/// Only the non-ASCII characters are recorded (between two of them every
/// byte is one UTF-16 unit), so the memory is a few bytes per such
/// character, not per byte of text, and a conversion is a binary search.
struct Offsets<'a> {
    text: &'a str,
    /// For each non-ASCII character, in order: its start byte, its end byte and
    /// its end as a UTF-16 offset.
    wide: Vec<Wide>,
}

#[derive(Clone, Copy)]
struct Wide {
    start: u32,
    end: u32,
    end_utf16: u32,
}

impl Wide {
    /// Bytes minus UTF-16 units, from the block start to this character's end.
    fn shift(&self) -> usize {
        (self.end - self.end_utf16) as usize
    }
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut shift = 0;
            for (i, c) in text.char_indices().filter(|(_, c)| !c.is_ascii()) {
                let end = i + c.len_utf8();
                shift += c.len_utf8() - c.len_utf16();
                wide.push(Wide { start: i as u32, end: end as u32, end_utf16: (end - shift) as u32 });
            }
        }
        Offsets { text, wide }
    }

    /// The UTF-16 offset of a byte offset (inside a character: of its end).
    fn utf16(&self, byte: usize) -> usize {
        let mut b = byte.min(self.text.len());
        while !self.text.is_char_boundary(b) {
            b += 1;
        }
        let before = self.wide.partition_point(|w| w.end as usize <= b);
        b - before.checked_sub(1).map_or(0, |k| self.wide[k].shift())
    }

    /// The first char boundary whose UTF-16 offset reaches `utf16`.
    fn byte(&self, utf16: usize) -> usize {
        let before = self.wide.partition_point(|w| w.end_utf16 as usize <= utf16);
        // Saturating: the page model's offsets come from JavaScript and may be anything.
        let mut b = utf16.saturating_add(before.checked_sub(1).map_or(0, |k| self.wide[k].shift()));
        // Inside the next wide character (half a surrogate pair): its end.
        if let Some(w) = self.wide.get(before) {
            if b > w.start as usize {
                b = w.end as usize;
            }
        }
        b.min(self.text.len())
    }
}

/// Runs the analysis on a page model.
pub fn analyze_page(page: &PageModel) -> Report {
    analyze_page_laps(page, &mut |_| {})
}

/// [`analyze_page`], calling `lap(stage)` as each stage ends, in order:
/// `extract`, `sentences`, `syntax`, `links`, `attributions`, `speakers`, `claims`, `report`. For
/// the benchmarks (`benches/pipeline.rs`), which time the stages of the very
/// code the CLI and the extension run.
pub fn analyze_page_laps(page: &PageModel, lap: &mut dyn FnMut(&'static str)) -> Report {
    let kept = article_blocks(page);
    lap("extract");
    let mut article = Article::new(page, &kept);
    lap("sentences");
    article.add_syntax();
    let offsets: Vec<Offsets> = article.blocks.iter().map(|b| Offsets::new(&b.text)).collect();
    lap("syntax");
    let mut notes = Vec::new();
    if article.blocks.is_empty() {
        notes.push("no article text found".to_string());
    }

    // Links: every resolvable one becomes a report link; links within the page ("#fn1") are kept
    // as spots only, for reference markers.
    let base = page.url.as_deref().and_then(|u| Url::parse(u).ok());
    let page_host = base.as_ref().and_then(|b| b.host_str().map(str::to_string));
    let mut link_spots = Vec::new();
    let mut report_links: Vec<Link> = Vec::new();
    for (b, &input) in kept.iter().enumerate() {
        let off = &offsets[b];
        for l in &page.blocks[input].links {
            let range = off.byte(l.start)..off.byte(l.end).max(off.byte(l.start));
            let Some(url) = links::resolve(&l.href, base.as_ref()) else {
                if let Some(fragment) = l.href.trim().strip_prefix('#').filter(|f| !f.is_empty()) {
                    let fragment = Some(fragment.to_string());
                    link_spots.push(LinkSpot {
                        block: b,
                        range,
                        outside: false,
                        report: None,
                        fragment,
                        site: String::new(),
                    });
                }
                continue;
            };
            let (kind, same_site) = links::classify(&url, page_host.as_deref());
            let site = links::site(&url);
            let report = Some(report_links.len());
            link_spots.push(LinkSpot {
                block: b,
                range: range.clone(),
                outside: !same_site,
                report,
                fragment: None,
                site: site.clone(),
            });
            report_links.push(Link {
                id: format!("l{}", report_links.len() + 1),
                href: url.to_string(),
                text: l.text.clone(),
                kind,
                same_site,
                site,
                claim: None,
                block: b,
                // The page model's offsets, kept inside the block and off surrogate pairs.
                start: off.utf16(range.start),
                end: off.utf16(range.end),
            });
        }
    }

    lap("links");
    let mut found = attribution::find(&article);
    lap("attributions");
    let drafts = crate::speakers::resolve(&article, &mut found);
    lap("speakers");
    let claim_drafts = claims::find(&article, page, &found, &link_spots);
    lap("claims");

    let entities: Vec<Entity> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| Entity {
            id: format!("e{}", i + 1),
            name: d.name.clone(),
            kind: d.kind,
            aliases: d.aliases.clone(),
            role: d.role.clone(),
        })
        .collect();

    let attributions: Vec<Attribution> =
        found.iter().enumerate().map(|(i, a)| report_attribution(i, a, &article, &offsets, &entities)).collect();

    for (i, c) in claim_drafts.iter().enumerate() {
        for &l in &c.links {
            report_links[l].claim.get_or_insert_with(|| format!("c{}", i + 1));
        }
    }
    let claims: Vec<Claim> = claim_drafts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let off = &offsets[c.block];
            Claim {
                id: format!("c{}", i + 1),
                text: article.blocks[c.block].text[c.range.clone()].to_string(),
                status: c.status,
                reason: c.reason.clone(),
                source: c.source.clone(),
                support: c.attribution.map(|a| format!("a{}", a + 1)).or(c.link.map(|l| format!("l{}", l + 1))),
                block: c.block,
                sentence: c.sentence,
                start: off.utf16(c.range.start),
                end: off.utf16(c.range.end),
                rule: c.rule.to_string(),
                // Two decimals: the figure a reader sees, and a stable report.
                confidence: (f64::from(c.confidence) * 100.0).round() / 100.0,
            }
        })
        .collect();

    let stats = Stats {
        blocks: article.blocks.len(),
        sentences: article.sentence_count(),
        words: article.blocks.iter().map(|b| word_count(&b.text)).sum(),
    };
    let sentences: Vec<Vec<Span>> = article
        .blocks
        .iter()
        .zip(&offsets)
        .map(|(b, off)| b.sentences.iter().map(|r| Span { start: off.utf16(r.start), end: off.utf16(r.end) }).collect())
        .collect();
    drop(offsets);
    let has_text = !article.blocks.is_empty();
    // The block texts move into the report: one copy of the article less at the peak.
    let blocks: Vec<ReportBlock> = article
        .blocks
        .into_iter()
        .zip(sentences)
        .enumerate()
        .map(|(i, (b, sentences))| ReportBlock { id: i, input: b.input, kind: b.kind, text: b.text, sentences })
        .collect();

    let mut summary = summarize(&attributions, &claims, &report_links, &entities);
    summary.claims_with_links = claim_drafts.iter().filter(|c| !c.links.is_empty()).count();
    if has_text {
        if let Some((note, self_only)) = links::self_sourcing(page, base.as_ref(), summary.outside_links) {
            summary.self_source_only = self_only;
            notes.push(note);
        }
    }
    let title = page
        .title
        .clone()
        .filter(|t| !t.is_empty())
        .or_else(|| page.blocks.iter().find(|b| b.kind == BlockKind::Heading).map(|b| b.text.clone()));
    let report = Report {
        schema: SCHEMA,
        title,
        stats,
        blocks,
        entities,
        attributions,
        claims,
        links: report_links,
        summary,
        notes,
    };
    lap("report");
    report
}

fn report_attribution(
    i: usize,
    a: &Located,
    article: &Article,
    offsets: &[Offsets],
    entities: &[Entity],
) -> Attribution {
    let text = &article.blocks[a.block].text;
    let off = &offsets[a.block];
    let content_source = &article.blocks[a.content_block].text;
    let content_off = &offsets[a.content_block];
    let content_text = a.content.iter().map(|r| &content_source[r.clone()]).collect::<Vec<_>>().join(" … ");
    let c_start = a.content.iter().map(|r| r.start).min().unwrap_or(a.cue.start);
    let c_end = a.content.iter().map(|r| r.end).max().unwrap_or(a.cue.end);
    Attribution {
        id: format!("a{}", i + 1),
        source: SourceRef {
            text: text[a.source.clone()].to_string(),
            name: a.resolved.name.clone(),
            entity: a.resolved.entity.map(|e| format!("e{}", e + 1)),
            kind: a.resolved.kind,
            start: Some(off.utf16(a.source.start)),
            end: Some(off.utf16(a.source.end)),
            group: a
                .resolved
                .group
                .iter()
                .map(|&e| Speaker {
                    name: entities[e].name.clone(),
                    entity: format!("e{}", e + 1),
                    kind: entities[e].kind,
                })
                .collect(),
        },
        cue: TextSpan {
            text: text[a.cue.clone()].to_string(),
            start: off.utf16(a.cue.start),
            end: off.utf16(a.cue.end),
            block: None,
        },
        content: TextSpan {
            text: content_text,
            start: content_off.utf16(c_start),
            end: content_off.utf16(c_end),
            block: (a.content_block != a.block).then_some(a.content_block),
        },
        kind: a.kind,
        parent: a.parent.map(|p| format!("a{}", p + 1)),
        block: a.block,
        sentence: a.sentence,
        category: a.category,
        negated: a.negated,
        // Two decimals: the report stays stable across float noise.
        confidence: (f64::from(a.confidence) * 100.0).round() / 100.0,
        pattern: a.pattern.to_string(),
    }
}

fn summarize(attributions: &[Attribution], claims: &[Claim], links: &[Link], entities: &[Entity]) -> Summary {
    let mut by_status = BTreeMap::new();
    for c in claims {
        *by_status.entry(c.status).or_insert(0) += 1;
    }
    let mut links_by_kind = BTreeMap::new();
    for l in links {
        *links_by_kind.entry(l.kind).or_insert(0) += 1;
    }
    let named = |t: SourceType| !matches!(t, SourceType::Vague | SourceType::Anonymous);
    let named_attributions = attributions.iter().filter(|a| named(a.source.kind)).count();
    let named_sources = entities.iter().filter(|e| named(e.kind)).count();
    let share = if attributions.is_empty() { 0.0 } else { named_attributions as f64 / attributions.len() as f64 };
    let outside_links = links.iter().filter(|l| !l.same_site).count();
    Summary {
        claims: claims.len(),
        by_status,
        attributions: attributions.len(),
        sources: entities.len(),
        named_attributions,
        links_by_kind,
        named_sources,
        unnamed_sources: entities.len() - named_sources,
        named_share: (share * 100.0).round() / 100.0,
        outside_links,
        same_site_links: links.len() - outside_links,
        claims_with_links: 0,
        self_source_only: false,
    }
}

#[cfg(test)]
mod tests {
    use super::Offsets;

    #[test]
    fn offsets_match_a_full_table() {
        for text in ["", "plain ascii", "“Quoted,” she said – 🌊 then é.", "🌊🌊a", "é", "a🌊", "日本語 text “x”"]
        {
            // The reference: the UTF-16 offset of every byte (inside a char: its end).
            let mut table = vec![0usize; text.len() + 1];
            let mut u = 0;
            for (i, c) in text.char_indices() {
                table[i] = u;
                u += c.len_utf16();
                for k in 1..c.len_utf8() {
                    table[i + k] = u;
                }
            }
            table[text.len()] = u;
            let off = Offsets::new(text);
            for (b, &want) in table.iter().enumerate() {
                assert_eq!(off.utf16(b), want, "utf16({b}) in {text:?}");
            }
            assert_eq!(off.utf16(text.len() + 5), u);
            for target in 0..=u + 2 {
                let mut want = table.partition_point(|&t| t < target).min(text.len());
                while !text.is_char_boundary(want) {
                    want += 1;
                }
                assert_eq!(off.byte(target), want, "byte({target}) in {text:?}");
            }
        }
    }
}
