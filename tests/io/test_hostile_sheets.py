"""Hostile registration sheets (issue 14): zip and entity bombs, control characters, odd digits."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kompetanse_opt.cli.main import main
from kompetanse_opt.core import limits
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.io.importer import import_registrations
from kompetanse_opt.model.vestland import vestland_instance

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    result = CliRunner().invoke(main, ["template", "--out", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _rewrite(src: Path, dst: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(data) if info.filename == member else data)
    return dst


def _with_rows(template: Path, dst: Path, rows: list[list[object]]) -> Path:
    from openpyxl import load_workbook

    workbook = load_workbook(template)
    sheet = workbook["Deltakere"]
    for row in rows:
        sheet.append(row)
    workbook.save(dst)
    return dst


def _import(path: Path) -> tuple[int, str, bool]:
    out = path.parent / f"{path.stem}-out.yaml"
    result = CliRunner().invoke(main, ["import", str(path), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output, out.exists()


def _after_xml_declaration(data: bytes) -> bytes:
    return data.split(b"?>", 1)[-1]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(template: Path, tmp_path: Path) -> None:
    padding = b"<!--" + b" " * (limits.MAX_UNZIPPED_BYTES + 1) + b"-->"
    bomb = _rewrite(
        template,
        tmp_path / "bomb.xlsx",
        SHEET,
        lambda d: d.replace(b"</worksheet>", padding + b"</worksheet>"),
    )
    assert bomb.stat().st_size < 2_000_000
    started = time.perf_counter()
    code, output, written = _import(bomb)
    assert code == 2 and not written
    assert "unpacks to" in output
    assert time.perf_counter() - started < 30  # refused from the zip directory, not read


def test_a_high_ratio_is_refused(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    padding = b"<!--" + b" " * 3_000_000 + b"-->"
    bomb = _rewrite(
        template,
        tmp_path / "ratio.xlsx",
        SHEET,
        lambda d: d.replace(b"</worksheet>", padding + b"</worksheet>"),
    )
    code, output, written = _import(bomb)
    assert code == 2 and "times its size" in output and not written


@pytest.mark.parametrize(
    ("member", "doctype"),
    [
        (SHEET, b'<!DOCTYPE l [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;&l;&l;&l;&l;">]>'),
        ("xl/workbook.xml", b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'),
    ],
)
def test_xml_entities_are_refused_by_name(
    template: Path, tmp_path: Path, member: str, doctype: bytes
) -> None:
    bad = _rewrite(
        template,
        tmp_path / "entities.xlsx",
        member,
        lambda d: b'<?xml version="1.0"?>' + doctype + _after_xml_declaration(d),
    )
    code, output, written = _import(bad)
    assert code == 2 and not written
    assert "XML entities" in output
    assert "root:" not in output and "Traceback" not in output


def test_not_a_workbook_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04SECRETXYZ" + bytes(range(256)))
    code, output, written = _import(path)
    assert code == 2 and not written
    assert len(output.strip().splitlines()) == 1 and "SECRETXYZ" not in output


def test_odd_digits_are_named_with_their_cell(template: Path, tmp_path: Path) -> None:
    path = _with_rows(
        template,
        tmp_path / "digits.xlsx",
        [
            ["Voss", 1, "helse", None, None, None, None, "²", None],
            ["Voss", "³", "helse"],
            ["Voss", 1, "helse", None, None, None, None, None, "1, ٣"],
            ["Voss", 1, "helse", None, None, None, None, "9" * 400, None],
        ],
    )
    code, output, written = _import(path)
    assert code == 2 and not written
    assert "Deltakere!H2" in output and "Deltakere!B3" in output and "Deltakere!I4" in output
    assert "Deltakere!H5" in output
    assert all(len(line) < 300 for line in output.splitlines())


def test_control_characters_in_csv_cells_are_named(tmp_path: Path) -> None:
    path = tmp_path / "regs.csv"
    path.write_bytes("kommune,målgruppe,tjenesteområde\nVoss,1,helse\nVo\x00ss,1,helse\n".encode())
    code, output, written = _import(path)
    assert code == 2 and not written
    assert "regs!A3" in output and "control character" in output


def test_control_characters_in_xlsx_cells_are_named(template: Path, tmp_path: Path) -> None:
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Vo_x0007_ss</t></is></c></row>'
    bad = _rewrite(
        template,
        tmp_path / "bell.xlsx",
        SHEET,
        lambda d: d.replace(b"</sheetData>", row + b"</sheetData>", 1).replace(
            b'ref="A1:I1"', b'ref="A1:I2"'
        ),
    )
    with pytest.raises(InstanceError) as info:
        import_registrations(bad, vestland_instance())
    assert "A2" in str(info.value)


def test_long_cells_are_not_echoed_whole(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        "kommune,målgruppe,tjenesteområde,e-post\n" + "X" * 50_000 + ",1,helse,bad\n",
        encoding="utf-8",
    )
    code, output, written = _import(path)
    assert code == 2 and not written
    assert max(len(line) for line in output.splitlines()) < 300
