"""The solver's progress while ``plan`` runs: one live line on a terminal, one line per stage else.

On a terminal a single transient line (rich) shows the stage, the best plan found so far, its
bound and the time since the run started (redrawn several times a second, so the clock runs);
it disappears when the run ends, so the summary starts on a clean screen. Where stderr is not a
terminal (a log, CI) and progress is asked for, each stage prints one line (its last solution,
bound and time) when the run ends, instead of one line per improving solution. Stages may
overlap (groups of later cohorts while dates are planned), so those lines come in the order the
stages started.
"""

from __future__ import annotations

import re
import threading
import time
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.text import Text

from kompetanse_opt.core.i18n import _
from kompetanse_opt.core.limits import spaced
from kompetanse_opt.solver.engine import Progress

_GROUPS = re.compile(r"groups cohort (\d+) gathering (\d+)")


def stage_words(stage: str) -> str:
    """A stage's name in the chosen language ("groups cohort 2 gathering 1" as words)."""
    found = _GROUPS.fullmatch(stage)
    if found:
        cohort, gathering = found.groups()
        return _("groups, cohort {cohort}, gathering {gathering}").format(
            cohort=cohort, gathering=gathering
        )
    base = stage.split("/")[0].split(" ")[0]
    names = {
        "cohorts": _("cohorts and venues"),
        "groups": _("discussion groups"),
        "calendar": _("dates and facilitators"),
        "politicians": _("politicians' sessions"),
    }
    return names.get(base, stage)


def _stage_key(stage: str) -> str:
    return stage.split("/")[0].split(" ")[0]


class ProgressLine:
    """A progress callback for :func:`kompetanse_opt.solver.pipeline.solve` (thread-safe)."""

    def __init__(self, console: Console, live: bool | None = None) -> None:
        self._console = console
        self._live_wanted = console.is_terminal if live is None else live
        self._live: Live | None = None
        self._lock = threading.Lock()
        self._started = time.perf_counter()
        self._stages: dict[str, str] = {}
        self._latest: Progress | None = None

    def line(self, progress: Progress) -> str:
        """``cohorts and venues · best plan 59 104 · bound 57 604 · 0.1 s``."""
        elapsed = time.perf_counter() - self._started
        return " · ".join(
            (
                stage_words(progress.stage),
                _("best plan {value}").format(value=spaced(progress.objective)),
                _("bound {value}").format(value=spaced(progress.bound)),
                _("{seconds:.1f} s").format(seconds=elapsed),
            )
        )

    def __call__(self, progress: Progress) -> None:
        with self._lock:
            self._stages[_stage_key(progress.stage)] = self.line(progress)
            self._latest = progress

    def __rich__(self) -> Text:
        """The live line as it is now (redrawn several times a second, so the time runs on)."""
        latest = self._latest
        return Text(_("starting …") if latest is None else self.line(latest), no_wrap=True)

    def __enter__(self) -> ProgressLine:
        self._started = time.perf_counter()
        if self._live_wanted:
            self._live = Live(
                self,
                console=self._console,
                transient=True,
                refresh_per_second=8,
            )
            self._live.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        with self._lock:
            if self._live is not None:
                self._live.stop()
                self._live = None
            else:
                for text in self._stages.values():
                    self._console.print(text, markup=False, highlight=False)
            self._stages = {}
