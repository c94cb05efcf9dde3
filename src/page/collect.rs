//! The run builder both page readers share: collapses whitespace and tracks
//! link spans exactly as `docs/page-model.md` rules 4 and 6 say, so the
//! plain-text and HTML readers (and the browser's, in JS) agree on offsets.

use super::{Block, BlockKind, BlockLink};

/// Text of one block being built, with its pending link.
#[derive(Debug, Default)]
pub(crate) struct Run {
    text: String,
    utf16_len: usize,
    pending_space: bool,
    links: Vec<BlockLink>,
    open_link: Option<OpenLink>,
}

// Links come only from HTML, which the wasm build reads in JavaScript.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
#[derive(Debug)]
struct OpenLink {
    /// Identifies the anchor element, so a close only ends its own link.
    key: usize,
    href: String,
    start: Option<(usize, usize)>,
    end: (usize, usize),
}

impl Run {
    /// Appends raw text, collapsing ASCII whitespace.
    pub(crate) fn push_text(&mut self, raw: &str) {
        for c in raw.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C') {
                self.push_space();
                continue;
            }
            if self.pending_space {
                self.text.push(' ');
                self.utf16_len += 1;
                self.pending_space = false;
            }
            if let Some(link) = &mut self.open_link {
                if link.start.is_none() {
                    link.start = Some((self.text.len(), self.utf16_len));
                }
            }
            self.text.push(c);
            self.utf16_len += c.len_utf16();
            if let Some(link) = &mut self.open_link {
                link.end = (self.text.len(), self.utf16_len);
            }
        }
    }

    /// Whitespace that is not text (`br`, `hr`, a line break in plain text).
    pub(crate) fn push_space(&mut self) {
        if !self.text.is_empty() {
            self.pending_space = true;
        }
    }

    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    /// Starts a link; `key` identifies its element for [`Run::close_link`].
    pub(crate) fn open_link(&mut self, key: usize, href: &str) {
        self.finish_link();
        self.open_link = Some(OpenLink { key, href: href.to_string(), start: None, end: (0, 0) });
    }

    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    /// Ends the link opened with `key`, if it is still open.
    pub(crate) fn close_link(&mut self, key: usize) {
        if self.open_link.as_ref().is_some_and(|l| l.key == key) {
            self.finish_link();
        }
    }

    fn finish_link(&mut self) {
        if let Some(OpenLink { href, start: Some((bs, us)), end: (be, ue), .. }) = self.open_link.take() {
            self.links.push(BlockLink { href, text: self.text[bs..be].to_string(), start: us, end: ue });
        }
    }

    /// Ends the run, giving a block if it holds any text.
    pub(crate) fn finish(&mut self, kind: BlockKind, tag: &str, landmark: Option<&str>, hints: &str) -> Option<Block> {
        self.finish_link();
        let run = std::mem::take(self);
        if run.text.is_empty() {
            return None;
        }
        Some(Block {
            kind,
            tag: tag.to_string(),
            text: run.text,
            links: run.links,
            landmark: landmark.map(str::to_string),
            hints: hints.to_string(),
        })
    }
}
