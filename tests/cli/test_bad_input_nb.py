"""Bad input under ``--lang nb``: one Norwegian line per problem naming the file and the field,
row or cell, exit 2, no traceback and nothing written; the same lines in English under
``--lang en``, and English in the JSON error document whatever the language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from builders import make_instance
from cli.test_norwegian_output import english_words
from cli_helpers import no_traceback
from kompetanse_opt.cli import main
from kompetanse_opt.model.loading import instance_to_data


@pytest.fixture(autouse=True)
def _inside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _run(folder: Path, lang: str, *args: str) -> Result:
    """The command run in ``folder`` (the test's current folder) with ``--lang lang``."""
    assert Path.cwd() == folder
    result = CliRunner().invoke(main, [*args, "--lang", lang])
    assert result.exit_code == 2, (result.stdout, result.stderr)

    assert no_traceback(result) and "Traceback" not in result.stderr
    return result


def _lines(result: Result, label: str) -> list[str]:
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith(label) for line in lines), result.stderr
    return lines


def _words(line: str, source: str) -> str:
    """The words of an error line: the label, the file and the field path are data."""
    rest = line.split(f"{source}: ", 1)[1]
    where, _, what = rest.partition(": ")
    return what if any(c in where for c in "[.!0123456789") or where.isidentifier() else rest


def _bad_instance(folder: Path, spoil: Any) -> Path:
    data = instance_to_data(make_instance([4, 4, 4], cohorts={"count": 2, "capacity": 30}))
    spoil(data)
    path = folder / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _spoil_fields(data: dict[str, Any]) -> None:
    data["cohorts"]["capacity"] = -3
    data["cohorts"]["minimum"] = "mange"
    data["participants"][0]["municipality"] = "9999"
    data["participants"][1]["target_group"] = 2.5
    data["municipalities"][0]["lat"] = 123.0
    data["venues"][0]["unknown_key"] = 1
    del data["municipalities"][1]["name"]


def _spoil_pins(data: dict[str, Any]) -> None:
    first, second = data["municipalities"][0]["id"], data["municipalities"][1]["id"]
    data["pins"]["municipalities"] = [
        {"municipality": "9998", "cohort": 1},
        {"municipality": first, "cohort": 5},
        {"municipality": second, "cohort": 1},
        {"municipality": second, "cohort": 2},
    ]
    data["pins"]["gatherings"] = [{"cohort": 1, "gathering": 2, "venue": "nowhere"}]


@pytest.mark.parametrize("spoil", [_spoil_fields, _spoil_pins], ids=["fields", "pins"])
def test_a_bad_instance_says_each_problem_in_norwegian(tmp_path: Path, spoil: Any) -> None:
    _bad_instance(tmp_path, spoil)
    before = sorted(p.name for p in tmp_path.iterdir())
    nb = _lines(_run(tmp_path, "nb", "plan", "bad.yaml", "--out", "plan.json"), "feil: bad.yaml: ")
    en = _lines(_run(tmp_path, "en", "plan", "bad.yaml", "--out", "plan.json"), "error: bad.yaml: ")
    assert len(nb) == len(en) >= 4
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    for line in nb:
        assert english_words(_words(line, "bad.yaml")) == set(), line
    assert any(english_words(_words(line, "bad.yaml")) for line in en)
    # The field paths and the values are the same in both languages.
    assert [line.split(": ")[2] for line in nb] == [line.split(": ")[2] for line in en]


def test_the_field_problems_read_as_a_secretariat_would_write_them(tmp_path: Path) -> None:
    _bad_instance(tmp_path, _spoil_fields)
    nb = _run(tmp_path, "nb", "plan", "bad.yaml", "--out", "plan.json").stderr
    assert "feil: bad.yaml: cohorts.capacity: må være over 0 (oppgitt: -3)" in nb
    assert "feil: bad.yaml: participants[1].target_group: må være et heltall" in nb
    assert "feil: bad.yaml: municipalities[1].name: obligatorisk felt mangler" in nb
    assert "feil: bad.yaml: venues[0].unknown_key: ukjent felt" in nb
    en = _run(tmp_path, "en", "plan", "bad.yaml", "--out", "plan.json").stderr
    assert "error: bad.yaml: cohorts.capacity: must be above 0 (got -3)" in en


def test_pin_problems_in_norwegian(tmp_path: Path) -> None:
    _bad_instance(tmp_path, _spoil_pins)
    nb = _run(tmp_path, "nb", "plan", "bad.yaml", "--out", "plan.json").stderr
    assert "pins.municipalities[0].municipality: ukjent kommune '9998'" in nb
    assert "pins.municipalities[1].cohort: kull 5 finnes ikke (kullene er 1..2)" in nb
    assert "er låst to ganger" in nb
    assert "pins.gatherings[0].venue: ukjent sted 'nowhere'" in nb


def test_a_bad_registration_sheet_says_each_cell_in_norwegian(tmp_path: Path) -> None:
    (tmp_path / "regs.csv").write_text(
        "kommune;målgruppe;tjenesteområde;e-post;ønsket kull\n"
        "Bergn;1;helse;a@x.no;\n"
        "Voss;;;b@x.no;\n"
        "Voss;7;helse;ikke-epost;1 og 2\n"
        "Voss;1;helse;a@x.no;\n",
        encoding="utf-8",
    )
    nb = _lines(_run(tmp_path, "nb", "import", "regs.csv", "--out", "inst.yaml"), "feil: regs.csv:")
    en = _lines(_run(tmp_path, "en", "import", "regs.csv", "--out", "inst.yaml"), "error: regs.csv")
    assert len(nb) == len(en) >= 6
    assert nb[0] == "feil: regs.csv: regs!A2: kommune: ukjent kommune 'Bergn' (mente du Bergen?)"
    assert en[0] == (
        "error: regs.csv: regs!A2: kommune: unknown municipality 'Bergn' (did you mean Bergen?)"
    )
    assert "feil: regs.csv: regs!C3: tjenesteområde: tom obligatorisk celle" in nb
    assert "feil: regs.csv: regs!B4: målgruppe: målgruppe 7 er ikke 1-4" in nb
    assert "feil: regs.csv: regs!D5: e-post: deltakeren står to ganger (samme som rad 2)" in nb
    for line in nb:
        assert english_words(line) == set(), line
    assert not (tmp_path / "inst.yaml").exists()


def test_a_missing_file_and_a_malformed_one(tmp_path: Path) -> None:
    nb = _run(tmp_path, "nb", "plan", "nothing.yaml", "--out", "plan.json").stderr
    assert nb.strip() == "feil: nothing.yaml: finner ikke filen"
    (tmp_path / "broken.yaml").write_text("a: 1\na: 2\n", encoding="utf-8")
    nb = _run(tmp_path, "nb", "plan", "broken.yaml", "--out", "plan.json").stderr
    assert nb.strip() == "feil: broken.yaml: linje 2, kolonne 1: nøkkelen 'a' står flere ganger"
    en = _run(tmp_path, "en", "plan", "broken.yaml", "--out", "plan.json").stderr
    assert en.strip() == "error: broken.yaml: line 2, column 1: duplicate key 'a'"


def test_the_json_error_document_stays_english(tmp_path: Path) -> None:
    _bad_instance(tmp_path, _spoil_fields)
    result = _run(tmp_path, "nb", "plan", "bad.yaml", "--out", "plan.json", "--json")
    document = json.loads(result.stdout)
    assert "bad.yaml: cohorts.capacity: must be above 0 (got -3)" in document["problems"]
    assert "må være over 0" in result.stderr
