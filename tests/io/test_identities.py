"""A person keeps their participant id across re-imports of an edited registration sheet."""

from __future__ import annotations

from pathlib import Path

from kompetanse_opt.io.importer import import_registrations
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import write_instance
from kompetanse_opt.model.vestland import vestland_instance

HEADER = "kommune;målgruppe;tjenesteområde;navn;e-post"
FIRST = [
    "4601;1;stab;Åse Ødegård;ase@bergen.no",
    "4601;2;stab;Per Hansen;per@bergen.no",
    "4602;1;helse;Kari Nordmann;",
    "4602;3;teknisk;Ola Dunk;ola@kinn.no",
]


def _sheet(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _ids(instance: Instance) -> dict[str, str]:
    return {p.name or "": p.id for p in instance.participants}


def _base() -> Instance:
    return vestland_instance().replace(cohorts={"count": 2, "capacity": 50, "gatherings": 2})


def test_reordered_edited_sheet_keeps_every_unchanged_persons_id(tmp_path: Path) -> None:
    first = import_registrations(_sheet(tmp_path / "a.csv", FIRST), _base()).instance
    before = _ids(first)
    # Per leaves, a newcomer takes the first row, Kari changes service area, rows are shuffled,
    # and Åse's e-mail is typed in capitals.
    edited = [
        "4601;2;stab;Nina Ny;nina@bergen.no",
        "4602;3;teknisk;Ola Dunk;ola@kinn.no",
        "4602;1;oppvekst;kari nordmann;",
        "4601;1;stab;Åse Ødegård;ASE@bergen.no",
    ]
    again = import_registrations(_sheet(tmp_path / "b.csv", edited), first, previous=first)
    after = {p.name: p.id for p in again.instance.participants}
    assert after["Ola Dunk"] == before["Ola Dunk"]
    assert after["kari nordmann"] == before["Kari Nordmann"]
    assert after["Åse Ødegård"] == before["Åse Ødegård"]
    assert after["Nina Ny"] not in before.values()  # a newcomer never inherits an old id
    notes = "\n".join(again.notes)
    assert f"1 new participant(s): {after['Nina Ny']}" in notes
    assert f"1 participant(s) gone: {before['Per Hansen']}" in notes
    assert f"{before['Kari Nordmann']} (row 4): service_area 'health_care' → 'education'" in notes


def test_rows_without_id_name_or_email_are_said_to_lose_their_identity(tmp_path: Path) -> None:
    rows = ["4601;1;stab;;", "4601;2;stab;;"]
    first = import_registrations(_sheet(tmp_path / "a.csv", rows), _base()).instance
    again = import_registrations(_sheet(tmp_path / "b.csv", rows[::-1]), first, previous=first)
    assert any("no id, e-mail or name" in note for note in again.notes)
    old = {p.id for p in first.participants}
    assert not {p.id for p in again.instance.participants} & old


def test_an_id_column_wins(tmp_path: Path) -> None:
    rows = ["deltaker-id;kommune;målgruppe;tjenesteområde", "x-1;4601;1;stab", "x-2;4601;2;stab"]
    path = tmp_path / "ids.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    first = import_registrations(path, _base()).instance
    assert [p.id for p in first.participants] == ["x-1", "x-2"]


def test_cli_reimport_against_the_earlier_instance(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kompetanse_opt.cli import main

    _sheet(tmp_path / "a.csv", FIRST)
    write_instance(_base(), tmp_path / "base.yaml")
    runner = CliRunner()
    first = runner.invoke(
        main,
        [
            "import",
            str(tmp_path / "a.csv"),
            "--base",
            str(tmp_path / "base.yaml"),
            "--out",
            str(tmp_path / "first.yaml"),
        ],
    )
    assert first.exit_code == 0, first.output
    _sheet(tmp_path / "b.csv", FIRST[::-1])
    second = runner.invoke(
        main,
        [
            "import",
            str(tmp_path / "b.csv"),
            "--base",
            str(tmp_path / "first.yaml"),
            "--out",
            str(tmp_path / "second.yaml"),
        ],
    )
    assert second.exit_code == 0, second.output
    from kompetanse_opt.model.loading import load_instance

    a = _ids(load_instance(tmp_path / "first.yaml"))
    b = _ids(load_instance(tmp_path / "second.yaml"))
    assert a == b
