"""Parse + extract the seed report N times in one process (one core): documents per second.

Issue 3's goal is >= 100 documents/s per core. Run pinned to one core:
    taskset -c 0 .venv/bin/python bench/seed.py --repeat 1000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from govpub.extract import extract
from govpub.ingest import SourceMeta, read
from govpub.parse import parse


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=1000)
    ap.add_argument("--file", type=Path, default=ROOT / "tests" / "fixtures" / "000_5e2350e4989e1303.txt")
    args = ap.parse_args()
    document = read(SourceMeta(uri=str(args.file), name=args.file.name))
    extract(parse(document))  # warm-up: imports, phonenumbers' region data, regex compilation
    times = []
    start = time.perf_counter()
    for _ in range(args.repeat):
        t = time.perf_counter()
        extract(parse(document))
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - start
    print(f"{args.file.name}: {len(document.text)} characters, {args.repeat} repetitions")
    print(f"total {total:.2f} s -> {args.repeat / total:.0f} documents/s; "
          f"per document median {statistics.median(times) * 1000:.2f} ms, min {min(times) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
