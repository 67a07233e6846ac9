"""Text in, its contact details out: phones (E.164 + region), emails, postcodes, postal and web addresses."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from govpub.extract.halfwidth import fold
from govpub.extract.phones import Phone, area_hotline, normalise_hotline, normalise_phone
from govpub.records import ContactKind

__all__ = ["ContactMention", "find_contacts"]


@dataclass(frozen=True)
class ContactMention:
    kind: ContactKind
    value: str  # normalised: E.164 for phones ("+8675522092176", hotlines as dialled: "12388")
    as_written: str  # without label or trailing punctuation
    region: str | None  # phones: where the number belongs, e.g. "广东省深圳市"; None for hotlines
    char_start: int
    char_end: int


# All patterns run on folded text: "（0755）２２０９２１７６" reads "(0755)22092176" there.
_NO_DIGIT_AFTER = r"(?![\d])"

# "0755-22092176", "(0755)22092176", "0755 22092176", "0755-2209 2176", "+86 755 22092176",
# "020-12345678转123"
_LANDLINE = (
    r"(?:\+86[ -]?(?:\(0\))?\d{2,3}[ -]?|\(0\d{2,3}\)[ -]?|0\d{2,3}[ -]?)"
    rf"(?:\d{{7,8}}|\d{{3,4}}[ -]\d{{4}}){_NO_DIGIT_AFTER}(?:[ ]*(?:转|轉|分机|分機)[ ]*\d{{1,6}}{_NO_DIGIT_AFTER})?"
)
# "13812345678", "138 1234 5678", "138-1234-5678", "+86 13812345678"
_MOBILE = rf"(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d{{4}}){{2}}{_NO_DIGIT_AFTER}"
# "400-810-8888", "800 820 8820": national service numbers
_SERVICE = rf"[48]00[ -]?\d{{3}}[ -]?\d{{4}}{_NO_DIGIT_AFTER}"
# "12388" (纪检监察举报), "12345" (政务服务热线), "12380": only next to a phone word, since any
# five-digit number could look like one.
_SHORT_HOTLINE = r"12\d{3}(?![\d.%])"
# "010-12380": a short hotline dialled from outside its city, after that city's area code.
_AREA_HOTLINE = r"0\d{2,3}[ -]?12\d{3}(?![\d.%])"
# One scan for every phone shape (4x faster than one regex each); the lookahead skips positions
# that cannot start a number, the lookbehind keeps numbers whole ("0755-" inside "10755-…").
PHONE = re.compile(
    r"(?=[+(0148])(?<![\d.-])"
    rf"(?:(?P<areahot>{_AREA_HOTLINE})|(?P<land>{_LANDLINE})|(?P<mobile>{_MOBILE})|(?P<service>{_SERVICE})|(?P<short>{_SHORT_HOTLINE}))"
)
# "0755-22092176、22092177": a second local number after a landline shares its area code.
MORE_LOCAL = re.compile(r"[ ]*(?:、|/|,|或|及|和)[ ]*(?P<local>\d{7,8})(?![\d.%])")
HOTLINE_CONTEXT = re.compile(
    r"电话|電話|热线|熱線|举报|舉報|拨打|撥打|号码|號碼|信访|信訪|联系|聯繫|咨询|諮詢|投诉|投訴|平台|平臺"
)
# A phone word must appear up to 12 characters before the number ("举报电话：12388") or up to 8
# after it ("12345政务服务便民热线", "12388举报平台"), in the same clause.
_HOTLINE_BEFORE = 12
_HOTLINE_AFTER = 8
_CLAUSE_BREAK = re.compile(r"[,;。\n]")

# "zfhshgzj_xf@szss.gov.cn" — ASCII only, so Chinese text around it is never swallowed.
EMAIL = re.compile(
    r"(?=[A-Za-z0-9])(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
)

# Web addresses: "https://www.szss.gov.cn/xxgk/", "www.ccdi.gov.cn", "szss.gov.cn". The path
# excludes "," ";" "(" ")" because folded Chinese punctuation ("，") looks exactly like them.
_URL_PATH = r"[A-Za-z0-9\-._~:/?#@!$&'*+=%]"
URL = re.compile(
    rf"(?=[A-Za-z0-9])(?:https?://{_URL_PATH}+"
    rf"|(?<![A-Za-z0-9.@/-])www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/{_URL_PATH}*)?"
    rf"|(?<![A-Za-z0-9.@/-])(?:[A-Za-z0-9-]+\.)+gov\.cn(?![A-Za-z0-9-])(?:/{_URL_PATH}*)?)",
    re.IGNORECASE,
)

# "邮政编码:518200", "邮编 518200", "郵政編碼：518200" — six digits count only after such a label,
# or at the end of an address ("…福中三路1号（518048）").
POSTCODE = re.compile(r"(?=[邮郵])(?:邮政编码|邮编|郵政編碼|郵編)[ ]*(?::|为|是)?[ ]*(?P<code>\d{6})(?!\d)")
_TRAILING_POSTCODE = re.compile(r"[ ]*\(?(?P<code>\d{6})\)?[ ]*$")
# "地址：深圳市福田区福中三路1号，518048。" — six digits standing alone in the clause after an address.
_POSTCODE_AFTER_ADDRESS = re.compile(r"[,;][ ]*\(?(?P<code>\d{6})\)?(?=[,;。\n]|$)")

# "邮政信箱:深圳市…103办公室", "来信请寄深圳市…", "通信地址：…", "地址:…" (a bare 地址 needs its colon,
# and 邮件地址/网站地址 are not postal). The address runs to the next , ; 。 or a postcode/phone label.
ADDRESS = re.compile(
    r"(?=[邮郵来來通联聯办辦地])(?:(?:邮政信箱|郵政信箱|来信请寄|來信請寄|通信地址|通讯地址|通訊地址|来信地址|來信地址|联系地址|聯繫地址|"
    r"办公地址|辦公地址)[ ]*(?::|为|是)?"
    r"|(?<!邮件)(?<!邮箱)(?<!郵件)(?<!郵箱)(?<!网站)(?<!網站)(?<!网络)(?<!網絡)(?<!网页)(?<!網頁)(?<!网址)地址[ ]*:)"
    r"[ ]*(?P<addr>[^,;。\n]+?)[ ]*"
    r"(?=[,;。\n]|邮政编码|邮编|郵政編碼|郵編|联系电话|聯繫電話|电话|電話|$)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MIN_ADDRESS_CHARS = 4
_TRAILING_PUNCT = " .:,;(。，；：、（"  # an opening bracket left by "…信箱（邮编：518000）"


@dataclass(frozen=True)
class _Candidate:
    kind: ContactKind
    value: str
    region: str | None
    start: int
    end: int


def _phones(norm: str) -> Iterator[_Candidate]:
    for m in PHONE.finditer(norm):
        if m["land"] is not None or m["mobile"] is not None:
            phone = normalise_phone(m.group())
            if phone is None:
                continue
            yield _Candidate("phone", phone.value, phone.region, m.start(), m.end())
            end = m.end()
            while phone.area_code and (more := MORE_LOCAL.match(norm, end)) is not None:
                sibling = normalise_phone(f"0{phone.area_code}{more['local']}")
                if sibling is None:
                    break
                yield _Candidate("phone", sibling.value, sibling.region, more.start("local"), more.end("local"))
                end = more.end()
        elif m["areahot"] is not None:
            local = area_hotline(m.group())
            yield _Candidate("phone", local.value, local.region, m.start(), m.end())
        elif m["service"] is not None:
            hotline: Phone = normalise_hotline(m.group())
            yield _Candidate("phone", hotline.value, None, m.start(), m.end())
        else:
            before = _CLAUSE_BREAK.split(norm[max(0, m.start() - _HOTLINE_BEFORE) : m.start()])[-1]
            after = _CLAUSE_BREAK.split(norm[m.end() : m.end() + _HOTLINE_AFTER])[0]
            if HOTLINE_CONTEXT.search(before) or HOTLINE_CONTEXT.search(after):
                yield _Candidate("phone", m.group(), None, m.start(), m.end())


def _addresses(norm: str, lines: list[tuple[int, int]]) -> Iterator[_Candidate]:
    for m in _finditer(ADDRESS, norm, lines):
        start, end = m.span("addr")
        tail = _TRAILING_POSTCODE.search(norm, start, end)
        if tail is not None and tail.start() > start:
            yield _Candidate("postcode", tail["code"], None, tail.start("code"), tail.end("code"))
            end = tail.start()
        while end > start and norm[end - 1] in _TRAILING_PUNCT:
            end -= 1
        text = norm[start:end]
        if len(text) < _MIN_ADDRESS_CHARS or not _CJK.search(text) or "@" in text or "://" in text:
            continue
        yield _Candidate("address", "", None, start, end)  # value is the original text, set later
        after = _POSTCODE_AFTER_ADDRESS.match(norm, m.end())
        if after is not None:
            yield _Candidate("postcode", after["code"], None, after.start("code"), after.end("code"))


def _urls(norm: str, lines: list[tuple[int, int]]) -> Iterator[_Candidate]:
    for m in _finditer(URL, norm, lines):
        end = m.end()
        while end > m.start() and norm[end - 1] in ".:?!'":
            end -= 1  # "见www.szss.gov.cn." — the full stop ends the sentence, not the URL
        written = norm[m.start() : end]
        host_end = written.find("/", written.find("//") + 2 if "//" in written else 0)
        host_end = len(written) if host_end < 0 else host_end
        value = written[:host_end].lower() + written[host_end:]
        if not value.startswith(("http://", "https://")):
            value = "http://" + value  # a bare "www.…" or "…gov.cn": browsers try http first
        yield _Candidate("url", value, None, m.start(), end)


# Substrings without which a pattern cannot match. Contact details sit on a few lines (the
# block at the end); scanning only the lines holding these, with str.find in C, spares four
# regex scans of the whole text. No pattern spans a line break, so nothing is lost.
_URL_HINTS = ("://", "www.", "gov.cn")
_ADDRESS_HINTS = ("地址", "信箱", "请寄", "請寄")
_POSTCODE_HINTS = ("邮", "郵")
_EMAIL_HINTS = ("@",)


def _lines_with(haystack: str, needles: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every line of `haystack` that holds one of `needles`, in order, once each."""
    starts: set[int] = set()
    for needle in needles:
        i = haystack.find(needle)
        while i >= 0:
            starts.add(haystack.rfind("\n", 0, i) + 1)
            line_end = haystack.find("\n", i)
            i = -1 if line_end < 0 else haystack.find(needle, line_end)
    lines = []
    for start in sorted(starts):
        end = haystack.find("\n", start)
        lines.append((start, len(haystack) if end < 0 else end))
    return lines


def _finditer(pattern: re.Pattern[str], text: str, lines: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    for start, end in lines:
        yield from pattern.finditer(text, start, end)


def _candidates(norm: str) -> Iterator[_Candidate]:
    yield from _phones(norm)
    for m in _finditer(EMAIL, norm, _lines_with(norm, _EMAIL_HINTS)):
        yield _Candidate("email", m.group().lower(), None, m.start(), m.end())
    lowered = norm.lower()
    # lower() may lengthen a rare character ("İ"); then its offsets are not norm's: scan it all.
    url_lines = _lines_with(lowered, _URL_HINTS) if len(lowered) == len(norm) else [(0, len(norm))]
    yield from _urls(norm, url_lines)
    for m in _finditer(POSTCODE, norm, _lines_with(norm, _POSTCODE_HINTS)):
        yield _Candidate("postcode", m["code"], None, m.start("code"), m.end("code"))
    yield from _addresses(norm, _lines_with(norm, _ADDRESS_HINTS))


def _scan(text: str) -> tuple[ContactMention, ...]:
    norm = fold(text)
    # Where two candidates overlap, the one starting first (then the longer) wins: an email's
    # domain is not also a web address, a phone inside a longer number is not a phone.
    ordered = sorted(_candidates(norm), key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[ContactMention] = []
    taken_until = -1
    for c in ordered:
        if c.start < taken_until:
            continue
        written = text[c.start : c.end]
        value = written if c.kind == "address" else c.value
        kept.append(ContactMention(c.kind, value, written, c.region, c.start, c.end))
        taken_until = c.end
    return tuple(kept)


@functools.lru_cache(maxsize=8)
def _cached(text: str) -> tuple[ContactMention, ...]:
    # figures.py asks for the same text's contacts to skip them; the cache saves a second scan.
    return _scan(text)


def find_contacts(text: str) -> list[ContactMention]:
    """Every contact detail in document order, each with offsets into `text`."""
    return list(_cached(text))
