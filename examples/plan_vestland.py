"""Plan the embedded Vestland programme, then an edited variant, from Python.

Run: python examples/plan_vestland.py
"""

from __future__ import annotations

from kompetanse_opt import check, solve, vestland_instance, write_plan
from kompetanse_opt.model.instance import CohortSettings, MunicipalityPin, Pins


def describe(title: str, result) -> None:  # type: ignore[no-untyped-def]
    print(f"\n{title}: {result.status.value}, objective {result.objective}, gap {result.gap}")
    for cohort in result.require_plan().cohorts:
        venues = " + ".join(g.venue for g in cohort.gatherings)
        print(f"  cohort {cohort.id}: {cohort.size:3d} participants, {venues}")


def main() -> None:
    instance = vestland_instance()
    result = solve(instance)
    assert check(instance, result.require_plan()) == []
    describe("Vestland as in the seed (4 cohorts of 50)", result)
    write_plan(result, "vestland_plan.json")

    # The secretariat's what-if: five cohorts of at most 40, Bergen fixed to the first cohort,
    # and the Nordhordland ICT cooperation kept together as a hard rule.
    variant = instance.replace(
        cohorts=CohortSettings(count=5, capacity=40, gatherings=2),
        pins=Pins(municipalities=[MunicipalityPin(municipality="4601", cohort=1)]),
        together=[
            s.model_copy(update={"hard": s.id == "ikt-nordhordland"}) for s in instance.together
        ],
    )
    describe("Variant: 5 cohorts of 40, Bergen in cohort 1", solve(variant))


if __name__ == "__main__":
    main()
