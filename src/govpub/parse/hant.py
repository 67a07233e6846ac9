"""Text in, its script (zh-Hans / zh-Hant) and a same-length Simplified folding out.

OpenCC's converter is too slow for the hot path (~12 ms for the 6,000-character seed), so
this module reads OpenCC's own character table once (opencc-python-reimplemented ships it)
and uses str.translate: one character in, one character out, so offsets stay valid and a
match found in the folded text slices the original text at the same positions.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import opencc

Script = Literal["zh-Hans", "zh-Hant"]

# Share of the distinct CJK characters that must be Traditional-only for a text to count as
# Traditional. Simplified texts score ~0 (a handful of characters, e.g. 乾/於, are both),
# Traditional ones 0.2–0.35; 0.08 tolerates a quoted Traditional name in Simplified text.
HANT_SHARE = 0.08
SAMPLE_CHARS = 4000  # the script of a document shows in its first pages


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], frozenset[str]]:
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    mapping: dict[str, str] = {}
    simplified: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        first = simp.split(" ")[0]
        simplified.update(simp.split(" "))
        if len(trad) == 1 and len(first) == 1 and first != trad:
            mapping[trad] = first
    table = {ord(k): v for k, v in mapping.items()}
    # Characters that only Traditional text uses: they change under t2s and are no one's
    # Simplified form (乾, 於 … are both, and would misfire on Simplified text).
    only_trad = frozenset(k for k in mapping if k not in simplified)
    return table, only_trad


def to_simplified(text: str) -> str:
    """"巡察組對" -> "巡察组对", same length."""
    return text.translate(_tables()[0])


def script_of(text: str) -> Script:
    """By distinct characters: a set is built at C speed, and a Traditional text shows many
    distinct Traditional-only characters where a Simplified one shows none or a quoted few."""
    chars = set(text[:SAMPLE_CHARS])  # building a set of CJK str objects costs ~170 ns a character
    cjk = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff")
    if not cjk:
        return "zh-Hans"
    trad = len(chars & _tables()[1])
    return "zh-Hant" if trad / cjk > HANT_SHARE else "zh-Hans"
