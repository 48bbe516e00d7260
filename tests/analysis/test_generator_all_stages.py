"""The generator's programme around the cohorts (``all_stages``) and its district overrides."""

from __future__ import annotations

import pytest

from kompetanse_opt.analysis.generator import district_overrides, generate
from kompetanse_opt.analysis.scenarios import ScenarioFile, Scenarios, Variant, build_variant
from kompetanse_opt.model.plan import STAGES
from kompetanse_opt.solver.pipeline import planned_stages, stage_counting_causes


def test_all_stages_adds_the_programme_and_keeps_the_cohorts_part() -> None:
    plain, full = generate(2, seed=1), generate(2, seed=1, all_stages=True)
    assert planned_stages(plain) == ("cohorts", "groups")
    assert planned_stages(full) == STAGES
    for field in ("municipalities", "participants", "venues", "together", "travel", "cohorts"):
        assert getattr(full, field) == getattr(plain, field), field
    assert len(full.facilitators) == 2 * 3 and len(full.speakers) == 2 * 7
    homes = {m.id for m in full.municipalities}
    assert {f.home for f in full.facilitators} <= homes
    assert {s.home for s in full.speakers if s.home is not None} <= homes


@pytest.mark.parametrize("scale", [2, 5])
def test_no_counting_cause_at_scale(scale: int) -> None:
    region = generate(scale, seed=1, all_stages=True)
    assert stage_counting_causes(region, planned_stages(region)) == []


@pytest.mark.slow
def test_no_counting_cause_at_ten_x() -> None:
    # 40 cohorts 5 days apart could not finish inside the horizon; 2 days apart they can.
    region = generate(10, seed=1, all_stages=True)
    assert stage_counting_causes(region, planned_stages(region)) == []


def test_district_overrides_cut_out_one_vestland_sized_district() -> None:
    region = generate(3, seed=2, all_stages=True)
    spec = ScenarioFile(variants=[Variant(name="d2", overrides=district_overrides(region, 2))])
    district = build_variant(Scenarios(spec, region), spec.variants[0])
    assert len(district.municipalities) == 43 and district.total_participants == 200
    assert district.cohort_count == 4 and len(district.venues) == 3
    assert {v.id for v in district.venues} == {"r2-bergen", "r2-forde", "r2-stord"}
    assert len(district.facilitators) == 3 and len(district.speakers) == 7
    assert district.calendar is not None and district.calendar.stagger_min_days == 56
    assert stage_counting_causes(district, planned_stages(district)) == []
    with pytest.raises(ValueError, match="no district 4"):
        district_overrides(region, 4)
