"""What the pins imply beyond themselves: which municipalities they put in which cohort, and which
cohorts they name (so those are not interchangeable)."""

from __future__ import annotations

from kompetanse_opt.model.instance_fields import InstanceFields


def pinned_cohort_of(instance: InstanceFields) -> dict[str, int]:
    """Every planned municipality a pin puts in a cohort: municipality pins, frozen cohorts, and
    the municipalities of people in a pinned (not held) group."""
    present = {m.id for m in instance.municipalities}
    out = instance.pins.cohort_of_municipality(present)
    home = {p.id: p.municipality for p in instance.participants}
    for g in instance.pins.groups:
        if not g.held:
            for pid in g.participants:
                if pid in home:
                    out.setdefault(home[pid], g.cohort)
    return out


def named_cohorts(instance: InstanceFields) -> set[int]:
    """Cohorts a pin, the baseline or a wish names: they are not interchangeable."""
    named = instance.pins.named_cohorts()
    if instance.baseline is not None:
        named |= instance.baseline.named_cohorts()
    for w in instance.wishes:
        named |= set(w.cannot_attend) | set(w.prefers)
    return named


__all__ = ["named_cohorts", "pinned_cohort_of"]
