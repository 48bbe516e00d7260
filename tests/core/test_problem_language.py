"""Bad-input lines in the command's language: every :class:`Problem` message is a catalogue
message with named values, shown in Norwegian or English when printed; pydantic's errors are
mapped by type to our own messages, with the limits of ``ctx`` filled in."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from builders import make_instance
from cli.test_norwegian_output import english_words
from kompetanse_opt.core.errors import InputError, InstanceError, Problem
from kompetanse_opt.core.i18n import Message, msg, set_language, translations
from kompetanse_opt.core.validation_messages import (
    _FIXED,
    _LIMITS,
    _PATTERNS,
    problems_from_validation_error,
)
from kompetanse_opt.model.loading import instance_from_data, instance_to_data


def strictly_rendered(message: object, lang: str) -> str:
    """``message`` in ``lang``, raising on a missing or misnamed placeholder (where
    :func:`translate` would quietly fall back to English)."""
    if not isinstance(message, Message):
        return str(message)
    template = translations(lang).gettext(message.template)  # type: ignore[arg-type]
    values = {k: strictly_rendered(v, lang) for k, v in message.values.items()}
    return template.format(**values) if message.values else template


def rendered(problem: Problem, lang: str) -> str:
    where = strictly_rendered(problem.location, lang)
    what = strictly_rendered(problem.message, lang)
    return f"{where}: {what}" if where else what


def test_a_problem_reads_english_and_prints_in_the_current_language() -> None:
    problem = Problem("participants[3].municipality", msg("unknown municipality '{id}'", id="9999"))
    assert problem.message == "unknown municipality '9999'"  # the data and JSON view
    assert str(problem) == "participants[3].municipality: unknown municipality '9999'"
    set_language("nb")
    assert str(problem) == "participants[3].municipality: ukjent kommune '9999'"
    assert problem.text("en") == "participants[3].municipality: unknown municipality '9999'"


def test_input_error_lines_follow_the_language_and_keep_the_source() -> None:
    error = InstanceError(
        [
            Problem(msg("line {line}", line=4), msg("duplicate key {key}", key="'a'")),
            Problem("", msg("file not found")),
        ],
        "data/inst.yaml",
    )
    assert error.lines("en") == [
        "data/inst.yaml: line 4: duplicate key 'a'",
        "data/inst.yaml: file not found",
    ]
    assert error.lines("nb") == [
        "data/inst.yaml: linje 4: nøkkelen 'a' står flere ganger",
        "data/inst.yaml: finner ikke filen",
    ]
    set_language("nb")
    assert str(error).splitlines() == error.lines("nb")
    assert InputError([]).lines("nb") == ["ugyldige inndata"]


def test_every_mapped_pydantic_type_has_norwegian() -> None:
    templates = [*_FIXED.values(), *(t for _, t in _LIMITS.values()), *_PATTERNS.values()]
    nb = translations("nb")
    for template in templates:
        text = nb.gettext(template)
        assert text != template, template
        assert english_words(text) == set(), (template, text)


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    count: int = Field(ge=1, le=5)
    name: str = Field(min_length=1, max_length=4)
    kind: str = Field(default="a", pattern=r"^\d{4}$")
    tags: list[int] = Field(default_factory=list, max_length=2)

    @field_validator("tags")
    @classmethod
    def _distinct(cls, value: list[int]) -> list[int]:
        if len(set(value)) < len(value):
            raise ValueError(msg("tags {tags} repeat", tags=value))
        return value


def _problems(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ValidationError) as info:
        _Sample.model_validate(data)
    return problems_from_validation_error(info.value)


def test_pydantic_limits_are_filled_in_from_ctx() -> None:
    found = _problems({"count": 9, "name": "", "kind": "12", "extra": 1, "tags": [1, 2, 3]})
    english = [p.text("en") for p in found]
    assert english == [
        "count: at most 5 (got 9)",
        "name: must not be empty",
        "kind: must be a four-digit municipality number (kommunenummer) (got '12')",
        "tags: at most 2 items",
        "extra: unknown field",
    ]
    assert [p.text("nb") for p in found] == [
        "count: høyst 5 (oppgitt: 9)",
        "name: kan ikke være tom",
        "kind: må være et firesifret kommunenummer (oppgitt: '12')",
        "tags: høyst 2 elementer",
        "extra: ukjent felt",
    ]
    assert [p.text("nb") for p in _problems({"name": "abcdef"})] == [
        "count: obligatorisk felt mangler",
        "name: høyst 4 tegn",
    ]


def test_a_validator_reason_made_with_msg_is_translated_without_pydantic_prefix() -> None:
    (problem,) = _problems({"count": 1, "name": "a", "tags": [1, 1]})
    assert problem.text("en") == "tags: tags [1, 1] repeat"
    assert problem.text("nb") == "tags: tags [1, 1] repeat"  # not in the catalogue: as written
    (cohorts,) = _instance_problems(lambda d: d["cohorts"].update(minimum=99))
    assert cohorts.text("en").endswith("minimum 99 is above capacity 30")
    assert cohorts.text("nb").endswith("minimum 99 er over kapasiteten 30")


def test_an_unmapped_type_falls_back_to_pydantic_text() -> None:
    class _Strict(BaseModel):
        value: complex

    with pytest.raises(ValidationError) as info:
        _Strict.model_validate({"value": "not a number at all"})
    (problem,) = problems_from_validation_error(info.value)
    assert "complex" in problem.text("nb")  # pydantic's English, with the value
    assert "(oppgitt: 'not a number at all')" in problem.text("nb")


def _instance_problems(change: Any) -> list[Problem]:
    data = instance_to_data(make_instance([4, 4, 4], cohorts={"count": 2, "capacity": 30}))
    change(data)
    with pytest.raises(InstanceError) as info:
        instance_from_data(data, "inst.yaml")
    return info.value.problems


def test_cross_reference_and_pin_problems_are_norwegian() -> None:
    def spoil(data: dict[str, Any]) -> None:
        data["participants"][0]["municipality"] = "9999"
        data["pins"]["municipalities"] = [
            {"municipality": "9998", "cohort": 7},
            {"municipality": data["municipalities"][1]["id"], "cohort": 1},
            {"municipality": data["municipalities"][1]["id"], "cohort": 2},
        ]

    found = _instance_problems(spoil)
    nb = [rendered(p, "nb") for p in found]
    assert "participants[0].municipality: ukjent kommune '9999'" in nb
    assert "pins.municipalities[0].municipality: ukjent kommune '9998'" in nb
    assert "pins.municipalities[0].cohort: kull 7 finnes ikke (kullene er 1..2)" in nb
    assert any(line.endswith("er låst to ganger") for line in nb), nb
    for line in nb:
        assert english_words(line) == set(), line


#: Values that are wrong for most fields, none of them an English word (the lines echo them).
_BAD = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()),
    st.text(alphabet="æøåq0123456789-_ ", max_size=8),
    st.none(),
    st.booleans(),
    st.lists(st.integers(min_value=-3, max_value=99), max_size=3),
    st.dictionaries(st.sampled_from(["æ", "ø"]), st.integers(), max_size=2),
)

#: Where a bad value goes: a path of keys and indexes into the instance data.
_FIELDS = st.sampled_from(
    [
        ("cohorts", "capacity"),
        ("cohorts", "count"),
        ("cohorts", "minimum"),
        ("cohorts", "gatherings"),
        ("participants", 0, "municipality"),
        ("participants", 1, "target_group"),
        ("participants", 2, "id"),
        ("municipalities", 0, "id"),
        ("municipalities", 1, "lat"),
        ("venues", 0, "id"),
        ("wishes",),
        ("together",),
        ("pins", "municipalities"),
        ("pins", "gatherings"),
        ("priorities",),
        ("groups", "min_size"),
        ("name",),
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=st.lists(st.tuples(_FIELDS, _BAD), min_size=1, max_size=3))
def test_random_bad_values_render_in_both_languages(
    fields: list[tuple[tuple[str | int, ...], Any]],
) -> None:
    data = instance_to_data(make_instance([4, 4, 4], cohorts={"count": 2, "capacity": 30}))
    for path, value in fields:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = copy.deepcopy(value)
    try:
        instance_from_data(data, "inst.yaml")
    except InstanceError as exc:
        problems = exc.problems
    else:
        return
    assert problems
    for problem in problems:
        nb, en = rendered(problem, "nb"), rendered(problem, "en")
        assert en == problem.text("en") and nb == problem.text("nb")
        assert "\n" not in nb
        # The field path is data (``name``, ``cohorts.count``): only the words are searched.
        words = strictly_rendered(problem.message, "nb")
        if isinstance(problem.location, Message):
            words += " " + strictly_rendered(problem.location, "nb")
        assert english_words(words) == set(), (nb, en)
        # Every message came from the catalogue (no pydantic fallback for these fields).
        assert isinstance(problem.message, Message), en


def test_an_input_error_keeps_its_problems_through_pickle() -> None:
    """A sweep's worker process sends its errors back pickled: the lines still translate."""
    import pickle

    error = InstanceError([Problem("venues[0].id", msg("duplicate id '{id}'", id="v1"))], "a.yaml")
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is InstanceError and back.source == "a.yaml"
    assert back.lines("nb") == ["a.yaml: venues[0].id: id-en 'v1' står flere ganger"]
    assert back.lines("en") == error.lines("en")


#: Well-typed references that may point nowhere: known and unknown municipality numbers,
#: cohorts inside and outside 1..2, venue ids with and without a venue.
_MUNICIPALITY = st.sampled_from(["1001", "1002", "1003", "9990", "9991"])
_COHORT = st.integers(min_value=1, max_value=4)
_REFERENCES = st.fixed_dictionaries(
    {
        "pins": st.lists(st.tuples(_MUNICIPALITY, _COHORT), max_size=4),
        "gatherings": st.lists(
            st.tuples(
                _COHORT, st.integers(min_value=1, max_value=6), st.sampled_from(["v1", "vx"])
            ),
            max_size=3,
        ),
        "wishes": st.lists(
            st.tuples(_MUNICIPALITY, st.lists(_COHORT, max_size=2), st.lists(_COHORT, max_size=2)),
            max_size=3,
        ),
        "together": st.lists(st.lists(_MUNICIPALITY, min_size=2, max_size=3), max_size=2),
        "apart": st.lists(st.tuples(_MUNICIPALITY, _MUNICIPALITY), max_size=2),
        "priorities": st.lists(
            st.lists(st.sampled_from(["travel_total", "æøå", "balance"]), max_size=2), max_size=2
        ),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(refs=_REFERENCES)
def test_random_dangling_references_render_in_both_languages(refs: dict[str, Any]) -> None:
    data = instance_to_data(make_instance([4, 4, 4], cohorts={"count": 2, "capacity": 30}))
    data["pins"]["municipalities"] = [{"municipality": m, "cohort": c} for m, c in refs["pins"]]
    data["pins"]["gatherings"] = [
        {"cohort": c, "gathering": g, "venue": v} for c, g, v in refs["gatherings"]
    ]
    data["wishes"] = [
        {"municipality": m, "cannot_attend": no, "prefers": yes} for m, no, yes in refs["wishes"]
    ]
    data["together"] = [
        {"id": f"t{i}", "municipalities": s} for i, s in enumerate(refs["together"])
    ]
    data["apart"] = [
        {"id": f"a{i}", "municipalities": list(p)} for i, p in enumerate(refs["apart"])
    ]
    if refs["priorities"]:
        data["priorities"] = refs["priorities"]
    try:
        instance_from_data(data, "inst.yaml")
    except InstanceError as exc:
        problems = exc.problems
    else:
        return
    for problem in problems:
        nb = strictly_rendered(problem.message, "nb")
        assert isinstance(problem.message, Message), problem.text("en")
        assert english_words(nb) == set(), (nb, problem.text("en"))
