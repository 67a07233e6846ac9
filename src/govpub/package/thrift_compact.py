"""Thrift compact-protocol bytes in, generic values out (and back): structs keep every field, known or not."""

from __future__ import annotations

import struct as _struct
from collections.abc import Mapping
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
        for f in self.fields:
            if f.id == field_id:
                return True
        return False

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


class Raw(NamedTuple):
    """A struct, list, set or map left encoded (see decode_struct's `shape`): written back as is."""

    data: bytes


Value: TypeAlias = "bool | int | float | bytes | ThriftList | ThriftMap | ThriftStruct | Raw"
# Which container fields to decode, by field id, each with the shape of its value (None: all of it).
Shape: TypeAlias = "Mapping[int, Shape | None]"


class ThriftError(ValueError):
    """The bytes are not a well-formed compact-protocol value."""


# ---------------------------------------------------------------- decoding

_CONTAINERS = frozenset((STRUCT, LIST, SET, MAP))
_VARINTS = frozenset((I16, I32, I64))


class _Reader:
    """A cursor over one struct's bytes. The hot paths (a struct's fields, skipping) keep the
    position in a local and read bytes by index: a footer of a few hundred parts is ~10^5 fields.
    Reading past the end raises IndexError, which decode_struct turns into a ThriftError."""

    __slots__ = ("buf", "pos")

    def __init__(self, buf: bytes, pos: int) -> None:
        self.buf, self.pos = buf, pos

    def byte(self) -> int:
        b = self.buf[self.pos]
        self.pos += 1
        return b

    def varint(self) -> int:
        buf, pos = self.buf, self.pos
        result = shift = 0
        while True:
            b = buf[pos]
            pos += 1
            result |= (b & 0x7F) << shift
            if b < 0x80:
                self.pos = pos
                return result
            shift += 7
            if shift >= 70:  # an i64 takes at most 10 bytes
                raise ThriftError(f"varint longer than 10 bytes at byte {self.pos}")

    def zigzag(self) -> int:
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def take(self, n: int) -> bytes:
        pos = self.pos
        if pos + n > len(self.buf):
            raise ThriftError(f"{n} bytes wanted at byte {pos}, only {len(self.buf) - pos} left")
        self.pos = pos + n
        return self.buf[pos:pos + n]

    def value(self, ctype: int, depth: int, shape: Shape | None) -> Value:
        if ctype == I32 or ctype == I64 or ctype == I16:
            return self.zigzag()
        if ctype == BINARY:
            return self.take(self.varint())
        if ctype == STRUCT:
            return self.struct(depth + 1, shape)
        if ctype == LIST or ctype == SET:
            return self.list(depth + 1, shape)
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
            return self.map(depth + 1, shape)
        if ctype == UUID:
            return self.take(16)
        raise ThriftError(f"unknown compact type {ctype} at byte {self.pos}")

    def struct(self, depth: int, shape: Shape | None) -> ThriftStruct:
        if depth > MAX_DEPTH:
            raise ThriftError(f"nesting deeper than {MAX_DEPTH} at byte {self.pos}")
        fields: list[Field] = []
        append = fields.append
        buf = self.buf
        pos = self.pos
        last = 0
        while True:
            header = buf[pos]
            pos += 1
            if header == 0:
                self.pos = pos
                return ThriftStruct(tuple(fields))
            ctype, delta = header & 0x0F, header >> 4
            if delta:
                field_id = last + delta
            else:  # long form: the id follows
                self.pos = pos
                field_id = self.zigzag()
                pos = self.pos
            value: Value
            if ctype == I64 or ctype == I32 or ctype == I16:
                b = buf[pos]
                pos += 1
                if b < 0x80:  # most ints fit one byte
                    value = (b >> 1) ^ -(b & 1)
                else:
                    self.pos = pos - 1
                    value = self.zigzag()
                    pos = self.pos
            elif ctype == BOOL_TRUE or ctype == BOOL_FALSE:
                value = ctype == BOOL_TRUE  # the value is the type nibble
            elif shape is None or ctype not in _CONTAINERS:
                self.pos = pos
                value = self.value(ctype, depth, None)
                pos = self.pos
            elif field_id in shape:
                self.pos = pos
                value = self.value(ctype, depth, shape[field_id])
                pos = self.pos
            else:
                self.pos = pos
                self.skip(ctype, depth)
                value = Raw(buf[pos:self.pos])
                pos = self.pos
            append(Field(field_id, ctype, value))
            last = field_id

    def skip(self, ctype: int, depth: int) -> None:
        """Past one value without building it (the same checks as decoding it). Scalars inside
        structs and lists are stepped over inline: this is the hot loop of a shaped decode."""
        if depth > MAX_DEPTH:
            raise ThriftError(f"nesting deeper than {MAX_DEPTH} at byte {self.pos}")
        buf = self.buf
        if ctype == STRUCT:
            pos = self.pos
            while True:
                header = buf[pos]
                pos += 1
                if header == 0:
                    self.pos = pos
                    return
                ftype = header & 0x0F
                if not header >> 4:  # long-form field id
                    while buf[pos] >= 0x80:
                        pos += 1
                    pos += 1
                if ftype in _VARINTS:
                    while buf[pos] >= 0x80:
                        pos += 1
                    pos += 1
                elif ftype == BINARY:
                    self.pos = pos
                    n = self._length(self.varint())  # (not `self.pos += ...`: that reads pos before varint moves it)
                    pos = self.pos + n
                elif ftype != BOOL_TRUE and ftype != BOOL_FALSE:
                    self.pos = pos
                    self.skip(ftype, depth + 1)
                    pos = self.pos
        elif ctype == LIST or ctype == SET:
            header = self.byte()
            etype, size = header & 0x0F, header >> 4
            if size == 15:
                size = self._size_ok(self.varint())
            if etype == BINARY:
                for _ in range(size):
                    n = self._length(self.varint())
                    self.pos += n
            elif etype in _VARINTS:
                for _ in range(size):
                    self.varint()
            else:
                for _ in range(size):
                    self.skip(etype, depth + 1)
        elif ctype in _VARINTS:
            self.varint()
        elif ctype == BINARY:
            n = self._length(self.varint())
            self.pos += n
        elif ctype == MAP:
            size = self.varint()
            if size:
                types = self.byte()
                self._size_ok(size)
                for _ in range(size):
                    self.skip(types >> 4, depth + 1)
                    self.skip(types & 0x0F, depth + 1)
        elif ctype == BOOL_TRUE or ctype == BOOL_FALSE or ctype == I8:
            self.byte()
        elif ctype == DOUBLE or ctype == UUID:
            self.pos += self._length(8 if ctype == DOUBLE else 16)
        else:
            raise ThriftError(f"unknown compact type {ctype} at byte {self.pos}")

    def _length(self, n: int) -> int:
        if self.pos + n > len(self.buf):
            raise ThriftError(f"{n} bytes wanted at byte {self.pos}, only {len(self.buf) - self.pos} left")
        return n

    def _size_ok(self, size: int) -> int:
        # Every element takes at least one byte, so a size past the bytes left is a corrupt header
        # (and must not make us allocate a huge tuple).
        if size > len(self.buf) - self.pos:
            raise ThriftError(f"container of {size} elements at byte {self.pos} exceeds the data")
        return size

    def list(self, depth: int, shape: Shape | None) -> ThriftList:
        if depth > MAX_DEPTH:
            raise ThriftError(f"nesting deeper than {MAX_DEPTH} at byte {self.pos}")
        header = self.byte()
        etype, size = header & 0x0F, header >> 4
        if size == 15:  # long form: the size follows as a varint
            size = self.varint()
        self._size_ok(size)
        value = self.value
        return ThriftList(etype, tuple([value(etype, depth, shape) for _ in range(size)]))

    def map(self, depth: int, shape: Shape | None) -> ThriftMap:
        if depth > MAX_DEPTH:
            raise ThriftError(f"nesting deeper than {MAX_DEPTH} at byte {self.pos}")
        size = self.varint()
        if size == 0:
            return ThriftMap(0, 0, ())
        types = self.byte()
        ktype, vtype = types >> 4, types & 0x0F
        self._size_ok(size)
        items = tuple((self.value(ktype, depth, shape), self.value(vtype, depth, shape)) for _ in range(size))
        return ThriftMap(ktype, vtype, items)


def decode_struct(buf: bytes | bytearray | memoryview, pos: int = 0, end: int | None = None,
                  shape: Shape | None = None) -> tuple[ThriftStruct, int]:
    """The struct starting at buf[pos] (and ending by `end`) and the position just past its stop byte.

    With a `shape`, only the struct, list, set and map fields named in it are decoded (each with
    its own sub-shape, which also applies to a list's elements); every other such field is kept
    as Raw, its exact bytes, which is faster and re-encodes to the same bytes. Scalars are always
    decoded. `shape=None` decodes everything. Byte positions in errors count from `pos`."""
    data = bytes(buf[pos:end])
    reader = _Reader(data, 0)
    try:
        value = reader.struct(0, shape)
    except IndexError:
        raise ThriftError(f"truncated: the struct runs past its {len(data)} bytes") from None
    return value, pos + reader.pos


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
    if type(value) is Raw:
        out += value.data
    elif ctype == I32 or ctype == I64 or ctype == I16:
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
