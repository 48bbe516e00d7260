"""Cross-reference validation of the content catalogue, with located messages.

Each problem names its field (``content.modules[3].capabilities[1]: unknown capability 'x'``).
Whether the catalogue fits the hour frame and the sessions is a question of feasibility, answered
by the counting causes of :mod:`kompetanse_opt.rules.learning_counting` (rule H9).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import networkx as nx

from kompetanse_opt.core.errors import Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.content import ContentCatalogue
from kompetanse_opt.model.instance_fields import InstanceFields
from kompetanse_opt.model.problem_messages import unknown


def _duplicates(field: str, ids: list[str]) -> list[Problem]:
    dupes = {i for i, n in Counter(ids).items() if n > 1}
    return [
        Problem(f"{field}[{i}].id", msg("duplicate id '{ident}'", ident=ident))
        for i, ident in enumerate(ids)
        if ident in dupes
    ]


def _unknown(field: str, ids: Iterable[str], known: set[str], what: str) -> list[Problem]:
    return [
        Problem(f"{field}[{j}]", unknown(what, ident))
        for j, ident in enumerate(ids)
        if ident not in known
    ]


def _module_problems(catalogue: ContentCatalogue, at: str) -> list[Problem]:
    capabilities = {c.id for c in catalogue.capabilities}
    modules = {m.id for m in catalogue.modules}
    problems: list[Problem] = []
    for i, m in enumerate(catalogue.modules):
        field = f"{at}.modules[{i}]"
        problems += _unknown(f"{field}.capabilities", m.capabilities, capabilities, "capability")
        problems += _unknown(f"{field}.prerequisites", m.prerequisites, modules, "module")
        for group in m.hours_by_group:
            if group not in m.target_groups:
                problems.append(
                    Problem(
                        f"{field}.hours_by_group",
                        msg(
                            "target group {group} is not among the module's target groups",
                            group=group,
                        ),
                    )
                )
        if m.main and m.format != "gathering_session":
            problems.append(
                Problem(
                    f"{field}.main",
                    msg("only a gathering session can be a gathering's main module"),
                )
            )
        if m.id in m.prerequisites:
            problems.append(
                Problem(f"{field}.prerequisites", msg("'{id}' requires itself", id=m.id))
            )
    return problems


def _order_problems(catalogue: ContentCatalogue, at: str) -> list[Problem]:
    """Cyclic prerequisites, and prerequisites that come later in the figure's order."""
    order = {m.id: m.order for m in catalogue.modules}
    graph: nx.DiGraph[str] = nx.DiGraph()
    problems: list[Problem] = []
    for i, m in enumerate(catalogue.modules):
        for j, before in enumerate(m.prerequisites):
            if before not in order or before == m.id:
                continue
            graph.add_edge(before, m.id)
            if order[before] > m.order:
                problems.append(
                    Problem(
                        f"{at}.modules[{i}].prerequisites[{j}]",
                        msg(
                            "'{before}' (order {order}) comes after '{id}' (order "
                            "{order2}) in the path, so it cannot be done before it",
                            before=before,
                            order=order[before],
                            id=m.id,
                            order2=m.order,
                        ),
                    )
                )
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return problems
    path = " -> ".join([edge[0] for edge in cycle] + [cycle[0][0]])
    return [*problems, Problem(f"{at}.modules", msg("cyclic prerequisites: {path}", path=path))]


def content_problems(catalogue: ContentCatalogue, at: str = "content") -> list[Problem]:
    """Every cross-reference problem of a catalogue, located under ``at``."""
    capabilities = {c.id for c in catalogue.capabilities}
    problems = _duplicates(f"{at}.capabilities", [c.id for c in catalogue.capabilities])
    problems += _duplicates(f"{at}.modules", [m.id for m in catalogue.modules])
    problems += _duplicates(f"{at}.deep_dives", [d.id for d in catalogue.deep_dives])
    problems += _module_problems(catalogue, at)
    problems += _order_problems(catalogue, at)
    for i, d in enumerate(catalogue.deep_dives):
        problems += _unknown(
            f"{at}.deep_dives[{i}].capabilities", d.capabilities, capabilities, "capability"
        )
    for group, ids in (catalogue.required or {}).items():
        problems += _unknown(f"{at}.required.{group}", ids, capabilities, "capability")
    for group, ids in catalogue.overview_only.items():
        problems += _unknown(f"{at}.overview_only.{group}", ids, capabilities, "capability")
    return problems


def check_content(instance: InstanceFields) -> list[Problem]:
    """The instance's catalogue (if any). Without calendar settings it is kept but not planned:
    the learning path needs the sessions' dates."""
    if instance.content is None:
        return []
    return content_problems(instance.content)
