"""The embedded data's plan does not depend on the number of threads (issue 19): every stage's
solves are deterministic on their own input, and no solve's method depends on the share of the
run's time it happened to get (before, with one thread the first gathering's sequential search
ran without presolve and found other, equally good, groups)."""

from __future__ import annotations

import pytest

from kompetanse_opt import solve, vestland_instance


@pytest.mark.slow
def test_one_and_two_threads_give_the_same_plan_bytes() -> None:
    instance = vestland_instance()
    one, two = (solve(instance, seed=0, threads=threads) for threads in (1, 2))
    assert one.status.value == "stage_optimal"
    assert all(r.status.value == "optimal" for r in one.stage_results)
    assert one.objective == two.objective
    assert one.require_plan().model_dump_json() == two.require_plan().model_dump_json()
