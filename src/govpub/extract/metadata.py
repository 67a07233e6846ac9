"""A ReportTree and its DateMentions in, the report-level fields out (ReportMeta).

Title, issuer, publication date, disclosure period, document type, language and the
inspection fields of a rectification notice. Patterns run on a same-length Simplified
folding of the text (parse.hant), so Traditional documents match and values are sliced
from the text as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from govpub.extract.dates import DateMention
from govpub.parse.hant import script_of, to_simplified
from govpub.parse.numerals import cn_to_int
from govpub.parse.tree import ReportTree
from govpub.records import DocumentType


@dataclass(frozen=True)
class ReportMeta:
    title: str | None  # the document's own title (lines joined) or the HTML <h1>; None if it has none
    title_source: Literal["metadata", "document", "html", "derived"]
    derived_title: str  # what to show when title is None: source metadata title, else derived
    document_type: DocumentType
    issuer: str | None  # signature block
    publication_date: str | None  # date under the signature, ISO
    disclosure_start: str | None
    disclosure_end: str | None
    inspection_body: str | None  # 市委第六巡察组
    inspection_round: str | None  # 七届市委第八轮巡察
    inspected_body: str | None  # 深汕特别合作区党工委
    inspection_start: str | None
    inspection_end: str | None
    feedback_date: str | None
    language: Literal["zh-Hans", "zh-Hant"]


_SP = " \t\u3000"
END_PUNCT = tuple("。；;：:，,！？!?…、")
MAX_TITLE_LINE = 60
MAX_TITLE_BLOCK = 6  # a title spans at most a few lines; this also bounds the search below
# "关于七届市委第八轮巡察整改进展情况的通报", "2024年政府工作报告" (on the Simplified folding)
TITLE = re.compile(r"^.{2,120}(?:通报|情况|报告|通知|公告|公示|意见|决定|方案|总结|说明|决议|批复|纪要|讲话|办法|规定|细则|要点|计划|函)$")
# Red-header lines above a title: "深汕特别合作区文件", "深汕党工〔2025〕12号"
DOC_NUMBER = re.compile(r"(?:〔\d{4}〕|\[\d{4}\]|［\d{4}］|﹝\d{4}﹞).{0,6}号$|文件$")
_Y = r"(?:\d{4}|[0-9０-９]{4}|[〇零○O一二三四五六七八九]{4})"
_MD = r"(?:\d{1,2}|[０-９]{1,2}|[一二三四五六七八九十]{1,3})"
# The date under a signature: "2025年9月18日", "二〇二五年九月十八日", "2025-09-18"
SIGNATURE_DATE = re.compile(
    rf"(?P<y>{_Y})[{_SP}]*年[{_SP}]*(?P<m>{_MD})[{_SP}]*月[{_SP}]*(?P<d>{_MD})[{_SP}]*日"
    r"|(?P<iy>\d{4})[-./](?P<im>\d{1,2})[-./](?P<id>\d{1,2})"
)
DATE_LINE = re.compile(rf"[{_SP}]*(?P<org>.*?)[{_SP}]*(?P<date>{SIGNATURE_DATE.pattern})[{_SP}]*")  # used with fullmatch
MAX_SIGNATURE_LINE = 40
SIGNATURE_LOOKBACK = 4  # lines after the date that may still follow it: （此件公开发布）, 附件
# Closing formulas and notes that stand where a signature could: "特此通知", "（此件公开发布）"
NOT_SIGNATURE = re.compile(r"特此|此页无正文|[（(]此件|附件")
# An organisation name at the end of a text without a date: "中共深圳市深汕特别合作区工作委员会"
ORG_SUFFIX = re.compile(r"(?:委员会|党委|党组|工委|政府|办公室|办公厅|局|厅|委|组|部|院|办|中心|公司|集团|大学|学院|学校|"
                        r"医院|支部|总支|街道|镇|乡|社区|协会|联合会|监委)$")
DISCLOSURE_LABEL = re.compile(r"(?:公开期限|公示期限|公示期|公示时间|公开时间|公开期)[为是]?[:：]?")  # 公开期限:2025年9月18日至…
DISCLOSURE_WINDOW = 12  # characters between the label and its date

_ORG = r"[^\s，,。；;：:、“”\"（()）0-9０-９]"  # characters of an organisation's name
# "市委第六巡察组对深汕特别合作区党工委开展了七届市委第八轮巡察"
INSPECTION = re.compile(
    rf"(?P<body>{_ORG}{{2,30}}?巡[察视](?:工作)?组)[^。；;]{{0,40}}?(?:对|进驻)"
    rf"(?P<inspected>{_ORG}{{2,40}}?)(?:开展|进行|实施)了?(?P<round>[^，,。；;]{{0,30}}?巡[察视])"
)
# "市委第六巡察组向深汕特别合作区党工委反馈了巡察意见"
FEEDBACK_TO = re.compile(rf"巡[察视](?:工作)?组[^。；;]{{0,20}}?向(?P<inspected>{_ORG}{{2,40}}?)(?:集中)?(?:进行了?)?反馈")
# "根据七届市委第八轮巡察工作安排" -> 七届市委第八轮巡察
ROUND_BY_PLAN = re.compile(rf"根据(?P<round>{_ORG}{{0,30}}?[轮届]{_ORG}{{0,10}}?巡[察视])(?:工作)?的?(?:统一)?(?:部署|安排)")
_ROUND_FILLER = re.compile(r"为期.{1,12}?的")  # "为期两个月的常规巡察" -> 常规巡察
_PLAN_PREFIX = re.compile(r".*?(?:部署|安排|要求)")  # "根据市委统一部署市委第六巡察组" -> 市委第六巡察组
INSPECTION_TEAM = re.compile(r"巡[察视](?:工作)?组")  # 市委第六巡察组
RECTIFICATION = re.compile(r"巡[察视].{0,30}?整改|整改.{0,30}?巡[察视]")  # 巡察整改进展情况
OPENING_CHARS = 1500


def read_metadata(tree: ReportTree, dates: Sequence[DateMention]) -> ReportMeta:
    text = tree.text
    language = script_of(text)
    fold = to_simplified(text) if language == "zh-Hant" else text
    lines = _lines(text)
    first_section = tree.sections[0].start if tree.sections else len(text)

    title = _title(text, fold, lines, first_section)
    title_source: Literal["metadata", "document", "html", "derived"] = "document"
    if title is None and tree.document.title_hint and tree.document.title_hint.strip():
        title, title_source = tree.document.title_hint.strip(), "html"

    opening_end = first_section if tree.sections else min(len(text), OPENING_CHARS)
    if opening_end == 0:
        opening_end = min(len(text), OPENING_CHARS)
    body, round_, inspected = _inspection(text, fold, 0, min(opening_end, OPENING_CHARS))

    issuer, date_span = _signature(text, lines)
    publication = _publication(text, dates, date_span)
    disclosure = _disclosure(fold, dates)
    # Inspection dates belong to a document that names an inspection; a notice that merely
    # mentions 巡察 and 反馈 has none, whatever a date's role guess says.
    period = feedback = None
    if body or inspected:
        period = _role(dates, "inspection_period") or _inspection_period(fold, dates, opening_end)
        feedback = _role(dates, "feedback") or _feedback(fold, dates, opening_end)

    if title is not None:
        derived = title
    elif tree.document.source.title:
        derived, title_source = tree.document.source.title, "metadata"
    else:
        derived = _derive_title(text, inspected, round_, tree.document.source.name, language)
        title_source = "derived"
    return ReportMeta(
        title=title,
        title_source=title_source,
        derived_title=derived,
        document_type=_document_type(to_simplified(derived), fold[:opening_end or OPENING_CHARS]),
        issuer=issuer,
        publication_date=publication,
        disclosure_start=disclosure.start if disclosure else None,
        disclosure_end=disclosure.end if disclosure else None,
        inspection_body=body,
        inspection_round=round_,
        inspected_body=inspected,
        inspection_start=period.start if period else None,
        inspection_end=period.end if period else None,
        feedback_date=feedback.start if feedback else None,
        language=language,
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, blank lines included."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _title(text: str, fold: str, lines: list[tuple[int, int]], first_section: int) -> str | None:
    """Joined title lines before the first paragraph: unpunctuated, short, reading like a title."""
    block: list[tuple[int, int]] = []
    for start, end in lines:
        line = text[start:end].strip(_SP)
        if start >= first_section:
            break
        if not line:
            continue
        if line.endswith(END_PUNCT) or len(line) > MAX_TITLE_LINE or DATE_LINE.fullmatch(line):
            break
        if DOC_NUMBER.search(fold[start:end].strip(_SP)):
            continue
        block.append((start, end))
        if len(block) == MAX_TITLE_BLOCK:
            break
    # The earliest, longest run of lines that reads as a title: a red-header organisation
    # line above "关于…的通报" belongs to the title when the two join into one.
    for i in range(len(block)):
        for j in range(len(block), i, -1):
            folded = "".join(fold[s:e].strip(_SP) for s, e in block[i:j])
            if TITLE.match(folded):
                return "".join(text[s:e].strip(_SP) for s, e in block[i:j])
    return None


def _signature(text: str, lines: list[tuple[int, int]]) -> tuple[str | None, tuple[int, int] | None]:
    """The issuer lines above the last date line at the end, and that date's span."""
    filled = [(s, e) for s, e in lines if text[s:e].strip(_SP)]
    for k in range(len(filled) - 1, max(-1, len(filled) - 1 - SIGNATURE_LOOKBACK), -1):
        start, end = filled[k]
        # In text whose line breaks were lost the signature trails the last sentence:
        # "…请及时向我们反映。 中共XX委员会 2025年9月18日".
        start = max(start, text.rfind("。", start, end) + 1)
        m = DATE_LINE.fullmatch(text, start, end)
        if m is None:
            continue
        date_span = (m.start("date"), m.end("date"))
        org = m.group("org").strip(_SP)
        if org:  # "中共XX委员会　2025年9月18日" on one line; "联系时间：2025年…" is no signature
            if _signature_like(org):
                return org, date_span
            continue
        names: list[str] = []
        for s, e in reversed(filled[max(0, k - 3):k]):
            line = text[s:e].strip(_SP)
            if not _signature_like(line):
                break
            names.append(line)
        return (" ".join(reversed(names)) or None), date_span
    if filled:
        last = text[filled[-1][0]:filled[-1][1]].strip(_SP)
        if _signature_like(last) and ORG_SUFFIX.search(to_simplified(last)):
            return last, None
    return None, None


def _signature_like(line: str) -> bool:
    return (0 < len(line) <= MAX_SIGNATURE_LINE and not line.endswith(END_PUNCT)
            and ":" not in line and "：" not in line and not any(ch.isdigit() for ch in line)
            and not NOT_SIGNATURE.match(to_simplified(line)))


def _publication(text: str, dates: Sequence[DateMention], span: tuple[int, int] | None) -> str | None:
    tagged = [d for d in dates if d.role == "publication"]
    if tagged:
        return tagged[-1].start
    if span is None:
        return None
    for d in dates:
        if d.char_start < span[1] and span[0] < d.char_end:
            return d.start
    return _parse_date(text[span[0]:span[1]])


def _parse_date(written: str) -> str | None:
    """The signature date as ISO, for when the dates stage did not report it."""
    m = SIGNATURE_DATE.search(written)
    if m is None:
        return None
    try:
        if m.group("iy"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        else:
            year = m.group("y")
            y = int(year) if year.isdecimal() else int("".join(str(cn_to_int(c.replace("O", "〇"))) for c in year))
            month, day = (int(x) if x.isdecimal() else cn_to_int(x) for x in (m.group("m"), m.group("d")))
            if month is None or day is None:
                return None
            mo, d = month, day
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None  # 2月30日 and the like: not a date


def _role(dates: Sequence[DateMention], role: str) -> DateMention | None:
    return next((d for d in dates if d.role == role), None)


def _disclosure(fold: str, dates: Sequence[DateMention]) -> DateMention | None:
    tagged = _role(dates, "disclosure_period")
    if tagged is not None:
        return tagged
    for label in DISCLOSURE_LABEL.finditer(fold):
        for d in dates:
            if label.end() <= d.char_start <= label.end() + DISCLOSURE_WINDOW:
                return d
    return None


def _rest_of_sentence(fold: str, offset: int) -> str:
    ends = [e for e in (fold.find("。", offset), fold.find("\n", offset)) if e >= 0]
    return fold[offset:min(ends) if ends else len(fold)]


def _inspection_period(fold: str, dates: Sequence[DateMention], opening_end: int) -> DateMention | None:
    """A range followed in its sentence by the inspection team: "2024年4月8日至6月21日，市委第六巡察组对…"."""
    for d in dates:
        if d.char_start >= opening_end:
            break
        if d.end is not None and INSPECTION_TEAM.search(_rest_of_sentence(fold, d.char_end)):
            return d
    return None


def _feedback(fold: str, dates: Sequence[DateMention], opening_end: int) -> DateMention | None:
    """A date followed in its sentence by 反馈: "2024年9月29日，市委第六巡察组向…反馈了巡察意见"."""
    for d in dates:
        if d.char_start >= opening_end:
            break
        if "反馈" in _rest_of_sentence(fold, d.char_end):
            return d
    return None


def _inspection(text: str, fold: str, start: int, end: int) -> tuple[str | None, str | None, str | None]:
    """(inspecting body, round, inspected body) from the opening paragraph."""
    body = round_ = inspected = None
    m = INSPECTION.search(fold, start, end)
    if m is not None:
        prefix = _PLAN_PREFIX.match(fold, m.start("body"), m.end("body"))
        body = text[prefix.end() if prefix else m.start("body"):m.end("body")]
        inspected = text[m.start("inspected"):m.end("inspected")]
        filler = _ROUND_FILLER.match(fold, m.start("round"), m.end("round"))
        r0 = filler.end() if filler else m.start("round")
        if fold[r0:m.end("round")] not in ("巡察", "巡视"):  # a bare 巡察 names no round
            round_ = text[r0:m.end("round")]
    if round_ is None:
        plan = ROUND_BY_PLAN.search(fold, start, end)
        if plan is not None:
            round_ = text[plan.start("round"):plan.end("round")]
    if inspected is None:
        fb = FEEDBACK_TO.search(fold, start, end)
        if fb is not None:
            inspected = text[fb.start("inspected"):fb.end("inspected")]
    return body, round_, inspected


def _document_type(title: str, opening: str) -> DocumentType:
    # A 通知 that sets up checks on rectification instructs; it reports no rectification progress.
    if title.endswith("通知"):
        return "notice"
    if RECTIFICATION.search(title):
        return "rectification_notice"
    if "工作报告" in title:
        return "work_report"
    if "通知" in title or "通报" in title:
        return "notice"
    if RECTIFICATION.search(opening):
        return "rectification_notice"
    return "other"


def _derive_title(text: str, inspected: str | None, round_: str | None, name: str,
                  language: Literal["zh-Hans", "zh-Hant"]) -> str:
    if inspected and round_:
        about, progress = ("關於", "整改進展情況的通報") if language == "zh-Hant" else ("关于", "整改进展情况的通报")
        return f"{inspected}{about}{round_}{progress}"
    first = text.strip().split("\n", 1)[0]
    sentence = first.split("。", 1)[0].strip(_SP)
    return sentence[:60] if sentence else name
