"""The content catalogue (rule H9): the shipped DigiVestland data and located validation."""

from __future__ import annotations

from typing import Any

import pytest

from content_builders import make_learning_instance, tiny_catalogue
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.content import ContentCatalogue, default_catalogue
from kompetanse_opt.model.learning_hours import programme_minutes, self_study_minutes
from kompetanse_opt.model.vestland import vestland_instance


def _problems(content: dict[str, Any]) -> list[str]:
    with pytest.raises(InstanceError) as info:
        make_learning_instance(content)
    return [str(p) for p in info.value.problems]


def test_shipped_catalogue_has_the_seeds_16_capabilities_in_four_areas() -> None:
    catalogue = default_catalogue()
    assert len(catalogue.capabilities) == 16
    areas = [c.area for c in catalogue.capabilities]
    assert {a: areas.count(a) for a in set(areas)} == {
        "strategy": 3,
        "organisation": 6,
        "technology": 3,
        "leadership": 4,
    }
    assert catalogue.overview_only[1] == [
        "tech_foresight",
        "end_customer",
        "agile",
        "competence_development",
        "meaningful_frames",
    ]
    assert all(2 not in d.target_groups or d.hours > 0 for d in catalogue.deep_dives)
    assert vestland_instance().content == catalogue


def test_shipped_hours_are_inside_30_to_35_for_every_target_group() -> None:
    catalogue = default_catalogue()
    kinds = ["gathering", "local", "gathering", "closing"]
    totals = {g: programme_minutes(catalogue, kinds, g) / 60 for g in (1, 2, 3, 4)}
    assert totals == {1: 31.5, 2: 33.5, 3: 33.5, 4: 33.5}
    # Target group 1 covers five capabilities at overview level: less self-study.
    assert self_study_minutes(catalogue, 1) < self_study_minutes(catalogue, 2)


def test_deep_dives_do_not_count_toward_the_frame() -> None:
    catalogue = default_catalogue()
    without = catalogue.model_copy(update={"deep_dives": []})
    kinds = ["gathering", "closing"]
    assert programme_minutes(catalogue, kinds, 3) == programme_minutes(without, kinds, 3)


def test_unknown_capability_in_a_module_is_located() -> None:
    content = tiny_catalogue()
    content["modules"][2]["capabilities"] = ["vision", "nope"]
    assert _problems(content) == ["content.modules[2].capabilities[1]: unknown capability 'nope'"]


def test_unknown_prerequisite_and_duplicate_ids_are_located() -> None:
    content = tiny_catalogue()
    content["modules"][2]["prerequisites"] = ["ghost"]
    content["capabilities"].append(dict(content["capabilities"][0]))
    problems = _problems(content)
    assert "content.modules[2].prerequisites[0]: unknown module 'ghost'" in problems
    assert "content.capabilities[0].id: duplicate id 'vision'" in problems
    assert "content.capabilities[3].id: duplicate id 'vision'" in problems


def test_cyclic_prerequisites_are_reported_with_the_cycle() -> None:
    content = tiny_catalogue()
    for m in content["modules"]:
        m["order"] = 1
    content["modules"][0]["prerequisites"] = ["g1"]  # g1 already requires a
    problems = _problems(content)
    assert any(p.startswith("content.modules: cyclic prerequisites:") for p in problems)
    assert any("a -> g1 -> a" in p or "g1 -> a -> g1" in p for p in problems)


def test_prerequisite_later_in_the_order_is_reported() -> None:
    content = tiny_catalogue()
    content["modules"][0]["prerequisites"] = ["z"]
    problems = _problems(content)
    assert any("modules[0].prerequisites[0]: 'z' (order 70) comes after 'a'" in p for p in problems)


def test_hours_by_group_for_a_group_the_module_is_not_for() -> None:
    content = tiny_catalogue()
    content["modules"][0]["target_groups"] = [2, 3]
    content["modules"][0]["hours_by_group"] = {1: 0.5}
    assert _problems(content) == [
        "content.modules[0].hours_by_group: target group 1 is not among the module's target groups"
    ]


def test_main_module_must_be_a_gathering_session() -> None:
    content = tiny_catalogue()
    content["modules"][0]["main"] = True
    assert _problems(content) == [
        "content.modules[0].main: only a gathering session can be a gathering's main module"
    ]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"frame": {"min_hours": 36, "max_hours": 35}}, "max_hours 35.0 is below min_hours 36.0"),
        ({"modules": []}, "at least 1"),
        ({"unknown_field": 1}, "Extra inputs are not permitted"),
    ],
)
def test_field_errors(change: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        ContentCatalogue.model_validate(tiny_catalogue(**change))
