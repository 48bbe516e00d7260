"""What a registration sheet's cells may say: municipalities by number, name or a near miss,
service areas by key, label or short form, target groups by number or word.

Names are compared in lower-case ASCII (``Bømlo`` = ``bomlo``, :func:`~kompetanse_opt.core.text
.ascii_fold`), so a sheet typed on an English keyboard still matches. A name that matches
nothing is looked up in ``data/vestland_municipality_changes.csv`` (the 2020 reform: "Førde is
part of Sunnfjord since 2020 (4647)") and otherwise compared with every current and former name
by ``rapidfuzz``, which handles typos ("Kvinherad") and Norwegian letters alike.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.text import ascii_fold
from kompetanse_opt.io.labels import TEXTS, Labels, service_area_key
from kompetanse_opt.model.instance import Instance

__all__ = [
    "AREA_ALIASES",
    "ROLE_GROUPS",
    "MunicipalityChange",
    "NameLookup",
    "municipality_changes",
    "normalise",
    "target_group_word",
]

#: Role words that imply a target group when that cell is blank.
ROLE_GROUPS: dict[str, int] = {
    "kommunedirektør": 1, "rådmann": 1, "leder": 1, "ledergruppe": 1, "leader": 1,
    "chief executive": 1, "hr": 2, "personal": 2, "ikt": 3, "ict": 3, "it": 3,
    "hovedtillitsvalgt": 4, "tillitsvalgt": 4, "union": 4, "union representative": 4,
}  # fmt: skip

#: Short forms of service areas, besides their keys and their labels in both languages.
AREA_ALIASES: dict[str, str] = {
    "helse": "health_care", "omsorg": "health_care", "oppvekst": "education",
    "skole": "education", "utdanning": "education", "teknisk": "technical", "plan": "technical",
    "stab": "staff_support", "støtte": "staff_support", "staff": "staff_support",
}  # fmt: skip

#: Lowest rapidfuzz score (0-100) that is offered as "did you mean".
SUGGESTION_SCORE = 80
_CHANGES_FILE = "vestland_municipality_changes.csv"


def normalise(text: str) -> str:
    """Header and value matching: case, ``*``, ``_``/``-`` and repeated spaces do not matter."""
    text = text.replace("*", " ").replace("_", " ").replace("-", " ")
    return " ".join(text.casefold().split())


def _key(text: str) -> str:
    """A municipality or area name as compared: :func:`normalise`, then ASCII letters."""
    return ascii_fold(normalise(text))


@cache
def _target_words() -> dict[str, int]:
    """Every word that names a target group: the template's values (``2 HR``), those values
    without their number (``HR``, ``Hovedtillitsvalgt``) in both languages, and the role words."""
    words = {_key(k): g for k, g in ROLE_GROUPS.items()}
    for lang in ("nb", "en"):
        labels = Labels(lang)
        for group in (1, 2, 3, 4):
            label = labels.target_group(group)
            words[_key(label)] = group
            number, _, rest = label.partition(" ")
            if number == str(group) and rest:
                words[_key(rest)] = group
    return words


def target_group_word(text: str) -> int | None:
    """The target group a word names ("HR" → 2, "ikt" → 3, "Tillitsvalgt" → 4), else None."""
    return _target_words().get(_key(text))


@dataclass(frozen=True)
class MunicipalityChange:
    """A municipality as it was before 2020 and what it is now."""

    old_number: str
    old_name: str
    current_number: str
    current_name: str
    since: int
    kind: str  # merged, renumbered or moved
    county: str

    def message(self, typed_number: bool) -> str:
        """One line for the sheet's cell: what the old name or number is now."""
        elsewhere = f" ({self.county})" if self.county else ""
        if self.kind == "renumbered":
            if typed_number:
                return msg(
                    "{old_number} is {old_name}'s number before {since}; it is {current_number}"
                    " since {since}",
                    self.__dict__,
                )
            return msg("{old_name} has number {current_number} since {since}", self.__dict__)
        old = f"{self.old_name} ({self.old_number})" if typed_number else self.old_name
        values = {**self.__dict__, "old": old, "elsewhere": elsewhere}
        if self.kind == "moved":
            return msg(
                "{old} moved to {current_name}{elsewhere} since {since} ({current_number})", values
            )
        return msg(
            "{old} is part of {current_name}{elsewhere} since {since} ({current_number})", values
        )


@cache
def municipality_changes() -> tuple[MunicipalityChange, ...]:
    """The shipped table of Vestland's merged, renumbered and moved municipalities."""
    text = resources.files("kompetanse_opt.data").joinpath(_CHANGES_FILE).read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(
        MunicipalityChange(
            r["old_number"],
            r["old_name"],
            r["current_number"],
            r["current_name"],
            int(r["since"]),
            r["kind"],
            r["county"],
        )
        for r in rows
    )


class NameLookup:
    """Resolves municipality and service-area cells against the base instance."""

    def __init__(self, base: Instance) -> None:
        self.municipalities: dict[str, str] = {}
        for m in base.municipalities:
            for key in (m.id, m.name, f"{m.id} {m.name}", f"{m.name} ({m.id})"):
                self.municipalities[_key(key)] = m.id
        self.names = {m.name: m.id for m in base.municipalities}
        self.known = set(self.names.values())
        changes = municipality_changes()
        self.changes_by_number = {c.old_number: c for c in changes}
        # A former name that is also a current one (Bergen, Voss) resolves as the current.
        self.changes_by_name = {
            _key(c.old_name): c for c in changes if _key(c.old_name) not in self.municipalities
        }
        # The standard areas first (in the labels' order), then any the base adds.
        areas = dict.fromkeys(k[5:] for k in TEXTS if k.startswith("area_"))
        areas.update(dict.fromkeys(p.service_area for p in base.participants))
        self.area_keys = list(areas)
        self.areas = {_key(a): a for a in areas}
        self.area_labels: dict[str, str] = {}
        for area in areas:
            for text in TEXTS.get(service_area_key(area), ()):
                self.areas[_key(text)] = area
                self.area_labels[text] = area
        self.areas.update({_key(k): v for k, v in AREA_ALIASES.items()})

    def municipality(self, text: str) -> str | None:
        """The kommunenummer a cell names: number, name (any case, æøå or ae/o/a), "Bergen
        kommune"; None when it names none of the base's."""
        if text.isdigit() and len(text) < 4:
            text = text.zfill(4)  # Excel drops leading zeros of numbers such as 0301
        key = _key(text)
        found = self.municipalities.get(key)
        if found is None and key.endswith(" kommune"):
            found = self.municipalities.get(key.removesuffix(" kommune"))
        return found

    def suggestion(self, text: str) -> str:
        """What to say about a name that matched nothing: its current name after a merger or a
        new number, else the nearest name (a typo), else nothing."""
        change = self._change(text)
        if change is not None:
            usable = change.current_number in self.known
            said = change.message(text.strip().isdigit())
            if usable:
                return msg(": {change}", change=said)
            return msg(": {change}, which is not in this instance", change=said)
        choices = [*self.names, *(c.old_name for c in self.changes_by_name.values())]
        best = process.extractOne(
            text, choices, scorer=fuzz.WRatio, processor=_key, score_cutoff=SUGGESTION_SCORE
        )
        if best is None:
            return ""
        name = best[0]
        if name in self.names:
            return msg(" (did you mean {name}?)", name=name)
        said = self.changes_by_name[_key(name)].message(False)
        return msg(" (did you mean {name}? {change})", name=name, change=said)

    def _change(self, text: str) -> MunicipalityChange | None:
        number = text.strip()
        if number.isdigit():
            return self.changes_by_number.get(number.zfill(4))
        key = _key(text).removesuffix(" kommune")
        return self.changes_by_name.get(key)

    def area(self, text: str) -> str | None:
        """The service-area key a cell names (key, label in either language, short form)."""
        return self.areas.get(_key(text))

    def area_suggestion(self, text: str) -> str:
        """The nearest service-area label or key, as "did you mean"."""
        best = process.extractOne(
            text,
            [*self.area_labels, *self.area_keys],
            scorer=fuzz.WRatio,
            processor=_key,
            score_cutoff=SUGGESTION_SCORE,
        )
        return msg(" (did you mean {name}?)", name=best[0]) if best is not None else ""
