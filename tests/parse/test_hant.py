"""Script detection and the same-length Simplified folding."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from govpub.parse.hant import script_of, to_simplified

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "000_5e2350e4989e1303.txt"


def test_script_of_seed_and_its_traditional_conversion() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert script_of(text) == "zh-Hans"
    assert script_of(opencc.OpenCC("s2t").convert(text)) == "zh-Hant"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("市委第六巡察組對深汕特別合作區黨工委開展了巡察。", "zh-Hant"),
        ("市委第六巡察组对深汕特别合作区党工委开展了巡察。", "zh-Hans"),
        ("", "zh-Hans"),
        ("2025-09-18", "zh-Hans"),
        # one Traditional name quoted in a Simplified paragraph does not flip the script
        ("会议邀请了臺灣同胞代表参加座谈，大家围绕两岸融合发展等议题进行了深入交流和讨论。", "zh-Hans"),
    ],
)
def test_script_of(text: str, script: str) -> None:
    assert script_of(text) == script


def test_to_simplified_keeps_length_and_folds() -> None:
    trad = "市委第六巡察組對深汕特別合作區黨工委開展了七屆市委第八輪巡察"
    simp = to_simplified(trad)
    assert len(simp) == len(trad)
    assert simp == "市委第六巡察组对深汕特别合作区党工委开展了七届市委第八轮巡察"
