"""Benchmark: staged release folders of growing size in, seconds to render their pages printed out.

    PYTHONPATH=src python bench/pages_bench.py [--reports 1 100 1000] [--repeat 5]

Prints, per size: rows in measures, bytes of data, milliseconds for release_page (median of
--repeat runs, which includes reading every file to hash it), the page size, and the time
for root_page over 200 versions. Numbers only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo root, for tests.publish
from govpub.publish.pages import release_page, root_page
from tests.publish.pages_stage import build_stage


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'reports':>8} {'measures':>9} {'data MB':>8} {'release_page ms':>16} {'page kB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.reports:
            stage = build_stage(Path(tmp) / f"r{n}", n_reports=n)
            data = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file())
            measures = sum(1 for _ in (stage / "data" / "measures.csv").open(encoding="utf-8")) - 1
            ms = _median_ms(partial(release_page, stage), args.repeat)
            size = len(release_page(stage).encode("utf-8"))
            print(f"{n:>8} {measures:>9} {data / 1e6:>8.2f} {ms:>16.1f} {size / 1000:>8.1f}")
    versions = {"dataset": "d", "title": {"zh": "数据", "en": "Data"}, "latest": "v0",
                "versions": [{"version": f"v{i}", "created": "2026-11-26T00:00:00Z", "content_hash": "sha256:" + "0" * 64,
                              "rows": {"measures": i}, "bytes": i * 1000} for i in range(200)]}
    ms = _median_ms(lambda: root_page({f"d{k}": versions for k in range(5)}), args.repeat)
    print(f"root_page, 5 datasets x 200 versions: {ms:.1f} ms")


if __name__ == "__main__":
    main()
