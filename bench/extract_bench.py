"""Times find_dates, find_contacts and find_figures on the seed text and prints the numbers.

Run: PYTHONPATH=src python bench/extract_bench.py [path-to-text] [repeats]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from govpub.extract import contacts, dates, figures
from govpub.extract.halfwidth import fold

SEED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "000_5e2350e4989e1303.txt"


def _clear() -> None:
    dates._cached.cache_clear()
    contacts._cached.cache_clear()
    figures._cached.cache_clear()
    fold.cache_clear()


def _uncached(text: str) -> tuple[int, int, int]:
    # The extractors cache by text so figures can reuse dates and contacts; clear the caches
    # so every repeat measures a cold document, as the pipeline sees each new one.
    _clear()
    return len(dates.find_dates(text)), len(contacts.find_contacts(text)), len(figures.find_figures(text))


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    text = path.read_text(encoding="utf-8")
    t0 = time.perf_counter()
    counts = _uncached(text)  # first call loads the phone geocoder data
    first_ms = (time.perf_counter() - t0) * 1000
    samples: dict[str, list[float]] = {
        "dates": [],
        "contacts": [],
        "figures (after dates+contacts)": [],
        "all three": [],
    }
    for _ in range(repeats):
        _clear()
        t0 = time.perf_counter()
        dates.find_dates(text)
        t1 = time.perf_counter()
        contacts.find_contacts(text)
        t2 = time.perf_counter()
        figures.find_figures(text)
        t3 = time.perf_counter()
        samples["dates"].append(t1 - t0)
        samples["contacts"].append(t2 - t1)
        samples["figures (after dates+contacts)"].append(t3 - t2)
        samples["all three"].append(t3 - t0)
    print(f"text: {path.name}, {len(text)} chars; mentions (dates, contacts, figures) = {counts}")
    print(f"first call (loads phonenumbers geocoder): {first_ms:.1f} ms")
    for name, values in samples.items():
        ms = [v * 1000 for v in values]
        p95 = sorted(ms)[int(0.95 * len(ms))]
        print(f"{name:32s} min {min(ms):.3f} ms  median {statistics.median(ms):.3f} ms  p95 {p95:.3f} ms")
    per_doc = statistics.median(samples["all three"])
    print(f"=> {1 / per_doc:.0f} docs/s per core for these three extractors on this text")


if __name__ == "__main__":
    main()
