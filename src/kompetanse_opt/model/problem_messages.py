"""Messages that several validation modules say the same way (catalogue messages, see
:func:`~kompetanse_opt.core.i18n.msg`): an unknown id by kind, a cohort or session that does not
exist, a date outside the calendar window."""

from __future__ import annotations

import datetime as dt

from kompetanse_opt.core.i18n import N_, Message, msg

#: "Unknown ...", per kind of id.
_UNKNOWN = {
    "capability": N_("unknown capability '{id}'"),
    "module": N_("unknown module '{id}'"),
    "participant": N_("unknown participant '{id}'"),
    "municipality": N_("unknown municipality '{id}'"),
    "venue": N_("unknown venue '{id}'"),
}

#: "The date of a session" and "a session does not exist", per kind of session (a pin's value).
_SESSION_DATE = {
    "gathering": N_("the date of gathering {index} of cohort {cohort}"),
    "local": N_("the date of local session {index} of cohort {cohort}"),
    "closing": N_("the date of closing session {index} of cohort {cohort}"),
}
_NO_SESSION = {
    "gathering": N_("gathering {index} does not exist (a cohort has {count})"),
    "local": N_("local session {index} does not exist (a cohort has {count})"),
    "closing": N_("closing session {index} does not exist (a cohort has {count})"),
}


def unknown(kind: str, ident: object) -> str:
    """``unknown venue 'x'`` for a kind of :data:`_UNKNOWN`."""
    return Message(_UNKNOWN[kind], {"id": ident})


def session_date(kind: str, index: int, cohort: int) -> str:
    return Message(_SESSION_DATE[kind], {"index": index, "cohort": cohort})


def no_session(kind: str, index: int, count: int) -> str:
    return Message(_NO_SESSION[kind], {"index": index, "count": count})


def outside_window(date: dt.date, start: dt.date, end: dt.date) -> str:
    return msg(
        "{date} is outside the calendar window {horizon_start}..{horizon_end}",
        date=date,
        horizon_start=start,
        horizon_end=end,
    )
