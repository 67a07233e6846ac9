"""Text with page furniture in, article lines and the furniture lines removed (noise) out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

# "\r\n" (Windows), "\r" (old Mac), and the separators some converters leave: vertical tab,
# form feed (a PDF page break), NEL, LINE/PARAGRAPH SEPARATOR.
LINE_BREAKS: Final = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")  # e.g. "一、总体情况\r\n"
# Control characters that are never text; U+FEFF is a BOM or zero-width no-break space.
INVISIBLE: Final = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff]")  # e.g. "\ufeff根据市委统一部署"
TRAILING_SPACE: Final = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)  # keeps U+3000, which the parser reads

# Furniture lines: each pattern must match a whole (stripped) line. A line longer than
# FURNITURE_MAX_CHARS is never furniture: report sentences are long, furniture is short.
FURNITURE_MAX_CHARS: Final = 160
FURNITURE: Final[tuple[re.Pattern[str], ...]] = (
    # "手机扫一扫打开当前界面", "扫一扫在手机打开当前页", "用手机扫描二维码在手机上继续观看"
    re.compile(r"(?:用?手机|微信)?扫(?:一扫|描二维码|码)[^。；;]{0,20}"),
    # "分享到：微信 微博 QQ空间"
    re.compile(r"分享(?:到|至)[:：]?.{0,60}"),
    # "发布时间：2025-09-18 来源：深汕特别合作区 浏览次数：123 字号：大 中 小"
    re.compile(r"(?:发布时间|发布日期|发文日期|更新时间|来源|信息来源|文章来源|作者|"
               r"浏览次数|浏览量|访问量|访问次数|点击数|点击量|点击率|阅读次数|阅读量|责任编辑|编辑)"
               r"\s*[:：].{0,140}"),
    # "字号：大 中 小", "【字体：大 中 小】"
    # Separators are one character class and repeated items are atomic groups (?>…): no two
    # ways to split a run of spaces, so a long line that fails to match fails in linear time.
    re.compile(r".{0,80}字[号体][:：]?[\s【\[（(]*大[\s】\]）)【\[（(]*中[\s】\]）)【\[（(]*小.{0,60}"),
    # "无障碍浏览 | 长者模式 | 繁體": only such bars, never a sentence about accessibility
    re.compile(r"(?>(?:进入|打开|切换到?|关闭)?(?:无障碍(?:浏览|阅读|模式|版)?|长者模式|关怀版|适老化(?:版|模式)?|"
               r"读屏(?:模式)?|老年模式|繁體|繁体|简体|English|IPv6)[\s|｜/丨·]*)+", re.IGNORECASE),
    # "【打印本页】【关闭窗口】", "[打印] [关闭] [收藏]", "返回顶部"
    re.compile(r"(?>[\s【\[]*(?:打印(?:本页|此页|文章|正文)?|关闭(?:本页|窗口|此页)?|收藏(?:本页)?|加入收藏|"
               r"返回顶部|返回首页|返回|顶部|纠错|我要纠错|保存(?:本页)?)[\s】\]]*)+"),
    # "上一篇：关于……", "下一篇：没有了"
    re.compile(r"(?:上一篇|下一篇|上一条|下一条)\s*[:：].{0,120}"),
    # "当前位置：首页 > 政务公开 > 通知公告", "首页 > 信息公开"
    re.compile(r"(?:当前位置|您现在的位置|您的位置|你的位置|所在位置)\s*[:：]?.{0,120}"),
    re.compile(r"首页\s*[>＞»›/].{0,120}"),
    # "版权所有：深圳市人民政府 主办单位：…", "Copyright © 2025", "主办单位：深圳市政务服务数据管理局"
    re.compile(r"(?:版权所有|Copyright|©|主办单位|承办单位|协办单位|网站标识码|网站地图|技术支持)[\s:：©].{0,150}",
               re.IGNORECASE),
    # "深圳市人民政府 版权所有", "粤ICP备05104532号", "网站标识码：4403000001": the marks need their
    # numbers or a separator, so "维护版权所有者合法权益" is not furniture.
    re.compile(r".{0,60}(?:版权所有(?:[\s:：©]|$)|ICP[备证]\s*\d|公网安备\s*\d|网站标识码\s*[:：]?\s*\d|"
               r"Copyright\s*(?:©|\(c\)|\d)).{0,150}", re.IGNORECASE),
)
# Fixed captions that a scrape may glue to the end of the last paragraph, e.g.
# "…2025年8月15日手机扫一扫打开当前界面": cut off the line's end, whatever precedes them.
GLUED_TAIL: Final = re.compile(
    r"(?:(?:用?手机|微信)?扫一扫(?:在手机上?)?(?:打开|浏览|阅读|查看)(?:当前|本)(?:界面|页面?|文章)"
    r"|【打印本页】|【关闭窗口】)+$")
GLUED_TAIL_MAX: Final = 80  # characters at a line's end searched for glued captions
# Cheap pre-filter: only lines with one of these can match a FURNITURE pattern.
FURNITURE_HINT: Final = re.compile(
    r"扫|分享|[:：]|字[号体]|无障碍|长者|关怀|适老|读屏|老年|打印|关闭|收藏|返回|顶部|纠错|保存|首页|"
    r"版权|主办|承办|协办|技术支持|ICP|标识码|网安备|网站地图|Copyright|©|繁|简体|English|IPv6", re.IGNORECASE)


@dataclass(frozen=True)
class Cleaned:
    text: str  # kept lines joined by "\n", no blank lines
    noise: tuple[str, ...]  # furniture lines removed, in order of appearance, without repeats


def normalise(text: str) -> str:
    """Newlines to "\\n", invisible characters out, trailing spaces off; characters otherwise kept."""
    text = INVISIBLE.sub("", LINE_BREAKS.sub("\n", text))
    return TRAILING_SPACE.sub("", text)


def is_furniture(line: str) -> bool:
    stripped = line.strip(" \t\u3000\u00a0")
    if not stripped or len(stripped) > FURNITURE_MAX_CHARS or not FURNITURE_HINT.search(stripped):
        return False
    return any(p.fullmatch(stripped) for p in FURNITURE)


def clean_lines(lines: Iterable[str], *, noise: Iterable[str] = ()) -> Cleaned:
    """Drop blank lines and furniture lines; `noise` are furniture lines a converter already removed."""
    kept: list[str] = []
    removed: dict[str, None] = dict.fromkeys(n for n in (x.strip() for x in noise) if n)
    for line in lines:
        if not line.strip(" \t\u3000\u00a0"):
            continue
        if is_furniture(line):
            removed.setdefault(line.strip(" \t\u3000\u00a0"), None)
            continue
        # Only the line's end can hold a glued caption; searching all of a 50 MB one-line
        # scrape for it would take quadratic time.
        tail = line[-GLUED_TAIL_MAX:]
        glued = GLUED_TAIL.search(tail) if "扫" in tail or "】" in tail else None
        if glued:
            removed.setdefault(glued.group(), None)
            line = line[: len(line) - len(tail) + glued.start()].rstrip(" \t\u00a0")
        kept.append(line)
    return Cleaned(text="\n".join(kept), noise=tuple(removed))


def clean_text(text: str, *, noise: Iterable[str] = ()) -> Cleaned:
    return clean_lines(normalise(text).split("\n"), noise=noise)
