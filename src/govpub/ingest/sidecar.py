"""A sidecar `<file>.meta.json` (bytes) in, the SourceMeta fields it sets out (url, title, publisher, retrieved_at)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Final

from govpub.errors import RejectedInput
from govpub.ingest.document import SourceMeta

KEYS: Final = ("url", "title", "publisher", "retrieved_at")
MAX_SIDECAR_BYTES: Final = 1 << 20  # a sidecar is a few hundred bytes; anything huge is a mistake


def parse_sidecar(data: bytes, *, source: str) -> dict[str, str]:
    """Validated fields of a sidecar; unknown keys are ignored, wrong values are rejected."""
    if len(data) > MAX_SIDECAR_BYTES:
        raise RejectedInput(f"sidecar is larger than {MAX_SIDECAR_BYTES} bytes", stage="discover", source=source)
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RejectedInput(f"sidecar is not valid UTF-8 JSON ({exc})", stage="discover", source=source) from None
    if not isinstance(raw, dict):
        raise RejectedInput("sidecar must hold a JSON object with url/title/publisher/retrieved_at",
                            stage="discover", source=source)
    fields: dict[str, str] = {}
    for key in KEYS:
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise RejectedInput(f"sidecar key {key!r} must be a string, not {type(value).__name__}",
                                stage="discover", source=source)
        value = value.strip()
        if not value:
            continue
        if key == "url" and not value.lower().startswith(("http://", "https://")):
            raise RejectedInput(f"sidecar url {value!r} must be an http(s) URL", stage="discover", source=source)
        if key == "retrieved_at":
            try:
                datetime.fromisoformat(value)  # 3.11 reads "Z" too
            except ValueError:
                raise RejectedInput(f"sidecar retrieved_at {value!r} is not an ISO 8601 date-time",
                                    stage="discover", source=source) from None
        fields[key] = value
    return fields


def merge(meta: SourceMeta, fields: dict[str, str]) -> SourceMeta:
    return replace(meta, **{k: v for k, v in fields.items() if k in KEYS})
