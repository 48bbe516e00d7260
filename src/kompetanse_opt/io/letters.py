"""Letters for every recipient of a plan: one HTML page per municipality, facilitator and (real)
speaker, an iCalendar file per municipality, an index page, and a PDF of each letter on request.

Pages are rendered from ``templates/letters`` (autoescaped, self-contained, an A4 print
stylesheet); the whole set is rendered first and then written all or nothing
(:func:`kompetanse_opt.core.files.write_files_atomic`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from kompetanse_opt.core.files import write_files_atomic
from kompetanse_opt.io.ics import municipality_calendar
from kompetanse_opt.io.labels import Lang
from kompetanse_opt.io.letters_data import Letter, LetterData, all_letters
from kompetanse_opt.io.pdf import html_to_pdf
from kompetanse_opt.io.templating import render
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import prepare

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _version() -> str:
    try:
        return version("kompetanse-opt")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return ""


def _page(data: LetterData, letter: Letter) -> str:
    return render(
        f"letters/{letter.kind}.html.j2",
        lang=data.text.lang,
        csp=_CSP,
        letter=letter,
        t=data.text,
        sender=data.instance.name,
        footer=data.text("footer", version=_version(), instance=data.instance.name),
    )


def _index(data: LetterData, letters: list[Letter], files: set[str]) -> str:
    t = data.text
    groups = []
    for kind, heading in (
        ("municipality", "index_municipalities"),
        ("facilitator", "index_facilitators"),
        ("speaker", "index_speakers"),
    ):
        entries = [
            {
                "name": letter.recipient,
                "html": f"{letter.stem}.html",
                "ics": f"{letter.stem}.ics" if f"{letter.stem}.ics" in files else "",
                "pdf": f"{letter.stem}.pdf" if f"{letter.stem}.pdf" in files else "",
            }
            for letter in letters
            if letter.kind == kind
        ]
        groups.append((t(heading), entries))
    return render(
        "letters/index.html.j2",
        lang=t.lang,
        csp=_CSP,
        t=t,
        groups=groups,
        sender=data.instance.name,
        footer=t("footer", version=_version(), instance=data.instance.name),
    )


def letter_files(
    instance: Instance,
    plan: Plan,
    *,
    lang: Lang = "nb",
    pdf: bool = False,
    stamp: dt.datetime | None = None,
) -> dict[str, bytes]:
    """File name -> content of every letter, calendar, PDF and the index (``index.html``)."""
    data = LetterData(instance, plan, prepare(instance).travel, lang)
    letters = all_letters(data)
    pages = {f"{letter.stem}.html": _page(data, letter) for letter in letters}
    out = {name: html.encode("utf-8") for name, html in pages.items()}
    dated = any(g.dates for c in plan.cohorts for g in c.gatherings)
    if dated and instance.calendar is not None:
        for letter in letters:
            if letter.kind == "municipality":
                number = letter.stem.rsplit("-", 1)[-1]
                out[f"{letter.stem}.ics"] = municipality_calendar(instance, plan, number, stamp)
    if pdf:
        printed = html_to_pdf(pages)
        out.update({name.removesuffix(".html") + ".pdf": body for name, body in printed.items()})
    out["index.html"] = _index(data, letters, set(out)).encode("utf-8")
    return out


def write_letters(
    out_dir: Path,
    instance: Instance,
    plan: Plan,
    *,
    lang: Lang = "nb",
    pdf: bool = False,
    stamp: dt.datetime | None = None,
) -> list[Path]:
    """Write every letter file into ``out_dir``: all rendered first, then written all or none."""
    files = letter_files(instance, plan, lang=lang, pdf=pdf, stamp=stamp)
    return write_files_atomic(out_dir, {name: _writer(body) for name, body in files.items()})


def _writer(content: bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write
