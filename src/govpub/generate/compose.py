"""A seed number in, one synthetic rectification report out: its lines and its gold annotation.

The report follows GB/T 9704 numbering like real notices; the gold is known by construction,
so accuracy can be measured on corpora of any size.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from govpub.generate import vocabulary as v

_CN_DIGITS = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..99 as written in headings: 十, 十一, 二十三."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def cn_date(d: dt.date) -> str:
    """二〇二五年九月十八日"""
    year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{cn_number(d.month)}月{cn_number(d.day)}日"


def iso(d: dt.date) -> str:
    return d.isoformat()


@dataclass
class Composed:
    name: str
    title: str
    lines: list[str]
    gold: dict[str, Any]
    sidecar: dict[str, str]
    noise: list[str] = field(default_factory=list)


def _measure_paragraph(rng: random.Random, count: int) -> tuple[str, list[dict[str, str]]]:
    parts, gold = [], []
    for i in range(1, count + 1):
        summary = rng.choice(v.MEASURE_SUMMARIES)
        sentences = [rng.choice(v.SENTENCES) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            sentences.append(rng.choice(v.FIGURE_SENTENCES).format(n=rng.randint(2, 98)))
        body = f"{summary}。" + "。".join(sentences) + "。"
        marker = f"{cn_number(i)}是"
        parts.append(marker + body)
        gold.append({"marker": marker, "text_start": body[:12], "summary": summary})
    return "".join(parts), gold


def compose(seed: int, *, target_chars: int) -> Composed:
    rng = random.Random(seed)
    city, area_code = rng.choice(v.CITIES)
    unit = rng.choice(v.UNITS)
    inspected = f"{city}{unit}"
    group = f"市委第{cn_number(rng.randint(1, 12))}巡察组"
    round_ = f"{cn_number(rng.randint(6, 8))}届市委第{cn_number(rng.randint(1, 12))}轮巡察"
    year = rng.randint(2021, 2025)
    start = dt.date(year, rng.randint(1, 5), rng.randint(1, 28))
    end = start + dt.timedelta(days=rng.randint(30, 75))
    feedback = end + dt.timedelta(days=rng.randint(20, 90))
    published = feedback + dt.timedelta(days=rng.randint(120, 300))
    disclosure_end = published + dt.timedelta(days=30)

    # "2024年4月8日至6月21日": the end omits the year (always the same year here).
    range_text = f"{start.year}年{start.month}月{start.day}日至{end.month}月{end.day}日"
    feedback_text = f"{feedback.year}年{feedback.month}月{feedback.day}日"
    disclosure_text = (f"{published.year}年{published.month}月{published.day}日至"
                       + ("" if disclosure_end.year == published.year else f"{disclosure_end.year}年")
                       + f"{disclosure_end.month}月{disclosure_end.day}日")
    chinese_signature_date = rng.random() < 0.3
    publication_text = cn_date(published) if chinese_signature_date else (
        f"{published.year}年{published.month}月{published.day}日")

    lines = [
        f"根据市委统一部署,{range_text},{group}对{inspected}开展了{round_}。{feedback_text},{group}向{inspected}"
        "反馈了巡察意见。按照巡察工作有关要求,现将巡察整改进展情况予以公布。"
    ]
    sections: list[dict[str, Any]] = []
    measures: list[dict[str, str]] = []

    level1 = rng.sample(v.LEVEL1_HEADINGS, 3)
    # A level-3 paragraph with its measures is ~185 characters beside its share of headings: size the middle section to the target.
    n3_total = max(3, (target_chars - 1800) // 185)
    n2_middle = min(len(v.LEVEL2_HEADINGS), max(2, n3_total // 4))
    for i, heading1 in enumerate(level1, start=1):
        marker1 = f"{cn_number(i)}、"
        lines.append(marker1 + heading1)
        sections.append({"marker": marker1, "level": 1, "heading": heading1})
        lines.append("。".join(rng.sample(v.SENTENCES, 2)) + "。")
        n2 = n2_middle if i == 2 else rng.randint(2, 3)
        for j in range(1, n2 + 1):
            heading2 = v.LEVEL2_HEADINGS[(j - 1 + seed) % len(v.LEVEL2_HEADINGS)]
            marker2 = f"({cn_number(j)})"
            if i == 2:
                lines.append(marker2 + heading2)
                sections.append({"marker": marker2, "level": 2, "heading": heading2})
                n3 = n3_total // n2 + (1 if j <= n3_total % n2 else 0)
                for k in range(1, n3 + 1):
                    heading3 = rng.choice(v.LEVEL3_HEADINGS)
                    paragraph, gold = _measure_paragraph(rng, rng.randint(2, 4))
                    lines.append(f"{k}.{heading3}。{paragraph}")
                    sections.append({"marker": f"{k}.", "level": 3, "heading": heading3})
                    measures.extend(gold)
            else:
                short = heading2.removeprefix("关于").removesuffix("方面")
                body = "。".join(rng.sample(v.SENTENCES, 3)) + "。"
                lines.append(f"{marker2}{short}。{body}")
                sections.append({"marker": marker2, "level": 2, "heading": short})

    email = f"xczg{seed % 1000:03d}@example.gov.cn"
    phone = f"{area_code}-{rng.randint(2000_0000, 8999_9999)}"
    postcode = f"5{rng.randint(10000, 29999)}"
    address = f"{city}{unit}办公楼{rng.randint(1, 9)}栋{rng.randint(101, 909)}办公室"
    lines += [
        "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议,请及时向我们反映。"
        f"公开期限:{disclosure_text}。",
        f"联系电话:{phone};邮政信箱:{address},邮政编码:{postcode};电子邮箱:{email}。",
        f"中共{inspected}委员会" if "局" not in unit else f"中共{inspected}党组",
        publication_text,
    ]
    issuer = lines[-2]
    title = f"{issuer}关于{round_}整改进展情况的通报"
    annotation: dict[str, Any] = {
        "file": "",
        "title": None,
        "issuer": issuer,
        "publication_date": iso(published),
        "inspection": {"body": group, "round": round_, "inspected_body": inspected,
                       "start": iso(start), "end": iso(end), "feedback_date": iso(feedback)},
        "sections": sections,
        "measures": measures,
        "dates": [
            {"text": range_text, "start": iso(start), "end": iso(end)},
            {"text": feedback_text, "start": iso(feedback), "end": None},
            {"text": disclosure_text, "start": iso(published), "end": iso(disclosure_end)},
            {"text": publication_text, "start": iso(published), "end": None},
        ],
        "contacts": {"phones": [phone], "emails": [email], "postcodes": [postcode], "addresses": [address]},
        "disclosure_period": {"start": iso(published), "end": iso(disclosure_end)},
        "noise": [],
    }
    sidecar = {"title": title, "publisher": issuer, "retrieved_at": f"{published.isoformat()}T09:00:00+08:00"}
    return Composed(name="", title=title, lines=lines, gold=annotation, sidecar=sidecar)
