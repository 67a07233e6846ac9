"""The embedded defaults: a collection config for `govpub run SOURCE...` without --config."""

from __future__ import annotations

from pathlib import Path

from govpub.config import Agent, CollectionConfig, DatasetMeta, License

DEFAULT_DATASET = DatasetMeta(
    name="govpub-reports",
    title_zh="政府公文开放数据",
    title_en="Government reports as open data",
    description_zh="由 govpub 从政府公文中抽取的章节、措施、日期、联系方式和数字。",
    description_en="Sections, measures, dates, contact details and figures extracted from government reports by govpub.",
    publisher=Agent(name="govpub"),
    contact_point=Agent(name="govpub"),
    licenses=(License(name="CC-BY-4.0", path="https://creativecommons.org/licenses/by/4.0/",
                      title="Creative Commons Attribution 4.0"),),
    keywords=("公文", "open data"),
)


def default_config(*, base_dir: Path) -> CollectionConfig:
    return CollectionConfig(dataset=DEFAULT_DATASET, sources=(), target="./public", base_dir=base_dir)
