"""A re-plan keeps the baseline's speakers and guests (H11's changed_speakers in the speakers'
stage), and pinned or held guests hold (H7/H11)."""

from __future__ import annotations

from kompetanse_opt.check import check
from kompetanse_opt.model.freeze import with_baseline
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.pins import Pins, SpeakerPin
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective import evaluate_terms
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.speakers.stage import solve_speakers_stage
from speaker_builders import dated, make_speaker_instance, speaker

POOL = [
    speaker("s1"),
    speaker("s2", home="1002"),
    speaker("g1", kind="guest", max_gatherings=4),
    speaker("g2", kind="guest", max_gatherings=4),
]


def _speakers(instance: Instance) -> Plan:
    plan = dated(instance)
    report, placed = solve_speakers_stage(prepare(instance), EngineSettings(10, 0, 1), plan)
    assert placed is not None, report
    return placed


def test_a_baseline_with_other_speakers_is_kept_at_a_price() -> None:
    instance = make_speaker_instance(POOL)
    first = _speakers(instance)
    # The previous plan had the other speaker everywhere and no guests: keeping it costs
    # nothing in changes, so the re-plan keeps it whenever that is allowed.
    swap = {"s1": "s2", "s2": "s1"}
    previous = first.model_copy(
        update={
            "cohorts": [
                c.model_copy(
                    update={
                        "gatherings": [
                            g.model_copy(update={"speaker": swap[g.speaker], "guests": []})
                            for g in c.gatherings
                        ]
                    }
                )
                for c in first.cohorts
            ]
        }
    )
    based = with_baseline(instance, previous)
    again = _speakers(based)
    terms = evaluate_terms(prepare(based), again)
    assert "changed_speakers" in terms
    kept = sum(
        g.speaker == h.speaker
        for c, d in zip(previous.cohorts, again.cohorts, strict=True)
        for g, h in zip(c.gatherings, d.gatherings, strict=True)
    )
    total = sum(len(c.gatherings) for c in previous.cohorts)
    assert terms["changed_speakers"] == total - kept  # no baseline guests to lose
    assert check(based, again) == []


def test_pinned_guests_hold_and_the_checker_sees_a_broken_guest_pin() -> None:
    instance = make_speaker_instance(POOL)
    plan = _speakers(instance)
    g = plan.cohorts[0].gatherings[0]
    pin = SpeakerPin(cohort=plan.cohorts[0].id, gathering=g.index, speaker=g.speaker, guests=[])
    pinned = instance.replace(pins=Pins(speakers=[pin]))
    placed = _speakers(pinned)
    assert placed.cohorts[0].gatherings[0].guests == []
    assert check(pinned, placed) == []
    wanted = "g1" if "g1" not in g.guests else "g2"
    other = SpeakerPin(
        cohort=plan.cohorts[0].id, gathering=g.index, speaker=g.speaker, guests=[wanted]
    )
    broken = instance.replace(pins=Pins(speakers=[other]))
    assert wanted not in g.guests
    broken_pin = [v for v in check(broken, plan) if v.rule == "H7" and "guests" in v.message]
    assert broken_pin, "the checker must see the pinned guest missing"
