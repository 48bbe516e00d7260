"""The meeting graph: who met whom in the discussion groups over the whole plan (P4).

Nodes are municipalities, an edge joins two that shared at least one group, and its weight is how
many groups they shared. The summary (distinct municipalities each one met, repeated pairs) goes
into the plan file and the CLI summary.
"""

from __future__ import annotations

import networkx as nx

from kompetanse_opt.model.grouping import group_meetings
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import MeetingSummary, MunicipalityMeetings, PairMeetings, Plan


def meeting_graph(instance: Instance, plan: Plan) -> nx.Graph:
    """Municipalities, joined by how many groups they shared (edge attribute ``meetings``)."""
    municipality_of = {p.id: p.municipality for p in instance.participants}
    graph = nx.Graph()
    graph.add_nodes_from(m.id for m in instance.municipalities)
    groups = [group.participants for c in plan.cohorts for g in c.gatherings for group in g.groups]
    for (a, b), k in sorted(group_meetings(groups, municipality_of).items()):
        graph.add_edge(a, b, meetings=k)
    return graph


def meeting_summary(instance: Instance, plan: Plan) -> MeetingSummary:
    graph = meeting_graph(instance, plan)
    edges = sorted(
        ((min(a, b), max(a, b), int(k)) for a, b, k in graph.edges(data="meetings")),
        key=lambda e: (-e[2], e[0], e[1]),
    )
    per_municipality = [
        MunicipalityMeetings(
            municipality=m.id,
            met=int(graph.degree(m.id)),
            repeats=sum(int(k) - 1 for _, _, k in graph.edges(m.id, data="meetings")),
        )
        for m in instance.municipalities
    ]
    return MeetingSummary(
        pairs_met=len(edges),
        repeated_pairs=sum(1 for *_, k in edges if k >= 2),
        repeat_meetings=sum(k - 1 for *_, k in edges),
        municipalities=per_municipality,
        repeated=[PairMeetings(municipalities=(a, b), meetings=k) for a, b, k in edges if k >= 2],
    )
