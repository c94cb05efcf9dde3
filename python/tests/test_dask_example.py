"""examples/dask_corpus.py on a small corpus, on a LocalCluster of worker
processes: the results are analyze_many's (so the CLI's), the summary adds up."""

import glob
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import sourcecheck
from conftest import text_document

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_corpus.py"


def load_example():
    spec = importlib.util.spec_from_file_location("dask_corpus", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, pages):
    """Two JSON lines files: the repository's pages, short texts, and bad lines."""
    root = tmp_path_factory.mktemp("corpus")
    documents = [{"id": f"page-{i}", "html": html, "url": "https://news.example/x"} for i, (_, html) in enumerate(pages)]
    documents += [{"id": f"text-{i}", "text": text_document(i)} for i in range(20)]
    documents.append({"id": "blank", "text": ""})
    half = len(documents) // 2
    with open(root / "a.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(d) + "\n" for d in documents[:half])
        f.write("{not json\n")
    with open(root / "b.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(d) + "\n" for d in documents[half:])
    return root, documents


def read_results(out_dir):
    lines = []
    for path in sorted(glob.glob(os.path.join(out_dir, "results-*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            lines += f.read().splitlines()
    return lines


def test_the_example_on_a_local_cluster(corpus, tmp_path):
    from dask.distributed import Client, LocalCluster

    root, documents = corpus
    example = load_example()
    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as client:
        # Small blocks: several partitions per file, so the work is really spread.
        summary = example.run(str(root / "*.jsonl"), str(tmp_path), client, blocksize="64KiB")
    lines = read_results(tmp_path)
    want = [example.to_line(r) for r in sourcecheck.analyze_many(documents, workers=2)]
    good = [l for l in lines if json.loads(l)["id"] is not None]
    assert sorted(good) == sorted(want)
    bad = [json.loads(l) for l in lines if json.loads(l)["id"] is None]
    assert [b["error"]["kind"] for b in bad] == ["bad_json"]

    reports = [json.loads(l)["report"] for l in want if '"report"' in l[:40]]
    assert summary["documents"] == len(documents) + 1
    assert summary["errors"] == 2  # the blank document and the bad line
    assert summary["words"] == sum(r["stats"]["words"] for r in reports)
    assert sum(summary["claims"].values()) == sum(r["summary"]["claims"] for r in reports)
    with open(tmp_path / "summary.json", encoding="utf-8") as f:
        assert json.load(f) == summary


def test_the_example_as_a_command(corpus, tmp_path):
    root, documents = corpus
    out = subprocess.run(
        [sys.executable, str(EXAMPLE), str(root / "a.jsonl"), str(root / "b.jsonl"), "--out", str(tmp_path), "--workers", "2"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(out.stdout)
    assert summary["documents"] == len(documents) + 1
    assert len(read_results(tmp_path)) == len(documents) + 1
