"""Change operations as data: names resolved, references dropped with warnings, located errors."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import make_instance
from calendar_builders import make_dated_instance
from kompetanse_opt.analysis.changes import (
    AddRegistrations,
    FacilitatorUnavailable,
    VenueClosed,
    Withdraw,
    apply_changes,
    from_today,
    parse_date_range,
    withdrawn_municipalities,
)
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.entities import Municipality, Participant
from kompetanse_opt.model.loading import instance_to_data
from kompetanse_opt.model.settings import TravelEntry


def test_withdraw_by_name_or_number_drops_references_with_warnings() -> None:
    instance = make_instance(
        [3, 4, 2, 2],
        together=[{"id": "ict", "municipalities": ["1001", "1002"]}],
        apart=[{"id": "x", "municipalities": ["1001", "1003"]}],
        wishes=[{"municipality": "1001", "prefers": [1]}],
        pins={"municipalities": [{"municipality": "1001", "cohort": 2}]},
    )
    for name in ("M1001", "1001", "  m1001 "):
        changed, warnings = apply_changes(instance, [Withdraw(name)])
        assert "1001" not in {m.id for m in changed.municipalities}
        assert not any(p.municipality == "1001" for p in changed.participants)
        assert changed.together == [] and changed.apart == [] and changed.wishes == []
        assert changed.pins.municipalities == []
        assert len(warnings) == 4 and all(w.startswith("M1001 withdrawn") for w in warnings)
    # The instance given is not touched.
    assert "1001" in {m.id for m in instance.municipalities}


def test_unknown_names_are_located_errors_listed_together() -> None:
    instance = make_dated_instance()
    changes = [
        Withdraw("M1010", where="--withdraw"),
        FacilitatorUnavailable("Nobody", dt.date(2025, 3, 1), where="--facilitator-unavailable"),
        VenueClosed("Nowhere", dt.date(2025, 3, 1)),
    ]
    with pytest.raises(InstanceError) as raised:
        apply_changes(instance, changes)
    lines = str(raised.value).splitlines()
    assert lines[0].startswith("--withdraw: unknown municipality 'M1010'")
    assert "did you mean" in lines[0]
    assert lines[1] == "--facilitator-unavailable: unknown facilitator 'Nobody'"
    assert lines[2] == "changes[2]: unknown venue 'Nowhere'"


def test_facilitator_unavailable_and_venue_closed_become_blocked_days() -> None:
    instance = make_dated_instance()
    facilitator = instance.facilitators[0]
    changed, warnings = apply_changes(
        instance,
        [
            FacilitatorUnavailable(facilitator.name, dt.date(2025, 3, 3), dt.date(2025, 3, 5)),
            VenueClosed("A", dt.date(2025, 4, 1)),
        ],
    )
    assert warnings == []
    blocked = changed.facilitators[0].unavailable[-1]
    assert (blocked.start, blocked.end) == (dt.date(2025, 3, 3), dt.date(2025, 3, 5))
    assert [f.unavailable for f in changed.facilitators[1:]] == [
        f.unavailable for f in instance.facilitators[1:]
    ]
    venue = next(v for v in changed.venues if v.id == "a")
    assert venue.blocked[-1].start == dt.date(2025, 4, 1) and venue.blocked[-1].end is None


def test_add_registrations_merges_people_and_new_municipalities() -> None:
    instance = make_instance([3, 4])
    newcomer = Municipality(id="1009", name="M1009", population=900, lat=60.0, lon=5.0)
    people = tuple(
        Participant(id=f"1009-{j}", municipality="1009", target_group=1, service_area="health_care")
        for j in range(2)
    )
    travel = tuple(TravelEntry(municipality="1009", venue=v, minutes=30) for v in ("a", "b"))
    changed, _ = apply_changes(instance, [AddRegistrations(people, (newcomer,), travel=travel)])
    assert changed.participants_per_municipality()["1009"] == 2
    with pytest.raises(InstanceError, match=r"changes\[0\]\.participants\[0\]: id '1001-0'"):
        apply_changes(instance, [AddRegistrations((instance.participants[0],))])


def test_date_ranges() -> None:
    assert parse_date_range("2025-03-04") == (dt.date(2025, 3, 4), None)
    assert parse_date_range("2025-03-04..2025-03-06") == (dt.date(2025, 3, 4), dt.date(2025, 3, 6))
    for bad in ("2025-13-01", "2025-03-06..2025-03-04", "tomorrow", "2025-03-04.."):
        with pytest.raises(ValueError):
            parse_date_range(bad)


def test_an_edited_instance_without_someone_left_withdraws_them() -> None:
    data = instance_to_data(
        make_instance([3, 4, 2], together=[{"id": "t", "municipalities": ["1001", "1002"]}])
    )
    data["participants"] = [p for p in data["participants"] if p["municipality"] != "1002"]
    kept, warnings = withdrawn_municipalities(data)
    assert [m["id"] for m in kept["municipalities"]] == ["1001", "1003"]
    assert warnings[0] == "M1002 has no participants: withdrawn, not planned"
    assert any("together-set 't'" in w for w in warnings)


def test_dated_changes_apply_from_the_day_after_today() -> None:
    today = dt.date(2025, 3, 10)
    early = FacilitatorUnavailable("f1", dt.date(2025, 3, 1), dt.date(2025, 3, 20))
    kept, warnings = from_today([early, Withdraw("M1001")], today)
    assert kept[0] == FacilitatorUnavailable("f1", dt.date(2025, 3, 11), dt.date(2025, 3, 20))
    assert warnings == ["changes[0]: from 2025-03-11 on (what is held stays as it was)"]
    assert from_today([early], None) == ([early], [])
    past = VenueClosed("a", dt.date(2025, 3, 1), where="--venue-closed")
    with pytest.raises(InstanceError, match=r"--venue-closed: 2025-03-01 is on or before today"):
        from_today([past], today)
