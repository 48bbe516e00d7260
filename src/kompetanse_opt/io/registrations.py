"""Reading a registration sheet (.xlsx or .csv) into checked participant rows.

The column layout (headers in Norwegian or English, any order, case and ``_``/``-``/space
insensitive; the first non-empty row is the header row):

================  ================  ========  =================================================
Norwegian         English           required  content
================  ================  ========  =================================================
kommune           municipality      yes       municipality number (4601) or name (Bergen)
målgruppe         target_group      yes [1]   1 leadership, 2 HR, 3 ICT, 4 union (``2 HR`` works)
tjenesteområde    service_area      yes       e.g. ``Helse og omsorg`` / ``health_care``
rolle             role              no        free text, e.g. kommunedirektør
navn              name              no        personal data, optional everywhere
e-post            email             no        personal data, optional everywhere
deltaker-id       participant_id    no        default: ``<kommunenummer>-<nn>`` in row order
ønsker kull       prefers           no        cohort numbers the municipality prefers: ``1, 3``
kan ikke kull     cannot_attend     no        cohort numbers it cannot attend (hard)
================  ================  ========  =================================================

[1] The template's values (``2 HR``) or the words people type (``HR``, ``IKT``, ``tillitsvalgt``,
any case) work. A blank target group is taken from a known role (kommunedirektør/leder 1, HR 2,
IKT/ICT 3, hovedtillitsvalgt/union 4). Municipality and service-area names are matched as
:mod:`kompetanse_opt.io.name_matching` describes (æøå or ae/o/a, former names, typos). Wishes
belong to the municipality: those of its rows are combined. Other columns are ignored (and named
in a note). Every problem is reported with its cell, e.g.
``Deltakere!C7``, all at once, before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kompetanse_opt.core.errors import Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.text import shorten
from kompetanse_opt.io.name_matching import (
    AREA_ALIASES,
    ROLE_GROUPS,
    NameLookup,
    normalise,
    target_group_word,
)
from kompetanse_opt.io.sheets import Sheet, clean, column_letter, read_sheet
from kompetanse_opt.model.instance import Instance

__all__ = [
    "AREA_ALIASES",
    "FIELDS",
    "ROLE_GROUPS",
    "FieldSpec",
    "ParsedSheet",
    "Registration",
    "Sheet",
    "clean",
    "column_letter",
    "normalise",
    "parse_sheet",
    "read_sheet",
]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    nb: str
    en: str
    required: bool
    aliases: tuple[str, ...] = ()


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("municipality", "kommune", "municipality", True, ("kommunenummer", "kommunenr")),
    FieldSpec("target_group", "målgruppe", "target_group", True, ("malgruppe",)),
    FieldSpec("service_area", "tjenesteområde", "service_area", True, ("tjenesteomrade",)),
    FieldSpec("role", "rolle", "role", False, ("stilling", "position")),
    FieldSpec("name", "navn", "name", False, ("fullt navn", "full name")),
    FieldSpec("email", "e-post", "email", False, ("epost", "e-mail", "e-postadresse")),
    FieldSpec("id", "deltaker-id", "participant_id", False, ("id", "deltakerid")),
    FieldSpec("prefers", "ønsker kull", "prefers", False, ("ønsker", "onsker", "ønsket kull")),
    FieldSpec("cannot_attend", "kan ikke kull", "cannot_attend", False, ("kan ikke",)),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}

_NUMBER = re.compile(r"[0-9]{1,6}")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LIST_SEPARATORS = re.compile(r"\s*(?:[,;/+&]|\bog\b|\band\b|\s)\s*", re.IGNORECASE)


_HEADER_KEYS: dict[str, str] = {
    normalise(name): f.key for f in FIELDS for name in (f.key, f.nb, f.en, *f.aliases)
}


@dataclass
class Registration:
    """One checked sheet row."""

    row: int
    municipality: str
    target_group: int
    service_area: str
    role: str | None = None
    name: str | None = None
    email: str | None = None
    id: str | None = None
    # (cohort, cell, column title) so that later checks can name the cell
    prefers: list[tuple[int, str, str]] = field(default_factory=list)
    cannot_attend: list[tuple[int, str, str]] = field(default_factory=list)

    def participant_data(self, ident: str, *, anonymise: bool = False) -> dict[str, Any]:
        """The row as an instance's participant with id ``ident`` (name and e-mail left out
        when ``anonymise``; empty optional fields left out)."""
        person: dict[str, Any] = {
            "id": ident,
            "municipality": self.municipality,
            "target_group": self.target_group,
            "service_area": self.service_area,
        }
        if self.role:
            person["role"] = self.role
        if self.name and not anonymise:
            person["name"] = self.name
        if self.email and not anonymise:
            person["email"] = self.email
        return person


@dataclass
class ParsedSheet:
    registrations: list[Registration]
    problems: list[Problem]
    notes: list[str]


def _cohort_list(text: str) -> list[int] | None:
    # ASCII digits only: "²" or "٣" pass str.isdigit but are no cohort number (and int() of a
    # superscript raises).
    parts = [p for p in _LIST_SEPARATORS.split(text) if p]
    if not all(_NUMBER.fullmatch(p) for p in parts):
        return None
    return [int(p) for p in parts]


def _target_group(text: str, role: str) -> tuple[int | None, str | None]:
    """The target group and, if it cannot be found, why."""
    if text:
        match = re.match(r"^\s*([0-9]{1,6})(?![0-9])", text)
        if match is None:
            by_word = target_group_word(text)
            if by_word is not None:
                return by_word, None
            return None, msg(
                "target group {value} is not 1-4 (or a word such as HR, IKT, tillitsvalgt)",
                value=shorten(text),
            )
        group = int(match.group(1))
        if group == 5:
            return None, msg(
                "target group 5 (politicians) has its own track and is not registered here"
            )
        if not 1 <= group <= 4:
            return None, msg("target group {group} is not 1-4", group=group)
        return group, None
    if role:
        by_role = target_group_word(role)
        if by_role is not None:
            return by_role, None
        return None, msg(
            "blank target group, and role {role} does not tell it: give 1-4", role=shorten(role)
        )
    return None, msg("blank required cell: give a target group 1-4 (or a known role)")


@dataclass(frozen=True)
class _Header:
    """The header row: which column holds which field, and how to name a cell."""

    sheet: str
    row: int
    cells: tuple[object, ...]
    columns: dict[str, int]

    def where(self, key: str, row: int) -> str:
        return f"{self.sheet}!{column_letter(self.columns[key] + 1)}{row}"

    def title(self, key: str) -> str:
        return clean(self.cells[self.columns[key]])


def _read_header(sheet: Sheet) -> tuple[_Header, list[Problem], list[str]]:
    header_row, cells = sheet.rows[0]
    problems: list[Problem] = []
    notes: list[str] = []
    columns: dict[str, int] = {}
    for j, value in enumerate(cells):
        text = clean(value)
        key = _HEADER_KEYS.get(normalise(text)) if text else None
        where = f"{sheet.name}!{column_letter(j + 1)}{header_row}"
        if key is None:
            if text:
                notes.append(f"{where}: column {shorten(text)} ignored")
        elif key in columns:
            first = column_letter(columns[key] + 1)
            problems.append(
                Problem(
                    where,
                    msg("column {text} repeats column {first}", text=shorten(text), first=first),
                )
            )
        else:
            columns[key] = j
    for f in FIELDS:
        by_role = f.key == "target_group" and "role" in columns
        if f.required and f.key not in columns and not by_role:
            problems.append(
                Problem(
                    f"{sheet.name}!{header_row}:{header_row}",
                    msg("missing column '{nb}' ({en})", nb=f.nb, en=f.en),
                )
            )
    return _Header(sheet.name, header_row, cells, columns), problems, notes


class _RowParser:
    """Turns one data row into a :class:`Registration` or the problems of its cells."""

    def __init__(self, header: _Header, base: Instance) -> None:
        self.header = header
        self.lookup = NameLookup(base)
        self.seen: dict[tuple[str, str], int] = {}

    def parse(
        self, row: int, values: tuple[object, ...]
    ) -> tuple[Registration | None, list[Problem]]:
        """The row's registration, or None and the problems of its cells in column order."""
        cells = _RowCells(self.header, row, values)
        municipality = cells.text("municipality")
        kommunenummer = self._municipality(cells, municipality)
        area = self._service_area(cells)
        role = cells.text("role")
        group, why = _target_group(cells.text("target_group"), role)
        if why is not None:
            cells.complain("target_group" if "target_group" in self.header.columns else "role", why)
        email, ident, name = cells.text("email"), cells.text("id"), cells.text("name")
        if email and not _EMAIL.match(email):
            cells.complain("email", msg("{email} is not an e-mail address", email=shorten(email)))
        if len(ident) > 100:
            cells.complain("id", msg("participant id is longer than 100 characters"))
        wishes = _wishes(cells)
        self._check_repeats(cells, kommunenummer or normalise(municipality), ident, email, name)
        problems = cells.problems()
        if problems:
            return None, problems
        assert kommunenummer is not None and area is not None and group is not None
        registration = Registration(
            row=row,
            municipality=kommunenummer,
            target_group=group,
            service_area=area,
            role=role or None,
            name=name or None,
            email=email or None,
            id=ident or None,
            prefers=wishes["prefers"],
            cannot_attend=wishes["cannot_attend"],
        )
        return registration, []

    def _municipality(self, cells: _RowCells, municipality: str) -> str | None:
        """The row's kommunenummer, or None after naming what is wrong with the cell."""
        kommunenummer = self.lookup.municipality(municipality) if municipality else None
        if not municipality:
            cells.complain("municipality", msg("blank required cell"))
        elif kommunenummer is None:
            suggestion = self.lookup.suggestion(municipality)
            cells.complain(
                "municipality",
                msg(
                    "unknown municipality {municipality}{suggestion}",
                    municipality=shorten(municipality),
                    suggestion=suggestion,
                ),
            )
        return kommunenummer

    def _service_area(self, cells: _RowCells) -> str | None:
        """The row's service area key, or None after naming what is wrong with the cell."""
        area_text = cells.text("service_area")
        area = self.lookup.area(area_text) if area_text else None
        if not area_text:
            cells.complain("service_area", msg("blank required cell"))
        elif area is None:
            known = ", ".join(self.lookup.area_keys)
            near = self.lookup.area_suggestion(area_text)
            cells.complain(
                "service_area",
                msg(
                    "unknown service area {area_text}{near} (use one of: {known})",
                    area_text=shorten(area_text),
                    near=near,
                    known=known,
                ),
            )
        return area

    def _check_repeats(
        self, cells: _RowCells, place: str, ident: str, email: str, name: str
    ) -> None:
        """A person listed twice (same id, e-mail, or name in one municipality) is named on the
        later row."""
        identities = (("id", ident), ("email", email.casefold()), ("name", normalise(name)))
        for key, value in identities:
            if not value:
                continue
            first = self.seen.setdefault(
                (key, f"{place}\n{value}" if key == "name" else value), cells.row
            )
            if first != cells.row:
                cells.complain(key, msg("duplicate participant (same as row {first})", first=first))
                break


class _RowCells:
    """One row's cells by field, and the problems found in them (kept in column order)."""

    def __init__(self, header: _Header, row: int, values: tuple[object, ...]) -> None:
        self.header, self.row, self.values = header, row, values
        self.found: list[tuple[int, Problem]] = []

    def text(self, key: str) -> str:
        j = self.header.columns.get(key)
        return clean(self.values[j]) if j is not None and j < len(self.values) else ""

    def complain(self, key: str, message: str) -> None:
        where = self.header.where(key, self.row)
        problem = Problem(
            where, msg("{column}: {message}", column=self.header.title(key), message=message)
        )
        self.found.append((self.header.columns[key], problem))

    def problems(self) -> list[Problem]:
        return [p for _, p in sorted(self.found, key=lambda item: item[0])]


def _wishes(cells: _RowCells) -> dict[str, list[tuple[int, str, str]]]:
    """The row's cohort wishes, each with its cell and column title."""
    wishes: dict[str, list[tuple[int, str, str]]] = {}
    header = cells.header
    for key in ("prefers", "cannot_attend"):
        text = cells.text(key)
        cohorts = _cohort_list(text) if text else []
        if cohorts is None:
            cells.complain(
                key,
                msg("{text} is not a list of cohort numbers such as '1, 3'", text=shorten(text)),
            )
        wishes[key] = [(c, header.where(key, cells.row), header.title(key)) for c in cohorts or []]
    return wishes


def parse_sheet(sheet: Sheet, base: Instance) -> ParsedSheet:
    """Check every row against the base instance; one problem per mistake, with its cell, in
    row and column order. A person listed twice (same id, same e-mail, or same name in the same
    municipality) is reported on the later row."""
    if not sheet.rows:
        return ParsedSheet([], [Problem(f"{sheet.name}!1:1", msg("the sheet is empty"))], [])
    header, problems, notes = _read_header(sheet)
    if problems:
        return ParsedSheet([], problems, notes)
    parser = _RowParser(header, base)
    registrations = []
    for row, values in sheet.rows[1:]:
        registration, row_problems = parser.parse(row, values)
        problems += row_problems
        if registration is not None:
            registrations.append(registration)
    return ParsedSheet(registrations, problems, notes)
