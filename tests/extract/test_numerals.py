"""numerals: Chinese numeral strings in, values out — held to cn2an's answers where cn2an has one."""

from __future__ import annotations

import pytest

from govpub.extract.halfwidth import fold
from govpub.extract.numerals import cn_int, digits_value, number_value

cn2an = pytest.importorskip("cn2an", reason="cn2an is the reference for Chinese numerals")

AGREED = ["十", "十八", "二十", "二十一", "三十", "三十一", "一百零五", "三千五百", "一千零一", "两万", "十万",
          "一万二千三百", "三亿五千万", "二〇二五", "二零二四", "一九九八", "九"]  # fmt: skip


@pytest.mark.parametrize("numeral", AGREED)
def test_agrees_with_cn2an(numeral: str) -> None:
    assert cn_int(numeral) == cn2an.cn2an(numeral, "normal")


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        # where cn2an raises, we read what the notices mean
        ("二○二五", 2025),  # U+25CB typo for 〇
        ("二O二五", 2025),  # Latin O typo
        ("千", 1000),  # 超千名
        ("百", 100),
        ("万", 10_000),
        ("廿一", 21),
    ],
)
def test_what_cn2an_misses(numeral: str, value: int) -> None:
    assert cn_int(numeral) == value


@pytest.mark.parametrize("bad", ["", "年", "二二十", "abc"])
def test_not_a_numeral(bad: str) -> None:
    with pytest.raises(ValueError):
        cn_int(bad)


def test_digits_value() -> None:
    assert digits_value("二〇二五") == 2025
    assert digits_value("2024") == 2024
    with pytest.raises(ValueError):
        digits_value("二十")


@pytest.mark.parametrize(
    ("written", "value"),
    [("3.2", 3.2), ("1,200", 1200.0), ("三千五百", 3500.0), ("五点五", 5.5), ("五点零五", 5.05)],
)
def test_number_value(written: str, value: float) -> None:
    assert number_value(written) == value


def test_fold_keeps_length_and_offsets() -> None:
    text = "电话：０７５５－２２０９２１７６（转１２３）　邮编５１８２００，"
    folded = fold(text)
    assert folded == "电话:0755-22092176(转123) 邮编518200,"
    assert len(folded) == len(text)
