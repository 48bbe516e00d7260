"""Bad discussion-group input: problems named by their field paths."""

from __future__ import annotations

import pytest

from builders import make_group_instance
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.loading import instance_from_data

STAFF_AND_HEALTH = {
    str(1001 + i): ["staff_support", "staff_support", "health_care"] for i in range(6)
}


def test_bad_group_settings_are_reported_with_field_paths() -> None:
    people = {"1001": ["staff_support", "gardening"]}
    with pytest.raises(InstanceError) as info:
        make_group_instance(
            people,
            groups={"merge_into": {"culture": "sport", "education": "education"}},
        )
    problems = [str(p) for p in info.value.problems]
    assert any(p.startswith("participants[1].service_area: unknown service area") for p in problems)
    assert "groups.merge_into.culture: merge target 'sport' is not a known service area" in problems
    assert "groups.merge_into.education: a service area cannot merge into itself" in problems
    with pytest.raises(InstanceError, match="merge cycle"):
        make_group_instance(
            {"1001": ["staff_support"]},
            groups={"merge_into": {"staff_support": "technical", "technical": "staff_support"}},
        )
    data = make_group_instance(STAFF_AND_HEALTH).model_dump(mode="json", exclude_none=True)
    data["groups"]["min_size"] = 9
    with pytest.raises(InstanceError, match=r"groups: .*min_size 9 is above max_size 8"):
        instance_from_data(data)


def test_participant_without_service_area_is_an_input_error() -> None:
    data = make_group_instance(STAFF_AND_HEALTH).model_dump(mode="json", exclude_none=True)
    del data["participants"][4]["service_area"]
    with pytest.raises(InstanceError, match=r"participants\[4\]\.service_area"):
        instance_from_data(data)
