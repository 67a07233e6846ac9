"""Raw bytes (and any declared charsets) in, a str and the encoding that produced it out."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

from charset_normalizer import from_bytes

from govpub.errors import RejectedInput

# BOMs decide the encoding outright. UTF-32 first: its LE BOM starts with UTF-16's LE BOM.
BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A declared charset is trusted only if it can tell text from garbage: single-byte charsets such
# as ISO-8859-1 decode any bytes at all (a server default of "charset=iso-8859-1" on a GBK page
# would turn it into mojibake), so they are a last resort, after detection.
DISCRIMINATING: Final = frozenset({
    "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp950", "hz",
    "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949", "utf-16", "utf-32",
})

# Characters that do not occur in text: C0 controls other than tab/newline/CR/form feed, and the
# replacement character that a lossy decoder leaves. More than 1 in 100 and it is not text.
NOT_TEXT: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")  # e.g. "\x00\x13" in a ZIP
DETECT_SAMPLE: Final = 1 << 20  # charset-normalizer is slow on big inputs; a sample is enough
# GB2312 level-1 hanzi (the 3,755 most frequent simplified characters) have lead bytes
# 0xB0-0xD7; Big5 level-1 (5,401 frequent traditional characters) 0xA4-0xC6.
GB2312_LEVEL1: Final = range(0xB0, 0xD8)
BIG5_LEVEL1: Final = range(0xA4, 0xC7)
BIG5_SAMPLE: Final = 4_000  # characters looked at to tell GB18030 from Big5
BIG5_MIN_CJK: Final = 20  # fewer CJK characters than this prove nothing
CJK_IDEOGRAPH: Final = re.compile(r"[\u4e00-\u9fff]")  # "巡"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name that decoded the bytes, e.g. "utf-8", "gb18030"


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.strip().strip("'\"")).name
    except (LookupError, ValueError):
        return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str | None:
    best = from_bytes(data[:DETECT_SAMPLE]).best()
    return _codec(best.encoding) if best is not None else None


def decode(data: bytes, *, source: str, declared: Sequence[str] = ()) -> Decoded:
    """Decode strictly, in this order: BOM, UTF-8, a discriminating declared charset that decodes
    cleanly, GB18030 (a superset of GBK and GB2312; detectors are weak on short Chinese) unless
    undeclared text reads far better as Big5, then charset-normalizer, then a permissive declared
    charset. Rejects empty and binary input."""
    if not data:
        raise RejectedInput("the file is empty (0 bytes)", stage="ingest", source=source)
    for bom, codec in BOMS:
        if data.startswith(bom):
            text = _try(data, codec)
            if text is None:
                raise RejectedInput(f"starts with a {codec} byte-order mark but does not decode as {codec}",
                                    stage="ingest", source=source)
            return _checked(Decoded(text, codec), source)
    if b"\x00" in data:
        # No text encoding we accept without a BOM has NUL bytes; binary formats do.
        raise RejectedInput("binary data, not text (contains NUL bytes and no UTF-16 byte-order mark)",
                            stage="ingest", source=source)
    candidates: list[str] = ["utf-8"]
    codecs_declared = [c for c in (_codec(d) for d in declared) if c]
    candidates += [c for c in codecs_declared if c in DISCRIMINATING]
    candidates.append("gb18030")
    for codec in dict.fromkeys(candidates):
        text = _try(data, codec)
        if text is not None:
            if codec == "gb18030" and not codecs_declared:
                return _checked(_gb_or_big5(data, text), source)
            return _checked(Decoded(text, codec), source)
    detected = _detect(data)
    for codec in dict.fromkeys([c for c in (detected,) if c] + codecs_declared):
        text = _try(data, codec)
        if text is not None:
            return _checked(Decoded(text, codec), source)
    raise RejectedInput("cannot decode the text: not UTF-8, UTF-16 with BOM, GB18030/GBK/GB2312, "
                        f"nor a detected or declared encoding ({', '.join(declared) or 'none declared'})",
                        stage="ingest", source=source)


@cache
def _level1(codec: str, leads: range) -> frozenset[str]:
    """The codec's level-1 hanzi, built once from its code table."""
    trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]  # GB2312 uses only the second range
    chars = {bytes((lead, trail)).decode(codec, "ignore") for lead in leads for trail in trails}
    return frozenset(c for c in chars if c)


def _common_share(text: str, codec: str, leads: range) -> float:
    """Share of the sample's CJK characters among the codec's level-1 (most frequent) hanzi."""
    sample = text[:BIG5_SAMPLE]
    cjk = len(CJK_IDEOGRAPH.findall(sample))
    if cjk < BIG5_MIN_CJK:
        return 1.0
    return sum(map(_level1(codec, leads).__contains__, sample)) / cjk


def _gb_or_big5(data: bytes, text: str) -> Decoded:
    """Big5 bytes nearly always decode as GB18030 too, into rare characters (mojibake). Real
    simplified text is >95 % GB2312 level-1 hanzi, Big5 read as GBK about 55 %: below 80 %,
    Big5 wins if it decodes cleanly and its own level-1 share is higher."""
    gb_share = _common_share(text, "gb2312", GB2312_LEVEL1)
    if gb_share >= 0.8:
        return Decoded(text, "gb18030")
    big5 = _try(data, "big5hkscs")
    if big5 is not None and _common_share(big5, "big5", BIG5_LEVEL1) > gb_share:
        return Decoded(big5, "big5hkscs")
    return Decoded(text, "gb18030")


def _checked(decoded: Decoded, source: str) -> Decoded:
    text = decoded.text
    if NOT_TEXT.search(text, 0, DETECT_SAMPLE) is None:  # the usual case, without building a list
        return decoded
    bad = len(NOT_TEXT.findall(text[:DETECT_SAMPLE]))
    if bad * 100 > min(len(text), DETECT_SAMPLE):
        raise RejectedInput(f"binary data, not text ({bad} control characters after decoding as "
                            f"{decoded.encoding})", stage="ingest", source=source)
    return decoded
