"""The synthetic region generator: sizes as documented, deterministic by seed."""

from __future__ import annotations

from kompetanse_opt.analysis.generator import generate, synthetic_minutes


def test_sizes_scale_with_vestland() -> None:
    region = generate(2, seed=1)
    assert len(region.municipalities) == 86
    assert region.total_participants == 400
    assert len(region.venues) == 6
    assert region.cohort_count == 8
    per_municipality = region.participants_per_municipality()
    assert min(per_municipality.values()) >= 4
    assert region.travel.matrix is not None and len(region.travel.matrix) == 86 * 6


def test_deterministic_by_seed() -> None:
    assert generate(2, seed=3) == generate(2, seed=3)
    assert generate(2, seed=3) != generate(2, seed=4)


def test_speed_model() -> None:
    assert synthetic_minutes(0) == 15
    assert synthetic_minutes(100) == 192
