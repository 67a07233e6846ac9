"""Benchmark of the accuracy tooling: corpus build time, scorer throughput, and (when the stages exist)
read → parse → extract → annotation time per corpus document. Prints numbers; asserts nothing.

    PYTHONPATH=src python bench/score_corpus.py [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SEED_DIR = ROOT / "tests" / "fixtures"

sys.path.insert(0, str(ROOT / "src"))

from govpub.cli.score import annotate_source  # noqa: E402
from govpub.score import score_corpus, score_document  # noqa: E402


def load_make_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=200, help="scorer passes over the corpus")
    args = ap.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")

    mc = load_make_corpus()
    by_format: dict[str, list[float]] = {}
    for path in mc.sources():
        t0 = time.perf_counter()
        doc = mc.parse_source(path)
        data = mc.build(doc)
        by_format.setdefault(doc.header["format"], []).append(time.perf_counter() - t0)
        assert data
    for fmt, times in sorted(by_format.items()):
        print(f"build {fmt:<5} {len(times):>2} docs  median {statistics.median(times) * 1000:8.1f} ms/doc")

    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((CORPUS / "gold").glob("*.json"))]
    items = sum(len(g["sections"]) + len(g["measures"]) + len(g["dates"]) for g in golds)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        score_corpus(score_document(g, g) for g in golds)
    elapsed = time.perf_counter() - t0
    n = args.repeat * len(golds)
    print(f"score {n} documents ({items} list items per pass) in {elapsed:.2f} s: {n / elapsed:,.0f} documents/s")

    docs = [(CORPUS / g["file"]) for g in golds] + [SEED_DIR / "000_5e2350e4989e1303.txt"]
    timings: list[tuple[float, str]] = []
    try:
        annotate_source(docs[0])  # warm-up: imports, CID font tables, phonenumbers metadata
    except NotImplementedError:
        print("pipeline: stages not implemented in this tree; no annotation timings")
        return 0
    for doc in docs:
        t0 = time.perf_counter()
        annotate_source(doc)
        timings.append((time.perf_counter() - t0, doc.name))
    total = sum(t for t, _ in timings)
    median = statistics.median(t for t, _ in timings) * 1000
    print(f"pipeline (after one warm-up): {len(timings)} documents in {total:.2f} s, median {median:.1f} ms/doc")
    for t, name in sorted(timings, reverse=True)[:4]:
        print(f"  slowest: {name:<40} {t * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
