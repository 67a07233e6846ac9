from __future__ import annotations

import json
from pathlib import Path

from govpub.cli import main
from govpub.generate import generate_corpus
from govpub.generate.render import VARIANTS


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "a", docs=12, seed=3)
    generate_corpus(tmp_path / "b", docs=12, seed=3)
    generate_corpus(tmp_path / "c", docs=12, seed=4)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


def test_every_variant_with_sidecar_and_gold(tmp_path: Path) -> None:
    generate_corpus(tmp_path, docs=len(VARIANTS), seed=1)
    docs = sorted(p for p in tmp_path.iterdir() if p.is_file() and not p.name.endswith(".meta.json"))
    assert [p.name.split("_", 1)[1].rsplit(".", 1)[0] for p in docs] == list(VARIANTS)
    for doc in docs:
        gold = json.loads((tmp_path / "gold" / f"{doc.stem}.json").read_text(encoding="utf-8"))
        assert gold["file"] == doc.name
        assert gold["sections"] and gold["measures"] and len(gold["dates"]) == 4
        sidecar = json.loads((tmp_path / f"{doc.name}.meta.json").read_text(encoding="utf-8"))
        assert sidecar["title"] and sidecar["url"].startswith("https://")
    gbk = (tmp_path / "00003_html-gbk.html").read_bytes()
    assert b'charset="gbk"' in gbk
    gbk.decode("gbk")  # really GBK bytes
    assert (tmp_path / "00004_docx.docx").read_bytes()[:2] == b"PK"


def test_gold_matches_the_text(tmp_path: Path) -> None:
    generate_corpus(tmp_path, docs=2, seed=9, variants=("txt",))
    for n in range(2):
        text = (tmp_path / f"{n:05d}_txt.txt").read_text(encoding="utf-8")
        gold = json.loads((tmp_path / "gold" / f"{n:05d}_txt.json").read_text(encoding="utf-8"))
        for m in gold["measures"]:
            assert m["marker"] + m["text_start"] in text
        for s in gold["sections"]:
            assert "\n" + s["marker"] + s["heading"] in text
        for d in gold["dates"]:
            assert d["text"] in text
        assert gold["contacts"]["emails"][0] in text


def test_sizes_span_real_reports(tmp_path: Path) -> None:
    info = generate_corpus(tmp_path, docs=30, seed=2, variants=("txt",))
    sizes = [len(p.read_text(encoding="utf-8")) for p in tmp_path.glob("*.txt")]
    assert min(sizes) >= 3_000 and max(sizes) <= 45_000
    assert max(sizes) > 20_000
    assert info.documents == 30


def test_cli(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["generate", "--docs", "3", "--seed", "5", "--out", str(tmp_path)]) == 0
    assert "wrote 3 documents" in capsys.readouterr().out
    assert main(["generate", "--docs", "3", "--out", str(tmp_path), "--variants", "pdf"]) == 2
