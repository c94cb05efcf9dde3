//! `sourcecheck batch`: one line per document in input order, an error
//! object for a document that cannot be analysed (never the end of the run),
//! resuming with `--skip-existing`, and the same report bytes as the library
//! (and so as `analyze`).

#![cfg(not(target_arch = "wasm32"))]

mod binary;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn batch(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let args: Vec<&str> = std::iter::once("batch").chain(args.iter().copied()).collect();
    binary::run(&args, stdin)
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("batch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn lines(out: &Output) -> Vec<Value> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'));
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}"))).collect()
}

/// The `kind` of an error line, or "report".
fn kind(line: &Value) -> &str {
    if line.get("report").is_some() {
        "report"
    } else {
        line["error"]["kind"].as_str().unwrap()
    }
}

/// The repository's own pages (fixtures and the sample): no article text is committed for these tests.
fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/pages")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages.push("samples/article.html".into());
    pages
}

/// A short text document, different for each `i`.
fn text(i: usize) -> String {
    format!(
        "The council voted {i} to 2 on Tuesday, officials said.\n\n\"We will review it,\" Mayor Ana Ruiz told reporters. Critics say the plan costs too much.{}",
        " More detail follows here.".repeat(i % 7)
    )
}

#[test]
fn a_directory_gives_a_line_per_document_in_name_order_and_errors_for_bad_ones() {
    let dir = scratch("dir");
    std::fs::create_dir_all(dir.join("b-sub/deeper")).unwrap();
    std::fs::copy("samples/article.html", dir.join("a-sample.html")).unwrap();
    std::fs::write(dir.join("b-sub/deeper/story.htm"), "<p>The minister said the road would open.</p>").unwrap();
    std::fs::write(dir.join("b-sub/notes.txt"), text(1)).unwrap();
    std::fs::write(dir.join("c-binary.html"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::os::unix::fs::symlink("/nonexistent/sourcecheck-gone.html", dir.join("d-broken.html")).unwrap();
    std::fs::write(dir.join("e-empty.txt"), " \n\n\t").unwrap();
    std::fs::write(dir.join("f-image.png"), b"not a document").unwrap();
    std::fs::write(dir.join("g-bom-only.html"), "\u{feff}\n").unwrap();

    let out = batch(&[dir.to_str().unwrap(), "-j", "2"], None);
    let got = lines(&out);
    let ids: Vec<String> = got.iter().map(|l| l["id"].as_str().unwrap().replace(dir.to_str().unwrap(), "")).collect();
    assert_eq!(
        ids,
        [
            "/a-sample.html",
            "/b-sub/deeper/story.htm",
            "/b-sub/notes.txt",
            "/c-binary.html",
            "/d-broken.html",
            "/e-empty.txt",
            "/g-bom-only.html"
        ]
    );
    let kinds: Vec<&str> = got.iter().map(kind).collect();
    assert_eq!(kinds, ["report", "report", "report", "binary", "unreadable", "empty", "empty"]);
    for line in &got[3..] {
        let message = line["error"]["message"].as_str().unwrap();
        // Each message names the file it is about.
        assert!(message.starts_with(line["id"].as_str().unwrap()), "{message}");
    }
    assert!(got[4]["error"]["message"].as_str().unwrap().contains("cannot read"));

    // Not a terminal: no progress bar, only the summary line.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(stderr.starts_with("sourcecheck batch: 7 documents, 4 errors, "), "{stderr:?}");
    assert!(stderr.contains(" words in ") && stderr.contains("words/s"), "{stderr:?}");
}

#[test]
fn json_lines_give_an_error_object_per_bad_line_and_go_on() {
    let good = serde_json::json!({"id": "g1", "html": "<p>The mayor said the bridge would reopen.</p>", "url": "https://news.example/a"});
    let input = [
        good.to_string(),
        String::new(), // blank: not a document
        "{\"id\": \"broken\", \"text\": ".into(),
        r#"{"id": 42, "text": "Police said two people were hurt."}"#.into(),
        r#"{"id": "only-url", "url": "https://news.example/b"}"#.into(),
        r#"{"id": "wrong-type", "html": ["<p>"]}"#.into(),
        r#"["not", "an", "object"]"#.into(),
        r#"{"id": "blank", "text": "  \n "}"#.into(),
        r#"{"text": "No id here, said the editor."}"#.into(),
        format!(r#"{{"id": "huge", "text": "{}"}}"#, "word ".repeat(400)),
        r#"{"id": "after", "text": "The last line still counts, she said."}"#.into(),
    ]
    .join("\n");
    let dir = scratch("jsonl");
    let file = dir.join("corpus.jsonl");
    std::fs::write(&file, &input).unwrap();
    for out in [
        batch(&[file.to_str().unwrap(), "--max-bytes", "1000"], None),
        batch(&["-", "--max-bytes", "1000"], Some(input.as_bytes())),
    ] {
        let got = lines(&out);
        let summary: Vec<(Value, &str)> = got.iter().map(|l| (l["id"].clone(), kind(l))).collect();
        let want: Vec<(Value, &str)> = vec![
            ("g1".into(), "report"),
            (3.into(), "bad_json"),
            (42.into(), "report"),
            ("only-url".into(), "bad_document"),
            ("wrong-type".into(), "bad_document"),
            (7.into(), "bad_document"),
            ("blank".into(), "empty"),
            (9.into(), "report"), // no id: the line number
            (10.into(), "too_large"),
            ("after".into(), "report"),
        ];
        assert_eq!(summary, want);
        let message = |i: usize| got[i]["error"]["message"].as_str().unwrap().to_string();
        assert!(message(1).contains(":3: not a JSON line"), "{}", message(1));
        assert!(message(3).contains("fetches nothing"), "{}", message(3));
        assert!(message(4).contains("\"html\" must be a string, not an array"), "{}", message(4));
        assert!(message(6).contains(":8: the document is empty"), "{}", message(6));
        assert!(message(8).contains("over the limit of 1000"), "{}", message(8));
        // The url is the page's address: the report's links are resolved against it.
        let report = &got[0]["report"];
        assert_eq!(report["schema"], "sourcecheck.report/1");
    }
}

#[test]
fn batch_lines_carry_the_librarys_report_bytes_and_analyze_agrees() {
    let dir = scratch("bytes");
    let mut jsonl = String::new();
    for (i, page) in pages().iter().enumerate() {
        let html = std::fs::read_to_string(page).unwrap();
        jsonl += &serde_json::json!({"id": i, "html": html}).to_string();
        jsonl.push('\n');
    }
    jsonl += &serde_json::json!({"id": "text", "text": text(3)}).to_string();
    let out = batch(&["-"], Some(jsonl.as_bytes()));
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let got: Vec<&str> = stdout.lines().collect();
    assert_eq!(got.len(), pages().len() + 1);
    for (i, page) in pages().iter().enumerate() {
        let html = std::fs::read_to_string(page).unwrap();
        // Byte for byte: the line is the library's serialisation, spliced in.
        let want = format!("{{\"id\":{i},\"report\":{}}}", sourcecheck::analyze_html_json(&html, None));
        assert!(got[i] == want, "{}: the batch line differs from analyze_html_json", page.display());

        // `analyze` on the same file: the same report (pretty-printed there).
        std::fs::write(dir.join("page.html"), &html).unwrap();
        let analyze = Command::new(env!("CARGO_BIN_EXE_sourcecheck"))
            .args(["analyze", dir.join("page.html").to_str().unwrap()])
            .output()
            .unwrap();
        let cli: Value = serde_json::from_slice(&analyze.stdout).unwrap();
        let line: Value = serde_json::from_str(got[i]).unwrap();
        assert_eq!(cli, line["report"], "{}: analyze and batch differ", page.display());
    }
    let want = format!("{{\"id\":\"text\",\"report\":{}}}", sourcecheck::analyze_text_json(&text(3)));
    assert!(got.last() == Some(&want.as_str()), "the text document's line differs");
}

/// Documents of very different sizes, so later ones finish first.
fn mixed_corpus(dir: &Path, n: usize) -> PathBuf {
    let pages = pages();
    let mut jsonl = String::new();
    for i in 0..n {
        let line = if i % 3 == 0 {
            let html = std::fs::read_to_string(&pages[i % pages.len()]).unwrap();
            serde_json::json!({"id": format!("doc-{i}"), "html": html.repeat(1 + (n - i) % 4)})
        } else {
            serde_json::json!({"id": format!("doc-{i}"), "text": text(i)})
        };
        jsonl += &line.to_string();
        jsonl.push('\n');
    }
    let file = dir.join("mixed.jsonl");
    std::fs::write(&file, jsonl).unwrap();
    file
}

#[test]
fn output_is_in_input_order_unless_unordered() {
    let dir = scratch("order");
    let corpus = mixed_corpus(&dir, 60);
    let ordered = batch(&[corpus.to_str().unwrap(), "-j", "2"], None);
    let ids: Vec<String> = lines(&ordered).iter().map(|l| l["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, (0..60).map(|i| format!("doc-{i}")).collect::<Vec<_>>());
    let one_thread = batch(&[corpus.to_str().unwrap(), "-j", "1"], None);
    assert!(ordered.stdout == one_thread.stdout, "the output depends on the thread count");

    let unordered = batch(&[corpus.to_str().unwrap(), "-j", "2", "--unordered"], None);
    let mut a: Vec<&[u8]> = ordered.stdout.split(|&b| b == b'\n').collect();
    let mut b: Vec<&[u8]> = unordered.stdout.split(|&b| b == b'\n').collect();
    a.sort();
    b.sort();
    assert!(a == b, "--unordered gives other lines");
}

#[test]
fn skip_existing_resumes_a_killed_run() {
    let dir = scratch("resume");
    let corpus = mixed_corpus(&dir, 12);
    let full = dir.join("full.jsonl");
    let out = batch(&[corpus.to_str().unwrap(), "-o", full.to_str().unwrap()], None);
    assert!(out.status.success() && out.stdout.is_empty());
    let whole = std::fs::read(&full).unwrap();

    // A run killed after five lines, in the middle of the sixth.
    let cut: usize = whole.split_inclusive(|&b| b == b'\n').take(5).map(<[u8]>::len).sum::<usize>() + 40;
    let partial = dir.join("partial.jsonl");
    std::fs::write(&partial, &whole[..cut]).unwrap();
    let resumed = batch(&[corpus.to_str().unwrap(), "-o", partial.to_str().unwrap(), "--skip-existing"], None);
    assert!(resumed.status.success());
    let stderr = String::from_utf8(resumed.stderr).unwrap();
    assert!(stderr.contains("dropping an incomplete last line"), "{stderr}");
    assert!(stderr.contains("7 documents, 0 errors, 5 skipped"), "{stderr}");
    assert!(std::fs::read(&partial).unwrap() == whole, "the resumed output differs from one whole run");

    // Nothing left to do: nothing appended.
    let again = batch(&[corpus.to_str().unwrap(), "-o", partial.to_str().unwrap(), "--skip-existing"], None);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 documents, 0 errors, 12 skipped"));
    assert!(std::fs::read(&partial).unwrap() == whole);

    // A file that is not batch output is not resumed from (nor touched).
    let other = dir.join("other.jsonl");
    std::fs::write(&other, "hello\n").unwrap();
    let refused = batch(&[corpus.to_str().unwrap(), "-o", other.to_str().unwrap(), "--skip-existing"], None);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refusing to resume"));
    assert_eq!(std::fs::read(&other).unwrap(), b"hello\n");
}

#[test]
fn skip_existing_on_a_directory_does_not_read_the_files_done() {
    let dir = scratch("resume-dir");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..4 {
        std::fs::write(corpus.join(format!("{i}.txt")), text(i)).unwrap();
    }
    let out = dir.join("out.jsonl");
    let first = batch(&[corpus.to_str().unwrap(), "-o", out.to_str().unwrap()], None);
    assert!(first.status.success());
    // A file already done is gone now: read again, it would be an error line.
    std::fs::remove_file(corpus.join("1.txt")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/gone.txt", corpus.join("1.txt")).unwrap();
    std::fs::write(corpus.join("4.txt"), text(4)).unwrap();
    let again = batch(&[corpus.to_str().unwrap(), "-o", out.to_str().unwrap(), "--skip-existing"], None);
    assert!(String::from_utf8_lossy(&again.stderr).contains("1 documents, 0 errors, 4 skipped"), "{again:?}");
    let ids: Vec<String> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().rsplit('/').next().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids, ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]);
}

#[test]
fn bad_arguments_are_one_line_and_nothing_runs() {
    for (args, wanted) in [
        (vec![], "missing PATH"),
        (vec!["/nonexistent/corpus/"], "/nonexistent/corpus/"),
        (vec!["tests", "--skip-existing"], "--skip-existing needs --output"),
        (vec!["tests", "-j"], "--threads needs a number"),
        (vec!["tests", "--bogus"], "unknown option"),
    ] {
        let out = batch(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && out.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("sourcecheck: ") && stderr.contains(wanted), "{args:?}: {stderr}");
    }
}
