//! The plain-text reader: paragraphs are separated by blank lines; line
//! breaks inside a paragraph are spaces, unless the text is not hard-wrapped
//! (it has long lines), where each line is a paragraph.

use super::collect::Run;
use super::{BlockKind, PageModel};

/// Reads plain text into a page model, one block per paragraph.
pub fn read_text(text: &str) -> PageModel {
    let mut blocks = Vec::new();
    let mut run = Run::default();
    // Text with long lines is not hard-wrapped: there every line break ends a paragraph.
    let unwrapped = text.lines().any(|l| l.chars().count() > 100);
    for line in text.lines() {
        if line.trim().is_empty() || unwrapped {
            if !line.trim().is_empty() {
                run.push_text(line);
            }
            blocks.extend(run.finish(BlockKind::Paragraph, "p", None, ""));
        } else {
            run.push_text(line);
            run.push_space();
        }
    }
    blocks.extend(run.finish(BlockKind::Paragraph, "p", None, ""));
    // A short first paragraph is the headline.
    let mut title = None;
    let several = blocks.len() > 1;
    if let Some(first) = blocks.first_mut() {
        if several && first.text.split_whitespace().count() <= 25 {
            first.kind = BlockKind::Heading;
            first.tag = "h1".into();
            title = Some(first.text.clone());
        }
    }
    PageModel { url: None, title, blocks, plain_text: true }
}
