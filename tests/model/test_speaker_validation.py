"""The speaker pool validates itself with one located message per problem."""

from __future__ import annotations

from typing import Any

import pytest

from kompetanse_opt.core.dates import date_range
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.speakers import Speaker, crow_minutes
from kompetanse_opt.model.vestland import example_speakers, vestland_instance
from speaker_builders import make_speaker_instance, speaker


def problems(**extra: Any) -> list[str]:
    with pytest.raises(InstanceError) as info:
        make_speaker_instance(**extra)
    return [str(p) for p in info.value.problems]


def test_a_valid_pool_loads() -> None:
    instance = make_speaker_instance()
    assert [s.id for s in instance.speakers] == ["s1", "s2", "s3"]


def test_unknown_capability_is_located() -> None:
    found = problems(speakers=[speaker("s1", capabilities=["agile", "juggling"])])
    assert found == ["speakers[0].capabilities[1]: unknown capability 'juggling'"]


def test_unknown_home_municipality_is_located() -> None:
    found = problems(speakers=[speaker("s1", home="9999")])
    assert len(found) == 1 and found[0].startswith("speakers[0].home: unknown municipality '9999'")


def test_overlapping_ranges_are_located() -> None:
    ranges = [{"start": "2025-03-01", "end": "2025-03-10"}, {"start": "2025-03-05"}]
    found = problems(speakers=[speaker("s1", unavailable=ranges)])
    assert found == ["speakers[0].unavailable[1]: overlaps unavailable[0] (2025-03-01..2025-03-10)"]


def test_duplicate_ids_are_located() -> None:
    found = problems(speakers=[speaker("s1"), speaker("s1")])
    assert found == ["speakers[0].id: duplicate id 's1'", "speakers[1].id: duplicate id 's1'"]


def test_theme_of_a_missing_gathering_and_unknown_capability() -> None:
    settings = {"themes": [{"gathering": 3, "capabilities": ["nope"]}]}
    found = problems(speaker_settings=settings)
    assert "speaker_settings.themes[0].gathering: 3 > cohorts.gatherings 2" in found
    assert "speaker_settings.themes[0].capabilities[0]: unknown capability 'nope'" in found


def test_home_and_coordinates_exclude_each_other() -> None:
    with pytest.raises(ValueError, match="home or lat/lon"):
        Speaker.model_validate(speaker("s1", lat=60.0, lon=5.0))
    with pytest.raises(ValueError, match="both lat and lon"):
        Speaker.model_validate({**speaker("s1"), "home": None, "lat": 60.0})


def test_availability_and_capability_match() -> None:
    import datetime as dt

    s = Speaker.model_validate(
        speaker(
            "s1",
            available=[{"start": "2025-03-01", "end": "2025-03-31"}],
            unavailable=[{"start": "2025-03-10"}],
        )
    )
    assert s.is_available(dt.date(2025, 3, 9)) and not s.is_available(dt.date(2025, 3, 10))
    assert not s.is_available(dt.date(2025, 4, 1))
    assert s.can_present([]) and s.can_present(["agile", "x"]) and not s.can_present(["x"])


def test_days_text_and_crow_minutes() -> None:
    import datetime as dt

    assert date_range([dt.date(2025, 3, 4), dt.date(2025, 3, 5)]) == "4–5 March 2025"
    assert date_range([dt.date(2025, 3, 31), dt.date(2025, 4, 1)]) == "31 March–1 April 2025"
    assert crow_minutes(60.0, 5.0, 60.0, 5.0) == 0
    assert 350 < crow_minutes(59.913, 10.752, 60.393, 5.324) < 450  # Oslo to Bergen


def test_the_embedded_pool_is_fictional_and_valid() -> None:
    pool = example_speakers()
    assert all("(fictional)" in s.name for s in pool)
    assert {s.kind for s in pool} == {"speaker", "guest"}
    assert len(vestland_instance().speakers) == len(pool)


def test_a_speaker_from_a_withdrawn_municipality_keeps_its_travel() -> None:
    instance = vestland_instance().without_municipalities({"4640"})
    moved = next(s for s in instance.speakers if s.id == "per-havreneset")
    assert moved.home is None and (moved.lat, moved.lon) == (61.229, 7.096)


def test_a_learning_paths_main_module_decides_what_the_speaker_presents() -> None:
    from types import SimpleNamespace

    from kompetanse_opt.model.speakers import gathering_needs

    settings = {"themes": [{"gathering": 1, "capabilities": ["agile"]}]}
    instance = make_speaker_instance(speaker_settings=settings)
    assert gathering_needs(instance, 1) == ("agile",)
    module = SimpleNamespace(id="g-data", capabilities=["data_driven"])
    path = SimpleNamespace(main_module=lambda k: "g-data" if k == 1 else None)
    with_content = SimpleNamespace(
        content=SimpleNamespace(modules=[module]), speaker_settings=instance.speaker_settings
    )
    cohort = SimpleNamespace(learning_path=path)
    assert gathering_needs(with_content, 1, cohort) == ("data_driven",)
    assert gathering_needs(with_content, 2, cohort) == ()
