"""Numerals of markers: Chinese, Arabic (full-width too) and circled, and what spells no number."""

from __future__ import annotations

import pytest

from govpub.parse.numerals import cn_to_int, marker_number


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99), ("两", 2), ("一百零五", 105)],
)
def test_cn_to_int(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value


@pytest.mark.parametrize("numeral", ["三二", "十十", "一一", "十十十", "", "是"])
def test_cn_to_int_rejects_what_is_no_numeral(numeral: str) -> None:
    assert cn_to_int(numeral) is None


@pytest.mark.parametrize(("numeral", "value"), [("7", 7), ("１２", 12), ("①", 1), ("⑳", 20), ("十二", 12)])
def test_marker_number(numeral: str, value: int) -> None:
    assert marker_number(numeral) == value
