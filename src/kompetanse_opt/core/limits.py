"""Limits on the sizes of what the planner reads, declared once.

The instance schema uses these through pydantic ``Field`` bounds, so every value is checked before
any model is built and a violation is a located one-line message (``cohorts.capacity: at most
100 000``). The bounds keep every CP-SAT coefficient and sum far inside 64-bit integers: a
weight (at most 10^6) times a travel time (at most 10^4 minutes) times the participants (at most
10^5) is 10^15.
"""

from __future__ import annotations

#: Municipalities, venues, participants, facilitators and similar lists.
MAX_MUNICIPALITIES = 5_000
MAX_VENUES = 1_000
MAX_PARTICIPANTS = 100_000
MAX_FACILITATORS = 1_000
#: Any other list of the instance (wishes, pins, sets, date ranges, ...).
MAX_LIST = 10_000
#: Cohort capacity, room capacity, minimum cohort size and counts of cohorts.
MAX_CAPACITY = 100_000
MAX_COHORTS = 1_000
#: Inhabitants of one municipality (Norway has about 5.5 million people).
MAX_POPULATION = 100_000_000
#: Weight of any objective term.
MAX_WEIGHT = 1_000_000
#: Minutes of one trip, a gap in days, and similar small quantities.
MAX_MINUTES = 10_000
MAX_DAYS = 3_660
#: A name, label or free text field; an identifier.
MAX_NAME = 300
MAX_IDENTIFIER = 100
#: A file path inside an instance.
MAX_PATH = 1_000
#: A solver time limit (seconds) and seed.
MAX_TIME_LIMIT = 1_000_000.0
MAX_SEED = 2**31 - 1
#: Files the planner reads: an instance, plan or scenario file, a CSV file, a workbook.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Nesting of an instance, plan or scenario file (the real ones are about 6 deep).
MAX_DEPTH = 64
#: YAML aliases (``*name``) in one file: the real files have none, a billion-laughs file many.
MAX_ALIASES = 100
#: Values in one structured file once YAML aliases are expanded.
MAX_NODES = 5_000_000
#: A workbook: its unpacked size and how much larger than the packed file it may be.
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_ZIP_RATIO = 100


def spaced(number: int | float) -> str:
    """100000 as ``100 000`` (Norwegian and SI thousands grouping)."""
    if isinstance(number, float) and not number.is_integer():
        return f"{number:,}".replace(",", " ")
    return f"{int(number):,}".replace(",", " ")
