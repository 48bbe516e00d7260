"""The report's learning path, hours per target group and speakers (issue 17), in nb and en:
names, never ids; no English in the Norwegian report; sections only with their stage."""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

from cli.test_norwegian_output import english_words
from content_builders import make_learning_instance, tiny_catalogue
from kompetanse_opt.io.report import render_report, sections
from kompetanse_opt.io.report_learning import hours_table, learning_path_tables, speakers_table
from kompetanse_opt.io.sections import build_view
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result
from kompetanse_opt.solver.pipeline import solve
from speaker_builders import speaker

NAMES = ("Ada Fiktiv", "Bo Prøve", "Fjordby gjest")


def _catalogue() -> dict[str, Any]:
    data = tiny_catalogue()
    for m in data["modules"]:
        m["name_nb"], m["name_en"] = f"Modulnavn {m['id'].upper()}", f"Module {m['id'].upper()}"
    return data


@cache
def planned() -> tuple[Instance, Result]:
    """Two cohorts with a learning path, two speakers and a guest (about 1.5 s)."""
    both = ["vision", "data"]
    pool = [
        speaker("s1", name=NAMES[0], capabilities=both),
        speaker("s2", name=NAMES[1], capabilities=both, fee=28_000),
        speaker("g1", kind="guest", name=NAMES[2], capabilities=both, fee=1_000),
    ]
    instance = make_learning_instance(_catalogue(), speakers=pool)
    result = solve(instance, time_limit=10, workers=1)
    assert result.plan is not None and "speakers" in result.plan.stages
    return instance, result


def _section(page: str, key: str) -> str:
    found = re.search(rf'<section id="{key}".*?</section>', page, flags=re.S)
    assert found is not None, key
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(0)))


def _text(page: str) -> str:
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_each_cohort_has_its_path_in_date_order_with_names() -> None:
    instance, result = planned()
    plan = result.require_plan()
    for lang, word in (("nb", "Modulnavn"), ("en", "Module")):
        view = build_view(instance, result, lang=lang)
        tables = learning_path_tables(view)
        assert [t.key for t in tables] == [f"learning-path-{c.id}" for c in plan.cohorts]
        for table, cohort in zip(tables, plan.cohorts, strict=True):
            path = cohort.learning_path
            assert path is not None
            windows = sum(1 for w in path.windows if w.modules)
            assert len(table.rows) == len(path.sessions) + windows
            shown = " ".join(str(r[2]) for r in table.rows)
            for module in [m for s in path.sessions for m in s.modules]:
                assert f"{word} {module.upper()}" in shown
            speakers = {r[5] for r in table.rows if r[5]}
            assert speakers and all(s.split(",")[0] in NAMES for s in speakers)
            assert not any("s1" in str(c) or "speaker-" in str(c) for r in table.rows for c in r)


def test_the_report_shows_path_hours_and_speakers_in_both_languages() -> None:
    instance, result = planned()
    plan = result.require_plan()
    words = {
        "nb": ("Læringsløp, kull", "Timer per målgruppe", "Modulnavn G1", "Module G1"),
        "en": ("Learning path, cohort", "Hours per target group", "Module G1", "Modulnavn G1"),
    }
    for lang, (path, hours, name, other) in words.items():
        page = render_report(build_view(instance, result, lang=lang))
        learning = _section(page, "learning-path")
        for c in plan.cohorts:
            assert f"{path} {c.id}" in learning
            assert f'data-table="learning-path-{c.id}"' in page
        assert hours in learning and 'data-table="learning-hours"' in page
        assert name in learning and other not in learning
        people = _section(page, "speakers")
        used = {g.speaker for c in plan.cohorts for g in c.gatherings}
        used |= {x for c in plan.cohorts for g in c.gatherings for x in g.guests}
        for s in instance.speakers:
            assert (s.name in people) == (s.id in used), s.name
        cards = _section(page, "key-figures")
        assert ("Timer per deltaker" if lang == "nb" else "Hours per participant") in cards
        assert ("Foredragsholdere brukt" if lang == "nb" else "Speakers used") in cards
    nb = render_report(build_view(instance, result, lang="nb"))
    assert english_words(_text(nb)) == set()


def test_the_hours_table_counts_the_programme_and_keeps_travel_apart() -> None:
    instance, result = planned()
    table = hours_table(build_view(instance, result, lang="en"))
    assert table is not None and table.rows
    for row in table.rows:
        self_study, gatherings, local, closing, programme = row[2:7]
        assert programme == round(self_study + gatherings + local + closing, 2)  # type: ignore[operator]
        assert str(row[7]).endswith("(within)")  # the tiny catalogue's 0–100 h frame


def test_speakers_fees_and_the_budget_beside_the_seed() -> None:
    instance, result = planned()
    view = build_view(instance, result, lang="en")
    table = speakers_table(view)
    assert table is not None
    *rows, total = table.rows
    plan = result.require_plan()
    fee = {s.name: s.fee for s in instance.speakers}
    slots = [p for c in plan.cohorts for g in c.gatherings for p in [g.speaker, *g.guests]]
    assert {r[0] for r in rows} <= set(NAMES) and len(rows) == len(slots)  # a row per gathering
    assert all(r[5] == fee[str(r[0])] for r in rows)
    assert total[0] == "Total" and total[5] == sum(fee[str(r[0])] for r in rows)
    page = render_report(view)
    budget = _section(page, "budget")
    assert "Facilitators' release time" in budget and "Speaker fees" in budget
    nb = _section(render_report(build_view(instance, result, lang="nb")), "budget")
    assert "Frikjøp av fasilitatorer" in nb and "Foredragsholderhonorar" in nb


def test_no_sections_without_the_stages() -> None:
    instance, result = planned()
    plan = result.require_plan()
    earlier = plan.model_copy(
        update={"stages": tuple(s for s in plan.stages if s not in ("learning", "speakers"))}
    )
    view = build_view(instance, result.model_copy(update={"plan": earlier}), lang="en")
    keys = [key for key, _, _ in sections(view)]
    assert "learning-path" not in keys and "speakers" not in keys
    assert "learning-path" in [key for key, _, _ in sections(build_view(instance, result))]
