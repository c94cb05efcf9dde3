//! `sourcecheck batch`: a corpus in, one JSON line per document out.
//!
//! The documents come from directories (their .html/.htm/.xhtml/.txt files,
//! walked in name order), files given by name, and JSON lines (a .jsonl or
//! .ndjson file, or `-` for standard input) with `id` and `html` or `text`
//! (and `url`, the page's address). Each is analysed by
//! `sourcecheck::batch` on all cores; each output line is
//! `{"id": ..., "report": {...}}` or `{"id": ..., "error": {"kind", "message"}}`.
//! Reading, analysing and writing overlap with a bounded number of documents
//! in flight, so memory does not grow with the corpus.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use serde_json::Value;
use sourcecheck::batch::{self, Analysed, Content, DocError, ErrorKind};

pub const USAGE: &str = "\
sourcecheck batch: analyse many documents, one JSON line each

Usage:
  sourcecheck batch [OPTIONS] PATH...

PATH is a directory (its .html/.htm/.xhtml/.txt files, subdirectories too,
in name order), a .jsonl/.ndjson file of JSON lines, - for JSON lines on
standard input, or any other file (one document). A JSON line is an object
with \"html\" or \"text\" (html first if both), and optionally \"id\" (any JSON
value; else its line number) and \"url\" (the page's address).

Each output line is {\"id\": ID, \"report\": REPORT} (the report `analyze`
prints) or {\"id\": ID, \"error\": {\"kind\": KIND, \"message\": TEXT}}; a
document's id is its path for a file. A bad document never stops the run.

Options:
  -o, --output FILE   write the lines to FILE (default: standard output)
      --skip-existing resume: keep FILE's lines, skip the documents whose id
                      is there, append the rest (needs --output)
      --unordered     write lines as documents finish, not in input order
  -j, --threads N     worker threads (default: one per core)
      --max-bytes N   a larger document is an error (default 67108864: 64 MiB)
      --no-progress   no progress bar (there is none unless stderr is a terminal)

A summary goes to stderr at the end: documents, errors, words, seconds,
words per second, peak memory.";

struct Args {
    inputs: Vec<String>,
    output: Option<PathBuf>,
    skip_existing: bool,
    ordered: bool,
    threads: usize,
    max_bytes: u64,
    progress: bool,
}

fn parse_args(args: &[String]) -> Result<Option<Args>, String> {
    let mut a = Args {
        inputs: Vec::new(),
        output: None,
        skip_existing: false,
        ordered: true,
        threads: 0,
        max_bytes: 64 << 20,
        progress: true,
    };
    let mut it = args.iter();
    let number = |name: &str, v: Option<&String>| -> Result<u64, String> {
        let v = v.ok_or_else(|| format!("batch: {name} needs a number"))?;
        v.parse().map_err(|_| format!("batch: {name}: '{v}' is not a number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            "-o" | "--output" => a.output = Some(it.next().ok_or("batch: --output needs a file")?.into()),
            "--skip-existing" => a.skip_existing = true,
            "--unordered" => a.ordered = false,
            "-j" | "--threads" => a.threads = number("--threads", it.next())? as usize,
            "--max-bytes" => a.max_bytes = number("--max-bytes", it.next())?,
            "--no-progress" => a.progress = false,
            "-" => a.inputs.push(arg.clone()),
            _ if arg.starts_with('-') => return Err(format!("batch: unknown option '{arg}' (see batch --help)")),
            _ => a.inputs.push(arg.clone()),
        }
    }
    if a.inputs.is_empty() {
        return Err(
            "batch: missing PATH: a directory, files, or - for JSON lines on standard input (see batch --help)".into(),
        );
    }
    if a.skip_existing && a.output.is_none() {
        return Err("batch: --skip-existing needs --output FILE (the lines to resume from)".into());
    }
    if a.inputs.iter().filter(|i| *i == "-").count() > 1 {
        return Err("batch: standard input (-) given twice".into());
    }
    for input in a.inputs.iter().filter(|i| *i != "-") {
        std::fs::metadata(input).map_err(|e| format!("{input}: {e}"))?;
    }
    Ok(Some(a))
}

/// One document on its way through the run: its id, its size in the input
/// (for the progress bar), and its content or why it has none.
struct Doc {
    id: Value,
    /// Where it came from, for messages: a path, or "FILE:LINE".
    at: String,
    bytes: u64,
    content: Result<Content, DocError>,
}

/// What the reader thread tells the writer about the documents it skipped.
#[derive(Default)]
struct Skipped {
    docs: AtomicU64,
    bytes: AtomicU64,
}

/// Reads the inputs in order, lazily, dropping the documents already in the
/// output (`--skip-existing`).
struct Reader {
    inputs: std::vec::IntoIter<String>,
    current: Option<Box<dyn Iterator<Item = Doc> + Send>>,
    done: Arc<HashSet<String>>,
    skipped: Arc<Skipped>,
    max_bytes: u64,
}

impl Iterator for Reader {
    type Item = Doc;

    fn next(&mut self) -> Option<Doc> {
        loop {
            if let Some(doc) = self.current.as_mut().and_then(Iterator::next) {
                if !self.done.is_empty() && self.done.contains(&id_key(&doc.id)) {
                    self.skipped.docs.fetch_add(1, Ordering::Relaxed);
                    self.skipped.bytes.fetch_add(doc.bytes, Ordering::Relaxed);
                    continue;
                }
                return Some(doc);
            }
            let input = self.inputs.next()?;
            self.current = Some(open_input(&input, self.max_bytes, self.done.clone()));
        }
    }
}

/// The key `--skip-existing` matches ids by: their compact JSON.
fn id_key(id: &Value) -> String {
    id.to_string()
}

fn is_jsonl(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    path == "-" || lower.ends_with(".jsonl") || lower.ends_with(".ndjson")
}

/// Which reader a file takes, as `analyze` decides: HTML by its extension.
fn kind_of(path: &Path) -> Option<bool> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => Some(true),
        "txt" => Some(false),
        _ => None,
    }
}

fn open_input(input: &str, max_bytes: u64, done: Arc<HashSet<String>>) -> Box<dyn Iterator<Item = Doc> + Send> {
    if is_jsonl(input) {
        let (name, reader): (String, Box<dyn BufRead + Send>) = if input == "-" {
            ("<stdin>".into(), Box::new(BufReader::with_capacity(1 << 16, io::stdin())))
        } else {
            match File::open(input) {
                Ok(f) => (input.into(), Box::new(BufReader::with_capacity(1 << 16, f))),
                Err(e) => {
                    let error = DocError::new(ErrorKind::Unreadable, format!("{input}: cannot read: {e}"));
                    return Box::new(std::iter::once(Doc {
                        id: input.into(),
                        at: input.into(),
                        bytes: 0,
                        content: Err(error),
                    }));
                }
            }
        };
        return Box::new(JsonLines { name, reader, line: 0, max_bytes, buf: Vec::new() });
    }
    let path = PathBuf::from(input);
    if path.is_dir() {
        return Box::new(Walk { stack: vec![vec![path]], max_bytes, top: true, done });
    }
    Box::new(std::iter::once(read_file(&path, kind_of(&path).unwrap_or(false), max_bytes)))
}

/// A directory's documents, depth first in name order, one directory's
/// listing at a time.
struct Walk {
    /// Entries still to visit, per directory level, in reverse order.
    stack: Vec<Vec<PathBuf>>,
    max_bytes: u64,
    top: bool,
    /// The ids `--skip-existing` skips: their files are not even read.
    done: Arc<HashSet<String>>,
}

impl Iterator for Walk {
    type Item = Doc;

    fn next(&mut self) -> Option<Doc> {
        loop {
            let level = self.stack.last_mut()?;
            let Some(path) = level.pop() else {
                self.stack.pop();
                continue;
            };
            let top = std::mem::replace(&mut self.top, false);
            // A link is followed; a broken one is an unreadable document if it looks like one.
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => match std::fs::read_dir(&path) {
                    Ok(entries) => {
                        let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                        names.sort();
                        names.reverse();
                        self.stack.push(names);
                    }
                    Err(e) if !top => {
                        let message = format!("{}: cannot read the directory: {e}", path.display());
                        let at = path.to_string_lossy().into_owned();
                        let content = Err(DocError::new(ErrorKind::Unreadable, message));
                        return Some(Doc { id: at.clone().into(), at, bytes: 0, content });
                    }
                    Err(_) => {}
                },
                found => {
                    if let Some(is_html) = kind_of(&path) {
                        let at = path.to_string_lossy().into_owned();
                        let id = Value::from(at.clone());
                        if self.done.contains(&id_key(&id)) {
                            // Unread: the Reader drops it by its id, and counts its bytes.
                            let bytes = found.map_or(0, |m| m.len());
                            let content = Err(DocError::new(ErrorKind::Unreadable, "skipped"));
                            return Some(Doc { id, at, bytes, content });
                        }
                        return Some(read_file(&path, is_html, self.max_bytes));
                    }
                }
            }
        }
    }
}

/// Counts what a walk would find, for the progress bar's total (bytes).
fn walk_size(path: &Path) -> u64 {
    let Ok(m) = std::fs::metadata(path) else { return 0 };
    if !m.is_dir() {
        return if kind_of(path).is_some() { m.len() } else { 0 };
    }
    let Ok(entries) = std::fs::read_dir(path) else { return 0 };
    entries.filter_map(Result::ok).map(|e| walk_size(&e.path())).sum()
}

fn read_file(path: &Path, is_html: bool, max_bytes: u64) -> Doc {
    let name = path.to_string_lossy().into_owned();
    let fail = |kind, message: String, bytes| Doc {
        id: name.clone().into(),
        at: name.clone(),
        bytes,
        content: Err(DocError::new(kind, message)),
    };
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => return fail(ErrorKind::Unreadable, format!("{name}: cannot read: {e}"), 0),
    };
    if size > max_bytes {
        return fail(
            ErrorKind::TooLarge,
            format!("{name}: {size} bytes, over the limit of {max_bytes} (--max-bytes)"),
            size,
        );
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(ErrorKind::Unreadable, format!("{name}: cannot read: {e}"), size),
    };
    let content = batch::decode(bytes, &name).map(|(text, _)| {
        if is_html {
            Content::Html { html: text, url: None }
        } else {
            Content::Text(text)
        }
    });
    Doc { id: name.clone().into(), at: name, bytes: size, content }
}

/// Documents from JSON lines; a line longer than the limit is an error and
/// is skipped without being held.
struct JsonLines {
    name: String,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    max_bytes: u64,
    buf: Vec<u8>,
}

impl Iterator for JsonLines {
    type Item = Doc;

    fn next(&mut self) -> Option<Doc> {
        loop {
            self.buf.clear();
            self.line += 1;
            let at = format!("{}:{}", self.name, self.line);
            let line_id = Value::from(self.line);
            let fail = |kind, message: String, bytes| Doc {
                id: line_id.clone(),
                at: at.clone(),
                bytes,
                content: Err(DocError::new(kind, message)),
            };
            let read = (&mut self.reader).take(self.max_bytes + 1).read_until(b'\n', &mut self.buf);
            match read {
                Ok(0) => return None,
                Ok(n) if n as u64 > self.max_bytes && self.buf.last() != Some(&b'\n') => {
                    let rest = skip_line(&mut self.reader);
                    let size = n as u64 + rest;
                    return Some(fail(
                        ErrorKind::TooLarge,
                        format!("{at}: a line of {size} bytes, over the limit of {} (--max-bytes)", self.max_bytes),
                        size,
                    ));
                }
                Ok(n) => {
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue; // a blank line is no document
                    }
                    return Some(parse_line(&self.buf, &at, line_id, n as u64));
                }
                Err(e) => {
                    // The stream failed (not one line): report it once and stop.
                    let doc = fail(ErrorKind::Unreadable, format!("{at}: cannot read: {e}"), 0);
                    self.reader = Box::new(io::empty());
                    return Some(doc);
                }
            }
        }
    }
}

/// Reads to the end of the current line without keeping it; the bytes skipped.
fn skip_line(reader: &mut dyn BufRead) -> u64 {
    let mut skipped = 0;
    loop {
        let (used, found) = match reader.fill_buf() {
            Ok([]) | Err(_) => return skipped,
            Ok(buf) => match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            },
        };
        reader.consume(used);
        skipped += used as u64;
        if found {
            return skipped;
        }
    }
}

fn parse_line(bytes: &[u8], at: &str, line_id: Value, size: u64) -> Doc {
    let content = Err(DocError::new(ErrorKind::BadDocument, String::new()));
    let mut doc = Doc { id: line_id, at: at.to_string(), bytes: size, content };
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            let why = if std::str::from_utf8(bytes).is_err() { "not UTF-8".to_string() } else { e.to_string() };
            doc.content = Err(DocError::new(ErrorKind::BadJson, format!("{at}: not a JSON line ({why})")));
            return doc;
        }
    };
    let Value::Object(mut fields) = value else {
        let message = format!("{at}: a JSON line must be an object with \"html\" or \"text\"");
        doc.content = Err(DocError::new(ErrorKind::BadDocument, message));
        return doc;
    };
    if let Some(id) = fields.remove("id").filter(|id| !id.is_null()) {
        doc.id = id;
    }
    let mut string = |name: &str| match fields.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(DocError::new(
            ErrorKind::BadDocument,
            format!("{at}: \"{name}\" must be a string, not {}", json_type(&other)),
        )),
    };
    doc.content = (|| {
        let (html, text, url) = (string("html")?, string("text")?, string("url")?);
        let strip = |s: String| s.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(s);
        match (html, text) {
            (Some(html), _) => Ok(Content::Html { html: strip(html), url }),
            (None, Some(text)) => Ok(Content::Text(strip(text))),
            (None, None) => Err(DocError::new(
                ErrorKind::BadDocument,
                if url.is_some() {
                    format!("{at}: no \"html\" or \"text\" (\"url\" is only the page's address: sourcecheck fetches nothing)")
                } else {
                    format!("{at}: no \"html\" or \"text\" field")
                },
            )),
        }
    })();
    doc
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    id: &'a Value,
    error: &'a DocError,
}

/// One output line, the report spliced in as the core serialised it.
fn line(id: &Value, result: &Result<Analysed, DocError>) -> String {
    match result {
        Ok(done) => format!("{{\"id\":{},\"report\":{}}}\n", id, done.json),
        Err(error) => serde_json::to_string(&ErrorLine { id, error }).expect("plain data serialises") + "\n",
    }
}

/// The ids already in an output file, after cutting off an incomplete last
/// line (a run killed mid-write); `--skip-existing` skips them.
fn existing_ids(path: &Path) -> Result<HashSet<String>, String> {
    let mut done = HashSet::new();
    let mut file = match OpenOptions::new().read(true).write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(done),
        Err(e) => return Err(format!("{}: cannot open to resume: {e}", path.display())),
    };
    let name = path.display();
    let mut reader = BufReader::new(&mut file);
    let mut buf = Vec::new();
    let mut complete = 0u64;
    let mut number = 0;
    #[derive(serde::Deserialize)]
    struct IdOnly {
        id: Value,
    }
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| format!("{name}: cannot read: {e}"))?;
        if n == 0 || buf.last() != Some(&b'\n') {
            break;
        }
        number += 1;
        let parsed: IdOnly = serde_json::from_slice(&buf)
            .map_err(|e| format!("{name}:{number}: not a line sourcecheck batch wrote ({e}); refusing to resume"))?;
        done.insert(id_key(&parsed.id));
        complete += n as u64;
    }
    drop(reader);
    let len = file.metadata().map_err(|e| format!("{name}: {e}"))?.len();
    if len > complete {
        eprintln!("sourcecheck: {name}: dropping an incomplete last line ({} bytes)", len - complete);
        file.set_len(complete).map_err(|e| format!("{name}: cannot truncate: {e}"))?;
        file.seek(SeekFrom::End(0)).map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(done)
}

/// Peak resident memory of this process, in bytes (Linux; None elsewhere).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Panics inside a document's analysis become that document's error
/// object: keep them off stderr. Any other panic is reported as usual.
fn quiet_worker_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let worker =
            std::thread::current().name().is_some_and(|n| n.starts_with("sourcecheck-") && n != "sourcecheck-reader");
        if !worker {
            default(info);
        }
    }));
}

fn rate(words: u64, secs: f64) -> String {
    let r = words as f64 / secs.max(1e-9);
    match r {
        r if r >= 1e6 => format!("{:.2}M", r / 1e6),
        r if r >= 1e3 => format!("{:.0}k", r / 1e3),
        r => format!("{r:.0}"),
    }
}

/// Runs `sourcecheck batch` with its arguments (after `batch`).
pub fn run(args: &[String]) -> Result<(), String> {
    let Some(args) = parse_args(args)? else { return Ok(()) };
    let start = Instant::now();
    let done = match (&args.output, args.skip_existing) {
        (Some(path), true) => existing_ids(path)?,
        _ => HashSet::new(),
    };
    let out: Box<dyn Write> = match &args.output {
        Some(path) => {
            let file = if args.skip_existing {
                OpenOptions::new().create(true).append(true).open(path)
            } else {
                File::create(path)
            };
            Box::new(file.map_err(|e| format!("{}: cannot write: {e}", path.display()))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);

    let show = args.progress && io::stderr().is_terminal();
    let bar = if show {
        let total: Option<u64> = args.inputs.iter().try_fold(0u64, |sum, i| {
            if i == "-" {
                None
            } else if Path::new(i).is_dir() {
                Some(sum + walk_size(Path::new(i)))
            } else {
                Some(sum + std::fs::metadata(i).map(|m| m.len()).unwrap_or(0))
            }
        });
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template(
                    "{spinner} {elapsed_precise} [{wide_bar}] {percent:>3}%  {msg}  ETA {eta}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise}  {msg}").expect("a valid template"),
            ),
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };

    quiet_worker_panics();
    let skipped = Arc::new(Skipped::default());
    let reader = Reader {
        inputs: args.inputs.clone().into_iter(),
        current: None,
        done: Arc::new(done),
        skipped: skipped.clone(),
        max_bytes: args.max_bytes,
    };
    let opts = batch::Options { threads: args.threads, ordered: args.ordered, window: 0 };
    let threads = match args.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let (mut docs, mut errors, mut words, mut bytes) = (0u64, 0u64, 0u64, 0u64);
    let result = batch::for_each(
        reader,
        opts,
        |doc: Doc| {
            let result = doc.content.and_then(|c| batch::analyze_json(&c).map_err(|e| e.at(&doc.at)));
            (doc.id, doc.bytes, result)
        },
        |(id, size, result)| {
            out.write_all(line(&id, &result).as_bytes())?;
            // Whole lines reach the file as they are done: a killed run resumes from them.
            out.flush()?;
            docs += 1;
            bytes += size;
            match &result {
                Ok(done) => words += done.words as u64,
                Err(_) => errors += 1,
            }
            if show {
                bar.set_position(bytes + skipped.bytes.load(Ordering::Relaxed));
                let secs = start.elapsed().as_secs_f64();
                bar.set_message(format!("{docs} docs, {errors} errors, {} words/s", rate(words, secs)));
            }
            Ok(())
        },
    );
    bar.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    let skipped = skipped.docs.load(Ordering::Relaxed);
    let memory = peak_rss().map(|b| format!(", peak memory {} MiB", b >> 20)).unwrap_or_default();
    let skipped = if args.skip_existing { format!(", {skipped} skipped") } else { String::new() };
    eprintln!(
        "sourcecheck batch: {docs} documents, {errors} errors{skipped}, {words} words in {secs:.2} s ({} words/s, {threads} thread{}{memory})",
        rate(words, secs),
        if threads == 1 { "" } else { "s" }
    );
    result.map_err(|e| format!("cannot write output: {e}"))
}
