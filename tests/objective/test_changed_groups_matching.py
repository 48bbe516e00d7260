"""``changed_groups`` counts the fewest people who must move to turn the baseline's groups into the
new ones (a matching of the groups, labels free), the number the re-plan's diff lists."""

from __future__ import annotations

from itertools import permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from kompetanse_opt.analysis.plan_diff import _regrouped
from kompetanse_opt.model.plan import GatheringPlan, GroupPlan
from kompetanse_opt.objective.change_terms import moved_people


def _brute_force(old: list[list[str]], new: list[list[str]]) -> int:
    """People in both less the most that any one-to-one pairing of the groups keeps."""
    both = {p for g in old for p in g} & {p for g in new for p in g}
    size = max(len(old), len(new))
    olds = [set(g) & both for g in old] + [set()] * (size - len(old))
    news = [set(g) & both for g in new] + [set()] * (size - len(new))
    best = max(
        sum(len(olds[i] & news[j]) for i, j in enumerate(perm))
        for perm in permutations(range(size))
    )
    return len(both) - best


@st.composite
def _groupings(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    people = [f"p{i}" for i in range(draw(st.integers(1, 9)))]
    # Each person: a group before (or absent: a newcomer) and after (or absent: a leaver).
    before = draw(
        st.lists(
            st.one_of(st.none(), st.integers(0, 3)), min_size=len(people), max_size=len(people)
        )
    )
    after = draw(
        st.lists(
            st.one_of(st.none(), st.integers(0, 3)), min_size=len(people), max_size=len(people)
        )
    )

    def groups(where: list[int | None]) -> list[list[str]]:
        out: dict[int, list[str]] = {}
        for person, g in zip(people, where, strict=True):
            if g is not None:
                out.setdefault(g, []).append(person)
        return [out[g] for g in sorted(out)]

    return groups(before), groups(after)


@settings(max_examples=100, deadline=None)
@given(_groupings())
def test_moved_people_is_the_brute_force_minimum(
    pair: tuple[list[list[str]], list[list[str]]],
) -> None:
    old, new = pair
    assert moved_people(old, new) == _brute_force(old, new)


@settings(max_examples=100, deadline=None)
@given(_groupings())
def test_moved_people_is_what_the_diff_lists(pair: tuple[list[list[str]], list[list[str]]]) -> None:
    old, new = pair
    if not old or not new:
        return

    def gathering(groups: list[list[str]], tag: str) -> GatheringPlan:
        plans = [
            GroupPlan(id=f"{tag}{j}", service_area="x", participants=g)
            for j, g in enumerate(groups)
        ]
        return GatheringPlan(index=1, venue="a", groups=plans)

    assert moved_people(old, new) == len(_regrouped(gathering(old, "o"), gathering(new, "n")))


def test_one_person_moved_counts_one_and_labels_do_not_count() -> None:
    old = [["a", "b", "c"], ["d", "e", "f"]]
    assert moved_people(old, [["f", "e", "d"], ["c", "b", "a"]]) == 0
    assert moved_people(old, [["a", "b"], ["c", "d", "e", "f"]]) == 1
    # Leavers and newcomers change nobody's group by themselves.
    assert moved_people(old, [["a", "b", "x"], ["d", "e"]]) == 0
