"""Letters for every recipient: the embedded plan in Norwegian with names, never ids; a calendar
per municipality; escaping of hostile names; speakers only for a real pool."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from icalendar import Calendar

from calendar_builders import make_dated_instance
from kompetanse_opt.io.letters import letter_files
from kompetanse_opt.io.letters_data import LetterData, _preparation, all_letters
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan, Result
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.solver.pipeline import solve

#: English words that must not appear in a Norwegian letter.
ENGLISH = ("Cohort", "Gathering", "Participant", "Venue", "Travel", "Session", "Preparation")


@pytest.fixture(scope="module")
def vestland(vestland_solved: tuple[Instance, Result]) -> tuple[Instance, Plan]:
    instance, result = vestland_solved
    return instance, result.require_plan()


@pytest.fixture(scope="module")
def vestland_files(vestland: tuple[Instance, Plan]) -> dict[str, bytes]:
    instance, plan = vestland
    return letter_files(instance, plan, lang="nb")


def _text(html: bytes) -> str:
    """The visible text of a page (tags and the style sheet removed)."""
    page = html.decode("utf-8")
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", page)


def test_a_norwegian_letter_for_every_municipality_and_facilitator(
    vestland: tuple[Instance, Plan], vestland_files: dict[str, bytes]
) -> None:
    instance, plan = vestland
    files = vestland_files
    assert sorted(n for n in files if n.startswith("kommune-") and n.endswith(".html")) == sorted(
        f"kommune-{m.id}.html" for m in instance.municipalities
    )
    assert len([n for n in files if n.startswith("fasilitator-")]) == len(instance.facilitators)
    # A letter per real speaker who presents (placeholder ids, 'speaker-1-1', get none).
    pool = {s.id for s in getattr(instance, "speakers", None) or []}
    presenting = {
        person
        for c in plan.cohorts
        for g in c.gatherings
        for person in [g.speaker, *(getattr(g, "guests", None) or [])]
        if person in pool
    }
    speakers = [n for n in files if n.startswith("foredragsholder-") and n.endswith(".html")]
    assert len(speakers) == len(presenting)
    cohort_of = plan.cohort_of_municipality()
    ids = re.compile(r"\b46\d\d-\d\d\b|fasilitator-[a-z]|speaker-\d|\b(bergen|forde|stord)\b")
    for m in instance.municipalities:
        text = _text(files[f"kommune-{m.id}.html"])
        assert f"{m.name} kommune" in text and f"kull {cohort_of[m.id]}" in text
        assert "Samling 1" in text and "Folkevalgtsamlingen" in text and "Før samling 1" in text
        assert "kl. 11.30" in text and re.search(r"\d+ (t \d+ )?min", text)
        assert not ids.search(text), ids.search(text)
        assert not [w for w in ENGLISH if w in text], m.name
        people = sum(1 for p in instance.participants if p.municipality == m.id)
        assert text.count("Stab og støtte") + text.count("Helse og omsorg") >= 1
        assert files[f"kommune-{m.id}.html"].count(b"<tr>") >= 4 + people
    for n, f in enumerate(instance.facilitators, start=1):
        text = _text(files[f"fasilitator-{n:02d}.html"])
        assert f.name in text and "Samling" in text and "Netter" in text
        assert not ids.search(text) and not [w for w in ENGLISH if w in text]
        gatherings = sum(f.id in g.facilitators for c in plan.cohorts for g in c.gatherings)
        assert text.count("lunsj") >= 1 and text.count("kl. 11.30") == gatherings
    for name in speakers:
        text = _text(files[name])
        assert "Foredrag for" in text and not ids.search(text), name
    index = files["index.html"].decode("utf-8")
    letters = len(instance.municipalities) + len(instance.facilitators) + len(speakers)
    assert index.count('.html">') == letters
    assert index.count('.ics">') == len(instance.municipalities)
    assert "Bergen" in index and "Fasilitator Øygarden" in index


def test_a_calendar_per_municipality_with_its_sessions(
    vestland: tuple[Instance, Plan], vestland_files: dict[str, bytes]
) -> None:
    instance, plan = vestland
    cohort_of = plan.cohort_of_municipality()
    for m in instance.municipalities[:5]:
        calendar = Calendar.from_ical(vestland_files[f"kommune-{m.id}.ics"])
        events = list(calendar.walk("VEVENT"))
        cohort = plan.cohort(cohort_of[m.id])
        sessions = len(cohort.gatherings) + len(cohort.local_sessions)
        sessions += len(cohort.closing_sessions)
        politicians = sum(m.id in s.municipalities for s in plan.politician_sessions)
        assert len(events) == sessions + politicians == sessions + 1
        assert str(calendar.get("x-wr-calname")) == m.name


def test_english_letters(vestland: tuple[Instance, Plan]) -> None:
    instance, plan = vestland
    files = letter_files(instance, plan, lang="en")
    text = _text(files["municipality-4601.html"])
    assert "Bergen is in cohort" in text and "Gathering 1" in text and "Samling" not in text
    assert "facilitator-01.html" in files


def _hostile() -> tuple[Instance, Plan]:
    base = make_dated_instance([3, 4, 2, 3])
    municipalities = [m.model_dump() for m in base.municipalities]
    municipalities[0]["name"] = '<script>alert("x")</script>'
    people = [p.model_dump() for p in base.participants]
    people[0]["name"] = 'Åse & "Ørjan" <b>'
    facilitators = [f.model_dump() for f in base.facilitators]
    facilitators[0]["name"] = '<img src=x onerror="alert(1)">'
    instance = base.replace(
        municipalities=municipalities, participants=people, facilitators=facilitators
    )
    return instance, solve(instance, time_limit=10, workers=1).require_plan()


def test_letters_escape_every_name() -> None:
    instance, plan = _hostile()
    files = letter_files(instance, plan, lang="nb")
    everything = b"".join(body for name, body in files.items() if name.endswith(".html"))
    page = everything.decode("utf-8")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "Åse &amp; &#34;Ørjan&#34; &lt;b&gt;" in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in page
    assert not re.search(r"https?:|url\(|@import", page)


def test_a_real_speaker_pool_gets_letters_and_placeholders_none() -> None:
    instance, plan = _hostile()
    data = LetterData(instance, plan, prepare(instance).travel, "nb")
    assert not [letter for letter in all_letters(data) if letter.kind == "speaker"]
    first = plan.cohorts[0].gatherings[0]
    cohorts = [c.model_copy(deep=True) for c in plan.cohorts]
    cohorts[0].gatherings[0].speaker = "kari"
    data = LetterData(instance, plan.model_copy(update={"cohorts": cohorts}), data.travel, "nb")
    data.speakers = {"kari": "Kari <Nordmann>"}
    speakers = [letter for letter in all_letters(data) if letter.kind == "speaker"]
    assert [s.recipient for s in speakers] == ["Kari <Nordmann>"]
    assert len(speakers[0].values["rows"]) == 1 and first.index == 1
    assert replace(speakers[0], values={}).stem == "foredragsholder-01"


def test_preparation_follows_the_learning_path_when_the_plan_has_one() -> None:
    instance, plan = _hostile()
    data = LetterData(instance, plan, prepare(instance).travel, "nb")
    cohort = plan.cohorts[0]
    general = dict(_preparation(data, cohort))
    assert "selvstudier og forarbeid" in general["Før samling 1"]
    # The learning stage's shapes (model.content, model.learning_plan), by attribute.
    module = SimpleNamespace(id="m1", name_nb="Digital visjon <video>", name_en="Digital vision")
    data.instance = SimpleNamespace(content=SimpleNamespace(modules=[module]))  # type: ignore[assignment]
    window = SimpleNamespace(
        before_kind="gathering",
        before_index=1,
        start=date(2025, 1, 6),
        end=date(2025, 1, 20),
        modules=["m1"],
    )
    path = SimpleNamespace(windows=[window])
    with_path = SimpleNamespace(**{**cohort.__dict__, "learning_path": path})
    steps = dict(_preparation(data, with_path))  # type: ignore[arg-type]
    assert steps["Før samling 1"] == (
        "Selvstudium mandag 6. januar 2025 – mandag 20. januar 2025: Digital visjon <video>."
    )
    assert steps["Før samling 2"] == general["Før samling 2"]  # no window: the general words
