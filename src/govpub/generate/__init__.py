"""Generate: a document count and a seed in, a deterministic corpus of realistic reports with gold out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from govpub.generate.compose import compose
from govpub.generate.render import SUFFIX, VARIANTS, render

__all__ = ["generate_corpus", "CorpusInfo"]


@dataclass(frozen=True)
class CorpusInfo:
    documents: int
    bytes: int
    characters: int


def generate_corpus(out: Path, *, docs: int, seed: int = 0, variants: tuple[str, ...] = VARIANTS,
                    min_chars: int = 5_000, max_chars: int = 40_000) -> CorpusInfo:
    """Write `docs` reports into out/, each with a `.meta.json` sidecar and out/gold/NAME.json."""
    (out / "gold").mkdir(parents=True, exist_ok=True)
    total_bytes = total_chars = 0
    for n in range(docs):
        doc_seed = seed * 1_000_003 + n
        # Lengths spread over the range like real notices: many short ones, some long.
        span = max_chars - min_chars
        target = min_chars + (doc_seed * 7919 % 1000) * (doc_seed * 104729 % 1000) * span // 1_000_000
        composed = compose(doc_seed, target_chars=target)
        variant = variants[n % len(variants)]
        data, gold = render(composed, variant)  # type: ignore[arg-type]
        name = f"{n:05d}_{variant}{SUFFIX[variant]}"  # type: ignore[index]
        gold["file"] = name
        (out / name).write_bytes(data)
        sidecar = {**composed.sidecar, "url": f"https://example.gov.cn/xczg/{seed}/{n:05d}.html"}
        (out / f"{name}.meta.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8")
        (out / "gold" / f"{name.rsplit('.', 1)[0]}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        total_bytes += len(data)
        total_chars += sum(len(line) for line in composed.lines)
    return CorpusInfo(documents=docs, bytes=total_bytes, characters=total_chars)
