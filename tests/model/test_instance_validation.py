"""Bad instances: one clear problem per mistake, naming the field path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from builders import make_instance
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.loading import instance_from_data, load_instance, write_instance


def base_data() -> dict[str, Any]:
    return make_instance([3, 4, 2]).model_dump(mode="json", exclude_none=True)


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InstanceError) as info:
        instance_from_data(data, "inst.yaml")
    return [str(p) for p in info.value.problems]


def test_valid_data_loads() -> None:
    assert instance_from_data(base_data()).cohort_count == 2


def test_unknown_municipality_of_participant() -> None:
    data = base_data()
    data["participants"][2]["municipality"] = "4699"
    assert "participants[2].municipality: unknown municipality '4699'" in problems_of(data)


def test_unknown_field_and_wrong_type() -> None:
    data = base_data()
    data["cohorts"]["capacityy"] = 3
    data["municipalities"][0]["population"] = "many"
    problems = problems_of(data)
    assert "cohorts.capacityy: unknown field" in problems
    assert any(p.startswith("municipalities[0].population:") for p in problems)


def test_duplicate_ids_and_municipality_without_participants() -> None:
    data = base_data()
    data["participants"][1]["id"] = data["participants"][0]["id"]
    data["municipalities"].append(dict(data["municipalities"][0], id="1009"))
    problems = problems_of(data)
    assert any("participants[0].id: duplicate id" in p for p in problems)
    assert any("'1009' (M1001) has no participants" in p for p in problems)


def test_non_positive_capacity_and_municipality_larger_than_cohort() -> None:
    data = base_data()
    data["cohorts"]["capacity"] = 0
    assert any(p.startswith("cohorts.capacity:") for p in problems_of(data))
    data["cohorts"]["capacity"] = 3
    assert any(
        "has 4 participants, more than the cohort capacity 3" in p for p in problems_of(data)
    )


def test_dangling_references_in_sets_wishes_and_pins() -> None:
    data = base_data()
    data["together"] = [{"id": "t", "municipalities": ["1001", "9999"]}]
    data["wishes"] = [{"municipality": "1001", "prefers": [7]}]
    data["pins"] = {"gatherings": [{"cohort": 1, "gathering": 3, "venue": "zz"}]}
    problems = problems_of(data)
    assert "together[0].municipalities[1]: unknown municipality '9999'" in problems
    assert "wishes[0].prefers[0]: cohort 7 does not exist (cohorts are 1..2)" in problems
    assert (
        "pins.gatherings[0].gathering: gathering 3 does not exist (gatherings are 1..2)" in problems
    )
    assert "pins.gatherings[0].venue: unknown venue 'zz'" in problems


def test_malformed_files_name_the_file(tmp_path: Path) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"name": ', encoding="utf-8")
    with pytest.raises(InstanceError, match=r"bad\.json: line 1, column 10: malformed JSON"):
        load_instance(bad_json)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(InstanceError, match=r"bad\.yaml: line \d+, column \d+: malformed YAML"):
        load_instance(bad_yaml)
    with pytest.raises(InstanceError, match="file not found"):
        load_instance(tmp_path / "missing.yaml")
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("42\n", encoding="utf-8")
    with pytest.raises(InstanceError, match="expected a mapping"):
        load_instance(scalar)


def test_yaml_and_json_round_trip(tmp_path: Path) -> None:
    instance = make_instance([3, 4, 2])
    for name in ("i.yaml", "i.json"):
        write_instance(instance, tmp_path / name)
        assert load_instance(tmp_path / name).model_dump() == instance.model_dump()
    json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))


def test_input_file_is_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "i.yaml"
    write_instance(make_instance([3, 4, 2]), path)
    before = path.read_bytes()
    load_instance(path)
    assert path.read_bytes() == before


def test_replace_revalidates() -> None:
    instance = make_instance([3, 4, 2])
    assert instance.replace(name="other").name == "other"
    with pytest.raises(InstanceError, match="unknown municipality '9999'"):
        instance.replace(pins={"municipalities": [{"municipality": "9999", "cohort": 1}]})


def test_travel_matrix_file_problems_name_the_file(tmp_path: Path) -> None:
    from kompetanse_opt.model.problem import prepare

    data = base_data()
    del data["travel"]
    data["travel"] = {"matrix_file": "matrix.csv"}
    path = tmp_path / "inst.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InstanceError, match=r"cannot read file"):
        prepare(load_instance(path))
    (tmp_path / "matrix.csv").write_text(
        "municipality,venue,minutes\n1001,a,5\n1001,b,x\n", encoding="utf-8"
    )
    with pytest.raises(InstanceError, match=r"matrix\.csv: row 3, column 'minutes'"):
        prepare(load_instance(path))
    (tmp_path / "matrix.csv").write_text("municipality,venue,minutes\n1001,a,5\n", encoding="utf-8")
    with pytest.raises(InstanceError, match=r"matrix\.csv: no travel time for '1001' -> 'b'"):
        prepare(load_instance(path))
