"""Raw bytes (and any declared charsets) in, a str and the encoding that produced it out."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass
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
    cleanly, GB18030 (a superset of GBK and GB2312; detectors are weak on short Chinese), then
    charset-normalizer, then a permissive declared charset. Rejects empty and binary input."""
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
            return _checked(Decoded(text, codec), source)
    detected = _detect(data)
    for codec in dict.fromkeys([c for c in (detected,) if c] + codecs_declared):
        text = _try(data, codec)
        if text is not None:
            return _checked(Decoded(text, codec), source)
    raise RejectedInput("cannot decode the text: not UTF-8, UTF-16 with BOM, GB18030/GBK/GB2312, "
                        f"nor a detected or declared encoding ({', '.join(declared) or 'none declared'})",
                        stage="ingest", source=source)


def _checked(decoded: Decoded, source: str) -> Decoded:
    text = decoded.text
    bad = len(NOT_TEXT.findall(text[:DETECT_SAMPLE]))
    if bad * 100 > min(len(text), DETECT_SAMPLE):
        raise RejectedInput(f"binary data, not text ({bad} control characters after decoding as "
                            f"{decoded.encoding})", stage="ingest", source=source)
    return decoded
