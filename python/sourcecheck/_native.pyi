"""Type hints of the native module (built from python/src/lib.rs)."""

from typing import List, Optional, Tuple

def analyze_html_json(html: str, url: Optional[str] = None) -> str:
    """The report of an HTML page as a JSON string; ``url`` is the page's address."""

def analyze_text_json(text: str) -> str:
    """The report of plain text (paragraphs separated by blank lines) as a JSON string."""

def analyze_batch(
    documents: List[Tuple[str, str, Optional[str]]], workers: int
) -> List[Tuple[Optional[str], Optional[str], Optional[str]]]:
    """Documents ``(kind, body, url)``, kind ``"html"`` or ``"text"``, on ``workers``
    threads (0: one per core); per document, in order, ``(report_json, None, None)``
    or ``(None, error_kind, message)``."""

def core_version() -> str:
    """The version of the Rust core."""
