"""A Document's text in, the text every offset of the ReportTree refers to out (furniture removed).

Ingest already removes page furniture; this is the second line of defence, so that a QR-code
caption or a share bar that slipped through never ends up in a section, a measure or a
report field. Only short lines go, and only whole lines or known whole phrases, so the
text of the report itself is never cut.
"""

from __future__ import annotations

import re

from govpub.parse.hant import to_simplified

# Whole lines that are page furniture (matched on the Simplified folding, so Traditional
# pages are covered too). Examples beside each alternative.
FURNITURE_LINE = re.compile(
    r"""^[\s\u3000]*(?:
        .{0,4}扫一扫.{0,20}                           # 手机扫一扫打开当前界面 / 扫一扫在手机打开当前页
      | 分享到[:：]?.{0,40}                            # 分享到：微信 微博
      | [【\[]?(?:打印|关闭|打印本页|关闭窗口|返回顶部)[】\]]?(?:[\s\u3000]*[【\[]?(?:打印|关闭|打印本页|关闭窗口|返回顶部)[】\]]?)*  # 【打印】【关闭】
      | [【\[]?字号[:：].{0,20}                       # 字号：大 中 小
      | .{0,40}(?:浏览次数|访问量|阅读次数|点击数|浏览量)[:：]?.{0,20}  # 发布时间：2025-09-18 浏览次数：120
      | (?:发布时间|发布日期|信息来源|来源|作者|文章来源)[:：].{0,80}   # 来源：深汕特别合作区 发布时间：2025-09-18
      | .{0,60}(?:版权所有|ICP备|网站标识码|公网安备|技术支持[:：]|主办单位[:：]|承办单位[:：]).{0,80}  # 版权所有：… 粤ICP备…号
      | (?:无障碍|长者模式|关怀版|繁体版|简体版|English)(?:[\s\u3000|｜]*(?:无障碍|长者模式|关怀版|繁体版|简体版|English))*  # 无障碍 | 长者模式
      | (?:当前位置|您现在的位置|您的位置)[:：].{0,80}  # 当前位置：首页 > 信息公开
      | 首页[\s\u3000]*[>＞»].{0,80}                 # 首页 > 政务公开 > 通知公告
      | [-－—–][\s\u3000]*\d{1,3}[\s\u3000]*[-－—–]     # - 2 -  (a PDF page number)
    )[\s\u3000]*$""",
    re.VERBOSE,
)
# Furniture phrases that can be glued to a real line, e.g. "2025年9月18日 手机扫一扫打开当前界面",
# in both scripts so that long lines need no folding.
FURNITURE_PHRASE = re.compile(r"[\s\u3000]*(?:手[机機][扫掃]一[扫掃]打[开開][当當]前界面|[扫掃]一[扫掃]在手[机機]打[开開][当當]前[页頁]"
                              r"|【打印】|【[关關][闭閉]】)")
MAX_FURNITURE_LINE = 120  # real paragraphs mentioning 来源 or 版权 are longer than page chrome


# Words that every furniture line above contains, in both scripts: only lines holding one are
# folded and tested, so a clean text costs one regex scan ("版权所有" -> 版权).
_HINT_WORDS = (r"扫|掃|分享|打印|关闭|關閉|字号|字號|浏览|瀏覽|访问|訪問|阅读|閱讀|点击|點擊|来源|來源|发布|發布|作者|"
               r"版权|版權|ICP|标识码|標識碼|公网|公網|技术支持|技術支持|主办|主辦|承办|承辦|无障碍|無障礙|长者|長者|"
               r"关怀|關懷|繁体|繁體|简体|簡體|English|位置|首页|首頁|返回|"
               r"[-－—–][ \t\u3000]*\d{1,3}[ \t\u3000]*[-－—–]")
# The lookahead of first characters lets the regex engine skip to candidates at C speed
# (an alternation of 50 words alone costs ~1 ms on the seed).
_FIRSTS = sorted({w[0] for w in _HINT_WORDS.split("|")} - {"["} | set("-－—–"))
HINTS = re.compile("(?=[" + "".join(re.escape(ch) for ch in _FIRSTS) + "])(?:" + _HINT_WORDS + ")")


def normalise(text: str) -> str:
    """Unify line breaks and drop furniture lines; everything else stays as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    suspects: set[int] = set()  # starts of lines holding a hint
    for m in HINTS.finditer(text):
        suspects.add(text.rfind("\n", 0, m.start()) + 1)
    if not suspects:
        return text  # the common case after ingest: one scan, no per-line work
    out: list[str] = []
    last = 0
    for start in sorted(suspects):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        cleaned = _clean_line(text[start:end])
        if cleaned is None:  # drop the line and its line break
            out.append(text[last:start])
            last = end + 1
        elif cleaned != text[start:end]:
            out.append(text[last:start] + cleaned)
            last = end
    out.append(text[last:])
    result = "".join(out)
    # Dropping the last line leaves the line break before it dangling.
    return result if text.endswith("\n") else result.rstrip("\n")


def _clean_line(line: str) -> str | None:
    """The line without furniture phrases, or None when the whole line is furniture."""
    line = FURNITURE_PHRASE.sub("", line)
    if not line.strip():
        return None
    # Only short lines can be furniture as a whole (folding a long flattened line would cost
    # a millisecond for nothing). A line that ends a sentence is text, whatever words it uses.
    short = len(line) <= MAX_FURNITURE_LINE and not line.rstrip().endswith("。")
    return None if short and FURNITURE_LINE.match(to_simplified(line)) else line
