"""Who said what in news articles, and which claims have no source.

The analysis is sourcecheck's Rust core, the same code as the command line
and the browser extension: the reports here are the ones ``sourcecheck
analyze`` prints, byte for byte once serialised (``analyze_html_json``, or
``json.dumps(report, ensure_ascii=False, separators=(",", ":"))``).

>>> import sourcecheck
>>> report = sourcecheck.analyze_text("The mayor said the bridge would reopen in May.")
>>> report["attributions"][0]["source"]["text"]
'The mayor'

For a corpus, :func:`analyze_many` runs documents on several threads and
yields one result per document, in order; a bad document gives an error
result, never an exception. The analysis releases the interpreter, so Dask's
or Spark's worker threads run in parallel too (see ``examples/dask_corpus.py``).
"""

from __future__ import annotations

import json
import os
from concurrent.futures import Future, ThreadPoolExecutor
from itertools import islice
from typing import Any, Dict, Iterable, Iterator, Mapping, Optional, Union

from . import _native

__all__ = [
    "analyze_html",
    "analyze_text",
    "analyze_html_json",
    "analyze_text_json",
    "analyze_many",
    "Document",
    "Report",
    "Result",
    "__version__",
]

__version__ = _native.core_version()

#: A report (schema ``sourcecheck.report/1``): ``blocks``, ``entities``,
#: ``attributions``, ``claims``, ``links``, ``summary``, ``stats``, ``notes``.
Report = Dict[str, Any]

#: One input of :func:`analyze_many`: a page or text as a string, or a mapping
#: like a ``sourcecheck batch`` JSON line (``id``; ``html`` or ``text``; ``url``).
Document = Union[str, Mapping[str, Any]]

#: One output of :func:`analyze_many`: ``{"id": ..., "report": {...}}`` or
#: ``{"id": ..., "error": {"kind": ..., "message": ...}}``, as batch lines are.
Result = Dict[str, Any]


def analyze_html_json(html: str, url: Optional[str] = None) -> str:
    """Analyse an HTML page; the report as the JSON string the core writes.

    ``url`` is the page's address, used to tell same-site links from outside
    ones; nothing is fetched.
    """
    return _native.analyze_html_json(html, url)


def analyze_text_json(text: str) -> str:
    """Analyse plain text (paragraphs separated by blank lines); the report as JSON."""
    return _native.analyze_text_json(text)


def analyze_html(html: str, url: Optional[str] = None) -> Report:
    """Analyse an HTML page and return its report as a dict.

    >>> r = analyze_html("<p>“We will rebuild,” Mayor Ana Ruiz said.</p>")
    >>> r["attributions"][0]["source"]["name"]
    'Ana Ruiz'
    """
    return json.loads(_native.analyze_html_json(html, url))


def analyze_text(text: str) -> Report:
    """Analyse plain text (paragraphs separated by blank lines) and return its report as a dict."""
    return json.loads(_native.analyze_text_json(text))


def _looks_like_html(s: str) -> bool:
    # The CLI's rule for standard input: HTML starts with a tag.
    return s.lstrip("\ufeff \t\r\n").startswith("<")


def _prepare(doc: Any, index: int) -> "tuple[Any, Optional[tuple[str, str, Optional[str]]], Optional[str]]":
    """(id, native document or None, error message or None) for one input."""
    if isinstance(doc, str):
        return index, ("html" if _looks_like_html(doc) else "text", doc, None), None
    if not isinstance(doc, Mapping):
        return index, None, f"document {index}: expected a str or a mapping, not {type(doc).__name__}"
    doc_id = doc.get("id")
    if doc_id is None:
        doc_id = index
    html, text, url = doc.get("html"), doc.get("text"), doc.get("url")
    for name, value in (("html", html), ("text", text), ("url", url)):
        if value is not None and not isinstance(value, str):
            return doc_id, None, f'document {doc_id!r}: "{name}" must be a string, not {type(value).__name__}'
    if html is not None:
        return doc_id, ("html", html, url), None
    if text is not None:
        return doc_id, ("text", text, None), None
    why = ' ("url" is only the page\'s address: sourcecheck fetches nothing)' if url is not None else ""
    return doc_id, None, f'document {doc_id!r}: no "html" or "text"{why}'


def analyze_many(
    documents: Iterable[Document],
    workers: Optional[int] = None,
    chunk_size: Optional[int] = None,
) -> Iterator[Result]:
    """Analyse many documents on ``workers`` threads; yield one result each, in input order.

    Each document is a string (HTML if it starts with a tag, else plain
    text) or a mapping with ``html`` or ``text`` (``html`` first if both),
    and optionally ``id`` and ``url`` (the page's address). Each result is
    ``{"id": id, "report": report}``, or ``{"id": id, "error": {"kind": kind,
    "message": message}}`` for a document that cannot be analysed (blank, a
    field of the wrong type, or a failure inside the analysis): the run goes
    on. A string's id, and a mapping's without one, is its position
    (0-based). The kinds are those of ``sourcecheck batch``.

    ``workers`` defaults to the machine's cores; on a cluster, give each
    task ``workers=1`` and let the scheduler spread the tasks. Documents are
    taken ``chunk_size`` at a time (default: 16 per worker), so an endless
    iterable is fine: memory holds two chunks (one analysed while the
    other is handed out), not the corpus.
    """
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    size = chunk_size if chunk_size is not None else 16 * workers
    if size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {size}")
    it = iter(documents)

    def chunks() -> Iterator[list]:
        index = 0
        while True:
            chunk = list(islice(it, size))
            if not chunk:
                return
            yield [_prepare(doc, index + i) for i, doc in enumerate(chunk)]
            index += len(chunk)

    def analyse(prepared: list) -> list:
        native = [p[1] for p in prepared if p[1] is not None]
        return _native.analyze_batch(native, workers) if native else []

    # One chunk ahead: the next chunk is analysed (interpreter released)
    # while this one's reports are parsed into dicts.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sourcecheck") as ahead:
        pending = None
        for prepared in chunks():
            upcoming = (prepared, ahead.submit(analyse, prepared))
            if pending is not None:
                yield from _results(*pending)
            pending = upcoming
        if pending is not None:
            yield from _results(*pending)


def _results(prepared: list, outcomes: "Future[list]") -> Iterator[Result]:
    """The results of one analysed chunk, as dicts."""
    native = iter(outcomes.result())
    for doc_id, doc, message in prepared:
        if doc is None:
            yield {"id": doc_id, "error": {"kind": "bad_document", "message": message}}
            continue
        report, kind, error = next(native)
        if report is not None:
            yield {"id": doc_id, "report": json.loads(report)}
        else:
            yield {"id": doc_id, "error": {"kind": kind, "message": f"document {doc_id!r}: {error}"}}
