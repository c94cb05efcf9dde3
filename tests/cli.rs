//! The `sourcecheck` binary on input it cannot use: one line on stderr, a
//! non-zero exit, and nothing on stdout (never a partial JSON document); on
//! odd input it can use, a whole report. And its JSON equals the library's.

// Native only: proptest, the HTML reader and the CLI are not in the wasm build.
#![cfg(not(target_arch = "wasm32"))]

mod binary;
mod support;

use std::path::PathBuf;
use std::process::Output;

fn cli(args: &[&str], stdin: Option<&[u8]>) -> Output {
    binary::run(args, stdin)
}

/// Writes `bytes` to a file of this test binary's scratch directory.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn assert_refused(what: &str, out: &Output, wanted: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{what}: exit status {:?}", out.status);
    assert!(out.stdout.is_empty(), "{what}: printed {:?}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stderr.lines().count(), 1, "{what}: stderr is not one line: {stderr:?}");
    assert!(stderr.starts_with("sourcecheck: ") && stderr.contains(wanted), "{what}: {stderr:?}");
}

#[test]
fn unusable_input_is_one_line_on_stderr_and_nothing_on_stdout() {
    let missing = std::env::temp_dir().join("sourcecheck-no-such-file.html");
    let missing = missing.to_str().unwrap();
    let binary = file("image.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    let empty = file("empty.html", b"");
    let blank = file("blank.txt", b" \n\n\t\n");
    let bom_only = file("bom.txt", "\u{feff}\n".as_bytes());
    let dir = std::env::temp_dir();
    for command in ["analyze", "page"] {
        for (what, path, wanted) in [
            ("a missing file", missing, "cannot read"),
            ("a binary file", binary.to_str().unwrap(), "binary"),
            ("an empty file", empty.to_str().unwrap(), "empty"),
            ("a blank file", blank.to_str().unwrap(), "empty"),
            ("a byte order mark only", bom_only.to_str().unwrap(), "empty"),
            ("a directory", dir.to_str().unwrap(), "cannot read"),
        ] {
            assert_refused(&format!("{command} {what}"), &cli(&[command, path], None), wanted);
            assert_refused(&format!("{command} {what} --text"), &cli(&[command, path, "--text"], None), wanted);
        }
        assert_refused(&format!("{command} on empty stdin"), &cli(&[command, "-"], Some(b"")), "empty");
        assert_refused(&format!("{command} on binary stdin"), &cli(&[command, "-"], Some(b"a\0b")), "binary");
    }
    assert_refused("no command", &cli(&[], None), "missing command");
    assert_refused("an unknown command", &cli(&["analyse", "x"], None), "unknown command");
    assert_refused("no path", &cli(&["analyze"], None), "missing PATH");
    assert_refused("--url without an address", &cli(&["analyze", "x.html", "--url"], None), "--url");
}

#[test]
fn invalid_utf8_is_replaced_with_a_warning_and_gives_a_whole_report() {
    let html = b"<html><body><article><p>\xe2\x80\x9cWe will rebuild,\xe2\x80\x9d Mayor Ana Ruiz said \xff\xfe\xc3( on Tuesday \xed\xa0\x80 (a lone surrogate in CESU-8).</p></article></body></html>";
    for out in [cli(&["analyze", file("bad.html", html).to_str().unwrap()], None), cli(&["analyze", "-"], Some(html))] {
        assert!(out.status.success(), "{:?}", out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
        assert!(stderr.contains("not valid UTF-8"), "{stderr:?}");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
        assert_eq!(report["schema"], "sourcecheck.report/1");
        let text = report["blocks"][0]["text"].as_str().unwrap();
        assert!(text.contains('\u{fffd}') && text.contains("Ana Ruiz said"), "{text:?}");
        assert_eq!(report["attributions"][0]["source"]["name"], "Ana Ruiz");
    }
}

#[test]
fn the_cli_prints_the_library_report_and_the_same_twice() {
    let path = "samples/article.html";
    let first = cli(&["analyze", path, "--url", "https://news.example.com/a"], None);
    let second = cli(&["analyze", path, "--url", "https://news.example.com/a"], None);
    assert!(first.status.success() && first.stderr.is_empty(), "{first:?}");
    assert!(first.stdout == second.stdout, "two runs of the CLI differ");
    let html = std::fs::read_to_string(path).unwrap();
    let report = sourcecheck::analyze_html(&html, Some("https://news.example.com/a"));
    support::assert_valid(&report);
    let expected = serde_json::to_string_pretty(&report).unwrap() + "\n";
    assert!(String::from_utf8_lossy(&first.stdout) == expected, "the CLI's report differs from the library's");
}

/// `parse` on a text file: every sentence of every paragraph (a boilerplate-
/// looking one too), as CoNLL-U the CoNLL 2018 scorer reads: `# text`,
/// ten columns, one root, clitics as multi-word tokens.
#[test]
fn parse_prints_conllu_for_every_sentence() {
    let path = file("parse.txt", "Share this article\n\nThe minister said he didn't know. Prices rose.\n".as_bytes());
    let out = cli(&["parse", path.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let sentences: Vec<&str> = text.split("\n\n").filter(|s| !s.trim().is_empty()).collect();
    assert_eq!(sentences.len(), 3, "{text}");
    assert!(sentences[0].contains("# text = Share this article"));
    for s in &sentences {
        let words: Vec<Vec<&str>> = s
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|c| !c[0].contains('-'))
            .collect();
        assert!(words.iter().all(|c| c.len() == 10));
        assert_eq!(words.iter().filter(|c| c[6] == "0").count(), 1, "one root in {s}");
    }
    assert!(text.contains("\tdid\t") && text.contains("\tn't\t") && text.contains("didn't\t_"), "{text}");
    let missing = cli(&["parse", "/nonexistent/file.txt"], None);
    assert_refused("a missing file", &missing, "cannot read");
}
