//! The `sourcecheck` command line: analyse an HTML or text file and print the
//! report as JSON (for tools and the evaluation) or as a readable listing.
// The CLI is native only: the wasm build has no files or stdout.
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::io::{Read, Write};
use std::process::ExitCode;

use sourcecheck::report::{ClaimStatus, Report};
use sourcecheck::{page, PageModel};

mod cli {
    pub mod batch;
}

const USAGE: &str = "\
sourcecheck: who said what in a news article, and which claims have no source

Usage:
  sourcecheck analyze PATH [--text] [--url URL]   print the report (JSON, or readable with --text)
  sourcecheck page PATH [--url URL]               print the page model the analysis starts from
  sourcecheck parse PATH [--url URL]              print the syntax of every sentence as CoNLL-U
  sourcecheck article PATH [--text] [--model]     print the blocks kept as the article (JSON, or
                                                  their text with --text); --model: PATH is a page
                                                  model (JSON, as `page` prints it), not a page
  sourcecheck batch PATH... [-o FILE] [OPTIONS]   analyse many documents on all cores, one JSON
                                                  line each (see batch --help)
  sourcecheck --help | --version

  --engine rules|model|both   (analyze) which attribution engine decides: the rules alone,
                              the learned model alone, or both (the default, as shipped)

PATH is an .html/.htm file, a plain-text file (paragraphs separated by blank
lines), or - for standard input (HTML is recognised by its first tag).";

struct Args {
    command: String,
    path: String,
    text: bool,
    model: bool,
    url: Option<String>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut it = std::env::args().skip(1);
    let mut command = None;
    let mut path = None;
    let mut text = false;
    let mut model = false;
    let mut url = None;
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("sourcecheck {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--text" => text = true,
            "--json" => text = false,
            "--model" => model = true,
            "--url" => url = Some(it.next().ok_or("--url needs an address")?),
            "--engine" => {
                let e = it.next().ok_or("--engine needs rules, model or both")?;
                let engine = match e.as_str() {
                    "rules" => sourcecheck::attribution::learn::Engine::Rules,
                    "model" => sourcecheck::attribution::learn::Engine::Model,
                    "both" => sourcecheck::attribution::learn::Engine::Both,
                    _ => return Err(format!("--engine: '{e}' is not rules, model or both")),
                };
                sourcecheck::attribution::learn::set_engine(engine);
            }
            _ if command.is_none() => command = Some(a),
            _ if path.is_none() => path = Some(a),
            _ => return Err(format!("unexpected argument '{a}' (see --help)")),
        }
    }
    let command = command.ok_or("missing command (see --help)")?;
    if !["analyze", "page", "parse", "article"].contains(&command.as_str()) {
        return Err(format!("unknown command '{command}' (see --help)"));
    }
    let path = path.ok_or_else(|| format!("{command}: missing PATH (see --help)"))?;
    Ok(Some(Args { command, path, text, model, url }))
}

/// Reads a page model written as JSON (what `page` prints, or the content script builds).
fn load_model(path: &str) -> Result<PageModel, String> {
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| format!("cannot read standard input: {e}"))?;
        s
    } else {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
    };
    serde_json::from_str(&text).map_err(|e| format!("{path}: not a page model: {e}"))
}

/// Reads the input and builds its page model, refusing what is not text.
fn load(path: &str, url: Option<&str>) -> Result<(PageModel, bool), String> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    // The same decoding as `batch`, so both give the same report.
    let (text, repaired) = sourcecheck::batch::decode(bytes, path).map_err(|e| e.message)?;
    if repaired {
        eprintln!("sourcecheck: {path}: not valid UTF-8; invalid bytes replaced");
    }
    let text = text.as_str();
    if text.trim().is_empty() {
        return Err(format!("{path}: the page is empty"));
    }
    let lower = path.to_ascii_lowercase();
    let is_html = lower.ends_with(".html")
        || lower.ends_with(".htm")
        || lower.ends_with(".xhtml")
        || (path == "-" && text.trim_start().starts_with('<'));
    Ok((if is_html { page::read_html(text, url) } else { page::read_text(text) }, is_html))
}

fn run() -> Result<(), String> {
    let Some(args) = parse_args()? else { return Ok(()) };
    let (model, is_html) =
        if args.model { (load_model(&args.path)?, false) } else { load(&args.path, args.url.as_deref())? };
    let out = if args.command == "page" {
        serde_json::to_string_pretty(&model).map_err(|e| e.to_string())?
    } else if args.command == "parse" {
        conllu(&model, !is_html)
    } else if args.command == "article" {
        let kept = page::article_blocks(&model);
        if args.text {
            kept.iter().map(|&i| model.blocks[i].text.as_str()).collect::<Vec<_>>().join("\n\n")
        } else {
            let blocks: Vec<serde_json::Value> = kept
                .iter()
                .map(|&i| {
                    let b = &model.blocks[i];
                    serde_json::json!({ "input": i, "kind": b.kind, "tag": b.tag, "text": b.text })
                })
                .collect();
            let article = serde_json::json!({ "title": model.title, "blocks": blocks });
            serde_json::to_string_pretty(&article).map_err(|e| e.to_string())?
        }
    } else {
        let report = sourcecheck::analyze_page(&model);
        if args.text {
            render_text(&report)
        } else {
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        }
    };
    // Print the whole document at once: never a partial JSON on error.
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{out}").map_err(|e| format!("cannot write output: {e}"))
}

/// CoNLL-U for the page: every sentence of every block of a text file
/// (nothing dropped as boilerplate, so a treebank's raw text can be scored),
/// the article's blocks of an HTML page.
fn conllu(model: &PageModel, all_blocks: bool) -> String {
    use sourcecheck::syntax;
    let blocks: Vec<usize> = if all_blocks { (0..model.blocks.len()).collect() } else { page::article_blocks(model) };
    let mut out = String::new();
    for (bi, &b) in blocks.iter().enumerate() {
        let text = &model.blocks[b].text;
        for (si, r) in sourcecheck::text::split_sentences(text).into_iter().enumerate() {
            let p = syntax::parse_sentence(text, r.clone());
            if !p.is_empty() {
                syntax::conllu::write(&mut out, &format!("p{}s{}", bi + 1, si + 1), text, &text[r], &p);
            }
        }
    }
    out.trim_end().to_string() + "\n"
}

/// The readable who-said-what listing.
fn render_text(r: &Report) -> String {
    let mut s = String::new();
    let mut line = |l: String| {
        s.push_str(&l);
        s.push('\n');
    };
    line(r.title.clone().unwrap_or_else(|| "(untitled)".into()));
    line(format!("{} blocks, {} sentences, {} words", r.stats.blocks, r.stats.sentences, r.stats.words));
    for n in &r.notes {
        line(format!("note: {n}"));
    }
    line(String::new());
    line(format!("WHO SAID WHAT ({} attributions, {} sources)", r.attributions.len(), r.entities.len()));
    let parent_name = |id: &str| r.attributions.iter().find(|a| a.id == id).map(|a| a.source.name.clone());
    for e in &r.entities {
        let said: Vec<_> = r.attributions.iter().filter(|a| a.source.entity.as_deref() == Some(&e.id)).collect();
        if said.is_empty() {
            continue;
        }
        let role = e.role.as_deref().map(|x| format!(", {x}")).unwrap_or_default();
        line(format!("• {} ({}{role})", e.name, type_name(e.kind)));
        for a in said {
            let via = a.parent.as_deref().and_then(parent_name).map(|p| format!(" [via {p}]")).unwrap_or_default();
            line(
                format!("    {}{} {:?}: {}{via}", a.cue.text, marks(a), a.kind, a.content.text)
                    .replace("Direct", "direct")
                    .replace("Indirect", "indirect")
                    .replace("Mixed", "mixed"),
            );
        }
    }
    for a in r.attributions.iter().filter(|a| a.source.entity.is_none()) {
        line(format!("• {} (unresolved) {}{}: {}", a.source.text, a.cue.text, marks(a), a.content.text));
    }
    line(String::new());
    let weak: Vec<_> =
        r.claims.iter().filter(|c| c.status != ClaimStatus::Attributed && c.status != ClaimStatus::Linked).collect();
    line(format!("CLAIMS LACKING A NAMED SOURCE ({} of {} claims)", weak.len(), r.claims.len()));
    for c in weak {
        line(format!("  [{}] {} ({})", status_name(c.status), c.text, c.reason));
    }
    line(String::new());
    let parts: Vec<String> = r.summary.by_status.iter().map(|(k, v)| format!("{v} {}", status_name(*k))).collect();
    line(format!("SUMMARY: {} claims ({}); {} links", r.summary.claims, parts.join(", "), r.links.len()));
    s.trim_end().to_string()
}

/// What a reader should know besides the words: not a statement, negated, uncertain.
fn marks(a: &sourcecheck::report::Attribution) -> String {
    let mut m = Vec::new();
    if a.category != sourcecheck::report::Category::Statement {
        m.push(serde_json::to_value(a.category).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default());
    }
    if a.negated {
        m.push("negated".to_string());
    }
    if a.confidence < 0.5 {
        m.push(format!("uncertain: {:.0}%", a.confidence * 100.0));
    }
    if m.is_empty() {
        String::new()
    } else {
        format!(" ({})", m.join(", "))
    }
}

fn type_name(t: sourcecheck::report::SourceType) -> String {
    serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn status_name(t: ClaimStatus) -> String {
    serde_json::to_value(t).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("batch") { cli::batch::run(&args[1..]) } else { run() };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sourcecheck: {e}");
            ExitCode::FAILURE
        }
    }
}
