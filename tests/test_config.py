from __future__ import annotations

from pathlib import Path

import pytest

from govpub.config import load_config, parse_config
from govpub.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "collection.yaml"


def test_example_collection_loads() -> None:
    config = load_config(EXAMPLE)
    assert config.dataset.name == "inspection-rectification-reports"
    assert config.dataset.title_zh and config.dataset.title_en
    assert config.sources == ("reports/",)
    assert config.base_dir == EXAMPLE.parent
    assert config.dataset.licenses[0].name == "CC-BY-4.0"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "missing 'dataset'"),
        ({"dataset": {"name": "../escape"}}, "must match"),
        ({"dataset": {"name": "ok", "title": {"zh": "标题"}}}, "missing 'en'"),
    ],
)
def test_bad_config_says_what_is_wrong(raw: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(raw, base_dir=Path("."))


def test_config_file_that_is_not_yaml(tmp_path: Path) -> None:
    bad = tmp_path / "c.yaml"
    bad.write_text("dataset: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
