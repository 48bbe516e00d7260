"""Import that helps (issue 18): facilitators keep their homes, wishes are checked against the
cohorts the base plans, short target-group words work, and former municipality names are
answered with the current one. Validation only: no solver runs here."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import pytest

from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.io.importer import import_registrations
from kompetanse_opt.io.name_matching import municipality_changes, target_group_word
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.problem import prepare, resolve_travel
from kompetanse_opt.model.vestland import vestland_instance


@pytest.fixture(scope="module")
def base() -> Instance:
    return vestland_instance()


def sheet(
    tmp_path: Path, rows: list[str], header: str = "kommune,målgruppe,tjenesteområde"
) -> Path:
    path = tmp_path / "regs.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def problems(path: Path, base: Instance) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        import_registrations(path, base)
    return [str(p) for p in caught.value.problems]


# -- facilitators keep their homes --------------------------------------------------------------


def test_facilitator_home_without_registrations_keeps_its_travel(
    tmp_path: Path, base: Instance
) -> None:
    # Bømlo (4613), home of fasilitator-bomlo, sends nobody.
    path = sheet(tmp_path, ["Bergen,1,helse", "Voss,1,helse"])
    instance = import_registrations(path, base).instance
    person = next(f for f in instance.facilitators if f.id == "fasilitator-bomlo")
    assert person.home == "4613"
    matrix = resolve_travel(base)
    assert person.home_minutes == {v: matrix["4613", v] for v in base.venue_ids()}
    data = prepare(instance)
    assert data.facilitator_minutes(person, "bergen") == matrix["4613", "bergen"] > 0
    # A facilitator whose home did register is unchanged.
    bergen = next(f for f in instance.facilitators if f.id == "fasilitator-bergen")
    assert bergen.home == "4601" and bergen.home_minutes is None


def test_home_minutes_must_cover_every_venue(base: Instance) -> None:
    data = base.model_dump(mode="json", exclude_none=True)
    data["facilitators"][0] = {
        "id": "x",
        "name": "X",
        "home": "1432",
        "home_minutes": {"bergen": 90},
    }
    with pytest.raises(InstanceError) as caught:
        Instance.model_validate(data)
    assert any("home_minutes" in str(p) and "forde" in str(p) for p in caught.value.problems)


# -- wishes against the real cohort settings ------------------------------------------------------


def test_partial_sheet_may_name_the_later_cohorts_of_the_base(
    tmp_path: Path, base: Instance
) -> None:
    assert base.cohort_count == 4
    header = "kommune,målgruppe,tjenesteområde,kan ikke kull"
    path = sheet(tmp_path, ["Bergen,1,helse,4", "Voss,1,helse,", "Stord,1,helse,"], header)
    imported = import_registrations(path, base)
    assert imported.instance.cohort_count == 4
    assert [w.cannot_attend for w in imported.instance.wishes] == [[4]]
    assert any("cohorts.count: 4" in note for note in imported.notes)


def test_partial_sheet_without_wishes_keeps_auto(tmp_path: Path, base: Instance) -> None:
    imported = import_registrations(sheet(tmp_path, ["Bergen,1,helse"]), base)
    assert imported.instance.cohorts.count == "auto"


def test_a_cohort_beyond_the_base_is_still_refused(tmp_path: Path, base: Instance) -> None:
    path = sheet(tmp_path, ["Bergen,1,helse,5"], "kommune,målgruppe,tjenesteområde,ønsker kull")
    assert problems(path, base) == [
        "regs!D2: ønsker kull: cohort 5 does not exist (cohorts are 1..4)"
    ]


def test_a_fixed_count_is_the_limit(tmp_path: Path, base: Instance) -> None:
    fixed = base.with_cohort_settings(count=2)
    path = sheet(tmp_path, ["Bergen,1,helse,3"], "kommune,målgruppe,tjenesteområde,ønsker kull")
    assert problems(path, fixed) == [
        "regs!D2: ønsker kull: cohort 3 does not exist (cohorts are 1..2)"
    ]


# -- the words people type ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "group"),
    [
        ("HR", 2),
        ("hr", 2),
        ("2 HR", 2),
        ("IKT", 3),
        ("ict", 3),
        ("3 IKT", 3),
        ("tillitsvalgt", 4),
        ("Hovedtillitsvalgt", 4),
        ("4 Chief union representative", 4),
        ("Chief union representative", 4),
        ("ledergruppe", 1),
        ("Leadership team", 1),
    ],
)
def test_target_group_words(typed: str, group: int) -> None:
    assert target_group_word(typed) == group


def test_short_values_import(tmp_path: Path, base: Instance) -> None:
    path = sheet(tmp_path, ["Bergen,HR,helse", "Bergen,ikt,helse", "Bergen,Tillitsvalgt,helse"])
    groups = [p.target_group for p in import_registrations(path, base).instance.participants]
    assert groups == [2, 3, 4]


def test_an_unknown_word_names_the_words_that_work(tmp_path: Path, base: Instance) -> None:
    [message] = problems(sheet(tmp_path, ["Bergen,økonomi,helse"]), base)
    assert "is not 1-4" in message and "HR, IKT, tillitsvalgt" in message


# -- former and misspelt municipality names -------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Førde", "Førde is part of Sunnfjord since 2020 (4647)"),
        ("forde", "Førde is part of Sunnfjord since 2020 (4647)"),
        ("1432", "Førde (1432) is part of Sunnfjord since 2020 (4647)"),
        ("Flora", "Flora is part of Kinn since 2020 (4602)"),
        ("Os", "Os is part of Bjørnafjorden since 2020 (4624)"),
        ("Lindås kommune", "Lindås is part of Alver since 2020 (4631)"),
        ("1201", "1201 is Bergen's number before 2020; it is 4601 since 2020"),
        ("Hornindal", "Hornindal moved to Volda (Møre og Romsdal) since 2020 (1577)"),
    ],
)
def test_former_municipalities_name_their_current_one(
    tmp_path: Path, base: Instance, typed: str, expected: str
) -> None:
    [message] = problems(sheet(tmp_path, [f"{typed},1,helse"]), base)
    assert message.startswith("regs!A2: kommune: unknown municipality")
    assert message.endswith(expected) or message.endswith(
        f"{expected}, which is not in this instance"
    )


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Kvinherad", "did you mean Kvinnherad?"),
        ("Sunfjord", "did you mean Sunnfjord?"),
        ("Øygardn", "did you mean Øygarden?"),
        ("Bergne", "did you mean Bergen?"),
        ("Jølstr", "did you mean Jølster? Jølster is part of Sunnfjord since 2020 (4647)"),
    ],
)
def test_typos_get_the_nearest_name(
    tmp_path: Path, base: Instance, typed: str, suggested: str
) -> None:
    [message] = problems(sheet(tmp_path, [f"{typed},1,helse"]), base)
    assert suggested in message


def test_nothing_near_suggests_nothing(tmp_path: Path, base: Instance) -> None:
    [message] = problems(sheet(tmp_path, ["Trondheim,1,helse"]), base)
    assert message == "regs!A2: kommune: unknown municipality 'Trondheim'"


@pytest.mark.parametrize(
    ("typed", "number"),
    [("Bomlo", "4613"), ("OYGARDEN", "4626"), ("Bergen kommune", "4601"), ("aardal", None)],
)
def test_ascii_spellings_match_directly(
    tmp_path: Path, base: Instance, typed: str, number: str | None
) -> None:
    path = sheet(tmp_path, [f"{typed},1,helse"])
    if number is None:
        assert problems(path, base)
        return
    [person] = import_registrations(path, base).instance.participants
    assert person.municipality == number


def test_the_changes_table_agrees_with_the_shipped_municipalities() -> None:
    text = resources.files("kompetanse_opt.data").joinpath("vestland_municipalities.csv")
    names = {r["kommunenummer"]: r["name"] for r in csv.DictReader(text.open(encoding="utf-8"))}
    changes = municipality_changes()
    inside = [c for c in changes if not c.county]
    assert {c.current_number: c.current_name for c in inside}.items() <= names.items()
    assert {c.current_number for c in inside} == set(names)  # every municipality has a past
    assert len({c.old_number for c in changes}) == len(changes)
    assert {c.kind for c in changes} == {"merged", "renumbered", "moved"}


def test_service_area_typo_is_suggested(tmp_path: Path, base: Instance) -> None:
    [message] = problems(sheet(tmp_path, ["Bergen,1,Helse og omsrog"]), base)
    assert "did you mean Helse og omsorg?" in message


def test_a_name_typed_without_norwegian_letters_keeps_its_id(
    tmp_path: Path, base: Instance
) -> None:
    header = "kommune,målgruppe,tjenesteområde,navn"
    first = import_registrations(sheet(tmp_path, ["Bergen,1,helse,Åse Ødegård"], header), base)
    path = tmp_path / "again.csv"
    path.write_text(f"{header}\nBergen,1,helse,Other Person\nBergen,1,helse,Ase Odegard\n", "utf-8")
    again = import_registrations(path, first.instance, previous=first.instance).instance
    [before] = first.instance.participants
    assert {p.name: p.id for p in again.participants}["Ase Odegard"] == before.id
