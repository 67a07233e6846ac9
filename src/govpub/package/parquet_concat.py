"""Parquet part files in (same schema), one Parquet file out: the parts' pages copied byte for byte, one new footer.

A Parquet file is ``PAR1``, the column chunks' pages (and any page index and bloom filters), the
FileMetaData in Thrift compact encoding, its 4-byte little-endian length and ``PAR1``. Every part's
bytes between its magic and its footer are copied to a new position; the absolute offsets that
point into them are shifted; the footer is the first part's with all row groups listed. Field ids
are those of apache/parquet-format's ``parquet.thrift``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from govpub.package.thrift_compact import (
    STRUCT,
    Field,
    Raw,
    Shape,
    ThriftError,
    ThriftList,
    ThriftStruct,
    Value,
    decode_struct,
    encode_struct,
)

MAGIC = b"PAR1"
ENCRYPTED_FOOTER_MAGIC = b"PARE"  # files whose footer is encrypted end in this instead of PAR1
BLOCK = 1 << 20  # copy in 1 MiB blocks: a part is never held in memory whole
MAX_FOOTER = 256 << 20  # a bigger footer is a corrupt length word, not a real file

# FileMetaData
FMD_SCHEMA, FMD_NUM_ROWS, FMD_ROW_GROUPS, FMD_KEY_VALUE = 2, 3, 4, 5
FMD_COLUMN_ORDERS, FMD_ENCRYPTION_ALGORITHM, FMD_FOOTER_SIGNING_KEY = 7, 8, 9
# RowGroup
RG_COLUMNS, RG_NUM_ROWS, RG_FILE_OFFSET, RG_ORDINAL = 1, 3, 5, 7
# ColumnChunk
CC_FILE_PATH, CC_FILE_OFFSET, CC_META_DATA = 1, 2, 3
CC_OFFSET_INDEX_OFFSET, CC_OFFSET_INDEX_LENGTH = 4, 5
CC_COLUMN_INDEX_OFFSET, CC_COLUMN_INDEX_LENGTH = 6, 7
CC_CRYPTO_METADATA, CC_ENCRYPTED_COLUMN_METADATA = 8, 9
# ColumnMetaData
CMD_TOTAL_COMPRESSED_SIZE = 7
CMD_DATA_PAGE_OFFSET, CMD_INDEX_PAGE_OFFSET, CMD_DICTIONARY_PAGE_OFFSET = 9, 10, 11
CMD_BLOOM_FILTER_OFFSET, CMD_BLOOM_FILTER_LENGTH = 14, 15
# OffsetIndex / PageLocation (the page index holds absolute offsets too, outside the footer)
OI_PAGE_LOCATIONS, PL_OFFSET = 1, 1

MAX_ORDINAL = (1 << 15) - 1  # RowGroup.ordinal is an i16

# What we decode of a footer: the row groups down to each ColumnMetaData's scalars. The schema,
# key-value metadata, statistics, encodings... stay encoded (compared and written back as bytes),
# which keeps the footer work of a few hundred parts to a fraction of the copy time.
FOOTER_SHAPE: Shape = {FMD_ROW_GROUPS: {RG_COLUMNS: {CC_META_DATA: {}}}}
OFFSET_INDEX_SHAPE: Shape = {OI_PAGE_LOCATIONS: {}}
_ROW_GROUP_OFFSETS = frozenset({RG_FILE_OFFSET})
_CHUNK_OFFSETS = frozenset({CC_FILE_OFFSET, CC_OFFSET_INDEX_OFFSET, CC_COLUMN_INDEX_OFFSET})
_META_OFFSETS = frozenset({CMD_DATA_PAGE_OFFSET, CMD_INDEX_PAGE_OFFSET, CMD_DICTIONARY_PAGE_OFFSET,
                           CMD_BLOOM_FILTER_OFFSET})


@dataclass(frozen=True)
class ConcatResult:
    """What concat_parquet wrote: rows and row groups in the output, and its size in bytes."""

    rows: int
    row_groups: int
    bytes: int


@dataclass(frozen=True)
class _Rewrite:
    """A region of a part (an OffsetIndex) that is written re-encoded instead of copied."""

    start: int
    length: int
    data: bytes


@dataclass(frozen=True)
class _Part:
    path: Path
    footer_start: int  # where the part's FileMetaData begins; its pages are bytes [4, footer_start)
    meta: ThriftStruct


@dataclass(frozen=True)
class _Plan:
    """One part placed in the output: what to splice in, and its row groups with offsets moved,
    already encoded (holding a few hundred parts' decoded footers costs more, mostly in GC)."""

    path: Path
    footer_start: int
    rewrites: tuple[_Rewrite, ...]
    row_groups: tuple[Raw, ...]
    rows: int
    size: int  # bytes this part takes in the output


def concat_parquet(parts: Sequence[Path], write: Callable[[bytes], object]) -> ConcatResult:
    """Parquet part files in (same schema, written by pyarrow), one Parquet file out through `write`
    (called with consecutive chunks of the output bytes, so the caller can hash while writing):
    every part's column chunks copied byte for byte, one footer listing all their row groups.

    Every part is checked before the first byte is written: ValueError (naming the part) for no
    parts, a file that is not Parquet or is truncated, an encrypted file, column data in another
    file, or a schema, key-value metadata or column order different from the first part's."""
    if not parts:
        raise ValueError("parquet concat: no parts to concatenate")
    first: _Part | None = None
    plans: list[_Plan] = []
    position = len(MAGIC)
    ordinal = 0
    for path in parts:
        part = _read_part(Path(path))
        if first is None:
            first = part
        else:
            _check_same(part, first)
        plan = _place(part, position, ordinal)
        plans.append(plan)
        position += plan.size
        ordinal += len(plan.row_groups)
    assert first is not None

    row_groups = tuple(rg for plan in plans for rg in plan.row_groups)
    rows = sum(plan.rows for plan in plans)
    footer = first.meta.replace(FMD_NUM_ROWS, rows).replace(FMD_ROW_GROUPS, ThriftList(STRUCT, row_groups))
    footer_bytes = encode_struct(footer)

    written = 0

    def emit(chunk: bytes) -> None:
        nonlocal written
        if chunk:
            write(chunk)
            written += len(chunk)

    emit(MAGIC)
    for plan in plans:
        start = written
        for chunk in _part_bytes(plan):
            emit(chunk)
        if written - start != plan.size:  # the file changed under us
            raise ValueError(f"parquet part {plan.path}: size changed while copying")
    emit(footer_bytes)
    emit(len(footer_bytes).to_bytes(4, "little"))
    emit(MAGIC)
    return ConcatResult(rows=rows, row_groups=len(row_groups), bytes=written)


# ---------------------------------------------------------------- reading and checking parts


def _read_part(path: Path) -> _Part:
    try:
        with path.open("rb") as f:
            size = f.seek(0, 2)
            if size < 12:
                raise ValueError(f"parquet part {path}: {size} bytes, too short to be Parquet")
            f.seek(0)
            if f.read(4) != MAGIC:
                raise ValueError(f"parquet part {path}: does not start with PAR1, not a Parquet file")
            f.seek(size - 8)
            tail = f.read(8)
            if tail[4:] == ENCRYPTED_FOOTER_MAGIC:
                raise ValueError(f"parquet part {path}: encrypted footer (PARE), cannot be concatenated")
            if tail[4:] != MAGIC:
                raise ValueError(f"parquet part {path}: does not end in PAR1 (truncated or not Parquet)")
            footer_len = int.from_bytes(tail[:4], "little")
            footer_start = size - 8 - footer_len
            if footer_len > MAX_FOOTER or footer_start < 4:
                raise ValueError(f"parquet part {path}: footer length {footer_len} does not fit a {size}-byte file")
            f.seek(footer_start)
            footer = f.read(footer_len)
    except OSError as e:
        raise ValueError(f"parquet part {path}: cannot be read ({e.strerror or e})") from e
    try:
        meta, end = decode_struct(footer, shape=FOOTER_SHAPE)
    except ThriftError as e:
        raise ValueError(f"parquet part {path}: footer is not valid Thrift ({e})") from e
    if end != footer_len:
        raise ValueError(f"parquet part {path}: footer ends at byte {end} of {footer_len}")
    part = _Part(path, footer_start, meta)
    if meta.has(FMD_ENCRYPTION_ALGORITHM) or meta.has(FMD_FOOTER_SIGNING_KEY):
        raise ValueError(f"parquet part {path}: encrypted (plaintext footer), cannot be concatenated")
    _check_row_groups(part)
    return part


def _check_same(part: _Part, first: _Part) -> None:
    for field_id, what in ((FMD_SCHEMA, "schema"), (FMD_KEY_VALUE, "key-value metadata"),
                           (FMD_COLUMN_ORDERS, "column orders")):
        if part.meta.get(field_id) != first.meta.get(field_id):
            raise ValueError(f"parquet part {part.path}: {what} differs from the first part's ({first.path})")


def _check_row_groups(part: _Part) -> None:
    """Every offset we will move points into the part's pages, so a corrupt footer is refused
    instead of producing a file whose offsets point at garbage."""
    rows = 0
    for rg in _row_groups(part):
        rows += _int(rg, RG_NUM_ROWS, part)
        for cc in _columns(rg, part):
            if cc.has(CC_FILE_PATH):
                raise ValueError(f"parquet part {part.path}: column data in another file, cannot be concatenated")
            if cc.has(CC_CRYPTO_METADATA) or cc.has(CC_ENCRYPTED_COLUMN_METADATA):
                raise ValueError(f"parquet part {part.path}: encrypted column, cannot be concatenated")
            md = _struct_field(cc, CC_META_DATA, part)
            start = _int(md, CMD_DICTIONARY_PAGE_OFFSET, part, 0) or _int(md, CMD_DATA_PAGE_OFFSET, part)
            size = _int(md, CMD_TOTAL_COMPRESSED_SIZE, part)
            if start or size:  # pyarrow writes a column of 0 rows without pages as offset 0, size 0
                _within(part, start, size, "column chunk")
            for field_id, what in ((CMD_DATA_PAGE_OFFSET, "data page"), (CMD_INDEX_PAGE_OFFSET, "index page")):
                page = _int(md, field_id, part, 0)
                if page and not start <= page < start + size:
                    raise ValueError(f"parquet part {part.path}: {what} at {page} lies outside its column chunk "
                                     f"({start}+{size})")
            if md.has(CMD_BLOOM_FILTER_OFFSET):
                _within(part, _int(md, CMD_BLOOM_FILTER_OFFSET, part),
                        _int(md, CMD_BLOOM_FILTER_LENGTH, part, 1), "bloom filter")
            for off, length, what in ((CC_OFFSET_INDEX_OFFSET, CC_OFFSET_INDEX_LENGTH, "offset index"),
                                      (CC_COLUMN_INDEX_OFFSET, CC_COLUMN_INDEX_LENGTH, "column index")):
                if cc.has(off):
                    _within(part, _int(cc, off, part), _int(cc, length, part), what)
    if rows != _int(part.meta, FMD_NUM_ROWS, part):
        raise ValueError(f"parquet part {part.path}: row groups hold {rows} rows, footer says "
                         f"{_int(part.meta, FMD_NUM_ROWS, part)}")


def _within(part: _Part, start: int, length: int, what: str) -> None:
    if not (4 <= start and length >= 0 and start + length <= part.footer_start):
        raise ValueError(f"parquet part {part.path}: {what} at {start}+{length} lies outside the data "
                         f"(bytes 4..{part.footer_start})")


def _row_groups(part: _Part) -> tuple[ThriftStruct, ...]:
    groups = part.meta.get(FMD_ROW_GROUPS)
    if not isinstance(groups, ThriftList) or not all(isinstance(g, ThriftStruct) for g in groups.items):
        raise ValueError(f"parquet part {part.path}: footer has no row group list")
    return groups.items  # type: ignore[return-value]  # checked just above


def _columns(rg: ThriftStruct, part: _Part) -> tuple[ThriftStruct, ...]:
    columns = rg.get(RG_COLUMNS)
    if not isinstance(columns, ThriftList) or not all(isinstance(c, ThriftStruct) for c in columns.items):
        raise ValueError(f"parquet part {part.path}: row group has no column list")
    return columns.items  # type: ignore[return-value]


def _struct_field(s: ThriftStruct, field_id: int, part: _Part) -> ThriftStruct:
    value = s.get(field_id)
    if not isinstance(value, ThriftStruct):
        raise ValueError(f"parquet part {part.path}: field {field_id} missing or not a struct")
    return value


def _int(s: ThriftStruct, field_id: int, part: _Part, default: int | None = None) -> int:
    value = s.get(field_id, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"parquet part {part.path}: field {field_id} missing or not an integer")
    return value


# ---------------------------------------------------------------- placing a part in the output


def _place(part: _Part, base: int, first_ordinal: int) -> _Plan:
    """Where the part's byte 4 lands (`base`), its OffsetIndexes re-encoded with moved page
    offsets, and its row groups with every absolute offset moved."""
    regions = sorted({(_int(cc, CC_OFFSET_INDEX_OFFSET, part), _int(cc, CC_OFFSET_INDEX_LENGTH, part))
                      for rg in _row_groups(part) for cc in _columns(rg, part) if cc.has(CC_OFFSET_INDEX_OFFSET)})
    for (s1, l1), (s2, _) in zip(regions, regions[1:], strict=False):
        if s1 + l1 > s2:
            raise ValueError(f"parquet part {part.path}: offset indexes at {s1} and {s2} overlap")

    rewrites: list[_Rewrite] = []
    ends: list[int] = []  # where each rewritten region ends in the part (sorted, as the regions are)
    growth: list[int] = []  # how much longer the output is than the part by the end of each region

    def moved(p: int) -> int:
        if not 4 <= p <= part.footer_start:
            raise ValueError(f"parquet part {part.path}: offset {p} lies outside the data (bytes 4..{part.footer_start})")
        i = bisect_right(ends, p)  # regions [0, i) end at or before p
        if i < len(rewrites) and rewrites[i].start < p:
            raise ValueError(f"parquet part {part.path}: offset {p} points inside an offset index")
        return base + (p - 4) + (growth[i - 1] if i else 0)

    if regions:
        with part.path.open("rb") as f:
            for start, length in regions:
                f.seek(start)
                old = f.read(length)
                try:
                    index, end = decode_struct(old, shape=OFFSET_INDEX_SHAPE)
                except ThriftError as e:
                    raise ValueError(f"parquet part {part.path}: offset index at {start} is not valid Thrift ({e})") from e
                if end != length:
                    raise ValueError(f"parquet part {part.path}: offset index at {start} is {end} bytes, "
                                     f"footer says {length}")
                # A page after its own index would make the index's new size depend on itself;
                # writers put the page index after all pages (pyarrow does), so refuse the rest.
                new = encode_struct(_move_offset_index(index, part, start, moved))
                rewrites.append(_Rewrite(start, length, new))
                ends.append(start + length)
                growth.append((growth[-1] if growth else 0) + len(new) - length)

    new_lengths = {r.start: len(r.data) for r in rewrites}
    groups: list[Raw] = []
    for i, rg in enumerate(_row_groups(part)):
        columns = []
        for cc in _columns(rg, part):
            md = _shifted(part, _struct_field(cc, CC_META_DATA, part), _META_OFFSETS, moved, {})
            changes: dict[int, Value] = {CC_META_DATA: md}
            if cc.has(CC_OFFSET_INDEX_OFFSET):
                changes[CC_OFFSET_INDEX_LENGTH] = new_lengths[_int(cc, CC_OFFSET_INDEX_OFFSET, part)]
            columns.append(_shifted(part, cc, _CHUNK_OFFSETS, moved, changes))
        changes = {RG_COLUMNS: ThriftList(STRUCT, tuple(columns))}
        if rg.has(RG_ORDINAL):
            if first_ordinal + i > MAX_ORDINAL:
                raise ValueError(f"parquet part {part.path}: more than {MAX_ORDINAL + 1} row groups in all")
            changes[RG_ORDINAL] = first_ordinal + i
        groups.append(Raw(encode_struct(_shifted(part, rg, _ROW_GROUP_OFFSETS, moved, changes))))
    size = part.footer_start - 4 + (growth[-1] if growth else 0)
    return _Plan(part.path, part.footer_start, tuple(rewrites), tuple(groups),
                 _int(part.meta, FMD_NUM_ROWS, part), size)


def _shifted(part: _Part, s: ThriftStruct, offsets: frozenset[int], moved: Callable[[int], int],
             changes: dict[int, Value]) -> ThriftStruct:
    """The struct with its `offsets` fields moved and its `changes` fields replaced, in one pass.
    Bytes 0-3 are the magic, so an offset of 0 means "none" and stays 0: ColumnChunk.file_offset
    when no metadata copy was written, data_page_offset of a 0-row chunk without pages (pyarrow)."""
    out = []
    for f in s.fields:
        if f.id in changes:
            f = Field(f.id, f.type, changes[f.id])
        elif f.id in offsets and f.value:
            if type(f.value) is not int:
                raise ValueError(f"parquet part {part.path}: offset field {f.id} is not an integer")
            f = Field(f.id, f.type, moved(f.value))
        out.append(f)
    return ThriftStruct(tuple(out))


def _move_offset_index(index: ThriftStruct, part: _Part, start: int,
                       moved: Callable[[int], int]) -> ThriftStruct:
    locations = index.get(OI_PAGE_LOCATIONS)
    if not isinstance(locations, ThriftList):
        raise ValueError(f"parquet part {part.path}: offset index at {start} has no page locations")
    out = []
    for loc in locations.items:
        if not isinstance(loc, ThriftStruct):
            raise ValueError(f"parquet part {part.path}: offset index at {start} has a malformed page location")
        p = _int(loc, PL_OFFSET, part)
        if not 4 <= p < start:
            raise ValueError(f"parquet part {part.path}: offset index at {start} points at page {p}, "
                             "not before it")
        out.append(loc.replace(PL_OFFSET, moved(p)))
    return index.replace(OI_PAGE_LOCATIONS, ThriftList(locations.elem_type, tuple(out)))


# ---------------------------------------------------------------- copying


def _part_bytes(plan: _Plan) -> Iterator[bytes]:
    """The part's bytes [4, footer_start), 1 MiB at a time, with its OffsetIndexes replaced."""
    with plan.path.open("rb") as f:
        position = 4
        for r in plan.rewrites:
            yield from _copy(f, position, r.start)
            yield r.data
            position = r.start + r.length
        yield from _copy(f, position, plan.footer_start)


def _copy(f: BinaryIO, start: int, end: int) -> Iterator[bytes]:
    f.seek(start)
    left = end - start
    while left > 0:
        block = f.read(min(BLOCK, left))
        if not block:
            raise ValueError(f"parquet part {getattr(f, 'name', '?')}: ended at byte {end - left}, expected {end}")
        left -= len(block)
        yield block
