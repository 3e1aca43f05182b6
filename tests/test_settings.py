"""Configuration: defaults, YAML, environment, and errors that name the key's path."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.errors import ConfigError
from newswatch.settings import DEFAULT_DATABASE, load_settings, parse_duration

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newswatch.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file() -> None:
    s = load_settings(env={})
    assert s.database == DEFAULT_DATABASE
    assert s.subjects[0].name == "DeepSeek" and s.sources == [] and s.alerts == []


def test_committed_example_config_is_valid() -> None:
    s = load_settings(ROOT / "newswatch.example.yaml", env={})
    assert s.sources and s.alerts


@pytest.mark.parametrize("value, seconds", [(90, 90), ("30s", 30), ("5m", 300), ("1h", 3600),
                                            ("1.5h", 5400), ("2d", 172800)])
def test_durations(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


def test_environment_wins_over_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "database: sqlite:///from-file.db\n")
    s = load_settings(path, env={"NEWSWATCH_DATABASE_URL": "sqlite:///from-env.db",
                                 "NEWSWATCH_ALERT_URLS": "json://127.0.0.1:9/a, json://127.0.0.1:9/b"})
    assert s.database == "sqlite:///from-env.db"
    assert [a.url for a in s.alerts] == ["json://127.0.0.1:9/a", "json://127.0.0.1:9/b"]


@pytest.mark.parametrize("text, message", [
    ("databse: x\n", "databse: unknown key"),
    ("sources:\n  - {name: a, type: rss, url: 'https://a.example/feed', interval: soon}\n",
     "sources[0].interval: Value error, 'soon' is not a duration"),
    ("sources:\n  - {name: a, type: gopher, url: 'https://a.example/'}\n", "sources[0].type"),
    ("sources:\n  - {name: a, type: rss, url: 'ftp://a.example/'}\n",
     "sources[0].url: only http:// and https://"),
    ("alerts:\n  - {name: a, url: 'json://x', colour: red}\n", "alerts[0].colour: unknown key"),
    ("subjects: []\n", "subjects"),
    ("- just a list\n", "top level must be a mapping"),
    ("sources: [\n", "not valid YAML"),
])
def test_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path, env={})
    assert str(path) in str(info.value)
    assert message.replace("Value error, ", "") in str(info.value)
