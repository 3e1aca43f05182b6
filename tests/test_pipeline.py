"""The pipeline's error policy: one article the detector chokes on never costs its batch."""

from __future__ import annotations

import pytest

from newswatch import pipeline
from newswatch.article import Article
from newswatch.settings import Settings
from storage.db import Database

GOOD = ("Fjordline Cloud said on Monday it now offers DeepSeek-R1 to its business customers "
        "through its model catalogue.")


def test_a_detector_failure_is_logged_and_the_batch_goes_on(
        sqlite_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    real = pipeline.detect

    def fragile(text, subjects, title=""):  # type: ignore[no-untyped-def]
        if title == "Odd one":
            raise IndexError("list index out of range")
        return real(text, subjects, title=title)

    monkeypatch.setattr(pipeline, "detect", fragile)
    articles = [Article(title="Odd one", body="Some odd text about DeepSeek."),
                Article(title="Fjordline adds R1", body=GOOD)]
    result = pipeline.ingest(Database(sqlite_url), articles, Settings(database=sqlite_url))
    assert result.new_articles == 2
    assert [(c.entity, c.action) for c in result.new_claims] == [("Fjordline", "support")]
    assert "claim detection failed on 'Odd one'" in caplog.text
