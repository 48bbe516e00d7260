"""``--lang nb``: the commands print Norwegian, and their files are Norwegian too (issue 18).

Each command's output is searched for English words that have no place in Norwegian text.
Identifiers (objective terms such as ``travel_total``, ``groups.mix``, ids with digits, paths and
commands in backticks) are data, not words, and are left out before the search.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from calendar_builders import make_dated_instance
from kompetanse_opt.cli import main
from kompetanse_opt.model.loading import write_instance

#: English words that must not appear in Norwegian output (none of them is a Norwegian word).
ENGLISH = frozenset(
    """
    the and of with without from each every into not only one are is was were has have
    cohort cohorts participant participants municipality municipalities gathering gatherings
    written wrote valid invalid longest single trip travel objective bound groups group dates
    date facilitator facilitators session sessions meetings meeting budget total price support
    violation violations workers level stage solve solves proven venue venues rule rules kind
    coverage text terms line basis nights night running own house closing local where repeats
    sizes spread pairs shared sat others most often together meets feasible infeasible unknown
    earlier whole against reason worst size area areas speaker speakers calendar politicians
    contribution contributions uncertain variable seed key figures figure name value weight
    """.split()  # noqa: SIM905 - a word list reads best as words
)
_IDENTIFIER = re.compile(r"`[^`]*`|\S*[_/\\.@0-9<]\S*")
_WORD = re.compile(r"[A-Za-zÆØÅæøå]+(?:'[a-z]+)?")


def english_words(text: str) -> set[str]:
    """The English words of ``text`` after identifiers, numbers, ids and paths are left out."""
    words = {w.casefold() for w in _WORD.findall(_IDENTIFIER.sub(" ", text))}
    return words & ENGLISH


def test_the_word_search_finds_english_and_passes_norwegian() -> None:
    assert english_words("plan written to /tmp/x.json") == {"written"}
    assert english_words("planen er skrevet til /tmp/x.json") == set()
    assert english_words("ledd i målfunksjonen: travel_total=12, groups.mix") == set()


def run(folder: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, [*args, "--lang", "nb"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small dated instance with discussion groups, planned with ``--lang nb``."""
    folder = tmp_path_factory.mktemp("nb")
    instance = make_dated_instance(
        [8, 8, 8, 8],
        cohorts={"count": 2, "capacity": 20, "gatherings": 2},
        groups={"enabled": True},
    )
    write_instance(instance, folder / "instance.yaml")
    return folder


@pytest.fixture(scope="module")
def planned(folder: Path) -> Result:
    result = run(
        folder,
        "plan",
        str(folder / "instance.yaml"),
        "--out",
        str(folder / "plan.json"),
        "--progress",
        "--time-limit",
        "20",
    )
    assert result.exit_code == 0, result.output
    return result


def test_plan_prints_norwegian(planned: Result) -> None:
    assert "planen er skrevet til" in planned.stdout
    assert "lengste enkeltreise" in planned.stdout and "diskusjonsgrupper" in planned.stdout
    assert english_words(planned.stdout) == set(), planned.stdout
    # Progress off a terminal: one line per stage (cohorts, groups, dates, politicians), not
    # one per improving solution.
    lines = planned.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 4, planned.stderr
    assert all("beste plan" in line and "grense" in line for line in lines)
    assert english_words(planned.stderr) == set(), planned.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("check", "plan.json"),
        ("budget", "plan.json"),
        ("budget", "instance.yaml"),
        ("explain", "instance.yaml"),
        ("rules",),
        ("calendar", "plan.json", "--out", "ics"),
    ],
)
def test_commands_print_norwegian(folder: Path, planned: Result, command: tuple[str, ...]) -> None:
    args = [
        command[0],
        *(str(folder / a) if a.endswith((".json", ".yaml")) else a for a in command[1:]),
    ]
    if command[0] == "calendar":
        args[-1] = str(folder / "ics")
    result = run(folder, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert english_words(result.stdout) == set(), result.stdout


def test_export_writes_norwegian_files(folder: Path, planned: Result) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    result = run(
        folder,
        "export",
        str(folder / "plan.json"),
        "--xlsx",
        str(folder / "plan.xlsx"),
        "--csv",
        str(folder / "csv"),
    )
    assert result.exit_code == 0, result.output
    assert english_words(result.stdout) == set(), result.stdout
    texts = []
    for path in sorted((folder / "csv").glob("*.csv")):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name  # UTF-8 with BOM
        texts.append(raw.decode("utf-8-sig"))
    workbook = openpyxl.load_workbook(folder / "plan.xlsx")
    assert "Budsjett" in workbook.sheetnames and "Fasilitatorer" in workbook.sheetnames
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        texts += [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    # Rule texts and notes are Norwegian as well; term names stay identifiers.
    found = english_words("\n".join(texts))
    assert found == set(), found


def test_norwegian_csv_splits_on_semicolons_with_decimal_commas(
    folder: Path, planned: Result
) -> None:
    run(folder, "export", str(folder / "plan.json"), "--csv", str(folder / "csv_nb"))
    text = (folder / "csv_nb" / "key_figures.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(), dialect="excel", delimiter=";"))
    assert rows[0] == ["Nøkkeltall", "Verdi"]
    assert all(len(row) == 2 for row in rows), rows
    values = {row[0]: row[1] for row in rows[1:]}
    assert "," in values["Løsetid (s)"] and "." not in values["Løsetid (s)"]
    budget = list(
        csv.reader(
            (folder / "csv_nb" / "budget.csv").read_text("utf-8-sig").splitlines(), delimiter=";"
        )
    )
    assert budget[0][:3] == ["Post", "Type", "Beløp (NOK)"]
    assert all(len(row) == len(budget[0]) for row in budget)


def test_english_csv_splits_on_commas_with_decimal_points(folder: Path, planned: Result) -> None:
    result = CliRunner().invoke(
        main, ["export", str(folder / "plan.json"), "--csv", str(folder / "csv_en"), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    raw = (folder / "csv_en" / "key_figures.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Figure", "Value"] and all(len(row) == 2 for row in rows)
    values = {row[0]: row[1] for row in rows[1:]}
    assert "." in values["Solve time (s)"]


@pytest.mark.slow  # plans the embedded Vestland data (about 5-10 s); the small plan runs above
def test_the_embedded_data_in_norwegian(tmp_path: Path) -> None:
    """The main commands on the embedded data with ``--lang nb``: no English in what they print
    or in the workbook, the CSV files and the report they write."""
    openpyxl = pytest.importorskip("openpyxl")
    plan = tmp_path / "plan.json"
    commands = [
        ["plan", "--out", str(plan)],
        ["check", str(plan)],
        ["budget", str(plan)],
        ["rules"],
        ["export", str(plan), "--xlsx", str(tmp_path / "p.xlsx"), "--csv", str(tmp_path / "csv")],
        ["report", str(plan), "--out", str(tmp_path / "r.html")],
        ["example", "--out", str(tmp_path / "example")],
        ["explain", str(tmp_path / "example" / "instance.yaml")],
    ]
    for command in commands:
        result = run(tmp_path, *command)
        assert result.exit_code == 0, (command, result.output)
        assert english_words(result.stdout) == set(), (command, result.stdout)
    texts = [p.read_text(encoding="utf-8-sig") for p in (tmp_path / "csv").glob("*.csv")]
    workbook = openpyxl.load_workbook(tmp_path / "p.xlsx")
    texts += [str(c) for s in workbook.worksheets for r in s.iter_rows(values_only=True) for c in r]
    assert english_words("\n".join(texts)) == set()
    page = re.sub(
        r"<script.*?</script>|<style.*?</style>", " ", (tmp_path / "r.html").read_text(), flags=re.S
    )
    assert english_words(html.unescape(re.sub(r"<[^>]+>", " ", page))) == set()


def test_a_norwegian_locale_chooses_norwegian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "nb_NO.UTF-8")
    result = CliRunner().invoke(main, ["budget"])
    assert result.exit_code == 0, result.output
    assert "Pris per deltaker med støtte" in result.stdout
    assert english_words(result.stdout) == set(), result.stdout
    monkeypatch.setenv("LANGUAGE", "en_GB.UTF-8")
    assert "Price per participant with support" in CliRunner().invoke(main, ["budget"]).stdout


def test_json_stays_english_whatever_the_language(folder: Path, planned: Result) -> None:
    """JSON is for programs: the same document with --lang nb as with --lang en."""
    for command in (["budget", str(folder / "plan.json")], ["check", str(folder / "plan.json")]):
        documents = [
            CliRunner().invoke(main, [*command, "--json", "--lang", lang]).stdout
            for lang in ("nb", "en")
        ]
        assert documents[0] == documents[1]
        assert '"kind"' in documents[0]


def test_check_prints_its_violations_in_norwegian(folder: Path, planned: Result) -> None:
    """The checker's messages are translated on the terminal; the JSON keeps them English."""
    document = json.loads((folder / "plan.json").read_text())
    cohorts = document["cohorts"]
    first, second = cohorts[0], cohorts[1]
    first["participants"] += second["participants"]
    first["municipalities"] += second["municipalities"]
    second["participants"], second["municipalities"] = [], []
    broken = folder / "broken.json"
    broken.write_text(json.dumps(document))
    result = run(folder, "check", str(broken))
    assert result.exit_code == 1, result.output
    assert "over kapasiteten" in result.stdout and "brudd" in result.stdout, result.stdout
    assert english_words(result.stdout) == set(), result.stdout
    english = CliRunner().invoke(main, ["check", str(broken), "--json", "--lang", "nb"]).stdout
    assert "above capacity" in english


def test_explain_prints_an_infeasible_instance_in_norwegian(tmp_path: Path) -> None:
    instance = make_dated_instance(
        [8, 8, 8, 8], cohorts={"count": 2, "capacity": 10, "gatherings": 2}
    )
    write_instance(instance, tmp_path / "instance.yaml")
    result = run(tmp_path, "explain", str(tmp_path / "instance.yaml"))
    assert "kullkapasitet 10 × 2 kull" in result.stdout, result.stdout
    assert english_words(result.stdout) == set(), result.stdout
