"""The gettext catalogues: complete in Norwegian, compiled, and chosen by --lang or the locale."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kompetanse_opt.core.i18n import (
    LOCALE_DIR,
    _,
    duration,
    locale_language,
    pgettext,
    resolve_language,
    set_language,
    translations,
)
from kompetanse_opt.io.budget_rows import SHIPPED_LABELS
from kompetanse_opt.io.data_words import SHIPPED_REGIONS
from kompetanse_opt.io.labels import LABELS, TEXTS, Labels
from kompetanse_opt.model.budget_settings import default_budget
from kompetanse_opt.model.vestland import vestland_instance

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _tool() -> ModuleType:
    pytest.importorskip("babel")
    spec = importlib.util.spec_from_file_location("catalogue_tool", ROOT / "tools" / "catalogue.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_message_has_norwegian_and_the_mo_files_are_compiled() -> None:
    """Fails on a message of the code or a label that the nb catalogue lacks or leaves empty, on
    an obsolete one, and on a .mo that is not compiled from its .po (python tools/catalogue.py
    update, then translate)."""
    assert _tool().problems() == []


def test_translations_keep_their_placeholders() -> None:
    tool = _tool()
    for message in tool.read("nb"):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == wanted, (message.id, string)


def test_the_compiled_catalogues_ship_in_the_package() -> None:
    for lang in ("nb", "en"):
        assert (LOCALE_DIR / lang / "LC_MESSAGES" / "kompetanse_opt.mo").is_file()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"locale/*/LC_MESSAGES/*.mo"' in pyproject


def test_labels_are_thin_wrappers_over_the_catalogue() -> None:
    assert set(TEXTS) == set(LABELS)
    # A (bokmål, English) pair works, but belongs in the catalogue: run tools/catalogue.py update
    # (which moves its Norwegian there) and write the label as its English text.
    pairs = [key for key, value in LABELS.items() if not isinstance(value, str)]
    assert pairs == []
    for key, (nb, en) in TEXTS.items():
        assert en == LABELS[key] and nb, key
    nb = Labels("nb")
    # One English word, two Norwegian ones: the label key is the gettext context.
    assert Labels("en")("rule") == Labels("en")("rule_text") == "Rule"
    assert (nb("rule"), nb("rule_text")) == ("Regel", "Innhold")
    assert nb("gathering_n", n=2) == "Samling 2"
    assert nb.service_area("health_care") == "Helse og omsorg"
    assert pgettext("cohorts", "Cohorts", "nb") == "Kull"


def test_a_label_pair_works_before_it_is_moved_into_the_catalogue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(LABELS, "new_label", ("Ny etikett", "New label"))
    assert Labels("nb")("new_label") == "Ny etikett"
    assert Labels("en")("new_label") == "New label"


def test_shipped_data_words_are_the_shipped_data() -> None:
    regions = {m.region for m in vestland_instance().municipalities}
    assert regions <= set(SHIPPED_REGIONS)
    budget = default_budget()
    shipped = {budget.name} | {line.label for line in budget.lines}
    shipped |= {c.label for c in budget.contributions}
    assert shipped <= set(SHIPPED_LABELS)
    for text in (*SHIPPED_REGIONS, *SHIPPED_LABELS):
        assert translations("nb").gettext(text), text


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "no_NO"}, "nb"),
        ({"LC_ALL": "nn_NO.UTF-8", "LANG": "en_US.UTF-8"}, "nb"),
        ({"LANGUAGE": "en:nb", "LANG": "nb_NO.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, None),
        ({}, None),
    ],
)
def test_the_locale_chooses_norwegian(environ: dict[str, str], expected: str | None) -> None:
    assert locale_language(environ) == expected


def test_lang_wins_over_the_locale_and_the_default_holds_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANGUAGE", "nb_NO")
    assert resolve_language(None, "en") == "nb"
    assert resolve_language("en", "nb") == "en"
    monkeypatch.setenv("LANGUAGE", "en_US")
    assert resolve_language(None, "nb") == "nb"
    assert resolve_language(None, "en") == "en"


def test_durations_read_as_people_say_them() -> None:
    assert duration(241) == "4 h 1 min"
    assert duration(241, "nb") == "4 t 1 min"
    assert duration(45, "nb") == "45 min"
    assert duration(120) == "2 h"
    set_language("nb")
    assert _("plan written to {path}") == "planen er skrevet til {path}"
    assert duration(61) == "1 t 1 min"
