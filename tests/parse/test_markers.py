"""Marker candidates: which strings open a heading candidate, at which level, and which must not."""

from __future__ import annotations

import pytest

from govpub.parse.markers import find_candidates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、党工委履行巡察整改主体责任情况", [("一、", 1, 1, True)]),
        ("（一）提高政治站位", [("（一）", 2, 1, True)]),
        ("(一)提高政治站位,扛起政治责任。", [("(一)", 2, 1, True)]),
        ("( 三 )加强", [("( 三 )", 2, 3, True)]),
        ("1.加快推动合作区经济高质量发展。", [("1.", 3, 1, True)]),
        ("1．加快推动", [("1．", 3, 1, True)]),
        ("１．加快推动", [("１．", 3, 1, True)]),
        ("12、健全制度", [("12、", 3, 12, True)]),
        ("1.2024年以来的整改情况", [("1.", 3, 1, True)]),  # a year, not a decimal
        ("2. 2025年工作打算", [("2.", 3, 2, True)]),
        ("（1）完善制度", [("（1）", 4, 1, True)]),
        ("(10)完善制度", [("(10)", 4, 10, True)]),
        ("③建立台账", [("③", 5, 3, True)]),
        ("（十一）关于", [("（十一）", 2, 11, True)]),
        ("二十、附则", [("二十、", 1, 20, True)]),
        ("三．下一步工作打算", [("三．", 1, 3, True)]),  # a common slip for 三、
        ("三.下一步工作打算", [("三.", 1, 3, True)]),
        ("\u3000\u3000一、总体要求", [("一、", 1, 1, True)]),
        ("  2.健全", [("2.", 3, 2, True)]),
        # mid-line: only after a sentence end or a space standing in for a line break
        ("行动自觉。(二)加强组织领导", [("(二)", 2, 2, False)]),
        ("责任情况 (一)提高政治站位", [("(一)", 2, 1, False)]),
        ("发展方面。1.加快推动", [("1.", 3, 1, False)]),
    ],
)
def test_markers_found(text: str, expected: list[tuple[str, int, int, bool]]) -> None:
    assert [(c.marker, c.level, c.ordinal, c.line_start) for c in find_candidates(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "1.5亿元用于乡村振兴",  # a decimal
        "1. 5亿元",  # a decimal with a stray space
        "1.2025万元",  # four digits after the stop, but no 年
        "2024.加强",  # a year with a full stop
        "2024年以来，全区…",  # a year at line start
        "依据第1.2条规定",  # a clause number
        "第一、二季度",  # not at a clause start
        "修订村(社区)“两委”干部管理办法",  # brackets inside a sentence
        "措施如下：（1）建立台账",  # inline enumeration after a colon: a measure, not a heading
        "〔2024〕5号",  # a document number
        "100.0%",
        "１．５万人",
        "三二、不是序号",  # two digits without 十 spell no number
        "十十、不是序号",
    ],
)
def test_not_markers(text: str) -> None:
    assert find_candidates(text) == []
