"""The Python package: its functions, its types, and the same reports as
the CLI, byte for byte."""

import doctest
import itertools
import json
import threading
from importlib import resources

import pytest

import sourcecheck
from conftest import text_document


def compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_analyze_html_and_text_return_reports():
    report = sourcecheck.analyze_html("<p>\u201cWe will rebuild,\u201d Mayor Ana Ruiz said.</p>", url="https://news.example/a")
    assert report["schema"] == "sourcecheck.report/1"
    assert report["attributions"][0]["source"]["name"] == "Ana Ruiz"
    report = sourcecheck.analyze_text(text_document(1))
    assert report["stats"]["blocks"] == 2
    assert any(a["source"]["name"] == "Ana Ruiz" for a in report["attributions"])
    # Odd input still gives a report (the analysis never fails on a page).
    assert sourcecheck.analyze_html("")["notes"] == ["no article text found"]


def test_reports_are_the_clis_byte_for_byte(cli, pages, tmp_path):
    for path, html in pages:
        cli_json = cli("analyze", str(path)).stdout.decode("utf-8")
        report = sourcecheck.analyze_html(html)
        # analyze prints serde_json's pretty form: Python writes the same bytes from the dict.
        assert json.dumps(report, ensure_ascii=False, indent=2) + "\n" == cli_json, path.name
        assert compact(report) == sourcecheck.analyze_html_json(html), path.name
    text = text_document(3)
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    cli_json = cli("analyze", str(tmp_path / "doc.txt")).stdout.decode("utf-8")
    assert json.dumps(sourcecheck.analyze_text(text), ensure_ascii=False, indent=2) + "\n" == cli_json


def test_analyze_many_gives_batch_lines_byte_for_byte(cli, pages):
    documents = [{"id": f"page-{i}", "html": html} for i, (_, html) in enumerate(pages)]
    documents += [{"id": "text", "text": text_document(2)}, {"id": "blank", "text": "  \n"}]
    stdin = "".join(json.dumps(d) + "\n" for d in documents).encode("utf-8")
    batch_lines = cli("batch", "-", input=stdin).stdout.decode("utf-8").splitlines()
    results = list(sourcecheck.analyze_many(documents, workers=2))
    assert len(results) == len(batch_lines) == len(documents)
    for line, result in zip(batch_lines, results):
        if "report" in result:
            assert compact(result) == line, result["id"]
        else:
            assert json.loads(line)["error"]["kind"] == result["error"]["kind"] == "empty"


def test_analyze_many_keeps_order_and_reports_bad_documents():
    documents = [
        text_document(0),
        "<p>The minister said the road would open.</p>",
        {"id": "x", "html": "<p>Police said two people were hurt.</p>", "url": "https://news.example/b"},
        {"text": text_document(4)},
        {"id": "blank", "text": " \n\t"},
        {"id": "wrong", "html": 5},
        {"id": "nothing", "url": "https://news.example/c"},
        42,
        "",
    ]
    results = list(sourcecheck.analyze_many(documents, workers=2, chunk_size=3))
    assert [r["id"] for r in results] == [0, 1, "x", 3, "blank", "wrong", "nothing", 7, 8]
    kinds = [r["error"]["kind"] if "error" in r else "report" for r in results]
    assert kinds == ["report", "report", "report", "report", "empty", "bad_document", "bad_document", "bad_document", "empty"]
    assert results[1]["report"] == sourcecheck.analyze_html(documents[1])
    assert results[0]["report"] == sourcecheck.analyze_text(documents[0])
    assert "must be a string" in results[5]["error"]["message"]
    assert "fetches nothing" in results[6]["error"]["message"]
    assert "'blank'" in results[4]["error"]["message"]
    one = list(sourcecheck.analyze_many(documents, workers=1))
    assert one == results


def test_analyze_many_is_lazy():
    endless = (text_document(i) for i in itertools.count())
    first = list(itertools.islice(sourcecheck.analyze_many(endless, workers=2, chunk_size=4), 6))
    assert [r["id"] for r in first] == [0, 1, 2, 3, 4, 5]
    with pytest.raises(ValueError):
        next(sourcecheck.analyze_many([], workers=0))


def test_threads_share_the_analysis():
    # The analysis releases the interpreter: threads give the same reports as one.
    want = [sourcecheck.analyze_text_json(text_document(i)) for i in range(8)]
    got = [None] * 8

    def work(i):
        got[i] = sourcecheck.analyze_text_json(text_document(i))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == want


def test_types_and_docs_ship_with_the_package():
    files = resources.files("sourcecheck")
    assert files.joinpath("py.typed").is_file()
    assert files.joinpath("_native.pyi").is_file()
    for name in sourcecheck.__all__:
        obj = getattr(sourcecheck, name)
        if callable(obj) and not isinstance(obj, type) and hasattr(obj, "__code__"):
            assert obj.__doc__ and obj.__annotations__, name
    assert sourcecheck.__version__ == "0.1.0"


def test_docstring_examples():
    failures, tried = doctest.testmod(sourcecheck)
    assert tried >= 2 and failures == 0
