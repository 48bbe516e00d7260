"""Loading and saving instances (JSON or YAML)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.files import (
    problems_from_validation_error,
    read_structured,
    write_text_atomic,
)
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance import Instance


def instance_from_data(
    data: Any, source: str | None = None, base_dir: Path | None = None
) -> Instance:
    """Validate already-parsed data; every problem is reported with its field path."""
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise InstanceError(
            [Problem("", msg("expected a mapping at the top level, got {kind}", kind=kind))], source
        )
    try:
        instance = Instance.model_validate(data)
    except ValidationError as exc:
        raise InstanceError(problems_from_validation_error(exc), source) from None
    except InstanceError as exc:
        raise exc.with_source(source) if source else exc from None
    return instance.with_base_dir(base_dir)


def load_instance(path: str | Path) -> Instance:
    """Read an instance file; raises :class:`InstanceError` naming the file and each bad field."""
    path = Path(path)
    data = read_structured(path, InstanceError)
    return instance_from_data(data, str(path), path.resolve().parent)


def instance_to_data(instance: Instance) -> dict[str, Any]:
    return instance.model_dump(mode="json", exclude_none=True)


def write_instance(instance: Instance, path: str | Path) -> None:
    """Write an instance as YAML (``.yaml``/``.yml``) or JSON (anything else), atomically."""
    path = Path(path)
    data = instance_to_data(instance)
    if path.suffix.lower() in (".yaml", ".yml"):
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    else:
        import json

        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_text_atomic(path, text)
