//! Native benchmarks of the whole pipeline and of each stage, on generated
//! articles of 1k, 10k, 100k and 1M words (see `pipeline/article.rs`).
//!
//!     cargo bench --bench pipeline                      # the tables
//!     cargo bench --bench pipeline -- --out DIR         # also writes the articles (HTML, text) to DIR
//!     cargo bench --bench pipeline -- --sizes 1000,10000
//!     cargo bench --bench pipeline -- --corpus 1000,10000 --out DIR   # only writes DIR/corpus-N.jsonl
//!
//! `./build.sh bench` runs it with `--out target/bench`, where the browser
//! benchmark (`tests/bench/browser.mjs`) picks the same articles up, and
//! with `--corpus`, whose JSON lines (N articles of 300 to 1,500 words, a
//! corpus's first articles the same at every N) `sourcecheck batch` is
//! timed on.
//!
//! Prints, per size: the median time of each stage (page reading, article
//! extraction, sentences, links, attributions, claims, report assembly, JSON
//! serialization) and of the whole (HTML → JSON report), words per second,
//! the per-word time at 1M words against 10k (linearity), and the peak heap
//! during one whole run against the size of the page's text. std::time only;
//! the heap is counted by a wrapping global allocator.

#[path = "pipeline/article.rs"]
mod article;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: forwards every call to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const STAGE_NAMES: [&str; STAGES] = [
    "page reading (HTML → page model)",
    "article extraction",
    "sentences",
    "syntax (tokens, tags, parse) (+ offset tables)",
    "links",
    "attributions",
    "speakers (source resolution)",
    "claims",
    "report assembly",
    "report serialization (JSON)",
    "whole pipeline (HTML → JSON)",
];
/// Stages timed: the pipeline's laps, serialization, and the whole.
const STAGES: usize = 11;
const URL: &str = "https://www.harbourgazette.example/city/2024/flood-barrier";

/// One run, HTML to JSON, with the time of every stage.
fn run(html: &str) -> ([Duration; STAGES], usize) {
    let mut laps = [Duration::ZERO; STAGES];
    let start = Instant::now();
    let page = sourcecheck::page::read_html(html, Some(URL));
    let mut last = Instant::now();
    laps[0] = last - start;
    let mut i = 1;
    let report = sourcecheck::analyze_page_laps(&page, &mut |_stage| {
        let now = Instant::now();
        laps[i] = now - last;
        last = now;
        i += 1;
    });
    let json = serde_json::to_string(&report).expect("a report serializes");
    let end = Instant::now();
    laps[STAGES - 2] = end - last;
    laps[STAGES - 1] = end - start;
    assert_eq!(i, STAGES - 2, "analyze_page_laps reports eight stages");
    std::hint::black_box(&json);
    (laps, report.stats.words)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

struct Measured {
    words: usize,
    html_bytes: usize,
    text_bytes: usize,
    runs: usize,
    stages: [Duration; STAGES],
    peak_read: usize,
    peak_analysis: usize,
    peak_json: usize,
    json_bytes: usize,
    report: (usize, usize, usize, usize),
}

fn measure(words: usize, out: Option<&PathBuf>) -> Measured {
    let article = article::generate(words, 0x5eed_0000 + words as u64);
    let html = article.html();
    let text = article.text();
    if let Some(dir) = out {
        std::fs::write(dir.join(format!("article-{words}.html")), &html).expect("write the article");
        std::fs::write(dir.join(format!("article-{words}.txt")), &text).expect("write the article");
    }
    if article.repeats > 0 {
        eprintln!("note: {} of {} generated sentences repeat an earlier one", article.repeats, article.sentences);
    }

    // A first run initialises the word lists (kept for the process's life).
    run(&html);

    // Heap: the high-water marks of one whole run above what was live before
    // it, while reading the page and while analysing it (page model kept).
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let page = sourcecheck::page::read_html(&html, Some(URL));
    let peak_read = PEAK.load(Ordering::Relaxed) - base;
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let report = sourcecheck::analyze_page(&page);
    let peak_analysis = PEAK.load(Ordering::Relaxed) - base;
    let json = serde_json::to_string(&report).expect("a report serializes");
    let peak_json = PEAK.load(Ordering::Relaxed) - base;
    let json_bytes = json.len();
    let counted = report.stats.words;
    drop((json, report, page));

    // Time: warm-up, then as many runs as fit in about a second (3 to 200).
    let warm = Instant::now();
    run(&html);
    let once = warm.elapsed().max(Duration::from_micros(1));
    let runs = (Duration::from_secs(1).as_nanos() / once.as_nanos()).clamp(3, 200) as usize;
    let mut per_stage: Vec<Vec<Duration>> = (0..STAGES).map(|_| Vec::with_capacity(runs)).collect();
    for _ in 0..runs {
        let (laps, _) = run(&html);
        for (k, d) in laps.into_iter().enumerate() {
            per_stage[k].push(d);
        }
    }
    let mut stages = [Duration::ZERO; STAGES];
    for (k, v) in per_stage.into_iter().enumerate() {
        stages[k] = median(v);
    }

    let report = sourcecheck::analyze_html(&html, Some(URL));
    let text_bytes = report.blocks.iter().map(|b| b.text.len()).sum();
    Measured {
        words: counted,
        html_bytes: html.len(),
        text_bytes,
        runs,
        stages,
        peak_read,
        peak_analysis,
        peak_json,
        json_bytes,
        report: (report.stats.sentences, report.attributions.len(), report.claims.len(), report.links.len()),
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms < 10.0 {
        format!("{ms:.3}")
    } else if ms < 1000.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

fn rate(words: usize, d: Duration) -> String {
    let r = words as f64 / d.as_secs_f64().max(1e-12);
    if r >= 1e6 {
        format!("{:.1}M", r / 1e6)
    } else {
        format!("{:.0}k", r / 1e3)
    }
}

fn mib(bytes: usize) -> String {
    if bytes < 1024 * 1024 {
        format!("{:.0} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Writes `dir/corpus-N.jsonl`: `n` generated articles as `sourcecheck batch`
/// reads them, streamed (a corpus of any size takes no memory here).
fn write_corpus(dir: &std::path::Path, n: usize) {
    use std::io::Write;
    let path = dir.join(format!("corpus-{n}.jsonl"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("create the corpus"));
    let mut words = 0;
    for i in 0..n {
        // 300 to 1,500 words, spread evenly over the articles (a news story's range).
        let size = 300 + (i * 7919) % 1201;
        let article = article::generate(size, 0xc0_7905 + i as u64);
        words += article.words;
        let line = serde_json::json!({
            "id": format!("article-{i}"),
            "url": format!("https://www.harbourgazette.example/city/{i}"),
            "html": article.html(),
        });
        writeln!(out, "{line}").expect("write the corpus");
    }
    out.flush().expect("write the corpus");
    println!("{}: {n} articles, {words} words (generator's count)", path.display());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let out = option("--out").map(PathBuf::from);
    if let Some(dir) = &out {
        std::fs::create_dir_all(dir).expect("create the output directory");
    }
    if let Some(counts) = option("--corpus") {
        let dir = out.as_ref().expect("--corpus needs --out DIR");
        for n in counts.split(',') {
            write_corpus(dir, n.trim().parse().expect("--corpus: article counts, comma-separated"));
        }
        return;
    }
    let sizes: Vec<usize> = option("--sizes")
        .map(|s| s.split(',').map(|n| n.trim().parse().expect("--sizes: words, comma-separated")).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000, 1_000_000]);

    let results: Vec<Measured> = sizes.iter().map(|&n| measure(n, out.as_ref())).collect();

    println!("Native pipeline (median per run; generated articles; read_html → analyze → serde_json)");
    println!();
    print!("{:<36}", "");
    for r in &results {
        print!("{:>24}", format!("{} words", r.words));
    }
    println!();
    print!("{:<36}", "  runs / HTML size");
    for r in &results {
        print!("{:>24}", format!("{} / {}", r.runs, mib(r.html_bytes)));
    }
    println!();
    print!("{:<36}", "  sentences / attr. / claims / links");
    for r in &results {
        let (s, a, c, l) = r.report;
        print!("{:>24}", format!("{s}/{a}/{c}/{l}"));
    }
    println!();
    println!("  time in ms (words/s)");
    for (k, name) in STAGE_NAMES.iter().enumerate() {
        print!("{:<36}", format!("  {name}"));
        for r in &results {
            print!("{:>24}", format!("{} ({})", ms(r.stages[k]), rate(r.words, r.stages[k])));
        }
        println!();
    }

    let find = |n: usize| sizes.iter().position(|&s| s == n).map(|i| &results[i]);
    if let (Some(small), Some(big)) = (find(10_000), find(1_000_000)) {
        println!();
        println!("Linearity: time per word at {} words / at {} words (target <= 1.3)", big.words, small.words);
        for (k, name) in STAGE_NAMES.iter().enumerate() {
            let per = |r: &Measured| r.stages[k].as_secs_f64() / r.words as f64;
            let ratio = per(big) / per(small).max(1e-15);
            let mark = if k == 9 {
                if ratio <= 1.3 {
                    "  met"
                } else {
                    "  NOT met"
                }
            } else {
                ""
            };
            println!("  {:<34}{ratio:>6.2}{mark}", name);
        }
    }

    println!();
    println!("Peak heap above what was live before the run, in multiples of the article's text (target < 20x)");
    println!("  (reading: HTML → page model; analysis: + article, report; + JSON: + the report as a JSON string, as the CLI prints it)");
    for r in &results {
        let x = |bytes: usize| bytes as f64 / r.text_bytes.max(1) as f64;
        let analysis = r.peak_read.max(r.peak_analysis);
        println!(
            "  {:>9} words, text {:>9}: reading {:>4.1}x, analysis {:>4.1}x ({}){}, + JSON {:>4.1}x ({}; the JSON alone {:.1}x)",
            r.words,
            mib(r.text_bytes),
            x(r.peak_read),
            x(analysis),
            mib(analysis),
            if x(analysis) < 20.0 { "" } else { " (over 20x)" },
            x(r.peak_json),
            mib(r.peak_json),
            x(r.json_bytes),
        );
    }
    if let Some(dir) = &out {
        println!();
        println!("Articles written to {}", dir.display());
    }
}
