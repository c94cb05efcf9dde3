//! `sourcecheck._native`: the Rust core as a Python module.
//!
//! A thin adapter: every function hands back the report as the JSON string
//! the core serialises (`sourcecheck::analyze_html_json`), the same bytes as
//! a `sourcecheck batch` line's report; `sourcecheck/__init__.py` parses it
//! into dicts. The analysis runs with the interpreter released (other Python
//! threads, and Dask's worker threads, go on meanwhile), and a panic inside
//! it is caught per document.
#![forbid(unsafe_code)]

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use sourcecheck::batch::{self, Content, DocError};

fn runtime_error(e: DocError) -> PyErr {
    PyRuntimeError::new_err(e.message)
}

/// The report of an HTML page as a JSON string; `url` is the page's address.
#[pyfunction]
#[pyo3(signature = (html, url=None))]
fn analyze_html_json(py: Python<'_>, html: String, url: Option<String>) -> PyResult<String> {
    py.detach(|| batch::guarded(|| sourcecheck::analyze_html_json(&html, url.as_deref()))).map_err(runtime_error)
}

/// The report of plain text (paragraphs separated by blank lines) as a JSON string.
#[pyfunction]
fn analyze_text_json(py: Python<'_>, text: String) -> PyResult<String> {
    py.detach(|| batch::guarded(|| sourcecheck::analyze_text_json(&text))).map_err(runtime_error)
}

/// One document of `analyze_batch`: `("html", markup, url)` or `("text", text, None)`.
type Document = (String, String, Option<String>);

/// Per document: `(report_json, None, None)` or `(None, error_kind, message)`.
type Outcome = (Option<String>, Option<String>, Option<String>);

/// Analyses documents on `workers` threads (0: one per core), results in
/// input order. Blank documents and panics are errors for their document.
#[pyfunction]
fn analyze_batch(py: Python<'_>, documents: Vec<Document>, workers: usize) -> PyResult<Vec<Outcome>> {
    py.detach(|| {
        let mut out = Vec::with_capacity(documents.len());
        let opts = batch::Options { threads: workers, ordered: true, window: 0 };
        batch::for_each(
            documents.into_iter(),
            opts,
            |(kind, body, url)| {
                let content = if kind == "html" { Content::Html { html: body, url } } else { Content::Text(body) };
                match batch::analyze_json(&content) {
                    Ok(done) => (Some(done.json), None, None),
                    Err(e) => (None, Some(e.kind.name().to_string()), Some(e.message)),
                }
            },
            |outcome| {
                out.push(outcome);
                Ok(())
            },
        )
        .map(|()| out)
    })
    .map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// The version of the Rust core.
#[pyfunction]
fn core_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze_html_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_text_json, m)?)?;
    m.add_function(wrap_pyfunction!(analyze_batch, m)?)?;
    m.add_function(wrap_pyfunction!(core_version, m)?)?;
    Ok(())
}
