//! CoNLL-U: reading treebanks (training, evaluation) and writing parses
//! (`sourcecheck parse`), as the CoNLL 2018 shared task's scorer reads them.

use std::fmt::Write as _;

use super::Parse;

/// A treebank sentence: words (multi-word tokens expanded) and gold syntax.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// The `# text` line.
    pub text: String,
    /// Word forms.
    pub forms: Vec<String>,
    /// UPOS names.
    pub upos: Vec<String>,
    /// Lemmas.
    pub lemmas: Vec<String>,
    /// Heads, 0-based; `None` for the root.
    pub heads: Vec<Option<usize>>,
    /// Relations.
    pub rels: Vec<String>,
}

/// Reads every sentence of a CoNLL-U text; skips multi-word token ranges and
/// empty nodes. An error names the line.
pub fn read(data: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (ln, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            if !cur.forms.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(t) = line.strip_prefix("# text = ") {
            cur.text = t.to_string();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!("line {}: {} columns, CoNLL-U has 10", ln + 1, cols.len()));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        let head: usize =
            cols[6].parse().map_err(|_| format!("line {}: head '{}' is not a number", ln + 1, cols[6]))?;
        cur.forms.push(cols[1].to_string());
        cur.lemmas.push(cols[2].to_string());
        cur.upos.push(cols[3].to_string());
        cur.heads.push(head.checked_sub(1));
        cur.rels.push(cols[7].to_string());
    }
    if !cur.forms.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Appends one parsed sentence as CoNLL-U; `text` is what token offsets point into.
pub fn write(out: &mut String, id: &str, text: &str, sentence: &str, p: &Parse) {
    let _ = writeln!(out, "# sent_id = {id}");
    let _ = writeln!(out, "# text = {}", sentence.split_whitespace().collect::<Vec<_>>().join(" "));
    let n = p.len();
    let mut i = 0;
    while i < n {
        // A word and the clitics glued to it make one multi-word token.
        let mut j = i;
        while j + 1 < n && p.clitic.get(j + 1).copied().unwrap_or(false) {
            j += 1;
        }
        if j > i {
            let space = space_after(text, p, j);
            let _ = writeln!(
                out,
                "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{}",
                i + 1,
                j + 1,
                &text[p.tokens[i].start..p.tokens[j].end],
                space
            );
        }
        for k in i..=j {
            let head = p.heads[k].map_or(0, |h| h + 1);
            let lemma = if p.lemmas[k].is_empty() { "_" } else { p.lemmas[k].as_str() };
            let misc = if j > i { "_" } else { space_after(text, p, k) };
            let form = p.forms[k].replace(['\t', '\n'], " ");
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t_\t_\t{}\t{}\t_\t{}",
                k + 1,
                form,
                lemma,
                p.upos[k].name(),
                head,
                p.rels[k],
                misc
            );
        }
        i = j + 1;
    }
    out.push('\n');
}

fn space_after(text: &str, p: &Parse, k: usize) -> &'static str {
    let end = p.tokens[k].end;
    match p.tokens.get(k + 1) {
        Some(next) if next.start == end => "SpaceAfter=No",
        None if !text[end..].starts_with(char::is_whitespace) && end < text.len() => "SpaceAfter=No",
        _ => "_",
    }
}
