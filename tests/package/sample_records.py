"""A small realistic report, built by hand (parsing is built elsewhere), and copies of it at scale."""

from __future__ import annotations

import dataclasses
import hashlib

from govpub.config import Agent, DatasetMeta, License
from govpub.records import (
    ContactRow,
    DateRow,
    FigureRow,
    MeasureRow,
    Records,
    Rejected,
    ReportRow,
    SectionRow,
    child_id,
    report_id_for,
)

CREATED = "2026-11-26T12:00:00Z"
SOURCE_URL = "https://www.szss.gov.cn/sstqzjb/gkmlpt/content/example/000_5e2350e4989e1303.html"
TITLE = "中共深圳市深汕特别合作区工作委员会关于七届市委第八轮巡察整改进展情况的通报"

META = DatasetMeta(
    name="inspection-rectification-reports",
    title_zh="巡察整改进展情况公开数据",
    title_en="Inspection rectification progress reports (open data)",
    description_zh="从巡察整改进展情况通报中抽取的章节、整改措施、日期、联系方式和数字。",
    description_en="Sections, rectification measures, dates, contact details and figures.",
    publisher=Agent(name="govpub example publisher", url="https://example.org/govpub", email="opendata@example.org"),
    contact_point=Agent(name="govpub open data desk", email="opendata@example.org"),
    licenses=(License(name="CC-BY-4.0", path="https://creativecommons.org/licenses/by/4.0/",
                      title="Creative Commons Attribution 4.0"),),
    keywords=("巡察整改", "inspection"),
    homepage="https://example.org/govpub",
)


def report_records(source_key: str = SOURCE_URL, *, title: str | None = TITLE) -> Records:
    """One rectification notice: 2 level-1 sections, 3 level-2, 1 level-3; 3 measures; 3 dates; 4 contacts; 3 figures."""
    rid = report_id_for(source_key)
    s = {p: child_id(rid, "s", p) for p in ("1", "1.1", "1.2", "2", "2.1", "2.1.1")}
    sections = (
        SectionRow(s["1"], rid, None, 1, "一、", 1, "1", "党工委履行巡察整改主体责任情况",
                   "党工委坚定扛起巡察整改主体责任,有力有序推进整改工作落实。", 120, 200),
        SectionRow(s["1.1"], rid, s["1"], 2, "(一)", 1, "1.1", "提高政治站位,扛起政治责任",
                   "党工委深入学习贯彻习近平总书记关于巡视工作的重要论述。", 200, 320),
        SectionRow(s["1.2"], rid, s["1"], 2, "(二)", 2, "1.2", "加强组织领导,压紧压实责任",
                   "党工委成立巡察整改工作领导小组,印发实施整改落实方案。", 320, 480),
        SectionRow(s["2"], rid, None, 1, "二、", 2, "2", "巡察整改任务落实情况", "", 480, 500),
        SectionRow(s["2.1"], rid, s["2"], 2, "(一)", 1, "2.1", "关于落实以往巡视巡察、审计发现问题整改方面",
                   "扎实推进以往反馈问题整改,逐一建立整改台账。", 500, 700),
        SectionRow(s["2.1.1"], rid, s["2.1"], 3, "1.", 1, "2.1.1", "持续完善国资监管体系",
                   "推动区属国企财务管理规范化,已完成整改24项。", 700, 800),
    )
    headings = "巡察整改任务落实情况 > 关于落实以往巡视巡察、审计发现问题整改方面"
    measures = (
        MeasureRow(child_id(rid, "m", "1"), rid, s["2.1"], title, "2.1", headings, 1, "一是",
                   "促进一三产业加快发展", "促进一三产业加快发展。建设现代农业产业园,带动34个行政村增收。", 520, 560),
        MeasureRow(child_id(rid, "m", "2"), rid, s["2.1"], title, "2.1", headings, 2, "二是",
                   "加快建设深圳新一代世界一流汽车城核心承载区", "加快建设深圳新一代世界一流汽车城核心承载区。", 560, 600),
        MeasureRow(child_id(rid, "m", "3"), rid, s["2.1"], title, "2.1", headings, 3, "三是",
                   "大力推进招商引资", "大力推进招商引资。区街联动开展招商活动。", 600, 640),
    )
    dates = (
        DateRow(child_id(rid, "d", "1"), rid, None, "2024年4月8日至6月21日", "2024-04-08", "2024-06-21",
                "day", "inspection_period", 7, 22),
        DateRow(child_id(rid, "d", "2"), rid, None, "2024年9月29日", "2024-09-29", None, "day", "feedback", 60, 70),
        DateRow(child_id(rid, "d", "3"), rid, s["2.1"], "2025年9月18日至10月18日", "2025-09-18", "2025-10-18",
                "day", "disclosure_period", 900, 917),
    )
    contacts = (
        ContactRow(child_id(rid, "c", "1"), rid, "phone", "+867552209217", "0755-22092176", "广东省深圳市", 930, 943),
        ContactRow(child_id(rid, "c", "2"), rid, "address", "深圳市深汕特别合作区管委会文贞楼1栋103办公室",
                   "深圳市深汕特别合作区管委会文贞楼1栋103办公室", None, 950, 973),
        ContactRow(child_id(rid, "c", "3"), rid, "postcode", "518200", "518200", None, 979, 985),
        ContactRow(child_id(rid, "c", "4"), rid, "email", "zfhshgzj_xf@szss.gov.cn", "zfhshgzj_xf@szss.gov.cn",
                   None, 991, 1014),
    )
    figures = (
        FigureRow(child_id(rid, "f", "1"), rid, s["2.1.1"], 24.0, "项", "24项", "已完成整改24项", 780, 783),
        FigureRow(child_id(rid, "f", "2"), rid, s["2.1"], 34.0, "个行政村", "34个行政村", "带动34个行政村增收", 540, 546),
        FigureRow(child_id(rid, "f", "3"), rid, s["2.1"], 100.0, "%", "100%", "整改完成率100%", 690, 694),
    )
    report = ReportRow(
        report_id=rid, title=title, title_source="metadata", document_type="rectification_notice",
        issuer="中共深圳市深汕特别合作区工作委员会", publication_date="2025-09-18",
        disclosure_start="2025-09-18", disclosure_end="2025-10-18", inspection_body="市委第六巡察组",
        inspection_round="七届市委第八轮巡察", inspected_body="深汕特别合作区党工委",
        inspection_start="2024-04-08", inspection_end="2024-06-21", feedback_date="2024-09-29",
        source_name=source_key.rsplit("/", 1)[-1], source_uri=source_key,
        source_url=source_key if source_key.startswith("http") else None,
        source_sha256=hashlib.sha256(source_key.encode()).hexdigest(), media_type="text/html",
        encoding="utf-8", retrieved_at="2025-09-20T08:00:00+08:00", language="zh-Hans", char_count=1050,
        section_count=len(sections), measure_count=len(measures), date_count=len(dates),
        contact_count=len(contacts), figure_count=len(figures), parser_version="1",
    )
    return Records(reports=(report,), sections=sections, measures=measures, dates=dates,
                   contacts=contacts, figures=figures)


def two_reports() -> Records:
    """The sample report from its URL and a copy read from a local file without a title."""
    return Records.merge([report_records(), report_records("reports/local-notice.txt", title=None)])


def many_reports(n: int) -> Records:
    """n distinct copies of the sample report (ids from distinct source URLs)."""
    return Records.merge([report_records(f"https://example.gov.cn/notice/{i:06d}.html") for i in range(n)])


def with_report(records: Records, **changes: object) -> Records:
    """The records with the first report row changed."""
    first = dataclasses.replace(records.reports[0], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(records, reports=(first, *records.reports[1:]))


REJECTED = (Rejected("reports/broken.pdf", "ingest", "PDF has no text layer"),)
