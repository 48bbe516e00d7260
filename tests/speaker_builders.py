"""Small dated instances with a speaker pool (rule H10)."""

from __future__ import annotations

from typing import Any

from calendar_builders import make_dated_instance
from kompetanse_opt.model.instance import Instance


def speaker(ident: str, **extra: Any) -> dict[str, Any]:
    """A pool speaker who can present 'agile' and 'data-driven', free every day, from 1001."""
    data: dict[str, Any] = {
        "id": ident,
        "name": ident.upper(),
        "capabilities": ["agile", "data-driven"],
        "home": "1001",
        "fee": 30_000,
    }
    data.update(extra)
    return data


def make_speaker_instance(
    speakers: list[dict[str, Any]] | None = None, **extra: Any
) -> Instance:
    """The dated test instance (2 cohorts × 2 gatherings) with a pool of three speakers."""
    pool = speakers if speakers is not None else [speaker("s1"), speaker("s2"), speaker("s3")]
    return make_dated_instance(speakers=pool, **extra)
