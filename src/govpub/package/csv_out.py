"""Row tuples in, a canonical CSV file out: UTF-8 without BOM, RFC 4180 (CRLF, minimal quoting), header row."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def cell(value: Any) -> Any:
    """Table Schema's lexical forms: missing -> "", non-finite numbers as NaN/INF/-INF."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return value


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              encoding: str = "utf-8") -> None:
    # newline="" hands line endings to the csv module: CRLF after every record, and
    # embedded newlines inside quoted cells stay as written (RFC 4180).
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=",", quotechar='"', lineterminator="\r\n",
                            quoting=csv.QUOTE_MINIMAL, doublequote=True)
        writer.writerow(header)
        writer.writerows([cell(v) for v in row] for row in rows)
