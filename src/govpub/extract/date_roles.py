"""Date spans and the text around them in, each date's role out (inspection period, feedback, …)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from govpub.records import DateRole

# Sentence ends on folded text ("；" is ";" there). Commas do not end a sentence: the seed's
# "2024年9月29日,市委第六巡察组向…反馈了巡察意见。" keeps date and verb in one sentence.
_SENTENCE_END = re.compile(r"[。！？;!?\n]")

# "公开期限:2025年9月18日至10月18日" / "公示期为…" / "公示时间：…" (Simplified and Traditional).
DISCLOSURE_LABEL = re.compile(r"公[开開示](?:期限|期|时间|時間|日期)")

# "…,市委第六巡察组对深汕特别合作区党工委开展了七届市委第八轮巡察。" — an inspection team, then
# the verb, then the inspection itself; "进驻" (stationed) also marks the period.
INSPECTION_TEAM = re.compile(r"巡[察视視][组組]")
INSPECTION_ACT = re.compile(r"(?:开展|開展|进行|進行|实施|實施)[^。;]*?巡[察视視]|进驻|進駐")

# "…向深汕特别合作区党工委反馈了巡察意见。"
FEEDBACK_WORD = re.compile(r"反[馈饋]")

# A date alone on its line is the publication date when it sits among the last lines of the
# text (under the signature; page furniture such as "手机扫一扫" may still follow it).
_PUBLICATION_TAIL_LINES = 3
# Without line breaks, what may follow the publication date: page furniture such as
# "手机扫一扫打开当前界面", but no further sentence.
_TRAILER_CHARS = 40
_SENTENCE_END_NO_NEWLINE = re.compile(r"[。！？;!?]")


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int
    is_range: bool


def _sentence(text: str, reversed_text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding [start, end): the nearest sentence end either side,
    found by searching forward and in the reversed text (a document has few dates but many
    sentences, so this beats listing every sentence end)."""
    before = _SENTENCE_END.search(reversed_text, len(text) - start)
    after = _SENTENCE_END.search(text, end)
    return (len(text) - before.start() if before else 0), (after.start() if after else len(text))


def _tail_line_starts(text: str) -> set[int]:
    """Start offsets of the last few non-empty lines."""
    starts: list[int] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(offset)
        offset += len(line) + 1
    return set(starts[-_PUBLICATION_TAIL_LINES:])


def _alone_on_line(text: str, span: DateSpan) -> int | None:
    """The start of span's line if nothing but whitespace shares it, else None."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start : span.start].strip() or text[span.end : line_end].strip():
        return None
    return line_start


def _standalone_at_end(text: str, span: DateSpan) -> bool:
    """A date standing between spaces after the last sentence, when line breaks were lost:
    "…电子邮箱:xx@szss.gov.cn。 中共…工作委员会 2025年9月18日" (text copied from a web page)."""
    before_ok = span.start == 0 or text[span.start - 1].isspace()
    after_ok = span.end == len(text) or text[span.end].isspace()
    rest = text[span.end :]
    return before_ok and after_ok and not _SENTENCE_END_NO_NEWLINE.search(rest) and len(rest.strip()) <= _TRAILER_CHARS


def assign_roles(text: str, spans: Sequence[DateSpan]) -> list[DateRole]:
    """One role per span, in order. `text` is the folded text the spans index."""
    tail_lines = _tail_line_starts(text)
    reversed_text = text[::-1]
    roles: list[DateRole] = []
    for i, span in enumerate(spans):
        s_start, s_end = _sentence(text, reversed_text, span.start, span.end)
        before = text[s_start : span.start]
        # Feedback looks only up to the next date in the sentence, so in "…巡察，9月29日反馈…"
        # the range is not taken for the feedback date.
        next_start = spans[i + 1].start if i + 1 < len(spans) else s_end
        after_own = text[span.end : min(s_end, next_start)]
        sentence = text[s_start:s_end]
        line_start = _alone_on_line(text, span)
        role: DateRole
        if DISCLOSURE_LABEL.search(before):
            role = "disclosure_period"
        elif span.is_range and INSPECTION_TEAM.search(sentence) and INSPECTION_ACT.search(sentence):
            role = "inspection_period"
        elif FEEDBACK_WORD.search(after_own):
            role = "feedback"
        elif (line_start is not None and line_start in tail_lines) or (
            i == len(spans) - 1 and _standalone_at_end(text, span)
        ):
            role = "publication"
        else:
            role = "other"
        roles.append(role)
    return roles
