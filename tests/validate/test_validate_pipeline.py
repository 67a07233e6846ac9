"""The pipeline's package stage (build, then validate) works on hand-made records."""

from __future__ import annotations

from pathlib import Path

from sample_records import CREATED, META, REJECTED, two_reports

from govpub.config import CollectionConfig
from govpub.pipeline import stage_package


def test_stage_package_builds_and_validates(tmp_path: Path) -> None:
    config = CollectionConfig(dataset=META, sources=())
    package, report = stage_package(config, two_reports(), REJECTED, now=CREATED, work_dir=tmp_path)
    assert package.root == tmp_path / "package"
    assert report.valid, report.summary()
    assert report.rows_checked == sum(package.row_counts.values()) == 41
