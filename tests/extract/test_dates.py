"""find_dates: tables of real date expressions (and things that only look like dates) in, mentions out."""

from __future__ import annotations

import random
from typing import Any

import pytest

from govpub.extract import dates
from govpub.extract.dates import DateMention, find_dates

# A year earlier in the text, so year-less dates have one to take.
PRELUDE = "2020年,"


def _found(text: str) -> list[tuple[str, str, str | None, str]]:
    mentions = find_dates(PRELUDE + text)
    assert mentions[0].text == "2020年"
    return [(m.text, m.start, m.end, m.precision) for m in mentions[1:]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic numerals, single days
        ("2024年9月29日,市委第六巡察组", [("2024年9月29日", "2024-09-29", None, "day")]),
        ("于2024年09月08日召开", [("2024年09月08日", "2024-09-08", None, "day")]),
        ("2024年2月29日", [("2024年2月29日", "2024-02-29", None, "day")]),
        ("2024年5月5号", [("2024年5月5号", "2024-05-05", None, "day")]),
        ("2024年5月5號", [("2024年5月5號", "2024-05-05", None, "day")]),
        # Chinese numerals, with the typos seen in scraped notices
        ("二〇二五年九月十八日", [("二〇二五年九月十八日", "2025-09-18", None, "day")]),
        ("二零二五年九月十八日", [("二零二五年九月十八日", "2025-09-18", None, "day")]),
        ("二○二五年九月十八日", [("二○二五年九月十八日", "2025-09-18", None, "day")]),
        ("二O二五年九月十八日", [("二O二五年九月十八日", "2025-09-18", None, "day")]),
        ("二〇二四年十二月三十一日", [("二〇二四年十二月三十一日", "2024-12-31", None, "day")]),
        ("二〇二四年十月二十一日", [("二〇二四年十月二十一日", "2024-10-21", None, "day")]),
        ("二〇二四年三月三十日", [("二〇二四年三月三十日", "2024-03-30", None, "day")]),
        ("二〇二四年三月廿一日", [("二〇二四年三月廿一日", "2024-03-21", None, "day")]),
        # spaced out, as text extracted from PDFs often is
        ("2025 年 9 月 18 日", [("2025 年 9 月 18 日", "2025-09-18", None, "day")]),
        ("2024 年 4 月 8 日至 6 月 21 日", [("2024 年 4 月 8 日至 6 月 21 日", "2024-04-08", "2024-06-21", "day")]),
        ("2024 年度", [("2024 年度", "2024-01-01", None, "year")]),
        # full-width digits
        ("２０２４年４月８日", [("２０２４年４月８日", "2024-04-08", None, "day")]),
        # ranges, the end omitting year or month, every separator
        ("2024年4月8日至6月21日", [("2024年4月8日至6月21日", "2024-04-08", "2024-06-21", "day")]),
        ("2024年4月8日至21日", [("2024年4月8日至21日", "2024-04-08", "2024-04-21", "day")]),
        ("2024年4月8日—6月21日", [("2024年4月8日—6月21日", "2024-04-08", "2024-06-21", "day")]),
        ("2024年4月8日-6月21日", [("2024年4月8日-6月21日", "2024-04-08", "2024-06-21", "day")]),
        ("2024年4月8日～6月21日", [("2024年4月8日～6月21日", "2024-04-08", "2024-06-21", "day")]),
        ("2024年4月8日―6月21日", [("2024年4月8日―6月21日", "2024-04-08", "2024-06-21", "day")]),
        ("2024年4月8日到6月21日", [("2024年4月8日到6月21日", "2024-04-08", "2024-06-21", "day")]),
        ("自2025年9月18日起至10月18日止", [("2025年9月18日起至10月18日", "2025-09-18", "2025-10-18", "day")]),
        ("２０２４年４月８日－６月２１日", [("２０２４年４月８日－６月２１日", "2024-04-08", "2024-06-21", "day")]),
        ("2024年12月1日至2025年1月31日", [("2024年12月1日至2025年1月31日", "2024-12-01", "2025-01-31", "day")]),
        ("2024年4月至6月", [("2024年4月至6月", "2024-04-01", "2024-06-30", "month")]),
        ("2024年1-6月", [("2024年1-6月", "2024-01-01", "2024-06-30", "month")]),
        ("2023-2025年", [("2023-2025年", "2023-01-01", "2025-12-31", "year")]),
        ("2023年至2025年", [("2023年至2025年", "2023-01-01", "2025-12-31", "year")]),
        # the widest spacing a separator may have: the date still starts within reach of its 年
        ("2023  ——  2025年", [("2023  ——  2025年", "2023-01-01", "2025-12-31", "year")]),
        ("2023  起——  2025 年", [("2023  起——  2025 年", "2023-01-01", "2025-12-31", "year")]),
        ("二〇二三  起——  二〇二五 年", [("二〇二三  起——  二〇二五 年", "2023-01-01", "2025-12-31", "year")]),
        ("11  ——  12月", [("11  ——  12月", "2020-11-01", "2020-12-31", "month")]),
        ("2024年4月8日  至  6月21日", [("2024年4月8日  至  6月21日", "2024-04-08", "2024-06-21", "day")]),
        ("二〇二五年九月十八日至十月十八日", [("二〇二五年九月十八日至十月十八日", "2025-09-18", "2025-10-18", "day")]),
        ("2025-09-18至2025-10-18", [("2025-09-18至2025-10-18", "2025-09-18", "2025-10-18", "day")]),
        # an end before its start is no range: the start stands alone
        (
            "2024年6月21日至4月8日",
            [("2024年6月21日", "2024-06-21", None, "day"), ("4月8日", "2024-04-08", None, "day")],
        ),
        # "至今" is no end date
        ("2024年4月8日至今", [("2024年4月8日", "2024-04-08", None, "day")]),
        # month and year precision
        ("2021年7月", [("2021年7月", "2021-07-01", None, "month")]),
        ("6月份以来", [("6月份", "2020-06-01", None, "month")]),
        ("9月底前完成", [("9月", "2020-09-01", None, "month")]),
        ("2024年以来", [("2024年", "2024-01-01", None, "year")]),
        ("2024年度", [("2024年度", "2024-01-01", None, "year")]),
        ("2024年上半年", [("2024年", "2024-01-01", None, "year")]),
        # xun
        ("2024年9月上旬", [("2024年9月上旬", "2024-09-01", None, "xun")]),
        ("2024年9月中旬", [("2024年9月中旬", "2024-09-11", None, "xun")]),
        ("2024年2月下旬", [("2024年2月下旬", "2024-02-21", None, "xun")]),
        ("2024年9月中旬至下旬", [("2024年9月中旬至下旬", "2024-09-11", "2024-09-30", "xun")]),
        ("2024年9月上旬至中旬", [("2024年9月上旬至中旬", "2024-09-01", "2024-09-20", "xun")]),
        # ISO-like dates in running text
        ("2025-09-18", [("2025-09-18", "2025-09-18", None, "day")]),
        ("2025.09.18", [("2025.09.18", "2025-09-18", None, "day")]),
        ("2025/9/18", [("2025/9/18", "2025-09-18", None, "day")]),
        # year-less: the most recent explicit year before (the PRELUDE's 2020)
        ("9月29日", [("9月29日", "2020-09-29", None, "day")]),
        ("九月十八日", [("九月十八日", "2020-09-18", None, "day")]),
        ("2023年底,3月2日", [("2023年", "2023-01-01", None, "year"), ("3月2日", "2023-03-02", None, "day")]),
    ],
)
def test_date_expressions(text: str, expected: list[tuple[str, str, str | None, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "8:30-12:00",  # clock times
        "14时30分",
        "上午9时至12时",
        "电话:0755-22092176(工作日9:00-12:00,14:00-18:00)",
        "0755-22092176",  # phone numbers
        "13812345678",
        "1.5亿元",  # money and numbers
        "2024.5万",
        "3.2万人",
        "第2024号",  # document numbers
        "深汕办〔2024〕5号",
        "〔2024〕5号文件",
        "2023年2月30日",  # not in the calendar
        "2023年2月29日",
        "2024年4月31日",
        "2024年13月",
        "1.2.3.4",
        "v2024.1.1.7",
        "3个月",
        "2024-05",  # year and month only: as often a number or a code
        "2024.5",
        "今年9月",  # relative: no reference date is read
        "12024年",
        "一是促进一三产业",
    ],
)
def test_not_dates(text: str) -> None:
    assert _found(text) == []


def test_year_less_date_before_any_year_is_skipped() -> None:
    # Nothing to take a year from: the mention is dropped rather than guessed.
    assert find_dates("9月29日召开会议。2024年3月") == [
        DateMention("2024年3月", "2024-03-01", None, "month", "other", 10, 17)
    ]


def test_year_is_the_most_recent_explicit_one() -> None:
    got = find_dates("2023年5月1日开始。2024年3月1日至5月1日检查。6月1日反馈。")
    assert [(m.text, m.start, m.end) for m in got] == [
        ("2023年5月1日", "2023-05-01", None),
        ("2024年3月1日至5月1日", "2024-03-01", "2024-05-01"),
        ("6月1日", "2024-06-01", None),
    ]


def test_offsets_slice_the_text() -> None:
    text = "根据部署，２０２４年４月８日－６月２１日，巡察组开展巡察。二〇二五年九月十八日"
    for m in find_dates(text):
        assert text[m.char_start : m.char_end] == m.text


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        (
            (
                "根据市委统一部署,2024年4月8日至6月21日,市委第六巡察组对深汕特别合作区党工委开展了七届市委第八轮巡察。"
                "2024年9月29日,市委第六巡察组向深汕特别合作区党工委反馈了巡察意见。"
            ),
            ["inspection_period", "feedback"],
        ),
        ("市委第一巡视组于2024年3月1日至5月30日对某局进行了常规巡视。", ["inspection_period"]),
        # one sentence with both: the range is the period, the later date the feedback
        ("2024年4月8日至6月21日,巡察组开展巡察,并于9月29日反馈意见。", ["inspection_period", "feedback"]),
        # a single day in the inspection sentence is not the period
        ("2024年4月8日,巡察组开展巡察。", ["other"]),
        ("公开期限:2025年9月18日至10月18日。", ["disclosure_period"]),
        ("公示期为2025年1月1日至1月7日。", ["disclosure_period"]),
        ("公示时间：2025年1月1日-1月7日", ["disclosure_period"]),
        ("公開期限：2025年1月1日至1月7日", ["disclosure_period"]),
        (
            "2024年4月8日至6月21日，市委第六巡察組對某局開展了常規巡察。2024年9月29日，巡察組向某局反饋了巡察意見。",
            ["inspection_period", "feedback"],
        ),
        ("正文。\n中共某某委员会\n2025年9月18日\n手机扫一扫打开当前界面", ["publication"]),
        ("正文。\n中共某某委员会\n二〇二五年九月十八日", ["publication"]),
        # line breaks lost (text copied from a web page): the date after the signature at the end
        ("反映。 联系电话:0755-22092176。 中共某某委员会 2025年9月18日 手机扫一扫打开当前界面", ["publication"]),
        ("反映。 中共某某委员会 2025年9月18日", ["publication"]),
        # a last date inside a sentence is not one
        ("整改工作将于2025年10月1日前完成", ["other"]),
        ("反映。 中共某某委员会 2025年9月18日 之后还有一句话。", ["other"]),
        # a date alone on a line high up in a long text is not the publication date
        ("2025年9月18日\n" + "正文。\n" * 5, ["other"]),
        ("2024年全区新增企业。", ["other"]),
    ],
)
def test_roles(text: str, roles: list[str]) -> None:
    assert [m.role for m in find_dates(text)] == roles


def test_seed_matches_gold(seed_text: str, seed_gold: dict[str, Any]) -> None:
    got = find_dates(seed_text)
    assert [{"text": m.text, "start": m.start, "end": m.end} for m in got] == seed_gold["dates"]
    by_role = {m.role: m for m in got}
    inspection = seed_gold["inspection"]
    assert (by_role["inspection_period"].start, by_role["inspection_period"].end) == (
        inspection["start"],
        inspection["end"],
    )
    assert by_role["feedback"].start == inspection["feedback_date"]
    assert by_role["publication"].start == seed_gold["publication_date"]
    disclosure = by_role["disclosure_period"]
    assert {"start": disclosure.start, "end": disclosure.end} == seed_gold["disclosure_period"]


def test_same_text_same_answer_and_a_fresh_list(seed_text: str) -> None:
    first = find_dates(seed_text)
    first.clear()  # the cache hands out copies: a caller mutating its list changes nothing
    assert find_dates(seed_text) == find_dates(seed_text) != []


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "年月日至—", "2024年" * 5000, "1" * 50000, "9月29日" * 5000, "二" * 50000, "\ud800", "至" * 50000],
)
def test_nasty_input_terminates_without_error(text: str) -> None:
    for m in find_dates(text):
        assert m.start <= (m.end or m.start)


_FUZZ_TOKENS = [
    "2024", "2025", "二〇二五", "二O二四", "年", "月", "日", "号", "至", "到", "—", "-", "~", ".", "/", " ", "  ",
    "1", "6", "12", "18", "29", "30", "十", "十八", "二十一", "三十", "九", "上旬", "下旬", "份", "底", "度", "起",
    "巡察组", "开展", "巡察", "反馈", "公开期限:", "。", ",", "\n", "第", "元", "8:30", "〔2024〕5号", "0755-22092176",
]  # fmt: skip


def test_searching_near_anchors_finds_what_a_full_scan_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    # With every offset as an anchor, the scan degenerates into trying each position in turn,
    # i.e. a plain scan of the whole text; the real anchors must give the same mentions.
    rng = random.Random(20251118)
    texts = ["".join(rng.choice(_FUZZ_TOKENS) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    anchored = [dates._scan(t) for t in texts]
    monkeypatch.setattr(dates, "_anchors", lambda norm: list(range(len(norm))))
    assert [dates._scan(t) for t in texts] == anchored
