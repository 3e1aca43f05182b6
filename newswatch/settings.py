"""One typed settings object, read from ``newswatch.yaml`` and ``NEWSWATCH_*`` variables.

Precedence, lowest first: built-in defaults, the YAML file (``--config`` or
``NEWSWATCH_CONFIG``, else ``./newswatch.yaml`` when it exists), then environment variables
(``NEWSWATCH_DATABASE_URL``, ``NEWSWATCH_ALERT_URLS``). Unknown keys and wrong types are
errors naming the key's path (``sources[2].interval``), because a typo in a monitoring config
otherwise fails silently: the feed is never polled and nobody notices.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from newswatch.claims import DEFAULT_SUBJECT, Subject
from newswatch.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_DATABASE = "sqlite:///newswatch.db"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def parse_duration(value: Any) -> float:
    """Seconds from ``300``, ``"30s"``, ``"5m"``, ``"1h"`` or ``"2d"``."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bool):
        raise ValueError("a duration, not true/false")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(f"{value!r} is not a duration (use seconds or 30s, 5m, 1h, 2d)")
        seconds = float(match[1]) * _UNIT_SECONDS[match[2]]
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]
#: a duration that may be zero (a politeness delay of 0 turns spacing off)
OptionalDuration = Annotated[float, BeforeValidator(
    lambda v: 0.0 if str(v).strip() in ("0", "0s", "0.0") else parse_duration(v))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubjectConfig(_Strict):
    """The watched model family: its name, other spellings and model names."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    models: list[str] = Field(default_factory=list)

    def to_subject(self) -> Subject:
        return Subject(name=self.name, aliases=tuple(self.aliases), models=tuple(self.models))


def _default_subjects() -> list[SubjectConfig]:
    s = DEFAULT_SUBJECT
    return [SubjectConfig(name=s.name, aliases=list(s.aliases), models=list(s.models))]


class SourceConfig(_Strict):
    """One source to poll: a feed, the TradingView headlines list, or a single page."""

    name: str
    type: Literal["rss", "tradingview", "html"]
    url: str
    interval: Duration = 300.0
    allow_private: bool = False
    fetch_pages: bool = True
    enabled: bool = True
    provider: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)

    @field_validator("url")
    @classmethod
    def _http_only(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value, re.I):
            raise ValueError("only http:// and https:// URLs can be polled")
        return value


class AlertConfig(_Strict):
    """One alert channel: an apprise URL and the rules that route claims to it."""

    name: str
    url: str
    kinds: list[Literal["vendor_support", "regulatory_action", "health"]] = Field(
        default_factory=lambda: ["vendor_support", "regulatory_action", "health"])
    entities: list[str] = Field(default_factory=list)
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    mode: Literal["instant", "digest"] = "instant"
    digest_every: Duration = 3600.0
    quiet_hours: str | None = None

    @field_validator("quiet_hours")
    @classmethod
    def _hours_range(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^\d\d:\d\d-\d\d:\d\d$", value):
            raise ValueError("quiet_hours is written HH:MM-HH:MM, e.g. 22:00-07:00")
        return value


class HealthConfig(_Strict):
    """When a source counts as failing: N failed polls in a row, or silent for too long."""

    max_failures: int = Field(default=3, ge=1)
    max_silence: Duration = 86400.0


class DeliveryConfig(_Strict):
    """How the alert sender retries."""

    max_attempts: int = Field(default=8, ge=1)
    backoff: Duration = 2.0
    max_backoff: Duration = 900.0
    flush_timeout: Duration = 30.0


class Settings(_Strict):
    """Everything newswatch reads from configuration."""

    database: str = DEFAULT_DATABASE
    data_dir: str = "."
    subjects: list[SubjectConfig] = Field(default_factory=_default_subjects, min_length=1)
    sources: list[SourceConfig] = Field(default_factory=list)
    alerts: list[AlertConfig] = Field(default_factory=list)
    health: HealthConfig = Field(default_factory=HealthConfig)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)
    user_agent: str = "newswatch/0.1 (+https://github.com/newswatch/newswatch)"
    politeness_delay: OptionalDuration = 1.0

    def subject_objects(self) -> list[Subject]:
        return [s.to_subject() for s in self.subjects]

    @field_validator("sources")
    @classmethod
    def _unique_names(cls, value: list[SourceConfig]) -> list[SourceConfig]:
        names = [s.name for s in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"source names must be unique: {', '.join(dupes)}")
        return value


def _key_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _format_errors(exc: ValidationError, origin: str) -> str:
    lines = []
    for err in exc.errors():
        path = _key_path(tuple(p for p in err["loc"] if not str(p).startswith("function-")))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        lines.append(f"{origin}: {path}: {msg}")
    return "\n".join(lines)


def _alert_urls_from_env(value: str) -> list[dict[str, Any]]:
    urls = [u.strip() for u in re.split(r"[\s,]+", value) if u.strip()]
    return [{"name": f"env{i + 1}", "url": u} for i, u in enumerate(urls)]


def find_config(path: str | os.PathLike[str] | None = None) -> Path | None:
    """The config file in use: the argument, ``NEWSWATCH_CONFIG``, or ``./newswatch.yaml``."""
    if path:
        return Path(path)
    env = os.environ.get("NEWSWATCH_CONFIG")
    if env:
        return Path(env)
    local = Path("newswatch.yaml")
    return local if local.exists() else None


def load_settings(path: str | os.PathLike[str] | None = None,
                  env: dict[str, str] | None = None) -> Settings:
    """Read and validate the settings; raise :class:`ConfigError` naming the bad key."""
    env = dict(os.environ if env is None else env)
    config = find_config(path)
    data: dict[str, Any] = {}
    origin = "defaults"
    if config is not None:
        origin = str(config)
        try:
            text = config.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{config}: cannot read: {exc.strerror or exc}") from exc
        try:
            loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise ConfigError(f"{config}: not valid YAML: {exc}") from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"{config}: the top level must be a mapping of keys")
        data = loaded
    if env.get("NEWSWATCH_DATABASE_URL"):
        data["database"] = env["NEWSWATCH_DATABASE_URL"]
    if env.get("NEWSWATCH_ALERT_URLS"):
        data["alerts"] = list(data.get("alerts") or []) + _alert_urls_from_env(
            env["NEWSWATCH_ALERT_URLS"])
    if env.get("NEWSWATCH_DATA_DIR"):
        data["data_dir"] = env["NEWSWATCH_DATA_DIR"]
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc, origin)) from None
