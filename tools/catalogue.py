"""Extract, update, check and compile the gettext catalogues of kompetanse-opt (needs Babel).

    python tools/catalogue.py update   # new messages into each .po (old ones dropped), compile
    python tools/catalogue.py check    # exit 1, one line per problem (what the tests check)

Messages are found in the package's code (calls of ``_``, ``N_``, ``msg``, ``gettext`` and
``ngettext``), in the word tables of the files (``TABLES``: the labels of
:mod:`kompetanse_opt.io.labels`, context the label key; the letters', the report's and the
registration template's words, context ``letters.<key>``, ``report.<key>``, ``template.<key>``)
and in the notes of the rules registry (context ``rule_note``). An entry of a table still written
as a ``(bokmål, English)`` pair has its Norwegian moved into the nb catalogue by ``update``, which
then writes the pair as its English text in the source (run ``ruff format`` after it).
After ``update``, translate the messages whose ``msgstr`` is empty in
``locale/nb/LC_MESSAGES/kompetanse_opt.po`` and run ``update`` again to compile; commit both the
.po and the .mo files.
"""

from __future__ import annotations

import ast
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "kompetanse_opt"
LOCALE = PACKAGE / "locale"
DOMAIN = "kompetanse_opt"
KEYWORDS = {"_": None, "N_": None, "msg": None, "gettext": None, "ngettext": (1, 2)}
LANGS = ("nb", "en")

Key = tuple[str | tuple[str, ...], str | None]

#: The word tables in the catalogue: (module, table, context prefix, where).
TABLES = (
    ("kompetanse_opt.io.labels", "LABELS", "", "io/labels.py"),
    ("kompetanse_opt.core.dates", "WORDS", "dates.", "core/dates.py"),
    ("kompetanse_opt.io.letters_text", "TEXTS", "letters.", "io/letters_text.py"),
    ("kompetanse_opt.io.letters_text", "ROLES", "letters.role.", "io/letters_text.py"),
    ("kompetanse_opt.io.report_text", "TEXTS", "report.", "io/report_text.py"),
    ("kompetanse_opt.io.template", "_TEXT", "template.", "io/template.py"),
    ("kompetanse_opt.io.template", "_INSTRUCTIONS", "template.help.", "io/template.py"),
    ("kompetanse_opt.io.learning_sheet", "WORDS", "learning.", "io/learning_sheet.py"),
)


def tables() -> list[tuple[str, dict[str, str | tuple[str, str]], str]]:
    """Each word table with its context prefix and the file it is in."""
    import importlib

    sys.path.insert(0, str(PACKAGE.parent))
    found = []
    for module, name, prefix, where in TABLES:
        found.append((prefix, getattr(importlib.import_module(module), name), where))
    return found


def template() -> Catalog:
    """Every message of the code and every label, as a catalogue without translations."""
    sys.path.insert(0, str(PACKAGE.parent))
    from kompetanse_opt.rules.registry import RULES

    catalog = Catalog(domain=DOMAIN, project="kompetanse-opt", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(
            message, locations=[(filename, lineno)], auto_comments=comments, context=context
        )
    for prefix, table, where in tables():
        for key, value in table.items():
            text = value if isinstance(value, str) else value[1]
            catalog.add(text, locations=[(where, 0)], context=prefix + key)
    for rule in RULES.values():
        if rule.note:  # the registry has each rule's text in both languages, its note in English
            catalog.add(rule.note, locations=[("rules/registry.py", 0)], context="rule_note")
    return catalog


def _key(message: object) -> Key:
    return (message.id, message.context)  # type: ignore[attr-defined]


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def _pairs() -> dict[Key, str]:
    """Norwegian of table entries still written as (bokmål, English) pairs."""
    return {
        (v[1], prefix + k): v[0]
        for prefix, table, _where in tables()
        for k, v in table.items()
        if not isinstance(v, str)
    }


def merged(lang: str, source: Catalog) -> Catalog:
    """The catalogue of ``lang`` for ``source``: translations kept (Norwegian of label pairs
    taken over), obsolete messages dropped."""
    old = {_key(m): m.string for m in read(lang) if m.id}
    if lang == "nb":
        old = {**_pairs(), **{k: v for k, v in old.items() if v}}
    catalog = Catalog(locale=lang, domain=DOMAIN, project="kompetanse-opt", fuzzy=False)
    for message in source:
        if message.id:
            catalog.add(
                message.id,
                old.get(_key(message), ""),
                locations=message.locations,
                context=message.context,
                flags=message.flags,
            )
    return catalog


def translated(message: object) -> bool:
    """Every form of the message has a translation (both forms of a plural)."""
    string = message.string  # type: ignore[attr-defined]
    return all(string) if isinstance(string, tuple | list) else bool(string)


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, no_location=True)
    return buffer.getvalue()


def update() -> None:
    source = template()
    for lang in LANGS:
        catalog = merged(lang, source)
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(mo_bytes(read(lang)))
        missing = sum(1 for m in catalog if m.id and not translated(m))
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {missing} untranslated")
    for where in sorted({where for _prefix, table, where in tables() if _has_pairs(table)}):
        unpair(PACKAGE / where)
        print(f"src/kompetanse_opt/{where}: (bokmål, English) pairs now English (run ruff format)")


def _has_pairs(table: dict[str, str | tuple[str, str]]) -> bool:
    return any(not isinstance(value, str) for value in table.values())


def unpair(path: Path) -> None:
    """Write each ``(bokmål, English)`` pair of the word tables in ``path`` as its English text
    (``update`` has put the bokmål into the nb catalogue first)."""
    source = path.read_bytes()
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def at(line: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[line - 1] + col

    names = {name for _m, name, _p, where in TABLES if PACKAGE / where == path}
    edits = []
    for node in ast.parse(source).body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(target, ast.Name) and target.id in names and isinstance(node.value, ast.Dict):
            for value in node.value.values:
                if isinstance(value, ast.Tuple) and len(value.elts) == 2:
                    en = value.elts[1]
                    assert en.end_lineno is not None and en.end_col_offset is not None
                    text = source[
                        at(en.lineno, en.col_offset) : at(en.end_lineno, en.end_col_offset)
                    ]
                    if b"\n" in text:
                        text = b"(\n        " + text.strip() + b"\n    )"
                    assert value.end_lineno is not None and value.end_col_offset is not None
                    end = at(value.end_lineno, value.end_col_offset)
                    edits.append((at(value.lineno, value.col_offset), end, text))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    path.write_bytes(source)


def problems() -> list[str]:
    """What is wrong with the catalogues: missing, obsolete or untranslated messages, stale .mo."""
    found: list[str] = []
    source = {_key(m) for m in template() if m.id}
    for lang in LANGS:
        catalog = read(lang)
        have = {_key(m) for m in catalog if m.id}
        found += [f"{lang}: not in the catalogue: {k!r}" for k in sorted(source - have, key=str)]
        found += [f"{lang}: obsolete: {k!r}" for k in sorted(have - source, key=str)]
        if lang == "nb":
            missing = [m for m in catalog if m.id and not translated(m)]
            found += [f"nb: untranslated: {_key(m)!r}" for m in missing]
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != mo_bytes(catalog):
            found.append(f"{lang}: {mo.name} is not compiled from the .po (run update)")
    return found


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        update()
        return 0
    if argv[1:] == ["check"]:
        lines = problems()
        for line in lines:
            print(line)
        return 1 if lines else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
