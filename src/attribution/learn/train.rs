//! Training the attribution models from PolNeAR (native only).
//!
//! Each article goes through the product's own path (text reader, article,
//! sentences, syntax, rules); the gold spans, code-point offsets into the
//! article text, are aligned to the blocks by their non-space characters (the
//! reader only changes spacing), so every token knows which gold cue, source
//! and content it belongs to. Then:
//! - every candidate token is a cue example (positive when it heads a gold
//!   cue: the cue's token whose governor lies outside the cue);
//! - every positive cue gives a source and a content ranking example, whose
//!   answer is the candidate closest to the gold span (word F1 ≥ 0.5), or
//!   "none" for a gold attribution without a source.
//!
//! Averaged perceptrons, a fixed number of epochs chosen on a validation
//! tenth of the training articles, a deterministic shuffle: the same data
//! gives the same bytes.

use std::collections::HashSet;
use std::ops::Range;

use super::{candidate_features, content_candidates, cue_features, is_candidate, source_candidates, Candidate, View};
use crate::page::{article_blocks, read_text};
use crate::syntax::model::{Dense, Kind, Weights};
use crate::syntax::train::Rng;
use crate::text::{lower_aligned, Article};

/// One gold attribution: code-point spans into the article text.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    /// Source spans.
    pub source: Vec<Range<usize>>,
    /// Cue spans.
    pub cue: Vec<Range<usize>>,
    /// Content spans.
    pub content: Vec<Range<usize>>,
}

/// An article and its gold attributions.
pub struct Doc {
    /// Document id.
    pub id: String,
    /// The article text.
    pub text: String,
    /// Gold attributions.
    pub gold: Vec<Gold>,
}

/// Reads a PolNeAR JSON-lines file.
pub fn read_jsonl(path: &str) -> Result<Vec<Doc>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let spans = |a: &serde_json::Value, key: &str| -> Vec<Range<usize>> {
            a[key]
                .as_array()
                .map(|xs| {
                    xs.iter()
                        .filter_map(|x| Some(x[0].as_u64()? as usize..x[1].as_u64()? as usize))
                        .filter(|r| !r.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        let gold = v["attributions"]
            .as_array()
            .map(|xs| {
                xs.iter()
                    .map(|a| Gold {
                        source: spans(a, "source_spans"),
                        cue: spans(a, "cue_spans"),
                        content: spans(a, "content_spans"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(Doc {
            id: v["id"].as_str().unwrap_or_default().to_string(),
            text: v["text"].as_str().ok_or_else(|| format!("{path}:{}: no text", n + 1))?.to_string(),
            gold,
        });
    }
    Ok(out)
}

/// Per block byte: the code point of the document it came from (non-space
/// characters matched in order; the text reader only changes spacing).
/// Shared with the claims trainer, which joins its labels the same way.
pub(crate) fn align(doc: &str, blocks: &[&str]) -> Vec<Vec<Option<usize>>> {
    let mut dense = String::new();
    let mut cp_of: Vec<usize> = Vec::new();
    for (cp, ch) in doc.chars().enumerate() {
        if !ch.is_whitespace() {
            dense.push(ch);
            cp_of.extend(std::iter::repeat_n(cp, ch.len_utf8()));
        }
    }
    let mut cursor = 0;
    blocks
        .iter()
        .map(|b| {
            let mut map = vec![None; b.len() + 1];
            let at: Vec<(usize, char)> = b.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
            let nows: String = at.iter().map(|(_, c)| *c).collect();
            if let Some(pos) = (!nows.is_empty()).then(|| dense[cursor..].find(&nows)).flatten() {
                let mut k = cursor + pos;
                for (i, ch) in at {
                    map[i] = Some(cp_of[k]);
                    k += ch.len_utf8();
                }
                cursor = k;
            }
            map
        })
        .collect()
}

/// Training examples of one kind: features per candidate, the answer index.
struct Ranking {
    feats: Vec<Vec<u64>>,
    answer: usize,
}

/// Everything the trainer learns from, and how much of the gold it reaches.
#[derive(Default)]
pub struct Data {
    cue: Vec<(Vec<u64>, bool, bool)>,
    source: Vec<Ranking>,
    content: Vec<Ranking>,
    /// Counts for the training log: gold attributions; their cues found in a
    /// sentence; cue heads that are candidates; source answers and content
    /// answers reachable; ranking examples tried.
    pub stats: [usize; 6],
}

fn f1(a: &HashSet<usize>, b: &HashSet<usize>) -> f64 {
    let common = a.intersection(b).count() as f64;
    if common == 0.0 {
        return 0.0;
    }
    let (p, r) = (common / a.len() as f64, common / b.len() as f64);
    2.0 * p * r / (p + r)
}

fn token_set(tokens: &[Range<usize>]) -> HashSet<usize> {
    tokens.iter().flat_map(|r| r.clone()).collect()
}

/// Turns articles into examples.
pub fn examples(docs: &[Doc]) -> Data {
    let mut data = Data::default();
    let mut buf = Vec::new();
    for doc in docs {
        let page = read_text(&doc.text);
        let kept = article_blocks(&page);
        let mut article = Article::new(&page, &kept);
        article.add_syntax();
        let texts: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
        let maps = align(&doc.text, &texts);
        data.stats[0] += doc.gold.len();
        let inside =
            |spans: &[Range<usize>], cp: Option<usize>| cp.is_some_and(|c| spans.iter().any(|r| r.contains(&c)));
        for (b, block) in article.blocks.iter().enumerate() {
            let low = lower_aligned(&block.text);
            for s in 0..block.sentences.len() {
                let Some(parse) = block.parse(s) else { continue };
                let toks = super::super::sentence_words(block, &low, s);
                let rules = super::super::rules_in_sentence(block, &toks, s);
                let view = View::new(parse, &block.quotes, &rules);
                let cp: Vec<Option<usize>> = parse
                    .tokens
                    .iter()
                    .map(|r| (r.start..r.end).find_map(|i| maps[b].get(i).copied().flatten()))
                    .collect();
                // The head of each gold cue in this sentence.
                let mut heads: Vec<(usize, usize)> = Vec::new();
                for (g, gold) in doc.gold.iter().enumerate() {
                    let in_cue: Vec<usize> = (0..view.len()).filter(|&i| inside(&gold.cue, cp[i])).collect();
                    if in_cue.is_empty() {
                        continue;
                    }
                    data.stats[1] += 1;
                    let head = in_cue
                        .iter()
                        .copied()
                        .filter(|&i| !parse.heads[i].is_some_and(|h| in_cue.contains(&h)))
                        .find(|&i| is_candidate(&view, i))
                        .or_else(|| in_cue.iter().copied().find(|&i| is_candidate(&view, i)));
                    if let Some(h) = head {
                        data.stats[2] += 1;
                        heads.push((h, g));
                    }
                }
                for i in 0..view.len() {
                    if !is_candidate(&view, i) {
                        continue;
                    }
                    cue_features(&view, i, &mut buf);
                    let gold = heads.iter().find(|(h, _)| *h == i).map(|&(_, g)| g);
                    data.cue.push((buf.clone(), gold.is_some(), super::rule_of(&view, i).is_some()));
                    // The rankers decide only for cues no rule took: they learn from those.
                    let Some(g) = gold.filter(|_| super::rule_of(&view, i).is_none()) else { continue };
                    let gold = &doc.gold[g];
                    let gold_source: HashSet<usize> =
                        (0..view.len()).filter(|&t| inside(&gold.source, cp[t])).collect();
                    let gold_content: HashSet<usize> =
                        (0..view.len()).filter(|&t| inside(&gold.content, cp[t])).collect();
                    let sources = source_candidates(&view, i);
                    let answer = if gold.source.is_empty() { Some(0) } else { best_match(&sources, &gold_source) };
                    if let Some(answer) = answer {
                        data.stats[3] += 1;
                        data.source.push(ranking(&view, i, &sources, answer, &mut buf));
                    }
                    let contents = content_candidates(&view, i);
                    if let Some(answer) = best_match(&contents, &gold_content) {
                        data.stats[4] += 1;
                        data.content.push(ranking(&view, i, &contents, answer, &mut buf));
                    }
                    data.stats[5] += 1;
                }
            }
        }
    }
    data
}

fn best_match<K>(cands: &[Candidate<K>], gold: &HashSet<usize>) -> Option<usize> {
    if gold.is_empty() {
        return None;
    }
    let mut best = (0.5, None);
    for (k, c) in cands.iter().enumerate() {
        let s = f1(&token_set(&c.tokens), gold);
        if s >= best.0 && best.1.is_none() || s > best.0 {
            best = (s, Some(k));
        }
    }
    best.1
}

fn ranking<K: Copy + Into<u64>>(
    v: &View,
    c: usize,
    cands: &[Candidate<K>],
    answer: usize,
    buf: &mut Vec<u64>,
) -> Ranking {
    let feats = cands
        .iter()
        .map(|cand| {
            candidate_features(v, c, cand.kind.into(), &cand.tokens, cand.bytes.is_some(), buf);
            buf.clone()
        })
        .collect();
    Ranking { feats, answer }
}

fn train_cue(data: &[(Vec<u64>, bool, bool)], log2: u32, epochs: usize) -> Dense {
    let mut m = Dense::new(2, log2);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut s = [0f32; 2];
    for e in 0..epochs {
        Rng(0x9E37_79B9 + e as u64).shuffle(&mut order);
        for &k in &order {
            let (f, y, _) = &data[k];
            m.score(f, &mut s);
            let pred = s[1] > s[0];
            if pred != *y {
                let (good, bad) = if *y { (1, 0) } else { (0, 1) };
                m.update(f, good, bad, 1.0);
            }
            m.tick();
        }
    }
    Dense::frozen(2, log2, m.averaged())
}

fn train_ranker(data: &[Ranking], log2: u32, epochs: usize) -> Dense {
    let mut m = Dense::new(1, log2);
    let mut order: Vec<usize> = (0..data.len()).collect();
    for e in 0..epochs {
        Rng(0x51_7CC1 + e as u64).shuffle(&mut order);
        for &k in &order {
            let r = &data[k];
            let pred = argmax(&m, &r.feats);
            if pred != r.answer {
                m.add(&r.feats[r.answer], 0, 1.0);
                m.add(&r.feats[pred], 0, -1.0);
            }
            m.tick();
        }
    }
    Dense::frozen(1, log2, m.averaged())
}

fn argmax(m: &Dense, cands: &[Vec<u64>]) -> usize {
    let mut s = [0f32; 1];
    let mut best = (f32::NEG_INFINITY, 0);
    for (k, f) in cands.iter().enumerate() {
        m.score(f, &mut s);
        if s[0] > best.0 {
            best = (s[0], k);
        }
    }
    best.1
}

fn ranking_accuracy(m: &Dense, data: &[Ranking]) -> f64 {
    data.iter().filter(|r| argmax(m, &r.feats) == r.answer).count() as f64 / data.len().max(1) as f64
}

/// Cue detection on the candidates no rule took: precision, recall, F1 at
/// margin `at`, and the F1 of all cues (rules' and added) at that margin.
fn cue_figures(m: &Dense, data: &[(Vec<u64>, bool, bool)], at: f32) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut s = [0f32; 2];
    for (f, y, rule) in data {
        if *rule {
            continue;
        }
        m.score(f, &mut s);
        let pred = s[1] - s[0] > at;
        match (pred, *y) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fneg += 1,
            _ => {}
        }
    }
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fneg).max(1) as f64;
    (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
}

/// Platt scaling: the logistic curve p(cue | margin) fitted by gradient
/// descent on the validation candidates (deterministic: fixed steps).
fn platt(m: &Dense, data: &[(Vec<u64>, bool, bool)]) -> (f32, f32) {
    let mut s = [0f32; 2];
    let xs: Vec<(f64, f64)> = data
        .iter()
        .map(|(f, y, _)| {
            m.score(f, &mut s);
            (f64::from(s[1] - s[0]), if *y { 1.0 } else { 0.0 })
        })
        .collect();
    let scale = xs.iter().map(|(x, _)| x.abs()).fold(0.0, f64::max).max(1e-6);
    let (mut a, mut b) = (1.0f64, 0.0f64);
    for _ in 0..2000 {
        let (mut ga, mut gb) = (0.0, 0.0);
        for &(x, y) in &xs {
            let x = x / scale;
            let p = 1.0 / (1.0 + (-(a * x + b)).exp());
            ga += (p - y) * x;
            gb += p - y;
        }
        let n = xs.len().max(1) as f64;
        a -= 5.0 * ga / n;
        b -= 5.0 * gb / n;
    }
    ((a / scale) as f32, b as f32)
}

/// The trained models and what they scored on the validation articles.
pub struct Trained {
    /// Cue classifier file.
    pub cue: Vec<u8>,
    /// Source ranker file.
    pub source: Vec<u8>,
    /// Content ranker file.
    pub content: Vec<u8>,
    /// A JSON object of figures.
    pub report: String,
}

/// Table sizes (log2 rows).
pub const CUE_LOG2: u32 = 18;
/// Rows of each ranker.
pub const RANK_LOG2: u32 = 16;

/// Trains the three models from PolNeAR train; a tenth of its articles
/// (by position after sorting ids) is held back to choose epochs and the
/// cue threshold.
pub fn train(docs: &[Doc], log: &dyn Fn(&str)) -> Result<Trained, String> {
    let mut order: Vec<&Doc> = docs.iter().collect();
    order.sort_by(|a, b| a.id.cmp(&b.id));
    let own = |keep: bool| -> Vec<Doc> {
        order
            .iter()
            .enumerate()
            .filter(|(i, _)| (i % 10 == 0) == keep)
            .map(|(_, d)| Doc { id: d.id.clone(), text: d.text.clone(), gold: d.gold.clone() })
            .collect()
    };
    let (valid_docs, train_docs) = (own(true), own(false));
    let tr = examples(&train_docs);
    let va = examples(&valid_docs);
    let st = tr.stats;
    log(&format!(
        "train: {} gold attributions, {} cues in a sentence, {} cue heads are candidates; {} source and {} content answers reachable of {}",
        st[0], st[1], st[2], st[3], st[4], st[5]
    ));
    log(&format!(
        "train: {} cue examples, {} source, {} content rankings",
        tr.cue.len(),
        tr.source.len(),
        tr.content.len()
    ));
    let mut best = (0.0, 0);
    for epochs in [12, 20, 30] {
        let m = train_cue(&tr.cue, CUE_LOG2, epochs);
        let (p, r, f) = cue_figures(&m, &va.cue, 0.0);
        log(&format!("cue, {epochs} epochs: validation (candidates no rule took) P {p:.3} R {r:.3} F1 {f:.3}"));
        if f > best.0 {
            best = (f, epochs);
        }
    }
    let cue_epochs = best.1;
    let cue = train_cue(&tr.cue, CUE_LOG2, cue_epochs);
    // The decision line: the best F1 of added cues on validation, with
    // precision first (the engine must stay above 0.88 overall).
    let mut line = (0.0, 0.0f32);
    for k in -20..=80 {
        let at = k as f32 * 0.5;
        let (p, r, _) = cue_figures(&cue, &va.cue, at);
        // Precision counts four times recall: an added cue must be likely right.
        let beta2 = 0.25f64;
        let fb = if p + r > 0.0 { (1.0 + beta2) * p * r / (beta2 * p + r) } else { 0.0 };
        if fb > line.0 {
            line = (fb, at);
        }
    }
    let (p, r, f) = cue_figures(&cue, &va.cue, line.1);
    log(&format!("cue line {:.2}: validation P {p:.3} R {r:.3} F1 {f:.3}", line.1));
    let mut rank_best = [(0.0, 0usize); 2];
    for (k, (trd, vad)) in [(&tr.source, &va.source), (&tr.content, &va.content)].into_iter().enumerate() {
        for epochs in [3, 6, 10] {
            let m = train_ranker(trd, RANK_LOG2, epochs);
            let acc = ranking_accuracy(&m, vad);
            log(&format!("{} ranker, {epochs} epochs: validation accuracy {acc:.3}", ["source", "content"][k]));
            if acc > rank_best[k].0 {
                rank_best[k] = (acc, epochs);
            }
        }
    }
    let source = train_ranker(&tr.source, RANK_LOG2, rank_best[0].1);
    let content = train_ranker(&tr.content, RANK_LOG2, rank_best[1].1);
    let cue_w = Weights::quantize(Kind::Cue, 2, CUE_LOG2, &["no".into(), "yes".into()], &cue.w);
    let add_at = (line.1 / cue_w.scale).round() as i32;
    let (a, b) = platt(&cue, &va.cue);
    log(&format!("cue calibration on validation: p = 1 / (1 + exp(-({a:.4} * margin + {b:.4})))"));
    let cue_w = cue_w.with_names(vec!["no".into(), format!("yes add_at={add_at} platt={a:.5},{b:.5}")]);
    let source_w = Weights::quantize(Kind::Source, 1, RANK_LOG2, &["score".into()], &source.w);
    let content_w = Weights::quantize(Kind::Content, 1, RANK_LOG2, &["score".into()], &content.w);
    let report = format!(
        "{{\"cue_epochs\": {cue_epochs}, \"cue_line\": {:.2}, \"cue_added_validation\": {{\"p\": {p:.3}, \"r\": {r:.3}, \"f1\": {f:.3}}}, \
         \"source_epochs\": {}, \"source_validation_accuracy\": {:.3}, \"content_epochs\": {}, \"content_validation_accuracy\": {:.3}, \
         \"train_articles\": {}, \"validation_articles\": {}}}",
        line.1,
        rank_best[0].1,
        rank_best[0].0,
        rank_best[1].1,
        rank_best[1].0,
        train_docs.len(),
        valid_docs.len()
    );
    Ok(Trained { cue: cue_w.to_bytes(), source: source_w.to_bytes(), content: content_w.to_bytes(), report })
}
