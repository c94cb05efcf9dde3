//! Many documents at once, on all cores: what `sourcecheck batch` and the
//! Python package's `analyze_many` share (native only).
//!
//! A document is analysed by [`analyze_json`], which returns the report as
//! the JSON string the core serialises (the same bytes for the CLI, a batch
//! line and Python) or a [`DocError`] saying why there is none: one bad or
//! pathological document is an error for that document, never the end of a
//! run. [`for_each`] runs such work over an iterator of any length on a
//! rayon pool with a bounded number of documents in flight, and hands the
//! results back in input order (or as they finish).

use std::collections::BTreeMap;
use std::io;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::mpsc;

use serde::Serialize;

use crate::page;

/// Why a document has no report. Serialised as a snake_case string in error
/// objects (`{"kind": "bad_json", ...}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read (missing, a broken link, no permission).
    Unreadable,
    /// The bytes are not text (a NUL byte near the start).
    Binary,
    /// Nothing but white space.
    Empty,
    /// A JSON line that is not JSON.
    BadJson,
    /// A JSON line without a usable `html` or `text` field, or with fields of the wrong type.
    BadDocument,
    /// Longer than the run's limit on one document.
    TooLarge,
    /// The analysis itself failed (a bug: the message says where).
    Panic,
}

impl ErrorKind {
    /// The name error objects give it (`"bad_json"`), for front ends that
    /// build them without serde (the Python package).
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Unreadable => "unreadable",
            ErrorKind::Binary => "binary",
            ErrorKind::Empty => "empty",
            ErrorKind::BadJson => "bad_json",
            ErrorKind::BadDocument => "bad_document",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Panic => "panic",
        }
    }
}

/// A document that could not be analysed, with a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocError {
    /// What went wrong, for programs.
    pub kind: ErrorKind,
    /// What went wrong, for people: names the file or line where it helps.
    pub message: String,
}

impl DocError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        DocError { kind, message: message.into() }
    }

    /// The same error, its message prefixed with where the document came from
    /// ("corpus.jsonl:17: the document is empty").
    pub fn at(mut self, place: &str) -> Self {
        self.message = format!("{place}: {}", self.message);
        self
    }
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DocError {}

/// What a document holds, and so which reader builds its page model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// An HTML page and, if known, its address (to tell same-site links from outside ones).
    Html {
        /// The page's markup.
        html: String,
        /// The page's address.
        url: Option<String>,
    },
    /// Plain text, paragraphs separated by blank lines.
    Text(String),
}

/// A document's report as JSON, and its word count (for rates and summaries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysed {
    /// The report, serialised by serde_json (compact): the bytes every front end prints.
    pub json: String,
    /// `report.stats.words`.
    pub words: usize,
}

/// Analyses one document: its report as JSON, or why there is none. A blank
/// document is an error (there is nothing to analyse; the CLI refuses it
/// too), and a panic inside the analysis is caught and becomes an error, so
/// a pathological document cannot end a run.
pub fn analyze_json(content: &Content) -> Result<Analysed, DocError> {
    let text = match content {
        Content::Html { html, .. } => html,
        Content::Text(text) => text,
    };
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(DocError::new(ErrorKind::Empty, "the document is empty"));
    }
    guarded(|| {
        let report = match content {
            Content::Html { html, url } => crate::analyze_page(&page::read_html(html, url.as_deref())),
            Content::Text(text) => crate::analyze_text(text),
        };
        Analysed { json: crate::report_json(&report), words: report.stats.words }
    })
}

/// Runs `f`, turning a panic into a [`ErrorKind::Panic`] error with the panic's message.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, DocError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        DocError::new(ErrorKind::Panic, format!("the analysis failed (a bug in sourcecheck, please report it): {what}"))
    })
}

/// Turns a file's bytes into the text the readers take, the one rule for
/// the CLI's `analyze` and `batch`: a NUL byte in the first 8 KiB means a
/// binary file; invalid UTF-8 is replaced (U+FFFD; the flag says so); a
/// byte order mark is dropped. `name` goes into the message.
pub fn decode(bytes: Vec<u8>, name: &str) -> Result<(String, bool), DocError> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(DocError::new(ErrorKind::Binary, format!("{name}: looks like a binary file, not HTML or text")));
    }
    let (text, repaired) = match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Ok((text, repaired))
}

/// How [`for_each`] runs.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Hand results back in input order (else as they finish).
    pub ordered: bool,
    /// At most this many documents between being read and being handed
    /// back (0: eight per thread, at least 16). This is what keeps memory
    /// flat however long the input: a slow document holds back at most
    /// this many finished ones.
    pub window: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { threads: 0, ordered: true, window: 0 }
    }
}

/// Runs `work` on every item of `items` on a pool of `opts.threads` threads
/// and calls `sink` with each result on the calling thread, in input order
/// unless `opts.ordered` is false. Items are read on a thread of their own,
/// only as fast as results are handed back (`opts.window`), so neither the
/// input nor the output is ever held whole.
///
/// `work` should handle its own failures (as [`analyze_json`] does); a panic
/// that escapes it is resumed on the calling thread. The first error `sink`
/// returns stops the run and is returned.
pub fn for_each<T, R, I, W, S>(items: I, opts: Options, work: W, mut sink: S) -> io::Result<()>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R) -> io::Result<()>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .thread_name(|i| format!("sourcecheck-{i}"))
        .build()
        .map_err(io::Error::other)?;
    let window = if opts.window > 0 { opts.window } else { (pool.current_num_threads() * 8).max(16) };
    // A permit per document in flight: the reader takes one before handing a
    // document to the pool, the calling thread gives it back once the
    // document's result has gone to `sink`.
    let (permit_tx, permit_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        permit_tx.send(()).expect("the receiver is alive");
    }
    let (done_tx, done_rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    let work = &work;
    let pool = &pool;
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("sourcecheck-reader".into())
            .spawn_scoped(scope, move || {
                pool.in_place_scope(|jobs| {
                    for (seq, item) in items.enumerate() {
                        // No permit: the calling thread has stopped (sink failed).
                        if permit_rx.recv().is_err() {
                            break;
                        }
                        let done_tx = done_tx.clone();
                        jobs.spawn(move |_| {
                            let result = catch_unwind(AssertUnwindSafe(|| work(item)));
                            let _ = done_tx.send((seq, result));
                        });
                    }
                });
            })
            .map_err(io::Error::other)?;
        drain(done_rx, permit_tx, opts.ordered, &mut sink)
    })
}

/// The calling thread's side of [`for_each`]: reorders, hands results to
/// `sink` and gives back permits. Owns the channels' ends, so returning
/// early (an error from `sink`) stops the reader.
fn drain<R>(
    done_rx: mpsc::Receiver<(usize, std::thread::Result<R>)>,
    permit_tx: mpsc::SyncSender<()>,
    ordered: bool,
    sink: &mut impl FnMut(R) -> io::Result<()>,
) -> io::Result<()> {
    let mut next = 0;
    let mut pending = BTreeMap::new();
    for (seq, result) in done_rx {
        let result = result.unwrap_or_else(|payload| resume_unwind(payload));
        if !ordered {
            sink(result)?;
            let _ = permit_tx.send(());
            continue;
        }
        pending.insert(seq, result);
        while let Some(result) = pending.remove(&next) {
            sink(result)?;
            let _ = permit_tx.send(());
            next += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        let e = guarded(|| -> usize { panic!("index out of bounds in {}", "claims") }).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Panic);
        assert!(e.message.contains("index out of bounds in claims"), "{}", e.message);
        let e = guarded(|| -> usize { panic!("static") }).unwrap_err();
        assert!(e.message.ends_with("static"), "{}", e.message);
    }

    #[test]
    fn results_come_back_in_input_order_with_few_in_flight() {
        let in_flight = std::sync::atomic::AtomicUsize::new(0);
        let peak = std::sync::atomic::AtomicUsize::new(0);
        let mut seen = Vec::new();
        let opts = Options { threads: 3, ordered: true, window: 5 };
        let items = (0..200u64).inspect(|_| {
            let now = in_flight.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            peak.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
        });
        for_each(
            items,
            opts,
            |i| {
                // Early items slowest, so later ones finish first and must wait.
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                i
            },
            |i| {
                in_flight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                seen.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..200).collect::<Vec<_>>());
        // The reader may hold one item while it waits for a permit.
        assert!(peak.load(std::sync::atomic::Ordering::SeqCst) <= 6, "{peak:?} in flight");
    }

    #[test]
    fn unordered_gives_every_result_once() {
        let mut seen = Vec::new();
        let opts = Options { threads: 2, ordered: false, window: 0 };
        let sink = |i| {
            seen.push(i);
            Ok(())
        };
        for_each(0..100, opts, |i| i * 2, sink).unwrap();
        seen.sort();
        assert_eq!(seen, (0..100).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn an_error_from_the_sink_stops_the_run() {
        let mut calls = 0;
        let opts = Options { threads: 2, ordered: true, window: 4 };
        let r = for_each(
            0..1_000_000,
            opts,
            |i| i,
            |i| {
                calls += 1;
                if i == 10 {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r.unwrap_err().to_string(), "disk full");
        assert_eq!(calls, 11);
    }

    #[test]
    #[should_panic(expected = "escaped")]
    fn a_panic_escaping_work_reaches_the_caller() {
        let _ = for_each(0..10, Options::default(), |i| if i == 3 { panic!("escaped") } else { i }, |_| Ok(()));
    }

    #[test]
    fn blank_documents_are_errors_and_text_is_analysed() {
        for blank in ["", "  \n\n\t", "\u{feff}\n"] {
            let e = analyze_json(&Content::Text(blank.into())).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Empty);
            let e = analyze_json(&Content::Html { html: blank.into(), url: None }).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Empty);
        }
        let text = "The mayor said the bridge would reopen in May.";
        let done = analyze_json(&Content::Text(text.into())).unwrap();
        assert_eq!(done.json, crate::analyze_text_json(text));
        assert!(done.words >= 9, "{}", done.words);
    }

    #[test]
    fn kind_names_are_the_serialised_ones() {
        use ErrorKind::*;
        for kind in [Unreadable, Binary, Empty, BadJson, BadDocument, TooLarge, Panic] {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.name());
        }
    }

    #[test]
    fn decode_refuses_binary_and_repairs_text() {
        assert_eq!(decode(b"a\0b".to_vec(), "x.html").unwrap_err().kind, ErrorKind::Binary);
        assert_eq!(decode(b"\xef\xbb\xbfhi \xff".to_vec(), "x").unwrap(), ("hi \u{fffd}".into(), true));
    }
}
