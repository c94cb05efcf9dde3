//! Training the syntax models from a UD treebank (`./build.sh train`).
//!
//! Deterministic: a fixed-seed shuffle, one thread, no clocks; the same
//! treebank gives the same bytes. The tagger, parser and labeller are
//! averaged perceptrons over the hashed features of `features.rs`; the
//! parser and labeller train on tags from a five-fold jackknife, so they
//! learn from tags as wrong as the tagger makes them at run time. The epoch
//! kept for each model is the one that scores best on the dev split.

use std::collections::BTreeMap;

use super::conllu::Sentence;
use super::features::TokenFeatures;
use super::labeler::Tree;
use super::model::{Dense, Kind, Weights};
use super::parser::{State, TRANSITIONS};
use super::tagger::{self, START};
use super::{Upos, UPOS};

/// Table sizes (log2 of the rows): set so that the three models together
/// stay under 3 MB and the wasm file under 4 MB.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// Tagger rows.
    pub tagger: u32,
    /// Parser rows.
    pub parser: u32,
    /// Labeller rows.
    pub labeler: u32,
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes { tagger: 16, parser: 18, labeler: 14 }
    }
}

/// A deterministic shuffle (xorshift64*), shared by every trainer.
pub(crate) struct Rng(pub(crate) u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A sentence ready for training: features and gold answers as indices.
pub struct Example {
    tf: TokenFeatures,
    gold_tags: Vec<Upos>,
    heads: Vec<Option<usize>>,
    rels: Vec<String>,
    /// Tags as the tagger predicts them (jackknifed for train).
    pub tags: Vec<Upos>,
}

/// Prepares treebank sentences.
pub fn examples(sents: &[Sentence]) -> Result<Vec<Example>, String> {
    sents
        .iter()
        .map(|s| {
            let gold_tags = s
                .upos
                .iter()
                .map(|u| Upos::from_name(u).ok_or_else(|| format!("unknown UPOS '{u}'")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Example {
                tf: TokenFeatures::new(&s.forms),
                tags: gold_tags.clone(),
                gold_tags,
                heads: s.heads.clone(),
                rels: s.rels.clone(),
            })
        })
        .collect()
}

fn log(msg: &str) {
    eprintln!("    {msg}");
}

// ---------------------------------------------------------------- tagger

fn tag_dense(m: &Dense, tf: &TokenFeatures) -> Vec<Upos> {
    let mut feats = Vec::new();
    let mut scores = [0f32; UPOS.len()];
    let (mut p, mut p2) = (START, START);
    let mut out = Vec::with_capacity(tf.len());
    for i in 0..tf.len() {
        tagger::features(tf, i, p, p2, &mut feats);
        m.score(&feats, &mut scores);
        let best = argmax_f32(&scores);
        out.push(Upos(best as u8));
        p2 = p;
        p = best as u64;
    }
    out
}

fn argmax_f32(s: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate() {
        if v > s[best] {
            best = i;
        }
    }
    best
}

fn train_tagger_epochs(data: &[&Example], log2: u32, epochs: usize, seed: u64, dev: Option<&[Example]>) -> Vec<f32> {
    let mut m = Dense::new(UPOS.len(), log2);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng(seed);
    let mut feats = Vec::new();
    let mut scores = [0f32; UPOS.len()];
    let mut best: (f64, Vec<f32>) = (-1.0, Vec::new());
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let ex = data[k];
            let (mut p, mut p2) = (START, START);
            for i in 0..ex.tf.len() {
                tagger::features(&ex.tf, i, p, p2, &mut feats);
                m.score(&feats, &mut scores);
                let guess = argmax_f32(&scores);
                let gold = ex.gold_tags[i].0 as usize;
                m.update(&feats, gold, guess, 1.0);
                m.tick();
                p2 = p;
                p = guess as u64;
            }
        }
        if let Some(dev) = dev {
            let avg = Dense::frozen(UPOS.len(), log2, m.averaged());
            let acc = tag_accuracy_dense(&avg, dev);
            log(&format!("tagger epoch {}: dev UPOS {:.4}", epoch + 1, acc));
            if acc > best.0 {
                best = (acc, avg.w);
            }
        }
    }
    if dev.is_some() {
        best.1
    } else {
        m.averaged()
    }
}

fn tag_accuracy_dense(m: &Dense, dev: &[Example]) -> f64 {
    let (mut ok, mut all) = (0usize, 0usize);
    for ex in dev {
        let tags = tag_dense(m, &ex.tf);
        ok += tags.iter().zip(&ex.gold_tags).filter(|(a, b)| a == b).count();
        all += tags.len();
    }
    ok as f64 / all.max(1) as f64
}

/// Tags every training sentence with a tagger that never saw it (five folds).
pub fn jackknife(train: &mut [Example], log2: u32, epochs: usize) {
    const FOLDS: usize = 5;
    for fold in 0..FOLDS {
        let rest: Vec<&Example> = train.iter().enumerate().filter(|(i, _)| i % FOLDS != fold).map(|(_, e)| e).collect();
        let w = train_tagger_epochs(&rest, log2, epochs, 17 + fold as u64, None);
        let m = Dense::frozen(UPOS.len(), log2, w);
        for (i, ex) in train.iter_mut().enumerate() {
            if i % FOLDS == fold {
                ex.tags = tag_dense(&m, &ex.tf);
            }
        }
        log(&format!("jackknife fold {}/{FOLDS} tagged", fold + 1));
    }
}

// ---------------------------------------------------------------- parser

fn projective(heads: &[Option<usize>]) -> bool {
    let n = heads.len();
    let arc = |d: usize| {
        let h = heads[d].unwrap_or(n);
        (d.min(h), d.max(h))
    };
    for a in 0..n {
        let (l1, r1) = arc(a);
        for b in 0..n {
            let (l2, r2) = arc(b);
            if l1 < l2 && l2 < r1 && r1 < r2 {
                return false;
            }
        }
    }
    true
}

fn parse_dense(m: &Dense, ex: &Example) -> Vec<Option<usize>> {
    let n = ex.tf.len();
    let mut st = State::new(n, &ex.tf, 0);
    let mut feats = Vec::new();
    let mut scores = [0f32; 3];
    while !st.done() {
        let v = st.valid();
        st.features(&ex.tf, &ex.tags, 0, &mut feats);
        m.score(&feats, &mut scores);
        let t = best_valid(&scores, &v);
        st.apply(t);
    }
    st.head.iter().map(|&h| (h < n).then_some(h)).collect()
}

fn best_valid(scores: &[f32], valid: &[bool]) -> usize {
    let mut best = usize::MAX;
    for i in 0..scores.len() {
        if valid[i] && (best == usize::MAX || scores[i] > scores[best]) {
            best = i;
        }
    }
    best
}

fn uas_dense(m: &Dense, dev: &[Example]) -> f64 {
    let (mut ok, mut all) = (0, 0);
    for ex in dev {
        let h = parse_dense(m, ex);
        ok += h.iter().zip(&ex.heads).filter(|(a, b)| a == b).count();
        all += h.len();
    }
    ok as f64 / all.max(1) as f64
}

fn train_parser(train: &[Example], dev: &[Example], log2: u32, epochs: usize) -> Vec<f32> {
    let mut m = Dense::new(TRANSITIONS.len(), log2);
    let usable: Vec<usize> =
        (0..train.len()).filter(|&i| train[i].tf.len() <= super::MAX_TOKENS && projective(&train[i].heads)).collect();
    log(&format!("parser: {} of {} training sentences are projective", usable.len(), train.len()));
    let mut order = usable.clone();
    let mut rng = Rng(4242);
    let mut feats = Vec::new();
    let mut scores = [0f32; 3];
    let mut best: (f64, Vec<f32>) = (-1.0, Vec::new());
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let ex = &train[k];
            let n = ex.tf.len();
            let gold: Vec<usize> = ex.heads.iter().map(|h| h.unwrap_or(n)).collect();
            let mut st = State::new(n, &ex.tf, 0);
            while !st.done() {
                let v = st.valid();
                let costs = st.costs(&gold);
                st.features(&ex.tf, &ex.tags, 0, &mut feats);
                m.score(&feats, &mut scores);
                let guess = best_valid(&scores, &v);
                let min = costs.iter().copied().min().unwrap_or(0);
                // The best-scoring transition among the cheapest.
                let mut good = usize::MAX;
                for t in 0..3 {
                    if v[t] && costs[t] == min && (good == usize::MAX || scores[t] > scores[good]) {
                        good = t;
                    }
                }
                if costs[guess] > min {
                    m.update(&feats, good, guess, 1.0);
                }
                m.tick();
                // Explore: after the first epoch follow the model's own choice
                // (the dynamic oracle knows the best move from anywhere).
                let explore = epoch > 0 && !rng.next().is_multiple_of(10);
                st.apply(if explore { guess } else { good });
            }
        }
        let avg = Dense::frozen(TRANSITIONS.len(), log2, m.averaged());
        let uas = uas_dense(&avg, dev);
        log(&format!("parser epoch {}: dev UAS {:.4} (predicted tags)", epoch + 1, uas));
        if uas > best.0 {
            best = (uas, avg.w);
        }
    }
    best.1
}

// ---------------------------------------------------------------- labeller

/// The relations seen in training, most frequent first ("root" excluded:
/// the root's relation is known).
fn relations(train: &[Example]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for ex in train {
        for r in &ex.rels {
            if r != "root" {
                *counts.entry(r.as_str()).or_default() += 1;
            }
        }
    }
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().map(|(r, _)| r.to_string()).collect()
}

fn train_labeler(train: &[Example], dev: &[Example], names: &[String], log2: u32, epochs: usize) -> Vec<f32> {
    let c = names.len();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let mut m = Dense::new(c, log2);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng(777);
    let mut feats = Vec::new();
    let mut scores = vec![0f32; c];
    let mut best: (f64, Vec<f32>) = (-1.0, Vec::new());
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let ex = &train[k];
            let tree = Tree::new(&ex.tf, &ex.tags, &ex.heads);
            for d in 0..ex.heads.len() {
                if ex.heads[d].is_none() {
                    continue;
                }
                let Some(&gold) = index.get(ex.rels[d].as_str()) else { continue };
                tree.features(d, &mut feats);
                m.score(&feats, &mut scores);
                let guess = argmax_f32(&scores);
                m.update(&feats, gold, guess, 1.0);
                m.tick();
            }
        }
        let avg = Dense::frozen(c, log2, m.averaged());
        let (mut ok, mut all) = (0, 0);
        for ex in dev {
            let tree = Tree::new(&ex.tf, &ex.tags, &ex.heads);
            for d in 0..ex.heads.len() {
                if ex.heads[d].is_none() {
                    continue;
                }
                tree.features(d, &mut feats);
                avg.score(&feats, &mut scores);
                ok += usize::from(names[argmax_f32(&scores)] == ex.rels[d]);
                all += 1;
            }
        }
        let acc = ok as f64 / all.max(1) as f64;
        log(&format!("labeller epoch {}: dev accuracy on gold arcs {:.4}", epoch + 1, acc));
        if acc > best.0 {
            best = (acc, avg.w);
        }
    }
    best.1
}

// ---------------------------------------------------------------- lemmas

/// Verb forms whose lemma the suffix rules get wrong, with the treebank's
/// most frequent lemma (ties: the alphabetically first).
pub fn lemma_exceptions(sents: &[Sentence]) -> String {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for s in sents {
        for i in 0..s.forms.len() {
            if s.upos[i] == "VERB" || s.upos[i] == "AUX" {
                let form = super::features::normalize(&s.forms[i]);
                *counts.entry((form, s.lemmas[i].to_lowercase())).or_default() += 1;
            }
        }
    }
    let mut best: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for ((form, lemma), n) in counts {
        let e = best.entry(form).or_insert((0, String::new()));
        if n > e.0 {
            *e = (n, lemma);
        }
    }
    let mut out =
        String::from("# Verb forms the suffix rules get wrong, and their lemma (from UD English EWT, CC BY-SA 4.0).\n");
    for (form, (_, lemma)) in best {
        if super::lemma::rule(&form) != lemma
            && !form.contains(char::is_whitespace)
            && !lemma.contains(char::is_whitespace)
        {
            out.push_str(&format!("{form}\t{lemma}\n"));
        }
    }
    out
}

// ---------------------------------------------------------------- all

/// The trained, quantised models and their files.
pub struct Trained {
    /// Tagger weights.
    pub tagger: Weights,
    /// Parser weights.
    pub parser: Weights,
    /// Labeller weights.
    pub labeler: Weights,
    /// The lemma exception table.
    pub lemmas: String,
}

/// Trains the three models on `train`, choosing epochs on `dev`.
pub fn train(train_sents: &[Sentence], dev_sents: &[Sentence], sizes: Sizes) -> Result<Trained, String> {
    let mut train = examples(train_sents)?;
    let mut dev = examples(dev_sents)?;
    log(&format!("{} training sentences, {} dev", train.len(), dev.len()));
    let tag_epochs = 8;
    let refs: Vec<&Example> = train.iter().collect();
    let tw = train_tagger_epochs(&refs, sizes.tagger, tag_epochs, 1, Some(&dev));
    let tagger_w = Weights::quantize(Kind::Tagger, UPOS.len(), sizes.tagger, &UPOS.map(String::from), &tw);
    // Dev gets the final tagger's tags; train the jackknife's.
    let td = Dense::frozen(UPOS.len(), sizes.tagger, tw);
    for ex in &mut dev {
        ex.tags = tag_dense(&td, &ex.tf);
    }
    jackknife(&mut train, sizes.tagger, tag_epochs);
    let pw = train_parser(&train, &dev, sizes.parser, 15);
    let parser_w = Weights::quantize(Kind::Parser, 3, sizes.parser, &TRANSITIONS.map(String::from), &pw);
    let names = relations(&train);
    let lw = train_labeler(&train, &dev, &names, sizes.labeler, 10);
    let labeler_w = Weights::quantize(Kind::Labeler, names.len(), sizes.labeler, &names, &lw);
    Ok(Trained { tagger: tagger_w, parser: parser_w, labeler: labeler_w, lemmas: lemma_exceptions(train_sents) })
}

/// Scores of the shipped (quantised) models on gold tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// UPOS accuracy.
    pub upos: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score, universal relations (the CoNLL 2018 way).
    pub las: f64,
    /// Labelled attachment score with relation subtypes.
    pub las_full: f64,
}

/// Scores models read back from their bytes, through the product's own
/// code path ([`super::Models::parse_tokens`]).
pub fn score(models: &'static super::Models, sents: &[Sentence]) -> Scores {
    let (mut n, mut tag, mut uas, mut las, mut full) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let univ = |r: &str| r.split(':').next().unwrap_or("").to_string();
    for s in sents {
        let p = models.parse_tokens(vec![0..0; s.forms.len()], s.forms.clone());
        for i in 0..s.forms.len() {
            n += 1;
            tag += usize::from(p.upos[i].name() == s.upos[i]);
            if p.heads[i] == s.heads[i] {
                uas += 1;
                las += usize::from(univ(p.rels[i]) == univ(&s.rels[i]));
                full += usize::from(p.rels[i] == s.rels[i]);
            }
        }
    }
    let f = |x: usize| x as f64 / n.max(1) as f64;
    Scores { words: n, upos: f(tag), uas: f(uas), las: f(las), las_full: f(full) }
}

/// The hand-written news sentences of `tests/fixtures/syntax/news.json`
/// (`json`) that `models` parse wrongly: each check of a head the engine
/// relies on that does not hold, and each known miss that now holds (it
/// should move to the checks). One home for the test suite and the
/// trainer's report, so a retrain that breaks "said Kim" is seen at once.
pub fn news_failures(models: &'static super::Models, json: &str) -> Result<Vec<String>, String> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("news fixtures: {e}"))?;
    let cases = v["cases"].as_array().ok_or("news fixtures: no cases")?;
    let bad = || "news fixtures: a check is not [dep, rel, head]".to_string();
    let triple = |c: &serde_json::Value| -> Result<[String; 3], String> {
        let a = c.as_array().filter(|a| a.len() == 3).ok_or_else(bad)?;
        let word = |i: usize| a[i].as_str().map(str::to_string).ok_or_else(bad);
        Ok([word(0)?, word(1)?, word(2)?])
    };
    let mut failures = Vec::new();
    for case in cases {
        let field = |k: &str| case[k].as_str().ok_or_else(|| format!("news fixtures: a case without \"{k}\""));
        let (id, text) = (field("id")?, field("text")?);
        let p = models.parse_sentence(text, 0..text.len());
        for c in case["checks"].as_array().map_or(&[][..], |a| a) {
            let check = triple(c)?;
            if !holds(&p, &check) {
                failures.push(format!("{id}: {check:?} not found in {}", describe(&p)));
            }
        }
        for c in case["known_miss"].as_array().map_or(&[][..], |a| a) {
            let check = triple(c)?;
            if holds(&p, &check) {
                failures.push(format!("{id}: known miss {check:?} now holds: move it to checks"));
            }
        }
    }
    Ok(failures)
}

/// Token `form` of the parse ("said#2": its second "said").
fn find(p: &super::Parse, form: &str) -> Option<usize> {
    let (form, k) = match form.split_once('#') {
        Some((f, k)) => (f, k.parse::<usize>().unwrap_or(1)),
        None => (form, 1),
    };
    (0..p.len()).filter(|&i| p.forms[i] == form).nth(k - 1)
}

/// Does `dep` hang from `head` by `rel` (its universal part)?
fn holds(p: &super::Parse, [dep, rel, head]: &[String; 3]) -> bool {
    let (Some(d), Some(h)) = (find(p, dep), find(p, head)) else { return false };
    p.heads[d] == Some(h) && p.rels[d].split(':').next() == Some(rel.as_str())
}

/// A parse as "form/UPOS<-head:rel", token by token.
fn describe(p: &super::Parse) -> String {
    (0..p.len())
        .map(|i| {
            format!("{}/{}<-{}:{}", p.forms[i], p.upos[i].name(), p.heads[i].map_or("ROOT", |h| &p.forms[h]), p.rels[i])
        })
        .collect::<Vec<_>>()
        .join(" ")
}
