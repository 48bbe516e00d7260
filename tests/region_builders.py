"""A small region with several hub venues: the class path's hub areas on a tiny instance."""

from __future__ import annotations

import random

from builders import make_instance
from kompetanse_opt.model.instance import Instance


def small_region(seed: int = 5) -> Instance:
    """Ten municipalities, three unlimited hubs and one once-only venue, four cohorts.

    Seeded random sizes (2-5) and travel minutes (5-90); capacity leaves two seats of slack.
    With the default seed the hub areas' first plan is not optimal, so neighbourhood search has
    something to improve.
    """
    rng = random.Random(seed)
    sizes = [rng.randint(2, 5) for _ in range(10)]
    venues: dict[str, int | None] = {"a": None, "b": None, "c": None, "d": 1}
    minutes = {(str(1001 + i), v): rng.randint(5, 90) for i in range(10) for v in venues}
    capacity = -(-sum(sizes) // 4) + 2
    return make_instance(
        sizes,
        venues=venues,
        minutes=minutes,
        cohorts={"count": 4, "capacity": capacity, "gatherings": 2},
    )
