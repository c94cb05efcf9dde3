"""Shared fixtures: the repository's own pages (no article text is committed
for these tests) and the CLI the package is compared with."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def cli_path() -> Path:
    path = Path(os.environ.get("SOURCECHECK_CLI", REPO / "target" / "release" / "sourcecheck"))
    if not path.exists():
        pytest.skip(f"{path}: build the CLI first (cargo build --release), or set SOURCECHECK_CLI")
    return path


@pytest.fixture(scope="session")
def cli():
    """Runs the sourcecheck CLI: cli(*args, input=bytes) -> CompletedProcess."""
    path = cli_path()

    def run(*args, input=None):
        return subprocess.run([str(path), *args], input=input, capture_output=True, check=True)

    return run


@pytest.fixture(scope="session")
def pages():
    """(path, text) of every page the repository has for tests, read as bytes decode them."""
    paths = sorted((REPO / "tests" / "fixtures" / "pages").glob("*.html")) + [REPO / "samples" / "article.html"]
    return [(p, p.read_bytes().decode("utf-8")) for p in paths]


def text_document(i: int) -> str:
    """A short plain-text document, different for each i."""
    return (
        f"The council voted {i} to 2 on Tuesday, officials said.\n\n"
        "\u201cWe will review it,\u201d Mayor Ana Ruiz told reporters. Critics say the plan costs too much."
        + " More detail follows here." * (i % 5)
    )
