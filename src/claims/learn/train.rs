//! Training the check-worthiness model (native only; `./build.sh train claims`).
//!
//! Data: the **tuning** articles of `tests/fixtures/claims/polnear-labels*.jsonl`
//! (offsets and statuses only, written by `../shared/eval/claims-guideline.md`),
//! joined with their text from `../shared/eval/polnear-*.jsonl`. A held-out
//! article is never read: the split is the label file's own `held_out` flag.
//!
//! Each article goes through the product's path (text reader, article,
//! syntax, attributions, speakers, the claims stage with every sentence taken
//! as a claim), so each sentence the engine cuts has the model's features and
//! the support status it would get. Its label is the status of the labelled
//! sentence it overlaps most (code points, aligned by non-space characters):
//! a claim unless that is `none`. Choices are made by five-fold
//! cross-validation over the tuning articles, scored as
//! `tools/claims_labels/score.py` scores (each labelled sentence takes the
//! status of the engine's claim that overlaps it most): the regularisation,
//! then the templates (one backward pass: a template goes when the
//! cross-validated unsourced F1 rises without it), then the decision line.
//! Logistic regression by Adagrad, a fixed number of epochs, a fixed
//! shuffle: the same data gives the same bytes.

use std::collections::HashMap;
use std::ops::Range;

use super::{template, Mask, Model, TEMPLATES};
use crate::page::{article_blocks, read_text};
use crate::report::ClaimStatus;
use crate::syntax::model::{Kind, Weights};
use crate::syntax::train::Rng;
use crate::text::Article;

/// Rows of the weight table (log2): 16 KB of i8.
pub const LOG2: u32 = 14;
const FOLDS: usize = 5;
const EPOCHS: usize = 25;
const REPEATS: usize = 4;

/// The statuses the labels use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Label {
    /// Not a claim.
    None,
    /// Sourced (attributed or linked).
    Sourced,
    /// Vague source.
    Vague,
    /// Unnamed source.
    Anonymous,
    /// No source.
    Unsourced,
}

impl Label {
    fn parse(s: &str) -> Result<Label, String> {
        Ok(match s {
            "none" => Label::None,
            "sourced" => Label::Sourced,
            "vague" => Label::Vague,
            "anonymous" => Label::Anonymous,
            "unsourced" => Label::Unsourced,
            _ => return Err(format!("unknown status {s}")),
        })
    }

    fn of(s: ClaimStatus) -> Label {
        match s {
            ClaimStatus::Attributed | ClaimStatus::Linked => Label::Sourced,
            ClaimStatus::Vague => Label::Vague,
            ClaimStatus::Anonymous => Label::Anonymous,
            ClaimStatus::Unsourced => Label::Unsourced,
        }
    }
}

/// One engine sentence: where it lies, its features, the status it gets as
/// a claim, whether the rules alone take it, and its label.
struct Example {
    cp: Range<usize>,
    feats: Vec<(u64, u64)>,
    status: Label,
    rules_take: bool,
    claim: Option<bool>,
}

/// A tuning article: its engine sentences and its labelled sentences.
struct Doc {
    id: String,
    examples: Vec<Example>,
    gold: Vec<(Range<usize>, Label)>,
}

/// The tuning articles of every labels file (name, contents), in id order
/// whatever the files' order; an article labelled in two files is an error.
fn read_docs(files: &[(&str, &str)], texts: &HashMap<String, String>) -> Result<Vec<Doc>, String> {
    let mut rows: Vec<(String, serde_json::Value)> = Vec::new();
    for (name, labels) in files {
        for (n, line) in labels.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("{name}:{}: {e}", n + 1))?;
            // The held-out third is for measuring only: never read here.
            if v["held_out"].as_bool() != Some(false) {
                continue;
            }
            rows.push((v["id"].as_str().unwrap_or_default().to_string(), v));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = rows.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("{}: labelled twice", w[0].0));
    }
    let mut docs = Vec::new();
    for (id, v) in rows {
        let text = texts.get(&id).ok_or_else(|| format!("{id}: no text in the PolNeAR files"))?;
        let mut gold = Vec::new();
        for s in v["sentences"].as_array().into_iter().flatten() {
            let (a, b) = (s["start"].as_u64().unwrap_or(0) as usize, s["end"].as_u64().unwrap_or(0) as usize);
            gold.push((a..b, Label::parse(s["status"].as_str().unwrap_or(""))?));
        }
        let page = read_text(text);
        let kept = article_blocks(&page);
        let mut article = Article::new(&page, &kept);
        article.add_syntax();
        let mut found = crate::attribution::find(&article);
        crate::speakers::resolve(&article, &mut found);
        let cands = crate::claims::candidates(&article, &page, &found, &[]);
        let blocks: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
        let maps = crate::attribution::learn::train::align(text, &blocks);
        let mut examples = Vec::new();
        for (d, feats) in cands {
            let map = &maps[d.block];
            let cps: Vec<usize> = (d.range.clone()).filter_map(|i| map[i]).collect();
            let (Some(&lo), Some(&hi)) = (cps.iter().min(), cps.iter().max()) else { continue };
            let cp = lo..hi + 1;
            let best = gold
                .iter()
                .map(|(r, l)| (r.end.min(cp.end).saturating_sub(r.start.max(cp.start)), *l))
                .filter(|(ov, _)| *ov > 0)
                .max_by_key(|(ov, _)| *ov);
            let rules_take = d.rule != "model";
            examples.push(Example {
                cp,
                feats,
                status: Label::of(d.status),
                rules_take,
                claim: best.map(|b| b.1 != Label::None),
            });
        }
        docs.push(Doc { id, examples, gold });
    }
    Ok(docs)
}

/// Figures as `score.py` computes them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures {
    /// Unsourced precision.
    pub unsourced_p: f64,
    /// Unsourced recall.
    pub unsourced_r: f64,
    /// Unsourced F1.
    pub unsourced_f1: f64,
    /// Vague F1.
    pub vague_f1: f64,
    /// Anonymous F1.
    pub anonymous_f1: f64,
    /// Sourced F1.
    pub sourced_f1: f64,
    /// Claim-or-not accuracy over the engine's sentences.
    pub accuracy: f64,
}

impl Figures {
    fn json(&self) -> String {
        format!(
            "{{\"unsourced_p\": {:.3}, \"unsourced_r\": {:.3}, \"unsourced_f1\": {:.3}, \"vague_f1\": {:.3}, \"anonymous_f1\": {:.3}, \"sourced_f1\": {:.3}, \"claim_accuracy\": {:.3}}}",
            self.unsourced_p, self.unsourced_r, self.unsourced_f1, self.vague_f1, self.anonymous_f1, self.sourced_f1, self.accuracy
        )
    }
}

thread_local! {
    /// Set while the trainer logs a confusion table (`CLAIMS_CONFUSION=1`).
    static CONFUSION: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Scores a decision per engine sentence (`take[d][k]`) against the labels.
fn score(docs: &[&Doc], take: &[Vec<bool>]) -> Figures {
    let mut counts: HashMap<(Label, Label), usize> = HashMap::new();
    let (mut right, mut seen) = (0, 0);
    for (doc, take) in docs.iter().zip(take) {
        for (ex, &t) in doc.examples.iter().zip(take) {
            if let Some(c) = ex.claim {
                seen += 1;
                right += usize::from(c == t);
            }
        }
        for (r, gold) in &doc.gold {
            let mut best = (0, Label::None);
            for (ex, &t) in doc.examples.iter().zip(take) {
                let ov = ex.cp.end.min(r.end).saturating_sub(ex.cp.start.max(r.start));
                if t && ov > best.0 {
                    best = (ov, ex.status);
                }
            }
            *counts.entry((*gold, best.1)).or_default() += 1;
            if CONFUSION.with(|c| c.get()) && std::env::var_os("CLAIMS_DUMP").is_some() && *gold != best.1 {
                eprintln!("DUMP\t{}\t{}\t{}\t{:?}\t{:?}", doc.id, r.start, r.end, gold, best.1);
            }
        }
    }
    let prf = |st: Label| {
        let tp = counts.get(&(st, st)).copied().unwrap_or(0) as f64;
        let pred: usize = counts.iter().filter(|((_, p), _)| *p == st).map(|(_, v)| v).sum();
        let gold: usize = counts.iter().filter(|((g, _), _)| *g == st).map(|(_, v)| v).sum();
        let p = if pred > 0 { tp / pred as f64 } else { 0.0 };
        let r = if gold > 0 { tp / gold as f64 } else { 0.0 };
        (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    };
    let u = prf(Label::Unsourced);
    if CONFUSION.with(|c| c.get()) {
        let mut rows: Vec<_> = counts.iter().map(|(k, v)| (format!("{:?} -> {:?}", k.0, k.1), *v)).collect();
        rows.sort();
        eprintln!("    gold -> predicted: {rows:?}");
    }
    Figures {
        unsourced_p: u.0,
        unsourced_r: u.1,
        unsourced_f1: u.2,
        vague_f1: prf(Label::Vague).2,
        anonymous_f1: prf(Label::Anonymous).2,
        sourced_f1: prf(Label::Sourced).2,
        accuracy: right as f64 / seen.max(1) as f64,
    }
}

fn row(h: u64) -> usize {
    (h >> (64 - LOG2)) as usize
}

fn masked(ex: &Example, off: Mask) -> impl Iterator<Item = usize> + '_ {
    ex.feats.iter().filter(move |(t, _)| off & (1 << t) == 0).map(|&(_, h)| row(h))
}

/// Logistic regression by Adagrad with L2 (applied to the rows an example
/// touches), on the labelled examples of `docs`.
fn fit(docs: &[&Doc], off: Mask, l2: f64) -> Vec<f64> {
    let data: Vec<(&Example, f64)> = docs
        .iter()
        .flat_map(|d| d.examples.iter())
        .filter_map(|e| e.claim.map(|c| (e, if c { 1.0 } else { 0.0 })))
        .collect();
    let mut w = vec![0.0f64; 1 << LOG2];
    let mut g2 = vec![1e-8f64; 1 << LOG2];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rows = Vec::new();
    for e in 0..EPOCHS {
        Rng(0xC1A1_4B0D + e as u64).shuffle(&mut order);
        for &k in &order {
            let (ex, y) = data[k];
            rows.clear();
            rows.extend(masked(ex, off));
            let z: f64 = rows.iter().map(|&r| w[r]).sum();
            let g = 1.0 / (1.0 + (-z).exp()) - y;
            for &r in &rows {
                let grad = g + l2 * w[r];
                g2[r] += grad * grad;
                w[r] -= 0.2 * grad / g2[r].sqrt();
            }
        }
    }
    w
}

fn probability(w: &[f64], ex: &Example, off: Mask) -> f64 {
    let z: f64 = masked(ex, off).map(|r| w[r]).sum();
    1.0 / (1.0 + (-z).exp())
}

/// Out-of-fold probabilities of every example, folds by article, for each
/// of [`REPEATS`] assignments of the articles to folds (the first in id
/// order, the others shuffled): the figures of one split of 28 articles
/// move by a few hundredths, their mean much less.
fn cross_validate(docs: &[Doc], off: Mask, l2: f64) -> Vec<Vec<Vec<f64>>> {
    (0..REPEATS)
        .map(|rep| {
            let fold_of = folds(rep, docs.len());
            let mut out: Vec<Vec<f64>> = docs.iter().map(|d| vec![0.0; d.examples.len()]).collect();
            for fold in 0..FOLDS {
                let train: Vec<&Doc> =
                    docs.iter().enumerate().filter(|(i, _)| fold_of[*i] != fold).map(|(_, d)| d).collect();
                let w = fit(&train, off, l2);
                for (i, d) in docs.iter().enumerate().filter(|(i, _)| fold_of[*i] == fold) {
                    out[i] = d.examples.iter().map(|e| probability(&w, e, off)).collect();
                }
            }
            out
        })
        .collect()
}

/// The fold of each article in assignment `rep`.
fn folds(rep: usize, n: usize) -> Vec<usize> {
    let mut fold_of: Vec<usize> = (0..n).map(|i| i % FOLDS).collect();
    if rep > 0 {
        Rng(0xF01D_5EED + rep as u64).shuffle(&mut fold_of);
    }
    fold_of
}

/// The standard error of the cross-validated unsourced F1 at line `at`:
/// the spread of the F1 of the single folds over every assignment, over
/// the square root of their number.
fn standard_error(docs: &[Doc], probs: &[Vec<Vec<f64>>], at: f64) -> f64 {
    let mut f1s = Vec::new();
    for (rep, p) in probs.iter().enumerate() {
        let fold_of = folds(rep, docs.len());
        for fold in 0..FOLDS {
            let (sub, take): (Vec<&Doc>, Vec<Vec<bool>>) = docs
                .iter()
                .zip(p)
                .enumerate()
                .filter(|(i, _)| fold_of[*i] == fold)
                .map(|(_, (d, p))| (d, p.iter().map(|&x| x >= at).collect()))
                .unzip();
            f1s.push(score(&sub, &take).unsourced_f1);
        }
    }
    let n = f1s.len() as f64;
    let mean = f1s.iter().sum::<f64>() / n;
    let var = f1s.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (var / n).sqrt()
}

/// Decision lines tried: 0.10 to 0.85.
fn lines() -> impl Iterator<Item = f64> {
    (0..=30).map(|k| 0.1 + 0.025 * k as f64)
}

/// The figures of out-of-fold probabilities at line `at`, averaged over the repeats.
fn cv_figures(docs: &[Doc], probs: &[Vec<Vec<f64>>], at: f64) -> Figures {
    let all: Vec<&Doc> = docs.iter().collect();
    let mut sum = Figures::default();
    for rep in probs {
        let take: Vec<Vec<bool>> = rep.iter().map(|p| p.iter().map(|&x| x >= at).collect()).collect();
        let f = score(&all, &take);
        sum.unsourced_p += f.unsourced_p;
        sum.unsourced_r += f.unsourced_r;
        sum.unsourced_f1 += f.unsourced_f1;
        sum.vague_f1 += f.vague_f1;
        sum.anonymous_f1 += f.anonymous_f1;
        sum.sourced_f1 += f.sourced_f1;
        sum.accuracy += f.accuracy;
    }
    let n = probs.len().max(1) as f64;
    Figures {
        unsourced_p: sum.unsourced_p / n,
        unsourced_r: sum.unsourced_r / n,
        unsourced_f1: sum.unsourced_f1 / n,
        vague_f1: sum.vague_f1 / n,
        anonymous_f1: sum.anonymous_f1 / n,
        sourced_f1: sum.sourced_f1 / n,
        accuracy: sum.accuracy / n,
    }
}

/// The best line for out-of-fold probabilities: the highest mean unsourced
/// F1 among the lines whose unsourced precision is at least `floor` (the
/// rules' own: the model may add flags, not make them less often right),
/// else the most precise.
fn best_line(docs: &[Doc], probs: &[Vec<Vec<f64>>], floor: f64) -> (f64, Figures) {
    let mut best: Option<(f64, Figures)> = None;
    let mut precise = (0.5, Figures::default());
    for at in lines() {
        let f = cv_figures(docs, probs, at);
        if f.unsourced_p >= floor && best.is_none_or(|b| f.unsourced_f1 > b.1.unsourced_f1 + 1e-9) {
            best = Some((at, f));
        }
        if f.unsourced_p > precise.1.unsourced_p + 1e-9 {
            precise = (at, f);
        }
    }
    best.unwrap_or(precise)
}

/// The model file and what training chose and measured.
pub struct Trained {
    /// The `SCW1` file.
    pub model: Vec<u8>,
    /// A JSON object of figures and choices.
    pub report: String,
}

/// Reads PolNeAR's texts (train and dev files) from `polnear_dir`.
pub fn read_texts(polnear_dir: &str) -> Result<HashMap<String, String>, String> {
    let mut texts = HashMap::new();
    for f in ["polnear-train.jsonl", "polnear-dev.jsonl"] {
        let path = format!("{polnear_dir}/{f}");
        let data = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("{path}: {e}"))?;
            if let (Some(id), Some(t)) = (v["id"].as_str(), v["text"].as_str()) {
                texts.insert(id.to_string(), t.to_string());
            }
        }
    }
    Ok(texts)
}

/// Trains the model on the tuning labels.
pub fn train(files: &[(&str, &str)], texts: &HashMap<String, String>, log: &dyn Fn(&str)) -> Result<Trained, String> {
    let docs = read_docs(files, texts)?;
    let n: usize = docs.iter().map(|d| d.examples.len()).sum();
    let labelled = docs.iter().flat_map(|d| &d.examples).filter(|e| e.claim.is_some()).count();
    let gold: usize = docs.iter().map(|d| d.gold.len()).sum();
    log(&format!(
        "{} tuning articles: {gold} labelled sentences, {n} engine sentences ({labelled} with a label)",
        docs.len()
    ));
    let all: Vec<&Doc> = docs.iter().collect();
    let rules_take: Vec<Vec<bool>> = docs.iter().map(|d| d.examples.iter().map(|e| e.rules_take).collect()).collect();
    let rules = score(&all, &rules_take);
    log(&format!("rules alone, tuning: {}", rules.json()));
    // The word-level templates: all, all but the bag of words, none.
    let word = 1u64 << template("word");
    let lexical = word | 1 << template("root.lemma") | 1 << template("first.word");
    // Every setting, simplest first (no word templates, the strongest
    // regularisation); the one chosen is the simplest whose F1 lies within
    // one standard error of the best (the one-standard-error rule: on 28
    // articles a larger model that is not clearly better only learns their words).
    let mut grid = Vec::new();
    for (what, off) in [("no word templates", lexical), ("no bag of words", word), ("all", 0)] {
        for l2 in [1e-1, 1e-2, 1e-3, 1e-4] {
            let probs = cross_validate(&docs, off, l2);
            let (at, f) = best_line(&docs, &probs, rules.unsourced_p);
            let se = standard_error(&docs, &probs, at);
            log(&format!("l2 {l2:e}, {what}: CV line {at:.3} (F1 standard error {se:.3}) {}", f.json()));
            grid.push((f.unsourced_f1, se, l2, off, at, f));
        }
    }
    let top = grid.iter().copied().max_by(|a, b| a.0.total_cmp(&b.0)).expect("a setting");
    let best = grid.iter().copied().find(|g| g.0 >= top.0 - top.1).unwrap_or(top);
    let best = (best.0, best.2, best.3, best.4, best.5);
    let (_, l2, mut off, mut at, mut cv) = best;
    // One backward pass over the templates (the bias stays).
    for (i, name) in TEMPLATES.iter().enumerate().skip(1) {
        let bit = 1u64 << (i + 1);
        if off & bit != 0 {
            continue;
        }
        let (a, f) = best_line(&docs, &cross_validate(&docs, off | bit, l2), rules.unsourced_p);
        // A clear gain only: differences under 0.005 are the folds' noise.
        if f.unsourced_f1 > cv.unsourced_f1 + 0.005 {
            log(&format!("without {name}: CV unsourced F1 {:.3} -> {:.3}: left out", cv.unsourced_f1, f.unsourced_f1));
            off |= bit;
            at = a;
            cv = f;
        }
    }
    let names_off: Vec<&str> =
        TEMPLATES.iter().enumerate().filter(|(i, _)| off & (1 << (i + 1)) != 0).map(|(_, n)| *n).collect();
    log(&format!("chosen: l2 {l2:e}, line {at:.3}, left out [{}]; CV {}", names_off.join(","), cv.json()));
    if std::env::var_os("CLAIMS_CONFUSION").is_some() {
        let probs = cross_validate(&docs, off, l2);
        let take: Vec<Vec<bool>> = probs[0].iter().map(|p| p.iter().map(|&x| x >= at).collect()).collect();
        log("cross-validated, gold -> predicted:");
        CONFUSION.with(|c| c.set(true));
        score(&all, &take);
        log("rules alone, gold -> predicted:");
        score(&all, &rules_take);
        CONFUSION.with(|c| c.set(false));
    }
    let w = fit(&all, off, l2);
    let wf: Vec<f32> = w.iter().map(|&x| x as f32).collect();
    let name = format!("claim at={at:.3} off={}", names_off.join(","));
    let weights = Weights::quantize(Kind::Claim, 1, LOG2, &[name], &wf);
    let bytes = weights.to_bytes();
    // The quantised model as shipped, on the tuning sentences (in sample).
    let model = Model::new(Weights::from_bytes(Box::leak(bytes.clone().into_boxed_slice()))?)?;
    let take: Vec<Vec<bool>> = docs
        .iter()
        .map(|d| {
            d.examples
                .iter()
                .map(|e| {
                    let feats: Vec<u64> =
                        e.feats.iter().filter(|(t, _)| off & (1 << t) == 0).map(|&(_, h)| h).collect();
                    model.probability(&feats) >= model.at
                })
                .collect()
        })
        .collect();
    let fitted = score(&all, &take);
    log(&format!("shipped model on the tuning sentences (in sample): {}", fitted.json()));
    let report = format!(
        "{{\n \"data\": \"{}, tuning articles only\",\n \"tuning_articles\": {},\n \"labelled_sentences\": {gold},\n \"engine_sentences\": {n},\n \"folds\": {FOLDS},\n \"fold_assignments\": {REPEATS},\n \"epochs\": {EPOCHS},\n \"l2\": {l2:e},\n \"line\": {at:.3},\n \"left_out\": [{}],\n \"rules_alone_tuning\": {},\n \"model_tuning_cv\": {},\n \"model_tuning_in_sample\": {}\n}}",
        files.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(" + "),
        docs.len(),
        names_off.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", "),
        rules.json(),
        cv.json(),
        fitted.json()
    );
    Ok(Trained { model: bytes, report })
}
