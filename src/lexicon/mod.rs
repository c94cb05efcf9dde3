//! Word lists compiled into the crate: cue verbs, source nouns, outlets,
//! vague and anonymous phrases. Data lives in the `.txt` files beside this
//! module (one entry a line, `#` comments) so changing a list needs no code.

/// The entries of a lexicon file: trimmed, non-empty, comments skipped.
pub fn entries(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}
