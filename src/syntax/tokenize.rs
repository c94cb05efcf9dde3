//! Tokens as UD English has them: punctuation apart, clitics split off
//! ("don't" → "do" "n't", "Kim's" → "Kim" "'s"), abbreviations keeping their
//! period ("U.S.", "Mr."), hyphenated words, numbers, URLs and e-mail
//! addresses whole.

use std::ops::Range;

/// One token: its byte range in the text and its surface form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// The surface text.
    pub form: String,
    /// True for a clitic split from the token before it ("n't", "'s"): in
    /// CoNLL-U the two make one multi-word token.
    pub clitic: bool,
}

const OPEN: &[char] = &['"', '“', '‘', '\'', '(', '[', '{', '«', '„', '‚', '¿', '¡', '*'];
const CLOSE: &[char] = &['"', '”', '’', '\'', ')', ']', '}', '»', ',', ';', ':', '!', '?', '.', '…', '*'];
const DASHES: &[char] = &['—', '–', '―'];
const CURRENCY: &[char] = &['$', '£', '€', '¥', '#'];
const CLITICS: [&str; 7] = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

/// The tokens of `text[range]`.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Tok> {
    let mut out = Vec::new();
    let s = &text[range.clone()];
    let mut i = 0;
    let bytes = s.as_bytes();
    while i < bytes.len() {
        let c = s[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let mut j = i;
        while j < bytes.len() {
            let d = s[j..].chars().next().unwrap_or(' ');
            if d.is_whitespace() {
                break;
            }
            j += d.len_utf8();
        }
        chunk(s, i, j, range.start, &mut out);
        i = j;
    }
    out
}

fn push(out: &mut Vec<Tok>, s: &str, a: usize, b: usize, base: usize, clitic: bool) {
    if a < b {
        out.push(Tok { start: base + a, end: base + b, form: s[a..b].to_string(), clitic });
    }
}

fn is_abbreviation(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    // "U.S", "p.m", "e.g": letters with inner periods.
    (w.contains('.') && letters <= 6 && w.chars().all(|c| c.is_alphabetic() || c == '.'))
        || crate::text::is_abbreviation_word(w)
}

fn chunk(s: &str, mut a: usize, mut b: usize, base: usize, out: &mut Vec<Tok>) {
    let word = &s[a..b];
    if word.contains("://") || word.starts_with("www.") || (word.contains('@') && word.contains('.')) {
        let trimmed = word.trim_end_matches(CLOSE);
        let e = a + trimmed.len();
        push(out, s, a, e, base, false);
        trail(s, e, b, base, out);
        return;
    }
    // Leading marks, each a token ("(", quotes, a dash glued to a word).
    loop {
        let Some(c) = s[a..b].chars().next() else { return };
        if (OPEN.contains(&c) || DASHES.contains(&c) || CURRENCY.contains(&c)) && a + c.len_utf8() < b {
            // An apostrophe before a year or a clitic-like word stays ("'90s").
            if (c == '\'' || c == '’') && s[a + c.len_utf8()..b].starts_with(|d: char| d.is_ascii_digit()) {
                break;
            }
            push(out, s, a, a + c.len_utf8(), base, false);
            a += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing marks, peeled off the end and pushed after the word.
    let mut tail: Vec<(usize, usize)> = Vec::new();
    while let Some(c) = s[a..b].chars().next_back() {
        if b - a <= c.len_utf8() {
            break;
        }
        let before = &s[a..b - c.len_utf8()];
        if c == '.' {
            if before.ends_with('.') {
                // An ellipsis: one token.
                let dots = s[a..b].len() - s[a..b].trim_end_matches('.').len();
                if dots < b - a {
                    tail.push((b - dots, b));
                    b -= dots;
                    continue;
                }
                break;
            }
            if is_abbreviation(before) {
                break;
            }
        } else if !(CLOSE.contains(&c) || DASHES.contains(&c) || c == '%') {
            break;
        }
        // A plural possessive: "players'" → "players" "'".
        tail.push((b - c.len_utf8(), b));
        b -= c.len_utf8();
    }
    // Dashes inside a word: "word—word".
    let mut start = a;
    let mut k = a;
    while k < b {
        let c = s[k..].chars().next().unwrap_or(' ');
        if DASHES.contains(&c) || (c == '-' && s[k..b].starts_with("--")) {
            word_piece(s, start, k, base, out);
            let w = if c == '-' { 2 } else { c.len_utf8() };
            push(out, s, k, k + w, base, false);
            k += w;
            start = k;
        } else {
            k += c.len_utf8();
        }
    }
    word_piece(s, start, b, base, out);
    for &(x, y) in tail.iter().rev() {
        push(out, s, x, y, base, false);
    }
}

fn trail(s: &str, a: usize, b: usize, base: usize, out: &mut Vec<Tok>) {
    let mut k = a;
    while k < b {
        let c = s[k..].chars().next().unwrap_or(' ');
        push(out, s, k, k + c.len_utf8(), base, false);
        k += c.len_utf8();
    }
}

/// A word with its clitic split off.
fn word_piece(s: &str, a: usize, b: usize, base: usize, out: &mut Vec<Tok>) {
    if a >= b {
        return;
    }
    let w = &s[a..b];
    if !w.contains(['\'', '’']) && !w.eq_ignore_ascii_case("cannot") {
        push(out, s, a, b, base, false);
        return;
    }
    let low = w.to_lowercase().replace('’', "'");
    if low.len() == w.len() {
        for c in CLITICS {
            if low.ends_with(c) && low.len() > c.len() {
                // "can't" → "ca" "n't"; the clitic keeps its surface bytes.
                let cut = b - c.len();
                if s.is_char_boundary(cut) && s[a..cut].chars().last().is_some_and(char::is_alphabetic) {
                    push(out, s, a, cut, base, false);
                    push(out, s, cut, b, base, true);
                    return;
                }
            }
        }
        if low == "cannot" {
            push(out, s, a, a + 3, base, false);
            push(out, s, a + 3, b, base, true);
            return;
        }
    } else {
        // Curly apostrophes are 3 bytes: find the clitic by characters.
        for c in CLITICS {
            let curly = c.replace('\'', "’");
            if w.to_lowercase().ends_with(&curly) && w.len() > curly.len() {
                let cut = b - curly.len();
                push(out, s, a, cut, base, false);
                push(out, s, cut, b, base, true);
                return;
            }
        }
    }
    push(out, s, a, b, base, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(s: &str) -> Vec<String> {
        tokenize(s, 0..s.len()).into_iter().map(|t| t.form).collect()
    }

    #[test]
    fn news_tokens() {
        assert_eq!(
            forms("“We don’t know,” said Mr. Kim."),
            ["“", "We", "do", "n’t", "know", ",", "”", "said", "Mr.", "Kim", "."]
        );
        assert_eq!(
            forms("The U.S. economy grew 3.5% in 2016."),
            ["The", "U.S.", "economy", "grew", "3.5", "%", "in", "2016", "."]
        );
        assert_eq!(
            forms("Seoul's plan—for now—stands (see www.x.org)."),
            ["Seoul", "'s", "plan", "—", "for", "now", "—", "stands", "(", "see", "www.x.org", ")", "."]
        );
        assert_eq!(
            forms("$5 for the players' union... ok"),
            ["$", "5", "for", "the", "players", "'", "union", "...", "ok"]
        );
        assert_eq!(forms("I can't"), ["I", "ca", "n't"]);
    }

    #[test]
    fn offsets_point_at_forms() {
        let s = "«Non», dit-il — d’accord…";
        for t in tokenize(s, 0..s.len()) {
            assert_eq!(&s[t.start..t.end], t.form);
        }
    }
}
