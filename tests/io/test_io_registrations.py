"""Registration sheets in: headers in both languages, CSV variants, and one located problem per
mistake (sheet, row and column) with nothing built."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from builders import make_instance
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.io.importer import import_registrations
from kompetanse_opt.io.registrations import column_letter, normalise
from kompetanse_opt.io.template import write_template
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.vestland import vestland_instance


@pytest.fixture(scope="module")
def base() -> Instance:
    return vestland_instance()


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def problems_of(path: Path, base: Instance) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        import_registrations(path, base)
    assert caught.value.source == str(path)
    return [str(p) for p in caught.value.problems]


def test_norwegian_csv_with_semicolons_and_excel_encoding(tmp_path: Path, base: Instance) -> None:
    path = write_csv(
        tmp_path / "påmelding.csv",
        [
            "Kommune;Rolle;Målgruppe;Tjenesteområde;Navn;E-post;Ønsker kull",
            "Bergen;kommunedirektør;1;Stab og støtte;Åse Ødegård;ase@bergen.kommune.no;2",
            "4601;HR;;stab;;;",
            "4602 Kinn;IKT-leder;3;teknisk;;;",
            "kinn;hovedtillitsvalgt;;Helse og omsorg;;;1, 2",
        ],
        encoding="cp1252",  # what Excel's plain "CSV" save writes in Norway
    )
    three = base.replace(cohorts={"count": 3, "capacity": 50, "gatherings": 2})
    imported = import_registrations(path, three)
    people = imported.instance.participants
    assert [(p.id, p.municipality, p.target_group, p.service_area) for p in people] == [
        ("4601-01", "4601", 1, "staff_support"),
        ("4601-02", "4601", 2, "staff_support"),  # target group from the role
        ("4602-01", "4602", 3, "technical"),
        ("4602-02", "4602", 4, "health_care"),
    ]
    assert people[0].name == "Åse Ødegård" and people[0].email == "ase@bergen.kommune.no"
    assert [m.id for m in imported.instance.municipalities] == ["4601", "4602"]
    wishes = {w.municipality: w.prefers for w in imported.instance.wishes}
    assert wishes == {"4601": [2], "4602": [1, 2]}  # wishes belong to the municipality
    assert imported.sheet == "påmelding"


def test_english_xlsx_headers_any_order_and_ignored_columns(tmp_path: Path, base: Instance) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Participants"
    sheet.append(["Service_Area", "MUNICIPALITY", "target group", "comment", "participant_id"])
    sheet.append(["education", 4631, 1.0, "ok", "alver-lead"])
    sheet.append(["Culture", "Alver", "4 union", None, None])
    sheet.append([None, None, None, None, None])  # blank rows are skipped
    path = tmp_path / "regs.xlsx"
    workbook.save(path)
    imported = import_registrations(path, base, anonymise=True)
    assert [p.id for p in imported.instance.participants] == ["alver-lead", "4631-01"]
    assert imported.notes == ("Participants!D1: column 'comment' ignored",)
    # The embedded ICT cooperations are trimmed to the municipalities present (none pair here).
    assert imported.instance.together == []


def test_every_problem_is_reported_with_its_cell(tmp_path: Path, base: Instance) -> None:
    path = write_csv(
        tmp_path / "regs.csv",
        [
            "kommune,målgruppe,tjenesteområde,navn,e-post,kan ikke kull",
            "Bergn,1,helse,Kari,kari@x.no,",
            "Voss,1,,Ola,ola@x.no,",
            "Voss,9,helse,Per,kari@x.no,",
            "Voss,,helse,Liv,not-an-address,",
            "Voss,2,vaktmester,Kari,,x",
            "Askøy,1,helse,Siri,,7",
        ],
    )
    assert problems_of(path, base) == [
        "regs!A2: kommune: unknown municipality 'Bergn' (did you mean Bergen?)",
        "regs!C3: tjenesteområde: blank required cell",
        "regs!B4: målgruppe: target group 9 is not 1-4",
        "regs!E4: e-post: duplicate participant (same as row 2)",
        "regs!B5: målgruppe: blank required cell: give a target group 1-4 (or a known role)",
        "regs!E5: e-post: 'not-an-address' is not an e-mail address",
        "regs!C6: tjenesteområde: unknown service area 'vaktmester' (use one of: health_care,"
        " education, technical, culture, staff_support)",
        "regs!F6: kan ikke kull: 'x' is not a list of cohort numbers such as '1, 3'",
        "regs!F7: kan ikke kull: cohort 7 does not exist (cohorts are 1..4)",
    ]


def test_duplicates_missing_columns_and_empty_sheets(tmp_path: Path, base: Instance) -> None:
    dupes = write_csv(
        tmp_path / "dupes.csv",
        [
            "kommune,målgruppe,tjenesteområde,navn,e-post",
            "Voss,1,helse,Kari Nes,kari@x.no",
            "Voss,1,helse,kari  nes,",
            "Voss,1,helse,Ola,KARI@x.no",
        ],
    )
    assert problems_of(dupes, base) == [
        "dupes!D3: navn: duplicate participant (same as row 2)",
        "dupes!E4: e-post: duplicate participant (same as row 2)",
    ]
    missing = write_csv(tmp_path / "missing.csv", ["navn,e-post", "Kari,kari@x.no"])
    assert problems_of(missing, base) == [
        "missing!1:1: missing column 'kommune' (municipality)",
        "missing!1:1: missing column 'målgruppe' (target_group)",
        "missing!1:1: missing column 'tjenesteområde' (service_area)",
    ]
    header_only = write_csv(tmp_path / "empty.csv", ["kommune,målgruppe,tjenesteområde"])
    assert problems_of(header_only, base) == ["empty!2:2: no participants: the sheet has no rows"]
    other = tmp_path / "regs.xls"
    other.write_bytes(b"old")
    assert problems_of(other, base) == ["cannot read '.xls' files: save the sheet as .xlsx or .csv"]


def test_whole_instance_rules_still_apply(tmp_path: Path) -> None:
    small = make_instance([1, 1], cohorts={"count": "auto", "capacity": 2, "gatherings": 1})
    path = write_csv(
        tmp_path / "regs.csv",
        ["kommune,målgruppe,tjenesteområde", "M1001,1,helse", "1001,2,helse", "m1001,3,helse"],
    )
    with pytest.raises(InstanceError) as caught:
        import_registrations(path, small)
    assert "more than the cohort capacity 2" in str(caught.value)


def test_template_has_headers_lists_and_instructions(tmp_path: Path, base: Instance) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path, base, "nb")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Deltakere", "Veiledning", "Lister"]
    sheet = workbook["Deltakere"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["kommune", "målgruppe", "tjenesteområde"]
    assert sheet.freeze_panes == "A2"
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["A2:A501"] == "'Lister'!$A$2:$A$44"
    assert workbook["Lister"].sheet_state == "hidden"
    assert workbook["Lister"]["A2"].value == "Bergen"
    assert "Helse og omsorg" in [c.value for c in workbook["Lister"]["C"]]
    english = tmp_path / "template_en.xlsx"
    write_template(english, base, "en")
    assert load_workbook(english).sheetnames == ["Participants", "Instructions", "Lists"]


def test_helpers() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert normalise(" E_post *") == normalise("e-post") == "e post"


def test_conflicting_wishes_and_anonymised_import(tmp_path: Path, base: Instance) -> None:
    three = base.replace(cohorts={"count": 3, "capacity": 50, "gatherings": 2})
    path = write_csv(
        tmp_path / "regs.csv",
        [
            "kommune,målgruppe,tjenesteområde,navn,e-post,ønsker kull,kan ikke kull",
            "Voss,1,helse,Kari,kari@x.no,1,3",
            "Voss,2,stab,Ola,ola@x.no,,1",
        ],
    )
    assert problems_of(path, three) == [
        "regs!G3: kan ikke kull: cohort 1 is both preferred and impossible for this municipality"
        " (see its other rows)"
    ]
    path.write_text(path.read_text(encoding="utf-8").replace(",,1", ",,2"), encoding="utf-8")
    anonymous = import_registrations(path, three, anonymise=True).instance
    assert [(p.name, p.email) for p in anonymous.participants] == [(None, None), (None, None)]
    assert [(w.prefers, w.cannot_attend) for w in anonymous.wishes] == [([1], [3, 2])]


def test_relative_travel_files_of_the_base_still_resolve(tmp_path: Path, base: Instance) -> None:
    from kompetanse_opt.model.loading import load_instance, write_instance
    from kompetanse_opt.model.problem import prepare
    from kompetanse_opt.model.travel import write_matrix_csv

    folder = tmp_path / "base"
    folder.mkdir()
    write_matrix_csv(prepare(base).travel, folder / "travel.csv")
    write_instance(base.replace(travel={"matrix_file": "travel.csv"}), folder / "instance.yaml")
    loaded = load_instance(folder / "instance.yaml")
    path = write_csv(tmp_path / "regs.csv", ["kommune,målgruppe,tjenesteområde", "Voss,1,helse"])
    out = tmp_path / "elsewhere"
    imported = import_registrations(path, loaded, out_dir=out).instance
    # The file lies outside the new instance's folder, which may not name it: inlined instead.
    assert imported.travel.matrix_file is None
    assert imported.travel.matrix is not None
    out.mkdir()
    write_instance(imported, out / "inst.yaml")
    assert prepare(load_instance(out / "inst.yaml")).minutes("4621", "bergen") > 0


def test_groups_are_read_from_plans_that_carry_them() -> None:
    from types import SimpleNamespace as Ns

    from kompetanse_opt.io.extras import GroupRow, extras_from_plan, group_rows

    group = Ns(id="g1", service_area="health_care", participants=["a", "b"])
    cohorts = [Ns(id=1, gatherings=[Ns(index=1, groups=[group]), Ns(index=2)])]
    assert group_rows(cohorts) == (GroupRow(1, 1, "g1", "health_care", ("a", "b")),)
    assert extras_from_plan(None).groups == ()
