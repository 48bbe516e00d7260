"""The politicians' region count is linear in the model (``region`` indicators, the room's
``open`` or a "has a region" indicator as the first region): its value in every solution
equals the count recomputed from the plan, with and without municipalities that have no
region (the stage's ``verify_terms`` raises otherwise)."""

from __future__ import annotations

import pytest
from test_politician_sessions import instance, planned

from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective.calendar_terms import politician_regions


@pytest.mark.parametrize(
    "regions",
    [
        ["Nord", "Sør", "Vest", "Sør", "Nord", "Vest"],
        ["Nord", "", "Vest", "", "Nord", "Sør"],
        ["", "", "", "", "", "Nord"],
    ],
)
@pytest.mark.parametrize("weight", [0, 1, 1000])
def test_region_count_matches_the_plan(regions: list[str], weight: int) -> None:
    inst = instance(
        {"min_sessions": 1, "max_sessions": 2},
        regions=regions,
        weights={"politician_regions": weight, "politician_session_count": 50},
    )
    plan = planned(inst)  # the stage checks the solver's terms against the recomputed ones
    count = politician_regions(prepare(inst), plan)
    if weight == 1000:
        # Two sessions at most: the fewest extra regions possible.
        named = {r for r in regions if r}
        assert count == max(0, len(named) - 2)
