"""html_to_text: the article body of real-world government page layouts, without the furniture."""

from __future__ import annotations

import pytest

from govpub.ingest.clean import is_furniture
from govpub.ingest.html import html_to_text

from .builders import BODY, TITLE, government_page


def _lines(markup: str, encoding: str = "utf-8") -> list[str]:
    return list(html_to_text(markup.encode(encoding), source="t.html").lines)


def test_full_government_page() -> None:
    page = html_to_text(government_page().encode("gbk"), source="t.html")
    assert page.title_hint == TITLE
    assert page.encoding == "gbk"
    for line in BODY:
        assert line in page.lines
    article = [line for line in page.lines if not is_furniture(line)]
    assert article[-2:] == ["中共深圳市深汕特别合作区工作委员会", "2025年9月18日"]
    text = "\n".join(page.lines)
    for furniture in ("首页", "政务公开", "无障碍", "长者模式", "分享到", "扫一扫", "版权所有", "ICP备",
                      "网站标识码", "document.write", "color: red", "views", "打印本页", "当前位置"):
        assert furniture not in text.replace("打印本页】", ""), furniture
    noise = "\n".join(page.noise)
    for furniture in ("无障碍浏览", "分享到：微信", "扫一扫在手机打开当前页", "版权所有", "当前位置"):
        assert furniture in noise
    assert "document.write" not in noise  # scripts are not text, not even noise


def test_paragraphs_divs_and_br_become_lines_and_cjk_source_wraps_vanish() -> None:
    markup = """<html><body><div id="zoom">
      <p>一、总体
         情况</p><div>（一）提高<b>政治</b>站位。<br/>党工委高度重视。<br>一是加快 building the city。</div>
      <p>&nbsp;&nbsp;Apollo&nbsp;program  started.</p><p>　　二是加强监督。</p></div></body></html>"""
    assert _lines(markup) == ["一、总体情况", "（一）提高政治站位。", "党工委高度重视。",
                              "一是加快 building the city。", "Apollo program started.", "　　二是加强监督。"]


def test_table_rows_are_lines_cells_joined_by_a_space() -> None:
    markup = """<body><div class="content"><p>整改清单如下：</p><table>
      <tr><th>序号</th><th>问题</th><th>措施</th></tr>
      <tr><td>1</td><td>制度执行不严</td><td><p>一是完善制度。</p><p>二是加强监督。</p></td></tr>
    </table></div></body>"""
    assert _lines(markup) == ["整改清单如下：", "序号 问题 措施", "1 制度执行不严", "一是完善制度。", "二是加强监督。"]


def test_xml_declared_xhtml_and_meta_article_title() -> None:
    markup = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
              f'<meta name="ArticleTitle" content="{TITLE}"/></head><body><p>正文。</p></body></html>')
    page = html_to_text(markup.encode(), source="t.html")
    assert page.title_hint == TITLE and page.lines == ("正文。",)


def test_article_body_is_chosen_over_link_lists() -> None:
    links = "".join(f"<li><a href='/{i}'>相关新闻标题第{i}条</a></li>" for i in range(8))
    article = "".join(f"<p>第{i}段：党工委深入学习贯彻习近平总书记关于巡视工作的重要论述，切实扛起整改主体责任。</p>"
                      for i in range(6))
    markup = f"<body><div class='wrap'><div class='list'><ul>{links}</ul></div><div class='main'>{article}</div></div></body>"
    lines = _lines(markup)
    assert lines == [f"第{i}段：党工委深入学习贯彻习近平总书记关于巡视工作的重要论述，切实扛起整改主体责任。" for i in range(6)]


def test_an_intro_before_a_big_table_of_measures_is_kept() -> None:
    rows = "".join(f"<tr><td>{i}</td><td>问题{i}</td><td>一是完善制度，加强监督管理，推动整改落实到位。二是健全长效机制。</td></tr>"
                   for i in range(12))
    markup = (f"<body><div class='nav'>首页</div><div class='content'><p>现将巡察整改进展情况予以公布。</p>"
              f"<table>{rows}</table><p>欢迎监督。</p></div></body>")
    lines = _lines(markup)
    assert lines[0] == "现将巡察整改进展情况予以公布。" and lines[-1] == "欢迎监督。" and len(lines) == 14


def test_a_furniture_class_on_the_page_wrapper_does_not_drop_the_article() -> None:
    markup = "<body><div class='header-wrap'><p>一、总体情况</p><p>整改完成。</p></div><div class='nav'>首页</div></body>"
    assert _lines(markup) == ["一、总体情况", "整改完成。"]


@pytest.mark.parametrize("markup", [
    "<p>正文" + "<div>" * 5000 + "深处" + "</div>" * 5000,  # deeper than any stack
    "<html><body><p>整改完成。",  # truncated
    "<p>整改<b>完成。</p>",  # unclosed inline
])
def test_pathological_markup_does_not_crash(markup: str) -> None:
    lines = _lines(markup)
    assert lines and lines[0].startswith("整改") or lines[0].startswith("正文")


def test_entities_come_out_as_characters() -> None:
    assert _lines("<p>A&amp;B &lt;script&gt; “引号” &#x4E00;是</p>") == ["A&B <script> “引号” 一是"]


@pytest.mark.timeout(20)
def test_deeply_nested_furniture_is_removed_in_linear_time() -> None:
    article = "党工委深入学习贯彻习近平总书记关于巡视工作的重要论述。" * 100
    # 200 levels: libxml2 stops nesting at 255 and hangs the rest of the page inside the deepest element.
    markup = "<body>" + "<div class='nav'>菜单" * 200 + "</div>" * 200 + f"<div><p>{article}</p></div></body>"
    assert _lines(markup) == [article]


def test_control_characters_that_lxml_refuses_are_dropped() -> None:
    long = "党工委深入学习贯彻习近平总书记关于巡视工作的重要论述。" * 20  # a few stray controls in a real page
    markup = f"<body><div class='nav'>首\x0c页</div><p>整改\x0b完成\x1f。</p><p>{long}</p></body>"
    assert _lines(markup) == ["整改完成。", long]
