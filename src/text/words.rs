//! Word tokens with byte offsets: the unit every rule matches on.

use std::borrow::Cow;

/// A word or punctuation token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// The token text.
    pub text: &'a str,
    /// The token lower-cased (see [`lower_aligned`]).
    pub lower: &'a str,
    /// Byte start in the source text.
    pub start: usize,
    /// Byte end.
    pub end: usize,
}

impl Word<'_> {
    /// True for tokens made of letters or digits.
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
}

/// `text` lower-cased, every char keeping its byte length, so a byte range
/// of `text` is the same range of the copy.
///
/// Why: the attribution rules compare nearly every token with lower-case
/// word lists; one copy per block replaces a lower-cased copy per look. The
/// rare chars whose lower case is longer or shorter ("İ") stay as they are.
pub fn lower_aligned(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    out.make_ascii_lowercase(); // leaves the bytes of other chars as they are
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        let width = c.len_utf8();
        let mut l = c.to_lowercase();
        if let (Some(x), None) = (l.next(), l.next()) {
            if x != c && x.len_utf8() == width {
                x.encode_utf8(&mut out[i..i + width]);
            }
        }
        i += width;
    }
    // Every char was replaced by a whole char of the same width: still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// `s` lower-cased, borrowed when it has no upper-case letter.
///
/// Why: the rules lower-case nearly every token they look at, and most
/// tokens of running text are lower-case ASCII already; `str::to_lowercase`
/// would allocate for each.
pub fn lower(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    } else if s.chars().any(|c| c.to_lowercase().next() != Some(c)) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// True when a word starts with an upper-case letter.
pub fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits text into words (letters/digits joined by inner apostrophes,
/// hyphens and periods, as in "Kim Yong-hyun's", "U.S.", "3.5") and single
/// punctuation marks.
///
/// `low` is [`lower_aligned`] of `text`.
pub fn words<'a>(text: &'a str, low: &'a str) -> Vec<Word<'a>> {
    debug_assert_eq!(text.len(), low.len());
    let bytes = text.as_bytes();
    // The char at byte `i` and its width; ASCII without decoding (most of the text).
    let at = |i: usize| -> Option<(char, usize)> {
        let b = *bytes.get(i)?;
        if b.is_ascii() {
            return Some((char::from(b), 1));
        }
        text[i..].chars().next().map(|c| (c, c.len_utf8()))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some((c, width)) = at(i) {
        if c.is_whitespace() {
            i += width;
            continue;
        }
        if !is_word_char(c) {
            let end = i + width;
            out.push(Word { text: &text[i..end], lower: &low[i..end], start: i, end });
            i = end;
            continue;
        }
        let mut end = i + width;
        while let Some((d, d_width)) = at(end) {
            if is_word_char(d) {
                end += d_width;
                continue;
            }
            // Inner joiners: keep them only when a word character follows.
            if matches!(d, '\'' | '’' | '-' | '.' | ',' | '‐' | '‑') {
                let after = at(end + d_width).map(|(a, _)| a);
                let joins = match d {
                    // "3,000" and "3.5" join digits; "U.S." joins letters only when the piece is short.
                    ',' => {
                        text[i..end].chars().last().is_some_and(|c| c.is_ascii_digit())
                            && after.is_some_and(|c| c.is_ascii_digit())
                    }
                    '.' => {
                        after.is_some_and(is_word_char) && {
                            let prev_piece = text[i..end].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                            prev_piece.chars().count() <= 2 || prev_piece.chars().all(|c| c.is_ascii_digit())
                        }
                    }
                    _ => after.is_some_and(is_word_char),
                };
                if joins {
                    end += d_width;
                    continue;
                }
            }
            break;
        }
        // "the bakers' union": a plural possessive keeps its apostrophe.
        if text[i..end].ends_with('s') && (text[end..].starts_with("' ") || text[end..].starts_with("’ ")) {
            let mark = at(end).map_or(1, |(_, w)| w);
            if at(end + mark + 1).is_some_and(|(a, _)| a.is_lowercase()) {
                end += mark;
            }
        }
        // "Mr." "Sen." "G.K.": an abbreviation keeps its period, so it stays inside a name.
        if text[end..].starts_with('.') && super::is_abbreviation_word(&text[i..end]) {
            end += 1;
        }
        out.push(Word { text: &text[i..end], lower: &low[i..end], start: i, end });
        i = end;
    }
    out
}

/// Counts words (tokens starting with a letter or digit).
pub fn word_count(text: &str) -> usize {
    word_count_up_to(text, usize::MAX)
}

/// [`word_count`], stopping once it reaches `limit` ("has it three words?"
/// costs the first three, not the sentence).
pub fn word_count_up_to(text: &str, limit: usize) -> usize {
    // Counts the starts of alphanumeric runs, reading ASCII bytes without decoding them.
    let bytes = text.as_bytes();
    let (mut count, mut in_word, mut i) = (0, false, 0);
    while i < bytes.len() && count < limit {
        let (alphanumeric, width) = if bytes[i].is_ascii() {
            (bytes[i].is_ascii_alphanumeric(), 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        count += usize::from(alphanumeric && !in_word);
        in_word = alphanumeric;
        i += width;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_inner_joiners_and_abbreviation_periods() {
        let text = "Sen. Kim Yong-hyun's aide (D-N.Y.) paid $3,000.50, he said.";
        let low = lower_aligned(text);
        let t: Vec<&str> = words(text, &low).iter().map(|w| w.text).collect();
        assert_eq!(
            t,
            ["Sen.", "Kim", "Yong-hyun's", "aide", "(", "D-N.Y.", ")", "paid", "$", "3,000.50", ",", "he", "said", "."]
        );
    }

    #[test]
    fn lower_aligned_keeps_every_byte_offset() {
        // "İ" lower-cases to two chars and the Kelvin sign to a one-byte "k":
        // both stay as they are, so every token slices the copy where it slices the text.
        let text = "ÉLYSÉE Palace: “İstanbul” 5 \u{212A} ÄÖÜ Straße ΣΑΣ";
        let low = lower_aligned(text);
        assert_eq!(low, "élysée palace: “İstanbul” 5 \u{212A} äöü straße σασ");
        assert_eq!(low.len(), text.len());
        for w in words(text, &low) {
            assert_eq!(w.lower, &low[w.start..w.end]);
            assert_eq!(w.text, &text[w.start..w.end]);
        }
    }

    #[test]
    fn lower_borrows_when_nothing_changes() {
        assert!(matches!(lower("said"), Cow::Borrowed("said")));
        assert!(matches!(lower("“quoted”"), Cow::Borrowed(_)));
        assert_eq!(lower("Said"), "said");
        assert_eq!(lower("ÉTÉ"), "été");
        assert_eq!(lower("ΟΔΟΣ"), "ΟΔΟΣ".to_lowercase()); // final sigma included
    }

    #[test]
    fn word_counts_stop_at_the_limit() {
        let text = "Prices rose 12 percent — don’t panic, the U.S. said.";
        assert_eq!(word_count(text), text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count());
        assert_eq!(word_count_up_to(text, 3), 3);
        assert_eq!(word_count_up_to("Two words", 3), 2);
        assert_eq!(word_count(""), 0);
    }
}
