"""read_metadata(): the seed's report fields, and tables of titles, signatures, inspections, types."""

from __future__ import annotations

import json
from pathlib import Path

import opencc
import pytest

from govpub.extract.dates import DateMention
from govpub.extract.metadata import read_metadata
from govpub.ingest.document import Document, SourceMeta
from govpub.parse import parse
from govpub.parse.tree import ReportTree
from govpub.records import DateRole

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = (FIXTURES / "000_5e2350e4989e1303.txt").read_text(encoding="utf-8")
GOLD = json.loads((FIXTURES / "gold" / "000_5e2350e4989e1303.json").read_text(encoding="utf-8"))
SEED_TITLE = "中共深圳市深汕特别合作区工作委员会关于七届市委第八轮巡察整改进展情况的通报"


def _tree(text: str, *, title: str | None = None, title_hint: str | None = None) -> ReportTree:
    return parse(Document(source=SourceMeta(uri="t.txt", name="t.txt", title=title), sha256="0" * 64,
                          media_type="text/plain", encoding="utf-8", text=text, title_hint=title_hint))


def _mention(tree: ReportTree, written: str, start: str, end: str | None = None, role: DateRole = "other",
             last: bool = False) -> DateMention:
    at = tree.text.rfind(written) if last else tree.text.find(written)
    assert at >= 0, written
    return DateMention(text=written, start=start, end=end, precision="day", role=role,
                       char_start=at, char_end=at + len(written))


def _seed_dates(tree: ReportTree, *, roles: bool) -> list[DateMention]:
    return [
        _mention(tree, "2024年4月8日至6月21日", "2024-04-08", "2024-06-21", "inspection_period" if roles else "other"),
        _mention(tree, "2024年9月29日", "2024-09-29", role="feedback" if roles else "other"),
        _mention(tree, "2025年9月18日至10月18日", "2025-09-18", "2025-10-18",
                 "disclosure_period" if roles else "other"),
        _mention(tree, "2025年9月18日", "2025-09-18", role="publication" if roles else "other", last=True),
    ]


@pytest.mark.parametrize("roles", [True, False], ids=["with date roles", "roles missing: own fallbacks"])
def test_seed_equals_gold(roles: bool) -> None:
    tree = _tree(SEED, title=SEED_TITLE)
    meta = read_metadata(tree, _seed_dates(tree, roles=roles))
    inspection = GOLD["inspection"]
    assert meta.title is None and GOLD["title"] is None  # the seed's text has no title line
    assert (meta.title_source, meta.derived_title) == ("metadata", SEED_TITLE)
    assert meta.issuer == GOLD["issuer"]
    assert meta.publication_date == GOLD["publication_date"]
    assert {"start": meta.disclosure_start, "end": meta.disclosure_end} == GOLD["disclosure_period"]
    assert (meta.inspection_body, meta.inspection_round, meta.inspected_body) == (
        inspection["body"], inspection["round"], inspection["inspected_body"])
    assert (meta.inspection_start, meta.inspection_end, meta.feedback_date) == (
        inspection["start"], inspection["end"], inspection["feedback_date"])
    assert meta.document_type == "rectification_notice"
    assert meta.language == "zh-Hans"


def test_seed_without_any_dates_finds_the_signature_date_itself() -> None:
    meta = read_metadata(_tree(SEED), [])
    assert meta.publication_date == "2025-09-18"
    assert meta.title_source == "derived"
    assert meta.derived_title == "深汕特别合作区党工委关于七届市委第八轮巡察整改进展情况的通报"


def test_traditional_seed() -> None:
    s2t = opencc.OpenCC("s2t").convert
    tree = _tree(s2t(SEED))
    meta = read_metadata(tree, [])
    assert meta.language == "zh-Hant"
    assert meta.issuer == s2t(GOLD["issuer"])
    assert (meta.inspection_body, meta.inspection_round, meta.inspected_body) == (
        "市委第六巡察組", "七屆市委第八輪巡察", "深汕特別合作區黨工委")
    assert meta.publication_date == "2025-09-18"
    assert meta.document_type == "rectification_notice"


BODY = "根据工作安排，现将有关情况通报如下。\n一、总体情况\n正文。\n"


@pytest.mark.parametrize(
    ("text", "hint", "title", "source"),
    [
        pytest.param("关于七届市委第八轮巡察整改进展情况的通报\n" + BODY, None,
                     "关于七届市委第八轮巡察整改进展情况的通报", "document", id="one line"),
        pytest.param("中共龙溪县委员会关于\n县委第二巡察组巡察反馈意见整改进展情况的通报\n" + BODY, None,
                     "中共龙溪县委员会关于县委第二巡察组巡察反馈意见整改进展情况的通报", "document",
                     id="split over two lines"),
        pytest.param("\u3000\u3000关于做好2025年防汛工作的通知\n\n" + BODY, None,
                     "关于做好2025年防汛工作的通知", "document", id="indented, blank line after"),
        pytest.param("龙溪县人民政府文件\n龙府〔2025〕12号\n龙溪县人民政府关于印发实施方案的通知\n" + BODY, None,
                     "龙溪县人民政府关于印发实施方案的通知", "document", id="red header and document number"),
        pytest.param("2024年政府工作报告\n" + BODY, None, "2024年政府工作报告", "document", id="work report"),
        pytest.param("關於巡察整改進展情況的通報\n" + BODY, None, "關於巡察整改進展情況的通報", "document",
                     id="Traditional"),
        pytest.param(BODY, "关于巡察整改进展情况的通报", "关于巡察整改进展情况的通报", "html", id="HTML h1"),
        pytest.param("各区人民政府，各有关单位：\n" + BODY, None, None, "derived", id="salutation is no title"),
        pytest.param("一、总体情况\n正文。", None, None, "derived", id="starts with a heading"),
        pytest.param("深汕特别合作区\n" + BODY, None, None, "derived", id="a place name is no title"),
    ],
)
def test_title(text: str, hint: str | None, title: str | None, source: str) -> None:
    meta = read_metadata(_tree(text, title_hint=hint), [])
    assert (meta.title, meta.title_source) == (title, source)
    assert meta.derived_title == (title if title is not None else meta.derived_title)
    assert meta.derived_title  # always something to show


ENDING = "欢迎监督。如有意见建议，请及时向我们反映。\n联系电话：0755-22092176。\n"


@pytest.mark.parametrize(
    ("tail", "issuer", "date"),
    [
        pytest.param("中共深圳市深汕特别合作区工作委员会\n2025年9月18日", "中共深圳市深汕特别合作区工作委员会",
                     "2025-09-18", id="seed form"),
        pytest.param("\u3000\u3000中共龙溪县自然资源局党组\n\u3000\u3000二〇二五年九月十九日\n",
                     "中共龙溪县自然资源局党组", "2025-09-19", id="Chinese numerals, indented"),
        pytest.param("中共龙溪县委巡察办\n龙溪县纪委监委\n2025年1月2日", "中共龙溪县委巡察办 龙溪县纪委监委",
                     "2025-01-02", id="two issuers"),
        pytest.param("龙溪县人民政府\u3000\u30002025年9月18日", "龙溪县人民政府", "2025-09-18",
                     id="issuer and date on one line"),
        pytest.param("龙溪县人民政府\n2025年9月18日\n（此件公开发布）", "龙溪县人民政府", "2025-09-18",
                     id="a note after the date"),
        pytest.param("龙溪县人民政府", "龙溪县人民政府", None, id="no date"),
        pytest.param("联系时间：2025年9月18日", None, None, id="a labelled date is no signature"),
        pytest.param("龙溪县人民政府\n2025年2月30日", "龙溪县人民政府", None, id="an impossible date"),
        pytest.param("", None, None, id="no signature"),
        pytest.param("特此通知\n龙溪县人民政府\n2025年9月18日", "龙溪县人民政府", "2025-09-18",
                     id="a closing formula without 。 is no issuer"),
    ],
)
def test_signature(tail: str, issuer: str | None, date: str | None) -> None:
    meta = read_metadata(_tree("一、总体\n" + ENDING + tail), [])
    assert (meta.issuer, meta.publication_date) == (issuer, date)


@pytest.mark.parametrize(
    ("opening", "body", "round_", "inspected"),
    [
        pytest.param("根据市委统一部署，2024年4月8日至6月21日，市委第六巡察组对深汕特别合作区党工委开展了七届市委第八轮巡察。",
                     "市委第六巡察组", "七届市委第八轮巡察", "深汕特别合作区党工委", id="seed"),
        pytest.param("根据省委统一部署，省委第三巡视组于2024年3月至5月对省交通运输厅党组进行了常规巡视。",
                     "省委第三巡视组", "常规巡视", "省交通运输厅党组", id="于…对…进行了"),
        pytest.param("根据十五届县委第七轮巡察工作安排，县委第二巡察组对县自然资源局党组开展了巡察。",
                     "县委第二巡察组", "十五届县委第七轮巡察", "县自然资源局党组", id="round named in the plan"),
        pytest.param("市委第一巡察组进驻市城投集团党委开展了为期两个月的专项巡察。",
                     "市委第一巡察组", "专项巡察", "市城投集团党委", id="进驻, 为期…的"),
        pytest.param("2024年9月29日，校党委第二巡察组向化学学院党委反馈了巡察意见。",
                     None, None, "化学学院党委", id="only the feedback sentence"),
        pytest.param("现将2024年工作情况报告如下。", None, None, None, id="no inspection"),
    ],
)
def test_inspection_fields(opening: str, body: str | None, round_: str | None, inspected: str | None) -> None:
    meta = read_metadata(_tree(opening + "\n一、总体情况\n正文。"), [])
    assert (meta.inspection_body, meta.inspection_round, meta.inspected_body) == (body, round_, inspected)


def test_disclosure_fallback_needs_the_label() -> None:
    tree = _tree("一、总体\n会议于2025年9月1日至9月3日召开。\n公示期：2025年9月18日至10月18日。")
    dates = [_mention(tree, "2025年9月1日至9月3日", "2025-09-01", "2025-09-03"),
             _mention(tree, "2025年9月18日至10月18日", "2025-09-18", "2025-10-18")]
    meta = read_metadata(tree, dates)
    assert (meta.disclosure_start, meta.disclosure_end) == ("2025-09-18", "2025-10-18")
    assert read_metadata(tree, dates[:1]).disclosure_start is None


@pytest.mark.parametrize(
    ("title", "opening", "kind"),
    [
        ("关于七届市委第八轮巡察整改进展情况的通报", "", "rectification_notice"),
        ("关于巡视整改进展情况的通报", "", "rectification_notice"),
        ("2024年政府工作报告", "", "work_report"),
        ("关于做好防汛工作的通知", "", "notice"),
        ("关于表彰先进集体的通报", "", "notice"),
        (None, "市委第六巡察组对党工委开展了巡察。现将巡察整改进展情况予以公布。", "rectification_notice"),
        (None, "现将有关事项公告如下。", "other"),
    ],
)
def test_document_type(title: str | None, opening: str, kind: str) -> None:
    text = (title + "\n" if title else "") + (opening or "正文。") + "\n一、总体\n正文。"
    assert read_metadata(_tree(text), []).document_type == kind


def test_furniture_is_in_no_field() -> None:
    text = "首页 > 信息公开\n" + SEED.rstrip("\n") + "\n手机扫一扫打开当前界面\n分享到：微信"
    meta = read_metadata(_tree(text), [])
    values = [v for v in vars(meta).values() if isinstance(v, str)]
    assert not any("扫一扫" in v or "分享到" in v or "首页" in v for v in values)
    assert meta.issuer == GOLD["issuer"]


@pytest.mark.parametrize("role", ["other", "feedback"])
def test_a_notice_about_inspections_has_no_inspection_dates(role: DateRole) -> None:
    tree = _tree("关于开展巡察整改落实情况专项监督检查的通知\n各县（市、区）委巡察办：\n"
                 "为推动巡察反馈问题真改实改，决定于2025年10月27日至11月28日开展专项监督检查。\n一、检查范围\n正文。")
    meta = read_metadata(tree, [_mention(tree, "2025年10月27日至11月28日", "2025-10-27", "2025-11-28", role)])
    assert (meta.inspection_start, meta.inspection_end, meta.feedback_date) == (None, None, None)
    assert meta.document_type == "notice"


def test_fallback_dates_need_the_team_or_feedback_after_them() -> None:
    tree = _tree("2024年3月1日至5月1日，市委第六巡察组对区党工委开展了七届市委第八轮巡察。"
                 "2024年6月1日召开会议。2024年9月29日，巡察组向区党工委反馈了巡察意见。\n一、总体\n正文。")
    dates = [_mention(tree, "2024年3月1日至5月1日", "2024-03-01", "2024-05-01"),
             _mention(tree, "2024年6月1日", "2024-06-01"),
             _mention(tree, "2024年9月29日", "2024-09-29")]
    meta = read_metadata(tree, dates)
    assert (meta.inspection_start, meta.inspection_end, meta.feedback_date) == ("2024-03-01", "2024-05-01", "2024-09-29")


def test_a_long_list_of_short_lines_at_the_top_stays_fast_and_is_no_title() -> None:
    text = "\n".join(f"第{n}项 事项名称" for n in range(5000)) + "\n一、总体\n正文。"
    meta = read_metadata(_tree(text), [])  # a cubic search here would not finish
    assert meta.title is None
