"""Names found in documents or sources in, names safe to use as one path segment out."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)  # "../a b/c" -> ".._a_b_c"


def safe_stem(name: str, *, max_len: int = 120) -> str:
    """The file name without its last suffix, reduced to one harmless path segment:
    no separators, no leading dots (so never "." or ".."), no control characters."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = _UNSAFE.sub("_", stem).lstrip(".") or "document"
    return stem[:max_len]
