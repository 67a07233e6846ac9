"""The Thrift compact codec: bytes from the spec and from pyarrow's footers in, the same values and bytes back out."""

from __future__ import annotations

import datetime as dt
import io
import math
import struct
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from govpub.package.parquet_concat import FOOTER_SHAPE
from govpub.package.thrift_compact import (
    BINARY,
    BOOL_FALSE,
    BOOL_TRUE,
    DOUBLE,
    I8,
    I16,
    I32,
    I64,
    LIST,
    MAP,
    SET,
    STRUCT,
    UUID,
    Field,
    Raw,
    ThriftError,
    ThriftList,
    ThriftMap,
    ThriftStruct,
    decode_struct,
    encode_struct,
)


def _s(*fields: tuple[int, int, Any]) -> ThriftStruct:
    return ThriftStruct(tuple(Field(*f) for f in fields))


# Hand-assembled wire bytes, one case per rule of doc/specs/thrift-compact-protocol.md.
WIRE_CASES: list[tuple[str, bytes, ThriftStruct]] = [
    ("empty struct", b"\x00", _s()),
    # 50399 is the spec's varint example (DF 89 03); as an i32 it is zigzagged first: 100798.
    ("i32 zigzag varint", bytes([0x15, 0xBE, 0x93, 0x06, 0x00]), _s((1, I32, 50399))),
    ("negative i64", bytes([0x16, 0x01, 0x00]), _s((1, I64, -1))),
    ("i64 extremes", bytes([0x16]) + b"\xff" * 9 + b"\x01" + bytes([0x16]) + b"\xfe" + b"\xff" * 8 + b"\x01" + b"\x00",
     _s((1, I64, -(1 << 63)), (2, I64, (1 << 63) - 1))),
    ("i16 and i8", bytes([0x14, 0x03, 0x13, 0xFF, 0x00]), _s((1, I16, -2), (2, I8, -1))),
    ("bools in the type nibble", bytes([0x11, 0x12, 0x00]), _s((1, BOOL_TRUE, True), (2, BOOL_FALSE, False))),
    ("binary", bytes([0x18, 0x03]) + "中".encode() + b"\x00", _s((1, BINARY, "中".encode()))),
    ("double little-endian", bytes([0x17]) + struct.pack("<d", 1.5) + b"\x00", _s((1, DOUBLE, 1.5))),
    ("uuid", bytes([0x1D]) + bytes(range(16)) + b"\x00", _s((1, UUID, bytes(range(16))))),
    ("delta of 15 is short form", bytes([0xF5, 0x02, 0x00]), _s((15, I32, 1))),
    ("jump of 16 is long form", bytes([0x05, 0x20, 0x02, 0x00]), _s((16, I32, 1))),
    ("ids out of order use long form", bytes([0x35, 0x02, 0x05, 0x02, 0x02, 0x00]), _s((3, I32, 1), (1, I32, 1))),
    ("long-form bool", bytes([0x01, 0x28, 0x00]), _s((20, BOOL_TRUE, True))),
    ("list of 14: short header", bytes([0x19, 0xE5]) + b"\x02" * 14 + b"\x00",
     _s((1, LIST, ThriftList(I32, (1,) * 14)))),
    ("list of 15: long header", bytes([0x19, 0xF5, 0x0F]) + b"\x02" * 15 + b"\x00",
     _s((1, LIST, ThriftList(I32, (1,) * 15)))),
    ("set", bytes([0x1A, 0x28, 0x01, 0x61, 0x01, 0x62, 0x00]), _s((1, SET, ThriftList(BINARY, (b"a", b"b"))))),
    ("bool list as the C++/Java libraries write it", bytes([0x19, 0x21, 0x01, 0x02, 0x00]),
     _s((1, LIST, ThriftList(BOOL_TRUE, (True, False))))),
    ("empty map", bytes([0x1B, 0x00, 0x00]), _s((1, MAP, ThriftMap(0, 0, ())))),
    ("map", bytes([0x1B, 0x02, 0x85, 0x01, 0x6B, 0x02, 0x01, 0x76, 0x04, 0x00]),
     _s((1, MAP, ThriftMap(BINARY, I32, ((b"k", 1), (b"v", 2)))))),
    ("nested struct and list of structs", bytes([0x1C, 0x15, 0x02, 0x00, 0x19, 0x2C, 0x00, 0x11, 0x00, 0x00]),
     _s((1, STRUCT, _s((1, I32, 1))), (2, LIST, ThriftList(STRUCT, (_s(), _s((1, BOOL_TRUE, True))))))),
]


@pytest.mark.parametrize(("wire", "value"), [c[1:] for c in WIRE_CASES], ids=[c[0] for c in WIRE_CASES])
def test_spec_wire_forms_decode_and_encode(wire: bytes, value: ThriftStruct) -> None:
    decoded, end = decode_struct(wire)
    assert decoded == value
    assert end == len(wire)
    assert encode_struct(value) == wire


@pytest.mark.parametrize(("wire", "value"), [c[1:] for c in WIRE_CASES], ids=[c[0] for c in WIRE_CASES])
def test_shaped_decode_keeps_containers_raw_and_exact(wire: bytes, value: ThriftStruct) -> None:
    shaped, end = decode_struct(wire, shape={})  # no container named: every one stays encoded
    assert end == len(wire)
    assert encode_struct(shaped) == wire
    for raw, full in zip(shaped.fields, value.fields, strict=True):
        assert (raw.id, raw.type) == (full.id, full.type)
        if full.type in (LIST, SET, MAP, STRUCT):
            assert isinstance(raw.value, Raw)
            # The kept bytes are the value's own: decoded in a struct of their own, they give it back.
            again, _ = decode_struct(encode_struct(ThriftStruct((raw,))))
            assert again.fields == (full,)
        else:
            assert raw == full


def test_a_shape_decodes_only_what_it_names() -> None:
    inner = _s((1, LIST, ThriftList(I32, (1, 2))), (2, STRUCT, _s((1, I64, 5))))
    wire = encode_struct(_s((1, STRUCT, inner), (2, LIST, ThriftList(STRUCT, (inner, inner)))))
    shaped, _ = decode_struct(wire, shape={2: {2: {}}})
    assert isinstance(shaped.get(1), Raw)
    listed = shaped.get(2)
    assert isinstance(listed, ThriftList) and len(listed.items) == 2
    for element in listed.items:
        assert isinstance(element, ThriftStruct)
        assert isinstance(element.get(1), Raw)  # not named under field 2's elements
        assert element.get(2) == _s((1, I64, 5))
    assert encode_struct(shaped) == wire
    full, _ = decode_struct(wire, shape={1: None, 2: None})  # None: everything beneath
    assert full == decode_struct(wire)[0]


def test_a_bool_element_written_as_0_reads_false() -> None:
    # The spec text says false is 0; the libraries write 2 and read anything but 1 as false.
    decoded, _ = decode_struct(bytes([0x19, 0x21, 0x01, 0x00, 0x00]))
    assert decoded.get(1) == ThriftList(BOOL_TRUE, (True, False))


def test_nan_survives() -> None:
    decoded, _ = decode_struct(encode_struct(_s((1, DOUBLE, math.nan))))
    value = decoded.get(1)
    assert isinstance(value, float) and math.isnan(value)


def test_decode_from_an_offset_stops_after_the_stop_byte() -> None:
    wire = b"junk" + bytes([0x15, 0x02, 0x00]) + b"tail"
    value, end = decode_struct(wire, 4)
    assert value == _s((1, I32, 1)) and end == 7


def test_struct_helpers() -> None:
    s = _s((1, I32, 1), (4, BINARY, b"x"))
    assert s.get(4) == b"x" and s.get(2) is None and s.get(2, 7) == 7
    assert s.replace(1, 5).fields[0] == Field(1, I32, 5)
    assert s.without(1).fields == (Field(4, BINARY, b"x"),)
    with pytest.raises(KeyError):
        s.replace(2, 0)


@pytest.mark.parametrize(("wire", "message"), [
    (b"", "truncated"),
    (bytes([0x15]), "truncated"),
    (bytes([0x15]) + b"\xff" * 11, "longer than 10 bytes"),
    (bytes([0x18, 0x05, 0x61]), "bytes wanted"),
    (bytes([0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x07]), "exceeds the data"),
    (bytes([0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x55]), "exceeds the data"),
    (bytes([0x1E, 0x00]), "unknown compact type 14"),
    (bytes([0x1C]) * 100 + b"\x00" * 101, "nesting deeper"),
    (bytes([0x19, 0x1C]) * 100, "nesting deeper"),
    (bytes([0x1C, 0x18, 0x05, 0x61, 0x00]), "bytes wanted"),
    (bytes([0x1C, 0x15]), "truncated"),
    (bytes([0x19, 0x28, 0x01, 0x61, 0x05, 0x62]), "bytes wanted"),
], ids=["empty", "cut varint", "endless varint", "cut binary", "huge list", "huge map", "bad type",
        "deep structs", "deep lists", "cut binary in a struct", "cut struct", "cut binary in a list"])
@pytest.mark.parametrize("shape", [None, {}], ids=["decoded", "skipped"])
def test_malformed_input_is_a_clear_error(wire: bytes, message: str, shape: dict[int, Any] | None) -> None:
    with pytest.raises(ThriftError, match=message):
        decode_struct(wire, shape=shape)


@pytest.mark.parametrize(("ctype", "value"), [(I8, 128), (I16, 1 << 15), (I32, -(1 << 31) - 1), (I64, 1 << 63)])
def test_out_of_range_integers_are_refused_on_encode(ctype: int, value: int) -> None:
    with pytest.raises(ThriftError, match="does not fit"):
        encode_struct(_s((1, ctype, value)))


# ---------------------------------------------------------------- pyarrow footers


def _table(rows: int, nulls: bool = False) -> pa.Table:
    def maybe(values: list[Any]) -> list[Any]:
        return [None if nulls and i % 3 == 0 else v for i, v in enumerate(values)]
    return pa.table({
        "id": pa.array([f"{i:016x}" for i in range(rows)], pa.string()),
        "kind": pa.array(maybe([["整改", "完成", "推进"][i % 3] for i in range(rows)]), pa.string()),
        "n": pa.array(maybe(list(range(rows))), pa.int64()),
        "x": pa.array(maybe([i / 7 for i in range(rows)]), pa.float64()),
        "d": pa.array(maybe([dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(rows)]), pa.date32()),
        "text": pa.array(maybe(["关于巡察整改进展情况的通报" * (1 + i % 40) for i in range(rows)]), pa.string()),
    }, metadata={b"table_schema": b'{"fields":[{"name":"id"}]}'})


WRITER_SETTINGS: dict[str, dict[str, Any]] = {
    "govpub writer": dict(compression="zstd", use_dictionary=["kind"], write_statistics=True),
    "page index": dict(compression="zstd", write_page_index=True),
    "plain": dict(compression="none", use_dictionary=False),
    "snappy": dict(compression="snappy"),
    "no statistics": dict(write_statistics=False),
    "bloom filter": dict(bloom_filter_options={"id": {"ndv": 100}}),
    "checksums and sorting": dict(write_page_checksum=True, sorting_columns=[pq.SortingColumn(2)]),
    "data page v2": dict(data_page_version="2.0"),
    "many row groups": dict(row_group_size=7, write_page_index=True),
}


@pytest.mark.parametrize("settings", WRITER_SETTINGS.values(), ids=WRITER_SETTINGS.keys())
@pytest.mark.parametrize(("rows", "nulls"), [(0, False), (1, False), (100, False), (100, True)],
                         ids=["empty", "one row", "100 rows", "100 rows with nulls"])
def test_pyarrow_footer_round_trips_to_identical_bytes(settings: dict[str, Any], rows: int, nulls: bool) -> None:
    sink = io.BytesIO()
    pq.write_table(_table(rows, nulls), sink, **settings)
    data = sink.getvalue()
    length = int.from_bytes(data[-8:-4], "little")
    footer = data[-8 - length:-8]
    value, end = decode_struct(footer)
    assert end == length
    assert encode_struct(value) == footer
    assert value.get(3) == rows  # FileMetaData.num_rows: the decode really read the footer
    shaped, end = decode_struct(footer, shape=FOOTER_SHAPE)  # as parquet_concat reads it
    assert end == length
    assert encode_struct(shaped) == footer
