"""Outputs with hostile names and under faults (issue 14): escaping per format, no partial files,
no command overwriting its own input."""

from __future__ import annotations

import csv
import errno
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from calendar_builders import make_dated_instance
from kompetanse_opt.cli.main import main
from kompetanse_opt.core import files as core_files
from kompetanse_opt.core.errors import InputError
from kompetanse_opt.core.files import OutputError, write_atomic, write_files_atomic
from kompetanse_opt.core.text import cell_text, ics_text, is_formula_like, terminal_text
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import write_instance

#: Names that spreadsheets would run, terminals would interpret, or calendars would break on.
HOSTILE = (
    "=1+1",
    "@SUM(A1)",
    " =cmd",
    "Bergen [/bold]",
    "[red]rød[/red]",
    "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "\x1b[31mred\x1b[0m",
    "Line\nbreak",
    "Bare\rCR",
    "Bell\x07 and NUL\x00",
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _hostile_instance() -> Instance:
    base = make_dated_instance()
    data = base.model_dump(mode="json")
    for i, m in enumerate(data["municipalities"]):
        m["name"] = HOSTILE[i % len(HOSTILE)]
    data["venues"][0]["name"] = "Bergen [/bold]"
    data["venues"][1]["name"] = '=HYPERLINK("x")\r\n'
    for i, f in enumerate(data["facilitators"]):
        f["name"] = HOSTILE[(i + 3) % len(HOSTILE)]
    for i, p in enumerate(data["participants"]):
        p["name"] = HOSTILE[(i + 5) % len(HOSTILE)]
        p["role"] = HOSTILE[i % len(HOSTILE)]
    return Instance.model_validate(data)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Result]:
    folder = tmp_path_factory.mktemp("hostile")
    write_instance(_hostile_instance(), folder / "instance.yaml")
    result = CliRunner().invoke(
        main, ["plan", str(folder / "instance.yaml"), "--out", str(folder / "plan.json")]
    )
    return folder / "instance.yaml", folder / "plan.json", result


def _ok(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


# -- one function per format -----------------------------------------------------------------


def test_cell_text_neutralises_formulas_and_keeps_numbers() -> None:
    for text in ("=1+1", "+1+2", "-2+3", "@x", "\tx", "\r=x", " =x", "=1+1, Aurland"):
        assert cell_text(text).startswith("'"), text
        assert not is_formula_like(cell_text(text))
    for plain in ("-5", "+3.5", "12,5 %", "-", "Bergen", "1e5"):
        assert cell_text(plain) == plain
    assert "\x00" not in cell_text("a\x00b") and "\r" not in cell_text("a\rb")


def test_ics_and_terminal_text() -> None:
    assert ics_text("a\rb\x07c\nd") == "ab" + "c\nd"
    assert terminal_text("[red]x[/red]") == "\\[red]x\\[/red]"
    assert "\x1b" not in terminal_text("\x1b[31mred")


# -- every writer ----------------------------------------------------------------------------


def test_the_terminal_shows_hostile_names_as_text(planned: tuple[Path, Path, Result]) -> None:
    _, plan, result = planned
    _ok(result)
    assert result.exit_code == 0, result.output
    assert plan.exists()
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Bergen [/bold]" in result.output


def test_csv_files_never_start_a_cell_with_a_formula(
    planned: tuple[Path, Path, Result], tmp_path: Path
) -> None:
    instance, plan, _ = planned
    result = CliRunner().invoke(
        main,
        ["export", str(plan), "--instance", str(instance), "--csv", str(tmp_path / "csv")],
    )
    _ok(result)
    assert result.exit_code == 0, result.output
    cells = 0
    for path in (tmp_path / "csv").glob("*.csv"):
        text = path.read_text(encoding="utf-8-sig")
        assert not CONTROL.search(text.replace("\r\n", "\n").replace("\t", " ")), path.name
        # Norwegian (the default) CSV is split on ";" (issue 18).
        for row in csv.reader(text.splitlines(), delimiter=";"):
            for cell in row:
                cells += 1
                assert not is_formula_like(cell), (path.name, cell)
    assert cells > 100


def test_the_workbook_keeps_formulas_as_text(
    planned: tuple[Path, Path, Result], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    instance, plan, _ = planned
    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(
        main, ["export", str(plan), "--instance", str(instance), "--xlsx", str(out)]
    )
    _ok(result)
    assert result.exit_code == 0, result.output
    for sheet in load_workbook(out).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_calendars_parse_and_carry_no_control_characters(
    planned: tuple[Path, Path, Result], tmp_path: Path
) -> None:
    instance, plan, _ = planned
    out = tmp_path / "ics"
    result = CliRunner().invoke(
        main, ["calendar", str(plan), "--instance", str(instance), "--out", str(out)]
    )
    _ok(result)
    assert result.exit_code == 0, result.output
    written = list(out.glob("*.ics"))
    assert len(written) >= 3
    for path in written:
        content = path.read_bytes()
        Calendar.from_ical(content)
        text = content.decode("utf-8")
        assert not CONTROL.search(text.replace("\r\n", "")), path.name
        assert "\r" not in text.replace("\r\n", ""), path.name


def test_sweep_csv_neutralises_variant_names() -> None:
    from kompetanse_opt.analysis.sweep import SweepRow, sweep_csv

    row = SweepRow(
        index=0,
        variant='=HYPERLINK("x")',
        status="optimal",
        reason="@reason",
        venues="-venue, =x",
        terms={"travel_total": -5},
    )
    for line in csv.reader(sweep_csv([row]).splitlines()):
        assert not any(is_formula_like(cell) for cell in line), line


# -- faults ----------------------------------------------------------------------------------


def test_a_full_disk_leaves_no_partial_file(tmp_path: Path) -> None:
    def fill(tmp: Path) -> None:
        tmp.write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError, match="no space left"):
        write_atomic(tmp_path / "out.json", fill)
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_survives_a_failed_write(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("good", encoding="utf-8")

    def fail(tmp: Path) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    with pytest.raises(OutputError, match="read-only"):
        write_atomic(target, fail)
    assert target.read_text(encoding="utf-8") == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_a_read_only_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(core_files.tempfile, "mkstemp", refuse)
    result = CliRunner().invoke(main, ["example", "--out", str(tmp_path / "ex")])
    _ok(result)
    assert result.exit_code == 2
    assert "permission denied" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_output_whose_parent_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["template", "--out", str(tmp_path / "file" / "t.xlsx")])
    _ok(result)
    assert result.exit_code == 2 and "a parent of it is a file" in result.output


def test_several_files_are_written_all_or_none(tmp_path: Path) -> None:
    (tmp_path / "keep.csv").write_text("old", encoding="utf-8")

    def good(tmp: Path) -> None:
        tmp.write_text("new", encoding="utf-8")

    def full(tmp: Path) -> None:
        tmp.write_text("ha", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError):
        write_files_atomic(tmp_path, {"a.csv": good, "keep.csv": good, "c.csv": full})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.csv"]
    assert (tmp_path / "keep.csv").read_text(encoding="utf-8") == "old"
    assert write_files_atomic(tmp_path, {"a.csv": good, "keep.csv": good}) == [
        tmp_path / "a.csv",
        tmp_path / "keep.csv",
    ]


def test_a_calendar_that_cannot_be_written_leaves_none(
    planned: tuple[Path, Path, Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance, plan, _ = planned
    calls = {"n": 0}
    real = Path.write_bytes

    def flaky(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)
    out = tmp_path / "ics"
    result = CliRunner().invoke(
        main, ["calendar", str(plan), "--instance", str(instance), "--out", str(out)]
    )
    _ok(result)
    assert result.exit_code == 2, result.output
    assert not out.exists() or not any(out.iterdir())


# -- no command overwrites its own input -----------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "command",
    [
        ["plan", "{instance}", "--out", "{instance}"],
        ["report", "{plan}", "--instance", "{instance}", "--out", "{plan}"],
        ["report", "{plan}", "--instance", "{instance}", "--out", "{instance}"],
        ["export", "{plan}", "--instance", "{instance}", "--xlsx", "{plan}"],
        ["import", "{sheet}", "--out", "{sheet}"],
        ["import", "{sheet}", "--base", "{instance}", "--out", "{instance}"],
        ["template", "--base", "{instance}", "--out", "{instance}"],
        ["replan", "{instance}", "{plan}", "--out", "{plan}"],
        ["calendar", "{plan}", "--instance", "{instance}", "--out", "{folder}"],
        ["export", "{plan}", "--instance", "{instance}", "--csv", "{folder}"],
    ],
)
def test_an_output_that_is_an_input_is_refused(
    planned: tuple[Path, Path, Result], tmp_path: Path, command: list[str]
) -> None:
    instance, plan, _ = planned
    folder = tmp_path / "work"
    folder.mkdir()
    names = {
        "instance": folder / "instance.yaml",
        "plan": folder / "plan.json",
        "sheet": folder / "regs.csv",
    }
    names["instance"].write_bytes(instance.read_bytes())
    names["plan"].write_bytes(plan.read_bytes())
    names["sheet"].write_text("kommune,målgruppe,tjenesteområde\n1001,1,helse\n", encoding="utf-8")
    if command[0] in ("calendar", "export") and "{folder}" in command:
        # The inputs are named like the files written into the folder.
        first = "cohort-1.ics" if command[0] == "calendar" else "cohorts.csv"
        names["plan"] = names["plan"].rename(folder / first)
    before = _snapshot(folder)
    args = [a.format(folder=folder, **names) for a in command]
    result = CliRunner().invoke(main, args)
    _ok(result)
    assert result.exit_code == 2, result.output
    assert "inputs" in result.output
    assert _snapshot(folder) == before


def test_output_errors_are_input_errors() -> None:
    assert issubclass(OutputError, InputError)
