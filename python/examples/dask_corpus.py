"""Analyse a corpus with sourcecheck on a Dask cluster.

    python examples/dask_corpus.py CORPUS.jsonl [MORE.jsonl ...] --out DIR
    python examples/dask_corpus.py 'crawl/*.jsonl' --out DIR --scheduler tcp://HOST:8786

The corpus is JSON lines, as ``sourcecheck batch`` reads them: one object a
line with ``html`` or ``text``, ``id`` and, if known, ``url`` (give every
document an id: a partition does not know its lines' numbers). Without
``--scheduler`` the script starts a ``LocalCluster`` on this machine (one
worker process per core, one thread each); with one, the very same code runs
on a real cluster, where every worker has ``pip install``-ed the package.

It writes ``DIR/results-*.jsonl`` (one line per document, as ``sourcecheck
batch`` writes them: ``{"id", "report"}`` or ``{"id", "error"}``) and
``DIR/summary.json`` (documents, errors, words, and claims by status), in
one pass over the corpus: both outputs share the analysis tasks.

The same pattern with Spark::

    rdd = spark.sparkContext.textFile("crawl/*.jsonl").map(json.loads)
    results = rdd.mapPartitions(lambda docs: sourcecheck.analyze_many(docs, workers=1))
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any, Dict, Iterable, List, Sequence

import dask
import dask.bag as db
from dask.distributed import Client, LocalCluster

import sourcecheck

#: Partitions of about this size: small enough to spread a corpus over the
#: workers, large enough that scheduling costs nothing next to the analysis.
BLOCKSIZE = "8MiB"


def analyze_partition(lines: Iterable[str]) -> List[Dict[str, Any]]:
    """Analyse one partition's JSON lines, a result each, in order. One thread
    per task: Dask runs the tasks in parallel. A line that is not JSON gets an
    error result, as in ``sourcecheck batch``; the partition goes on."""
    parsed: List[Any] = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError as e:
            parsed.append(ValueError(f"not a JSON line ({e})"))
    documents = [d for d in parsed if not isinstance(d, ValueError)]
    analysed = iter(sourcecheck.analyze_many(documents, workers=1))
    return [
        {"id": None, "error": {"kind": "bad_json", "message": str(d)}} if isinstance(d, ValueError) else next(analysed)
        for d in parsed
    ]


def to_line(result: Dict[str, Any]) -> str:
    """A result as ``sourcecheck batch`` writes it (the same bytes)."""
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def tally(result: Dict[str, Any]) -> Dict[str, Any]:
    """One document's part of the summary."""
    if "error" in result:
        return {"documents": 1, "errors": 1, "words": 0, "claims": {}}
    report = result["report"]
    return {
        "documents": 1,
        "errors": 0,
        "words": report["stats"]["words"],
        "claims": dict(report["summary"]["by_status"]),
    }


def combine(a: Dict[str, Any], b: Dict[str, Any]) -> Dict[str, Any]:
    """Two parts of the summary as one."""
    claims = dict(a["claims"])
    for status, n in b["claims"].items():
        claims[status] = claims.get(status, 0) + n
    return {
        "documents": a["documents"] + b["documents"],
        "errors": a["errors"] + b["errors"],
        "words": a["words"] + b["words"],
        "claims": claims,
    }


EMPTY = {"documents": 0, "errors": 0, "words": 0, "claims": {}}


def run(corpus: Sequence[str] | str, out_dir: str, client: Client, blocksize: str = BLOCKSIZE) -> Dict[str, Any]:
    """Analyse ``corpus`` (JSON lines files, globs allowed) on ``client``'s
    cluster; write the results and the summary to ``out_dir`` and return the summary."""
    os.makedirs(out_dir, exist_ok=True)
    lines = db.read_text(corpus, blocksize=blocksize).filter(str.strip)
    results = lines.map_partitions(analyze_partition)
    written = results.map(to_line).to_textfiles(os.path.join(out_dir, "results-*.jsonl"), compute=False)
    summary = results.map(tally).fold(combine, combine, initial=EMPTY)
    # One compute for both: the analysis runs once.
    _, summary = dask.compute(written, summary, scheduler=client.get)
    summary["claims"] = dict(sorted(summary["claims"].items()))
    with open(os.path.join(out_dir, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", help="JSON lines files (globs allowed)")
    parser.add_argument("--out", required=True, help="directory for results-*.jsonl and summary.json")
    parser.add_argument("--scheduler", help="a running cluster's scheduler address (default: a LocalCluster here)")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="LocalCluster worker processes")
    args = parser.parse_args()
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
    with client:
        summary = run(args.corpus, args.out, client)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
