"""Thrift compact-protocol bytes in, generic values out (and back): structs keep every field, known or not."""

from __future__ import annotations

import struct as _struct
from typing import NamedTuple, TypeAlias, TypeVar

# Compact-protocol type ids (the 4-bit nibble of a field header or a list/map header).
# Spec: apache/thrift doc/specs/thrift-compact-protocol.md.
BOOL_TRUE = 1
BOOL_FALSE = 2
I8 = 3
I16 = 4
I32 = 5
I64 = 6
DOUBLE = 7
BINARY = 8
LIST = 9
SET = 10
MAP = 11
STRUCT = 12
UUID = 13

# A deeper nesting than this is a corrupt or hostile footer (Parquet's own nests ~6 levels);
# refusing it keeps a bad file from exhausting the Python stack.
MAX_DEPTH = 64

_T = TypeVar("_T")
_DOUBLE = _struct.Struct("<d")  # compact protocol doubles are little-endian (unlike the binary protocol)


class Field(NamedTuple):
    """One struct field: its id, its compact type id (BOOL_TRUE/BOOL_FALSE for bools) and its value."""

    id: int
    type: int
    value: Value


class ThriftStruct(NamedTuple):
    """A struct (or union, or exception): its fields in wire order."""

    fields: tuple[Field, ...]

    def get(self, field_id: int, default: Value | None = None) -> Value | None:
        for f in self.fields:
            if f.id == field_id:
                return f.value
        return default

    def has(self, field_id: int) -> bool:
        return any(f.id == field_id for f in self.fields)

    def replace(self, field_id: int, value: Value) -> ThriftStruct:
        """The same struct with one existing field's value changed (type and position kept)."""
        if not self.has(field_id):
            raise KeyError(field_id)
        return ThriftStruct(tuple(Field(f.id, f.type, value) if f.id == field_id else f for f in self.fields))

    def without(self, *field_ids: int) -> ThriftStruct:
        return ThriftStruct(tuple(f for f in self.fields if f.id not in field_ids))


class ThriftList(NamedTuple):
    """A list or set: the element type id as written (bool lists may say 1 or 2) and the elements."""

    elem_type: int
    items: tuple[Value, ...]


class ThriftMap(NamedTuple):
    """A map: key and value type ids (0, 0 for an empty map, which carries none) and the pairs in wire order."""

    key_type: int
    value_type: int
    items: tuple[tuple[Value, Value], ...]


Value: TypeAlias = "bool | int | float | bytes | ThriftList | ThriftMap | ThriftStruct"


class ThriftError(ValueError):
    """The bytes are not a well-formed compact-protocol value."""


# ---------------------------------------------------------------- decoding


class _Reader:
    __slots__ = ("buf", "pos", "end")

    def __init__(self, buf: bytes | memoryview, pos: int, end: int) -> None:
        self.buf, self.pos, self.end = buf, pos, end

    def byte(self) -> int:
        if self.pos >= self.end:
            raise ThriftError(f"truncated at byte {self.pos}")
        b = self.buf[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        buf, pos, end = self.buf, self.pos, self.end
        result = shift = 0
        while True:
            if pos >= end:
                raise ThriftError(f"truncated varint at byte {pos}")
            b = buf[pos]
            pos += 1
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                self.pos = pos
                return result
            shift += 7
            if shift >= 70:  # an i64 takes at most 10 bytes
                raise ThriftError(f"varint longer than 10 bytes at byte {self.pos}")

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > self.end:
            raise ThriftError(f"{n} bytes wanted at byte {self.pos}, only {self.end - self.pos} left")
        out = bytes(self.buf[self.pos:self.pos + n])
        self.pos += n
        return out

    def value(self, ctype: int, depth: int) -> Value:
        if ctype == I32 or ctype == I64 or ctype == I16:
            return self.zigzag()
        if ctype == BINARY:
            return self.take(self.varint())
        if ctype == STRUCT:
            return self.struct(depth + 1)
        if ctype == LIST or ctype == SET:
            return self.list(depth + 1)
        if ctype == BOOL_TRUE or ctype == BOOL_FALSE:
            # Only reached for list/set/map elements: a bool element is one byte. The Java and
            # C++ libraries write 1 for true and 2 for false and read "== 1" as true; so do we.
            return self.byte() == BOOL_TRUE
        if ctype == I8:
            b = self.byte()
            return b - 256 if b > 127 else b
        if ctype == DOUBLE:
            return float(_DOUBLE.unpack(self.take(8))[0])
        if ctype == MAP:
            return self.map(depth + 1)
        if ctype == UUID:
            return self.take(16)
        raise ThriftError(f"unknown compact type {ctype} at byte {self.pos}")

    def struct(self, depth: int) -> ThriftStruct:
        if depth > MAX_DEPTH:
            raise ThriftError(f"nesting deeper than {MAX_DEPTH} at byte {self.pos}")
        fields: list[Field] = []
        last = 0
        while True:
            header = self.byte()
            if header == 0:
                return ThriftStruct(tuple(fields))
            ctype, delta = header & 0x0F, header >> 4
            field_id = last + delta if delta else self.zigzag()  # long form: the id follows
            if ctype == BOOL_TRUE or ctype == BOOL_FALSE:
                fields.append(Field(field_id, ctype, ctype == BOOL_TRUE))  # the value is the type nibble
            else:
                fields.append(Field(field_id, ctype, self.value(ctype, depth)))
            last = field_id

    def _size_ok(self, size: int) -> int:
        # Every element takes at least one byte, so a size past the bytes left is a corrupt header
        # (and must not make us allocate a huge tuple).
        if size > self.end - self.pos:
            raise ThriftError(f"container of {size} elements at byte {self.pos} exceeds the data")
        return size

    def list(self, depth: int) -> ThriftList:
        if depth > MAX_DEPTH:
            raise ThriftError(f"nesting deeper than {MAX_DEPTH} at byte {self.pos}")
        header = self.byte()
        etype, size = header & 0x0F, header >> 4
        if size == 15:  # long form: the size follows as a varint
            size = self.varint()
        self._size_ok(size)
        return ThriftList(etype, tuple(self.value(etype, depth) for _ in range(size)))

    def map(self, depth: int) -> ThriftMap:
        if depth > MAX_DEPTH:
            raise ThriftError(f"nesting deeper than {MAX_DEPTH} at byte {self.pos}")
        size = self.varint()
        if size == 0:
            return ThriftMap(0, 0, ())
        types = self.byte()
        ktype, vtype = types >> 4, types & 0x0F
        self._size_ok(size)
        items = tuple((self.value(ktype, depth), self.value(vtype, depth)) for _ in range(size))
        return ThriftMap(ktype, vtype, items)


def decode_struct(buf: bytes | memoryview, pos: int = 0, end: int | None = None) -> tuple[ThriftStruct, int]:
    """The struct starting at buf[pos] and the position just past its stop byte."""
    reader = _Reader(buf, pos, len(buf) if end is None else end)
    return reader.struct(0), reader.pos


# ---------------------------------------------------------------- encoding


def _varint(out: bytearray, n: int) -> None:
    if n < 0:
        raise ThriftError(f"varint of negative {n}")
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _zigzag(out: bytearray, n: int, bits: int) -> None:
    if not -(1 << (bits - 1)) <= n < (1 << (bits - 1)):
        raise ThriftError(f"{n} does not fit in i{bits}")
    _varint(out, (n << 1) ^ (n >> (bits - 1)))


def _expect(value: Value, kind: type[_T], ctype: int) -> _T:
    # bool is an int subclass but never a valid integer field value here.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ThriftError(f"{type(value).__name__} value {value!r:.40} for compact type {ctype}")
    return value


def _encode_value(out: bytearray, ctype: int, value: Value) -> None:
    if ctype == I32 or ctype == I64 or ctype == I16:
        value = _expect(value, int, ctype)
        _zigzag(out, value, 64 if ctype == I64 else 32 if ctype == I32 else 16)
    elif ctype == BINARY or ctype == UUID:
        value = _expect(value, bytes, ctype)
        if ctype == BINARY:
            _varint(out, len(value))
        elif len(value) != 16:
            raise ThriftError(f"uuid of {len(value)} bytes")
        out += value
    elif ctype == STRUCT:
        value = _expect(value, ThriftStruct, ctype)
        _encode_struct(out, value)
    elif ctype == LIST or ctype == SET:
        value = _expect(value, ThriftList, ctype)
        size = len(value.items)
        if size < 15:
            out.append(size << 4 | value.elem_type)
        else:
            out.append(0xF0 | value.elem_type)
            _varint(out, size)
        for item in value.items:
            _encode_value(out, value.elem_type, item)
    elif ctype == BOOL_TRUE or ctype == BOOL_FALSE:
        out.append(BOOL_TRUE if value else BOOL_FALSE)  # element form; field form is in the header
    elif ctype == I8:
        value = _expect(value, int, ctype)
        if not -128 <= value < 128:
            raise ThriftError(f"{value} does not fit in i8")
        out.append(value & 0xFF)
    elif ctype == DOUBLE:
        value = _expect(value, float, ctype)
        out += _DOUBLE.pack(value)
    elif ctype == MAP:
        value = _expect(value, ThriftMap, ctype)
        _varint(out, len(value.items))
        if value.items:
            out.append(value.key_type << 4 | value.value_type)
            for k, v in value.items:
                _encode_value(out, value.key_type, k)
                _encode_value(out, value.value_type, v)
    else:
        raise ThriftError(f"unknown compact type {ctype}")


def _encode_struct(out: bytearray, value: ThriftStruct) -> None:
    last = 0
    for f in value.fields:
        ctype = f.type
        if ctype == BOOL_TRUE or ctype == BOOL_FALSE:
            ctype = BOOL_TRUE if f.value else BOOL_FALSE
        delta = f.id - last
        if 0 < delta <= 15:
            out.append(delta << 4 | ctype)
        else:  # long form: ids out of order, or a jump of more than 15
            out.append(ctype)
            _zigzag(out, f.id, 16)
        if ctype != BOOL_TRUE and ctype != BOOL_FALSE:
            _encode_value(out, ctype, f.value)
        last = f.id
    out.append(0)


def encode_struct(value: ThriftStruct) -> bytes:
    """The compact-protocol bytes of a struct, in its fields' order (short forms wherever they fit)."""
    out = bytearray()
    _encode_struct(out, value)
    return bytes(out)
