"""Fuzz: registration sheets built from the template (``kompetanse-opt template``) with generated
rows, as .xlsx and as .csv, and damaged workbooks, through ``kompetanse-opt import`` (issue 14).

Property: exit 0, 1 or 2, never a traceback, nothing written on exit 2.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz_helpers import HOSTILE_TEXT, assert_clean, cli, fuzz_settings

#: What openpyxl refuses to store (it raises on these); the CSV sheets keep them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")

VALID_CELLS = (
    "Voss",
    "4621",
    "Bergen",
    "1",
    "2 HR",
    "helse",
    "Helse og omsorg",
    "kommunedirektør",
    "1, 3",
    "a@b.no",
)

cells = st.one_of(
    st.none(),
    st.sampled_from(VALID_CELLS),
    st.sampled_from(HOSTILE_TEXT),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=15),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=11), min_size=0, max_size=8)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    with cli() as run:
        assert run("template", "--out", path).exit_code == 0
    return path


def _xlsx(template: Path, path: Path, body: list[list[object]]) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(template)
    sheet = workbook["Deltakere"]
    for row in body:
        sheet.append([_ILLEGAL.sub("", v) if isinstance(v, str) else v for v in row])
    workbook.save(path)


def _csv(path: Path, body: list[list[object]], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(
        [
            "kommune",
            "målgruppe",
            "tjenesteområde",
            "rolle",
            "navn",
            "e-post",
            "deltaker-id",
            "ønsker kull",
            "kan ikke kull",
        ]
    )
    writer.writerows(["" if v is None else v for v in row] for row in body)
    path.write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass")


def _sheet_case(template: Path, examples: int) -> None:
    @fuzz_settings(examples)
    @given(rows, st.sampled_from(["xlsx", ",", ";", "\t"]))
    def case(body: list[list[object]], kind: str) -> None:
        with tempfile.TemporaryDirectory() as tmp, cli() as run:
            folder = Path(tmp)
            sheet = folder / ("regs.xlsx" if kind == "xlsx" else "regs.csv")
            if kind == "xlsx":
                _xlsx(template, sheet, body)
            else:
                _csv(sheet, body, kind)
            out = folder / "out" / "instance.yaml"
            assert_clean(run("import", sheet, "--out", out), [out])

    case()


def _damaged_case(template: Path, examples: int) -> None:
    original = template.read_bytes()

    @fuzz_settings(examples)
    @given(
        st.lists(
            st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)),
            min_size=1,
            max_size=20,
        ),
        st.booleans(),
    )
    def case(flips: list[tuple[int, int]], cut: bool) -> None:
        damaged = bytearray(original)
        for at, value in flips:
            damaged[at] = value
        if cut:
            damaged = damaged[: flips[0][0]]
        with tempfile.TemporaryDirectory() as tmp, cli() as run:
            folder = Path(tmp)
            sheet = folder / "regs.xlsx"
            sheet.write_bytes(bytes(damaged))
            out = folder / "instance.yaml"
            assert_clean(run("import", sheet, "--out", out), [out])

    case()


def test_fuzz_registration_sheets(template: Path) -> None:
    _sheet_case(template, 8)


def test_fuzz_damaged_workbooks(template: Path) -> None:
    _damaged_case(template, 6)


@pytest.mark.slow
def test_fuzz_registration_sheets_many(template: Path) -> None:
    _sheet_case(template, 300)


@pytest.mark.slow
def test_fuzz_damaged_workbooks_many(template: Path) -> None:
    _damaged_case(template, 300)
