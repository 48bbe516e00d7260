"""Which instance a plan was made from: its name, a content fingerprint and where it was read.

The fingerprint is a SHA-256 over a canonical JSON dump of the validated instance (every field,
defaults included, keys sorted), so the same content gives the same fingerprint on every run and
any change to a municipality, participant, venue or setting gives another. Travel enters as the
resolved municipality-to-venue matrix, not as where it came from: the embedded data and its
``kompetanse-opt example`` files (with the same matrix as a CSV file) are the same instance, and
an edited matrix file makes another.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.problem import TravelMatrix, resolve_travel

#: ``InstanceRecord.path`` of plans made from the embedded data.
EMBEDDED = "embedded Vestland data"


class InstanceRecord(BaseModel):
    """The instance a plan was made from (the plan file's ``instance`` field)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    fingerprint: str = Field(description="'sha256:' and the hex digest of the canonical instance")
    path: str | None = Field(
        default=None, description="the file it was read from; null for the embedded data"
    )
    embedded: bool = Field(default=False, description="true: the embedded Vestland data")

    def describe(self) -> str:
        """'NAME' (PATH), as the one-line refusals name it."""
        where = EMBEDDED if self.embedded else (self.path or "no file recorded")
        return f"'{self.name}' ({where}, {self.fingerprint[:19]})"


def instance_fingerprint(instance: Instance, travel: TravelMatrix | None = None) -> str:
    """'sha256:<hex>' of the canonical JSON of ``instance`` (stable across runs).

    ``travel`` is the instance's resolved matrix, if already at hand (else it is resolved).
    """
    matrix = resolve_travel(instance) if travel is None else travel
    data = instance.model_dump(mode="json")
    data["travel"] = sorted([m, v, minutes] for (m, v), minutes in matrix.items())
    canonical = json.dumps(
        data,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@cache
def embedded_fingerprint() -> str:
    """The fingerprint of :func:`kompetanse_opt.model.vestland.vestland_instance`."""
    from kompetanse_opt.model.vestland import vestland_instance

    return instance_fingerprint(vestland_instance())


def record_instance(
    instance: Instance, path: str | None = None, travel: TravelMatrix | None = None
) -> InstanceRecord:
    """The record of ``instance``; ``embedded`` when its content is the embedded data's."""
    fingerprint = instance_fingerprint(instance, travel)
    embedded = path is None and fingerprint == embedded_fingerprint()
    return InstanceRecord(name=instance.name, fingerprint=fingerprint, path=path, embedded=embedded)
