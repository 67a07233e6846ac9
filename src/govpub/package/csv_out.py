"""Row tuples in, a canonical CSV file out: UTF-8 without BOM, RFC 4180 (CRLF, minimal quoting), header row."""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def number_cell(value: Any) -> Any:
    """Table Schema's lexical forms for non-finite numbers: NaN, INF, -INF."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return value


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              number_columns: Sequence[int] = (), encoding: str = "utf-8") -> None:
    """None is written as an empty cell (the csv module's own rule); only number columns need
    rewriting, so rows of tables without numbers go to the writer untouched."""
    if number_columns:
        cols = set(number_columns)
        rows = ([number_cell(v) if i in cols else v for i, v in enumerate(row)] for row in rows)
    # newline="" hands line endings to the csv module: CRLF after every record, and
    # embedded newlines inside quoted cells stay as written (RFC 4180).
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, delimiter=",", quotechar='"', lineterminator="\r\n",
                            quoting=csv.QUOTE_MINIMAL, doublequote=True)
        writer.writerow(header)
        writer.writerows(rows)
