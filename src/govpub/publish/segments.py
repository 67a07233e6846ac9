"""One table's segments in two releases plus byte-range readers in, the rows added/removed/changed out,
read only from the segments whose sha256 differ.

A segment is the run of rows of the reports whose id starts with one prefix (package.model.Segment).
Every primary key starts with its report id (records.child_id), so a row never moves between
segments: segments with equal bytes hold equal rows, and the table's change is the sum over the
differing segments, which are diffed as one CSV each side (header line + those byte ranges).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from govpub.errors import TerminalError
from govpub.package.model import Segment
from govpub.publish.tables import diff_arrow, keyed, read_rows

RangeLoader = Callable[[str, int, int], bytes]  # (release-relative path, start, length) -> bytes
BOM = b"\xef\xbb\xbf"


def comparable(old: Sequence[Segment], new: Sequence[Segment]) -> bool:
    """Both sides cut the table by prefixes of the same lengths (e.g. both by the first digit)."""
    return {len(s.prefix) for s in old} == {len(s.prefix) for s in new}


def differing(old: Sequence[Segment], new: Sequence[Segment]) -> list[str]:
    """Prefixes whose bytes differ or that exist on one side only."""
    a = {s.prefix: s.sha256 for s in old}
    b = {s.prefix: s.sha256 for s in new}
    return sorted(p for p in a.keys() | b.keys() if a.get(p) != b.get(p))


def read_segments(path: str, segments: Sequence[Segment], prefixes: set[str], load_range: RangeLoader) -> bytes:
    """The header line plus the rows of the chosen segments, adjacent ones fetched in one range read."""
    if not segments:
        return b""
    parts = [load_range(path, 0, segments[0].offset)]
    start = end = -1
    for s in segments:
        if s.prefix not in prefixes or not s.length:
            continue
        if s.offset == end:
            end += s.length
            continue
        if start >= 0:
            parts.append(load_range(path, start, end - start))
        start, end = s.offset, s.offset + s.length
    if start >= 0:
        parts.append(load_range(path, start, end - start))
    return b"".join(parts)


def _strings(data: bytes, source: str) -> pa.Table:
    """A CSV with every column as text, as read_rows sees it (no type inference, "" stays "")."""
    body = data.removeprefix(BOM)
    first = body.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8")
    names = next(csv.reader([first]), [])
    try:
        return pacsv.read_csv(
            io.BytesIO(body),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise TerminalError(f"cannot read table {source}: {type(exc).__name__}: {exc}", stage="publish") from None


def segment_change(old_path: str, old: Sequence[Segment], load_old: RangeLoader, new_path: str,
                   new: Sequence[Segment], load_new: RangeLoader, primary_key: Any) -> tuple[int, int, int]:
    """(added, removed, changed) of the table, reading only the segments that differ."""
    prefixes = set(differing(old, new))
    if not prefixes:
        return 0, 0, 0
    a_bytes = read_segments(old_path, old, prefixes, load_old)
    b_bytes = read_segments(new_path, new, prefixes, load_new)
    if a_bytes and b_bytes:
        fast = diff_arrow(_strings(a_bytes, old_path), _strings(b_bytes, new_path), primary_key)
        if fast is not None:
            return fast
    a = keyed(read_rows(a_bytes, "csv", old_path), primary_key) if a_bytes else {}
    b = keyed(read_rows(b_bytes, "csv", new_path), primary_key) if b_bytes else {}
    return (sum(1 for k in b if k not in a), sum(1 for k in a if k not in b),
            sum(1 for k in b if k in a and a[k] != b[k]))
