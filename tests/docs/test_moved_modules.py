"""Module paths of version 0.1 keep working, with a DeprecationWarning naming the new place."""

from __future__ import annotations

import importlib
import sys

import pytest

from kompetanse_opt._moved import MOVED


@pytest.mark.parametrize("old", sorted(MOVED))
def test_old_module_path_gives_the_module_at_its_new_place(
    old: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, old, raising=False)
    with pytest.warns(DeprecationWarning, match="moved to"):
        module = importlib.import_module(old)
    assert module is importlib.import_module(MOVED[old])


def test_old_import_statements_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "kompetanse_opt.instance", raising=False)
    with pytest.warns(DeprecationWarning):
        from kompetanse_opt.instance import Instance as OldInstance
    from kompetanse_opt import Instance

    assert OldInstance is Instance
