"""The rules registry (H1–H11, P1–P8, T1–T3): one definition per domain rule.

Above :mod:`kompetanse_opt.model` and below everything that checks, solves or explains: each of
those registers its part of a rule under the rule's label in :mod:`.registry`, and the counting
causes that prove a rule broken before any search live in :mod:`.counting` and
:mod:`.calendar_counting`.
"""
