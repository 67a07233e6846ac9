"""The page shell: a title and body fragments in, a complete static HTML document out.

Inline CSS only, no scripts, no fonts to fetch: the page must work from a local folder
(file://) and from a bucket. The language switch is three radio buttons and CSS
(`:checked ~`), so it needs no JavaScript.
"""

from __future__ import annotations

from govpub.publish.pages_html import esc

# System fonts only; the CJK names cover macOS, Windows, Android and Linux desktops.
CSS = """
:root{--fg:#1d2330;--muted:#5b6475;--line:#dde2ea;--bg:#f6f7f9;--card:#fff;--accent:#1a5fb4;--accent-soft:#e6eefa;
--ok:#26734d;--bad:#a51d2d;--warn:#8a5a00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);line-height:1.55;font-size:16px;
font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",
"Noto Sans SC","Source Han Sans SC","WenQuanYi Zen Hei",Roboto,"Helvetica Neue",Arial,sans-serif}
a{color:var(--accent)}
a:focus-visible,label:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
code,.hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.82em}
.wrap{max-width:1120px;margin:0 auto;padding:0 20px}
header.top{background:#13294b;color:#fff;padding:18px 0 22px}
header.top a{color:#cfe0ff}
.crumbs{font-size:.85rem;opacity:.85;margin:0 0 10px}
h1{font-size:1.75rem;line-height:1.3;margin:.1em 0 .2em}
h1 .t[lang=en],h1 .en{display:block;font-size:1.05rem;font-weight:400;opacity:.85;margin-top:.2em}
.lede{max-width:70ch;margin:.6em 0 0;color:#e4ebf7}
.lede .t[lang=en]{display:block;margin-top:.3em;opacity:.85}
h2{font-size:1.3rem;margin:0 0 .6em;padding-bottom:.3em;border-bottom:2px solid var(--accent-soft)}
h2 .t[lang=en],h3 .t[lang=en]{color:var(--muted);font-weight:400;font-size:.85em;margin-left:.5em}
h3{font-size:1.05rem;margin:1.2em 0 .4em}
section.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:18px 0}
header.top .card{color:var(--fg)}
header.top .card a{color:var(--accent)}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px 18px;margin:0}
.facts div{background:var(--bg);border-radius:8px;padding:10px 12px}
.facts dt{font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.02em}
.facts dt .t[lang=en]::before{content:" · "}
.facts dd{margin:.15em 0 0;font-weight:600;overflow-wrap:anywhere}
nav.toc{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0 0;padding:0;list-style:none}
nav.toc a{display:inline-block;background:rgba(255,255,255,.1);border:1px solid rgba(255,255,255,.35);border-radius:999px;
padding:4px 12px;text-decoration:none;font-size:.9rem;color:#fff}
nav.toc a:hover{background:rgba(255,255,255,.22)}
.lang{position:absolute;left:-9999px}
.langbar{display:flex;gap:6px;justify-content:flex-end;margin:0 0 8px;font-size:.85rem}
.langbar label{cursor:pointer;border:1px solid rgba(255,255,255,.45);border-radius:999px;padding:2px 10px;color:#fff}
#lang-all:checked~header label[for=lang-all],#lang-zh:checked~header label[for=lang-zh],
#lang-en:checked~header label[for=lang-en]{background:#fff;color:#13294b}
#lang-all:focus-visible~header label[for=lang-all],#lang-zh:focus-visible~header label[for=lang-zh],
#lang-en:focus-visible~header label[for=lang-en]{outline:3px solid #ffd166;outline-offset:2px}
#lang-zh:checked~* .t[lang=en],#lang-en:checked~* .t[lang=zh-Hans]{display:none!important}
#lang-en:checked~* .t[lang=en]{display:inline;margin-left:0;font-size:inherit;color:inherit;opacity:1;
font-weight:inherit}
#lang-en:checked~* .facts dt .t[lang=en]::before{content:""}
.t+.t[lang=en]{margin-left:.4em}
h1 .t+.t[lang=en],th .t+.t[lang=en],.lede .t+.t[lang=en],.field-desc>.t+.t[lang=en]{margin-left:0}
.muted{color:var(--muted)}
ul.files{list-style:none;padding:0;margin:.3em 0 1em}ul.files li{margin:.3em 0}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}
th{background:var(--bg);font-weight:600;white-space:nowrap}
th .t[lang=en]{display:block;font-weight:400;color:var(--muted);font-size:.85em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.size{white-space:nowrap}
.hash{overflow-wrap:anywhere;word-break:break-all;color:var(--muted)}
.badge{display:inline-block;font-size:.75rem;border-radius:4px;padding:0 6px;background:var(--accent-soft);color:var(--accent);
font-weight:600;margin-right:4px}
.plus{color:var(--ok)}.minus{color:var(--bad)}.changed{color:var(--warn)}
details{border:1px solid var(--line);border-radius:8px;margin:10px 0;background:var(--card)}
details>summary{cursor:pointer;padding:10px 14px;font-weight:600}
details>summary .t[lang=en]{color:var(--muted);font-weight:400;margin-left:.5em}
details>div{padding:0 14px 12px}
.field-desc>.t[lang=en]{display:block;margin-left:0;color:var(--muted);font-size:.92em}
.chart svg{width:100%;height:auto;max-width:500px;display:block}
.note{background:#fff8e5;border:1px solid #f0dca8;border-radius:8px;padding:8px 12px}
footer{color:var(--muted);font-size:.85rem;padding:10px 0 40px}
@media (max-width:640px){
 body{font-size:15px}.wrap{padding:0 12px}h1{font-size:1.35rem}
 section.card{padding:14px 12px;border-radius:8px}
 table.stack thead{display:none}
 table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
 table.stack tr{border-bottom:1px solid var(--line);padding:6px 0}
 table.stack td{border:0;padding:3px 2px}
 table.stack td[data-label]::before{content:attr(data-label);display:inline-block;min-width:6.5em;font-size:.75rem;
  color:var(--muted);margin-right:.4em}
 table.stack td.block[data-label]::before{display:block}
 table.compact{font-size:.85rem}table.compact th,table.compact td{padding:6px 5px}
 .facts div{padding:8px 10px}
 .hide-sm,table.stack td.hide-sm{display:none}
 td.num{text-align:left}
}
@media print{.langbar,nav.toc{display:none}header.top{background:none;color:#000}}
"""

LANG_INPUTS = (
    '<input class="lang" type="radio" name="lang" id="lang-all" checked aria-label="中文 + English">'
    '<input class="lang" type="radio" name="lang" id="lang-zh" aria-label="中文">'
    '<input class="lang" type="radio" name="lang" id="lang-en" aria-label="English">'
)

LANG_BAR = (
    '<div class="langbar" role="group" aria-label="Language / 语言">'
    '<label for="lang-all">中文 + EN</label><label for="lang-zh" lang="zh-Hans">中文</label>'
    '<label for="lang-en" lang="en">English</label></div>'
)


def document(*, title: str, header: str, body: str, footer: str) -> str:
    """The whole page. `title` is plain text (escaped here); the others are finished HTML."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="govpub">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{LANG_INPUTS}\n"
        f'<header class="top"><div class="wrap">{LANG_BAR}{header}</div></header>\n'
        f'<main class="wrap">\n{body}\n</main>\n'
        f'<footer class="wrap">{footer}</footer>\n</body>\n</html>\n'
    )
