"""parse(): the section tree of the seed, of its nasty variants and of hand-made edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest
from parse_helpers import doc, width

from govpub.errors import RejectedInput
from govpub.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = (FIXTURES / "000_5e2350e4989e1303.txt").read_text(encoding="utf-8")
GOLD = json.loads((FIXTURES / "gold" / "000_5e2350e4989e1303.json").read_text(encoding="utf-8"))
S2T = opencc.OpenCC("s2t").convert


def _gold_sections(convert=lambda s: s) -> list[tuple[str | None, int, str | None]]:  # type: ignore[no-untyped-def]
    return [(width(convert(s["marker"])), s["level"], width(convert(s["heading"]))) for s in GOLD["sections"]]


def _sections(text: str) -> list[tuple[str | None, int, str | None]]:
    return [(width(s.marker), s.level, width(s.heading)) for s in parse(doc(text)).sections]


def test_seed_equals_gold_exactly() -> None:
    tree = parse(doc(SEED))
    assert [{"marker": s.marker, "level": s.level, "heading": s.heading} for s in tree.sections] == GOLD["sections"]


# Each variant is the seed written differently; the gold must still hold.
VARIANTS = {
    "full-width punctuation": SEED.translate(str.maketrans("(),:;", "（），：；")),
    "U+3000 indentation": "\n".join("\u3000\u3000" + line for line in SEED.split("\n")),
    "space indentation": "\n".join("    " + line for line in SEED.split("\n")),
    "CRLF": SEED.replace("\n", "\r\n"),
    "blank lines between paragraphs": SEED.replace("\n", "\n\n"),
    "line breaks lost, a space instead": SEED.replace("\n", " "),
    "line breaks lost, U+3000 instead": SEED.replace("\n", "\u3000"),
    "furniture around": "首页 > 政务公开\n分享到：\n" + SEED + "\n【打印本页】【关闭窗口】\n版权所有：深汕特别合作区",
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_seed_variants_equal_gold(name: str) -> None:
    assert _sections(VARIANTS[name]) == _gold_sections()


def test_traditional_seed() -> None:
    tree = parse(doc(S2T(SEED)))
    assert [(width(s.marker), s.level, width(s.heading)) for s in tree.sections] == _gold_sections(S2T)


def test_line_breaks_lost_after_sentence_end_only() -> None:
    # Headings that end with "。" survive even without any separator before the next marker.
    text = ("根据市委部署，现将情况公布如下。一、总体情况。我们高度重视。(一)加强领导。成立领导小组。"
            "(二)压实责任。建立清单。二、下一步打算。持续整改。")
    assert _sections(text) == [("一、", 1, "总体情况"), ("（一）", 2, "加强领导"), ("（二）", 2, "压实责任"),
                               ("二、", 1, "下一步打算")]


def test_seed_paths_parents_and_offsets() -> None:
    tree = parse(doc(SEED))
    by_path = {s.path: s for s in tree.sections}
    assert list(by_path) == [s.path for s in tree.sections]  # paths are unique in the seed
    s = by_path["2.3.1"]
    assert (s.marker, s.heading) == ("1.", "坚定不移全面深化改革")
    assert tree.sections[s.parent].path == "2.3"  # type: ignore[index]
    assert tree.sections[tree.sections[s.parent].parent].path == "2"  # type: ignore[index]
    assert by_path["3"].parent is None
    for a, b in zip(tree.sections, tree.sections[1:], strict=False):
        assert a.end == b.start
    for section in tree.sections:
        assert tree.text.startswith(section.marker, section.start)
        assert tree.section_at(section.start) == section
    assert tree.sections[-1].end == len(tree.text)
    assert by_path["1.1"].body.startswith("党工委深入学习贯彻")
    assert by_path["2"].body == ""  # heading line only, its children follow
    assert by_path["2.1"].body.startswith("扎实推进以往反馈问题整改") and by_path["2.1"].body.endswith("有力有效。")


EDGE_CASES = [
    pytest.param(
        "一、总体情况\n2024年以来，全区投入1.5亿元。\n2024.\n依据第1.2条规定。\n1. 5亿元已拨付。\n二、存在问题",
        [("一、", 1, "总体情况", "1"), ("二、", 1, "存在问题", "2")],
        id="numbers that are not markers",
    ),
    pytest.param(
        "（二）关于整改\n正文。",
        [("（二）", 2, "关于整改", "0.2")],
        id="line-start (二) without (一) is still a heading; skipped level 1 counts 0",
    ),
    pytest.param(
        "一、总体\n1.加强领导。正文。\n（1）成立小组。正文。\n①明确分工。正文。",
        [("一、", 1, "总体", "1"), ("1.", 3, "加强领导", "1.0.1"), ("（1）", 4, "成立小组", "1.0.1.1"),
         ("①", 5, "明确分工", "1.0.1.1.1")],
        id="skipped level 2, levels 4 and 5",
    ),
    pytest.param(
        "一、措施\n主要做法如下：（1）建立台账；（2）销号管理。另有（3）项。\n我们的做法。（一）是指导思想。",
        [("一、", 1, "措施", "1")],
        id="inline (1) and mid-line (一) in a normal paragraph are not sections",
    ),
    pytest.param(
        "(一)提高政治站位,扛起政治责任。党工委深入学习。\n(二)加强组织领导。",
        [("(一)", 2, "提高政治站位,扛起政治责任", "0.1"), ("(二)", 2, "加强组织领导", "0.2")],
        id="heading run into its paragraph",
    ),
    pytest.param(
        "\u3000\u3000一、\u3000总体要求：\n\u3000\u3000（一）\u3000加强领导",
        [("一、", 1, "总体要求：", "1"), ("（一）", 2, "加强领导", "1.1")],
        id="U+3000 after the marker; a colon stays in the heading",
    ),
    pytest.param(
        "一、總體情況\n（一）加強組織領導。成立領導小組。\n（二）壓實責任",
        [("一、", 1, "總體情況", "1"), ("（一）", 2, "加強組織領導", "1.1"), ("（二）", 2, "壓實責任", "1.2")],
        id="Traditional Chinese",
    ),
    pytest.param(
        "一、总体\n（一）甲。\n（二）乙。\n二、下一步\n（一）丙",
        [("一、", 1, "总体", "1"), ("（一）", 2, "甲", "1.1"), ("（二）", 2, "乙", "1.2"),
         ("二、", 1, "下一步", "2"), ("（一）", 2, "丙", "2.1")],
        id="ordinals restart under a new parent",
    ),
    pytest.param("没有任何编号的一段话。\n另一段话。", [], id="no numbering at all"),
    pytest.param(
        "一、总体 持续整改。二、下一步 三、不在序列 (二)也不在序列",
        [("一、", 1, "总体", "1"), ("二、", 1, "下一步", "2"), ("三、", 1, "不在序列", "3")],
        id="flattened: out-of-sequence mid-line markers are text",
    ),
]


@pytest.mark.parametrize(("text", "expected"), EDGE_CASES)
def test_edge_cases(text: str, expected: list[tuple[str, int, str, str]]) -> None:
    tree = parse(doc(text))
    assert [(s.marker, s.level, s.heading, s.path) for s in tree.sections] == expected


def test_parent_is_nearest_enclosing_section() -> None:
    tree = parse(doc("一、甲\n1.乙\n（一）丙\n（1）丁\n二、戊"))
    assert [s.parent for s in tree.sections] == [None, 0, 0, 2, None]


def test_furniture_is_in_no_section() -> None:
    text = SEED + "\n手机扫一扫打开当前界面\n分享到：微信 微博"
    tree = parse(doc(text))
    assert "扫一扫" not in tree.text
    assert all("扫一扫" not in s.body and "分享到" not in s.body for s in tree.sections)


@pytest.mark.parametrize("text", ["", "   \n\u3000\n", "手机扫一扫打开当前界面"])
def test_empty_text_is_rejected_with_file_and_stage(text: str) -> None:
    with pytest.raises(RejectedInput) as err:
        parse(doc(text, name="empty.txt"))
    assert err.value.stage == "parse"
    assert "empty.txt" in str(err.value)


def test_pathological_input_does_not_hang() -> None:
    # Long runs of marker-like characters must stay linear (no catastrophic backtracking).
    text = ("一、" * 20000) + "\n" + ("(" * 20000) + "\n" + ("1." * 20000) + "\n" + ("。 " * 20000)
    tree = parse(doc(text))
    assert len(tree.sections) >= 1


def test_section_at() -> None:
    tree = parse(doc("前言。\n一、甲\n正文。\n（一）乙\n正文。"))
    first, second = tree.sections
    assert tree.section_at(0) is None  # before the first heading
    assert tree.section_at(first.start) == first
    assert tree.section_at(second.start - 1) == first
    assert tree.section_at(second.start) == second
    assert tree.section_at(len(tree.text) - 1) == second
    assert tree.section_at(len(tree.text)) is None
    assert parse(doc("没有编号。")).section_at(0) is None
