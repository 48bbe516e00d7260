"""``msg``/``translate``: English for programs, the chosen language for people."""

from __future__ import annotations

import json
import pickle

from kompetanse_opt.check.violation import Violation
from kompetanse_opt.core.i18n import Message, msg, translate


def test_a_message_reads_as_english_and_translates_on_demand() -> None:
    n = 3
    text = msg("participant {pid} is in {n} cohorts", locals(), pid="4601-01")
    assert isinstance(text, Message)
    assert text == "participant 4601-01 is in 3 cohorts"
    assert json.dumps({"message": text}) == '{"message": "participant 4601-01 is in 3 cohorts"}'
    assert translate(text, "nb") == "deltaker 4601-01 er i 3 kull"
    assert translate(text, "en") == text
    assert translate("plain text", "nb") == "plain text"


def test_messages_inside_messages_are_translated_too() -> None:
    where = msg("cohort {cohort} gathering {index}", cohort=1, index=2)
    text = msg("{where} has {what}", where=where, what=msg("no speaker"))
    assert text == "cohort 1 gathering 2 has no speaker"
    assert translate(text, "nb") == "kull 1 samling 2 har ingen foredragsholder"


def test_a_violation_keeps_its_message_through_pickle() -> None:
    violation = Violation("H1", msg("participant {pid} is in no cohort", pid="x"), ("x",))
    copy = pickle.loads(pickle.dumps(violation))
    assert copy == violation
    assert translate(copy.message, "nb") == "deltaker x er ikke i noe kull"


def test_a_broken_template_falls_back_to_english() -> None:
    text = Message("unknown {what}", {"what": "x"})
    text.template = "unknown {other}"  # as a translation with a wrong placeholder would read
    assert translate(text, "nb") == "unknown x"
