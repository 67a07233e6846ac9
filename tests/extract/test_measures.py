"""find_measures(): the seed's 48 measures, and the nasty cases of inline enumerations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govpub.extract.measures import find_measures
from govpub.ingest.document import Document, SourceMeta
from govpub.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = (FIXTURES / "000_5e2350e4989e1303.txt").read_text(encoding="utf-8")
GOLD = json.loads((FIXTURES / "gold" / "000_5e2350e4989e1303.json").read_text(encoding="utf-8"))


def _doc(text: str) -> Document:
    return Document(source=SourceMeta(uri="t.txt", name="t.txt"), sha256="0" * 64, media_type="text/plain",
                    encoding="utf-8", text=text)


def _measures(text: str) -> list[tuple[str, int, str, str]]:
    return [(m.marker, m.ordinal, m.summary, m.text) for m in find_measures(parse(_doc(text)))]


def test_seed_equals_gold_exactly() -> None:
    found = find_measures(parse(_doc(SEED)))
    assert [{"marker": m.marker, "text_start": m.text[:12], "summary": m.summary} for m in found] == GOLD["measures"]


def test_seed_offsets_and_ends() -> None:
    tree = parse(_doc(SEED))
    found = find_measures(tree)
    for m in found:
        assert tree.text.startswith(m.marker, m.char_start)
        assert tree.text[m.char_end - len(m.text):m.char_end] == m.text
    first = found[0]
    assert first.ordinal == 1 and first.text.endswith("积极引进第三产业项目。")  # ends where 二是 starts
    last_of_paragraph = found[2]
    assert last_of_paragraph.text.endswith("不断加大对优质产业项目的招引力度。")  # ends at the paragraph's end
    assert "\n" not in last_of_paragraph.text
    assert [m.ordinal for m in found[:7]] == [1, 2, 3, 1, 2, 3, 4]
    # every measure lies inside the section whose body holds it
    section = tree.section_at(first.char_start)
    assert section is not None and section.path == "2.2.1"


CASES = [
    pytest.param(
        "一是加强领导。成立小组。二是压实责任。建立清单。",
        [("一是", 1, "加强领导", "加强领导。成立小组。"), ("二是", 2, "压实责任", "压实责任。建立清单。")],
        id="at paragraph start",
    ),
    pytest.param(
        "我们采取了措施：一是加强领导，二是压实责任；三是强化督导。",
        [("一是", 1, "加强领导", "加强领导"), ("二是", 2, "压实责任", "压实责任"), ("三是", 3, "强化督导", "强化督导。")],
        id="after colon, comma and semicolon; no 。 inside an item",
    ),
    pytest.param(
        "这就是问题所在，也是难点。问题还是存在，正是如此。我们都是党员，但是仍需努力，而是要实干。"
        "总是如此，更是如此，若是如此，凡是如此，于是如此，要是如此，只是如此，或是如此，可是如此，即是如此。",
        [],
        id="就是 也是 还是 正是 都是 但是 而是 总是 更是 若是 凡是 于是 要是 只是 或是 可是 即是",
    ),
    pytest.param("坚持全区统一是关键。唯一是指标准。其一是方向。", [], id="numeral glued to a word"),
    pytest.param("工作中，三是关键。", [], id="三是 without 一是 and 二是 is no enumeration"),
    pytest.param("措施：一是。二是完善制度。", [("二是", 2, "完善制度", "完善制度。")], id="an empty item is dropped"),
    pytest.param(
        "主要做法如下：（1）建立台账；（2）销号管理。(3)定期通报。",
        [("（1）", 1, "建立台账", "建立台账"), ("（2）", 2, "销号管理", "销号管理。"), ("(3)", 3, "定期通报", "定期通报。")],
        id="inline (1)(2) inside a paragraph",
    ),
    pytest.param(
        "修订村(社区)“两委”干部管理办法，完善(2)号文件。",
        [],
        id="brackets inside a sentence are no enumeration",
    ),
    pytest.param(
        "一、总体\n一是加强领导。\n二是压实责任。\n二、下一步\n二是不接续。",
        [("一是", 1, "加强领导", "加强领导。"), ("二是", 2, "压实责任", "压实责任。")],
        id="one item per line; a new section restarts the sequence",
    ),
    pytest.param(
        "1.加强领导。一是成立小组。二是明确分工。",
        [("一是", 1, "成立小组", "成立小组。"), ("二是", 2, "明确分工", "明确分工。")],
        id="after a heading that ends with 。",
    ),
    pytest.param(
        "一是 加强领导。二是\u3000压实责任。",
        [("一是", 1, "加强领导", "加强领导。"), ("二是", 2, "压实责任", "压实责任。")],
        id="spaces after the marker are not text",
    ),
    pytest.param(
        "一是加強領導。成立小組。二是壓實責任。",
        [("一是", 1, "加強領導", "加強領導。成立小組。"), ("二是", 2, "壓實責任", "壓實責任。")],
        id="Traditional Chinese",
    ),
    pytest.param(
        "一是甲。二是乙。三是丙。四是丁。五是戊。六是己。七是庚。八是辛。九是壬。十是癸。十一是子。",
        [(f"{n}是", i, s, s + "。") for i, (n, s) in enumerate(
            zip(["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"], "甲乙丙丁戊己庚辛壬癸子", strict=False), start=1)],
        id="ten and beyond",
    ),
    pytest.param(
        "工作中，一是一，二是二，这是原则。",
        [("一是", 1, "一", "一"), ("二是", 2, "二，这是原则", "二，这是原则。")],
        id="the idiom 一是一、二是二 reads as an enumeration (documented limitation)",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_cases(text: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert _measures(text) == expected


def test_line_start_paren_is_a_section_not_a_measure() -> None:
    tree = parse(_doc("一、总体\n（1）成立小组。\n（2）明确分工。"))
    assert [s.marker for s in tree.sections] == ["一、", "（1）", "（2）"]
    assert find_measures(tree) == []


def test_furniture_is_in_no_measure() -> None:
    text = "一是加强领导。\n手机扫一扫打开当前界面\n二是压实责任。手机扫一扫打开当前界面"
    found = find_measures(parse(_doc(text)))
    assert [m.marker for m in found] == ["一是", "二是"]
    assert all("扫一扫" not in m.text and "扫一扫" not in m.summary for m in found)
