"""Time parse + find_measures + read_metadata per document and print the numbers (no assertions).

Usage: PYTHONPATH=src python bench/parse_bench.py [FILE.txt ...] [--repeat N]
Without files it times the seed (tests/fixtures/000_5e2350e4989e1303.txt) and variants of it
(full-width, flattened, Traditional). Dates are not timed here (another stage): read_metadata
gets an empty list, which also exercises its own signature-date fallback.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from govpub.extract.measures import find_measures
from govpub.extract.metadata import read_metadata
from govpub.ingest.document import Document, SourceMeta
from govpub.parse import parse

SEED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "000_5e2350e4989e1303.txt"


def _doc(name: str, text: str) -> Document:
    return Document(source=SourceMeta(uri=name, name=name), sha256="0" * 64, media_type="text/plain",
                    encoding="utf-8", text=text)


def _inputs(files: list[Path]) -> list[tuple[str, str]]:
    if files:
        return [(f.name, f.read_text(encoding="utf-8")) for f in files]
    import opencc  # only for the Traditional variant

    seed = SEED.read_text(encoding="utf-8")
    return [
        ("seed", seed),
        ("seed full-width", seed.translate(str.maketrans("(),:;", "（），：；"))),
        ("seed flattened", seed.replace("\n", " ")),
        ("seed Traditional", opencc.OpenCC("s2t").convert(seed)),
        ("seed x10", "\n".join([seed] * 10)),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    print(f"{'document':<20} {'chars':>7} {'sections':>8} {'measures':>8} "
          f"{'parse ms':>9} {'measures ms':>11} {'meta ms':>8} {'total ms':>9} {'docs/s':>8}")
    for name, text in _inputs(args.files):
        doc = _doc(name, text)
        tree = parse(doc)  # warm-up: lazy tables (OpenCC characters) load on first use
        read_metadata(tree, [])
        t_parse, t_meas, t_meta = [], [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            tree = parse(doc)
            t1 = time.perf_counter()
            measures = find_measures(tree)
            t2 = time.perf_counter()
            read_metadata(tree, [])
            t3 = time.perf_counter()
            t_parse.append(t1 - t0)
            t_meas.append(t2 - t1)
            t_meta.append(t3 - t2)
        p, m, r = (statistics.median(x) * 1000 for x in (t_parse, t_meas, t_meta))
        total = p + m + r
        print(f"{name:<20} {len(text):>7} {len(tree.sections):>8} {len(measures):>8} "
              f"{p:>9.3f} {m:>11.3f} {r:>8.3f} {total:>9.3f} {1000 / total:>8.0f}")


if __name__ == "__main__":
    main()
