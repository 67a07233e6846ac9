"""Random mixes of marker-like characters, punctuation and line breaks: parse, find_measures and
read_metadata must neither crash nor break their invariants (seeded, so failures reproduce)."""

from __future__ import annotations

import random

import pytest
from parse_helpers import doc

from govpub.extract.measures import find_measures
from govpub.extract.metadata import read_metadata
from govpub.parse import parse

ALPHABET = list("一二三四五六七八九十是、（）()1234567890．.。，：；\n \u3000①②年月日巡察组对开展了反馈关于的通报中共委员会")
ALPHABET += ["一、", "（一）", "(二)", "1.", "（1）", "一是", "二是", "2024年4月8日", "手机扫一扫打开当前界面", "\n"]


@pytest.mark.parametrize("seed", range(40))
def test_random_text_keeps_invariants(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 400)))
    if not text.strip() or text.strip() == "手机扫一扫打开当前界面":
        text += "正文。"
    tree = parse(doc(text))
    previous_end = None
    for s in tree.sections:
        assert tree.text.startswith(s.marker, s.start)
        assert s.start < s.end <= len(tree.text)
        assert previous_end is None or previous_end == s.start
        previous_end = s.end
        assert s.parent is None or tree.sections[s.parent].level < s.level
        assert len(s.path.split(".")) == s.level
        assert "扫一扫" not in s.heading + s.body
    for m in find_measures(tree):
        assert tree.text.startswith(m.marker, m.char_start)
        assert m.char_start < m.char_end <= len(tree.text) and m.text
        assert m.summary == m.text[: len(m.summary)]
    meta = read_metadata(tree, [])
    assert meta.derived_title
