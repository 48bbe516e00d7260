"""Reading user files safely: bounded size, duplicate keys refused, nesting and aliases bounded.

Every reader of a user file goes through here: :func:`read_structured` (instances, plans,
scenario files), :func:`read_text` (CSV files) and :func:`check_zip` (workbooks, before openpyxl
opens them). A problem is an :class:`~kompetanse_opt.core.errors.InputError` that names the file
and the line, row or part; messages quote at most a few dozen characters of the input and never
the content of a file that could not be used.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node

from kompetanse_opt.core import limits
from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.text import shorten


class _BoundedError(Exception):
    """A limit was reached while parsing (depth, aliases): reported at its line."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def _line(node: Node) -> str:
    mark = node.start_mark
    return msg("line {line}, column {column}", line=mark.line + 1, column=mark.column + 1)


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing duplicate keys and bounding aliases and nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > limits.MAX_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _BoundedError(
                    msg("line {line}", line=mark.line + 1),
                    msg("more than {limit} aliases (*name)", limit=limits.MAX_ALIASES),
                )
        self._depth += 1
        try:
            if self._depth > limits.MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _BoundedError(
                    msg("line {line}", line=mark.line + 1),
                    msg("nested deeper than {limit}", limit=limits.MAX_DEPTH),
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if _expanded_size(node) > limits.MAX_NODES:
            limit = limits.spaced(limits.MAX_NODES)
            raise _BoundedError("", msg("expands to more than {limit} values", limit=limit))
        return self.construct_document(node)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                break
            if duplicate:
                raise _BoundedError(_line(key_node), msg("duplicate key {key}", key=shorten(key)))
            seen.add(key)
        return super().construct_mapping(node, deep)


def _expanded_size(root: Node) -> int:
    """Values the document holds once its aliases are expanded (shared nodes counted once per
    use), computed without expanding them: a "billion laughs" file is caught here."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in sizes:
            continue
        children: list[Node] = []
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if ready:
            sizes[id(node)] = min(1 + sum(sizes.get(id(c), 0) for c in children), 2**62)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _BoundedError("", msg("duplicate key {key}", key=shorten(key)))

        result[key] = value
    return result


def _depth(value: Any, limit: int) -> bool:
    """Whether ``value`` nests at most ``limit`` deep (iteratively: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def read_bytes(path: Path, error: type[InputError] = InputError) -> bytes:
    """A file's bytes, refusing files above :data:`~kompetanse_opt.core.limits.MAX_FILE_BYTES`."""
    try:
        if not path.is_file():
            what = msg("file not found") if not path.exists() else msg("not a regular file")
            raise error([Problem("", what)], str(path))
        if path.stat().st_size > limits.MAX_FILE_BYTES:
            raise error([_too_large()], str(path))
        with path.open("rb") as handle:
            return handle.read(limits.MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise error(
            [Problem("", msg("cannot read file: {reason}", reason=exc.strerror or "error"))],
            str(path),
        ) from None


def read_text(
    path: Path, error: type[InputError] = InputError, *, fallback: str | None = None
) -> str:
    """A UTF-8 text file (BOM allowed; ``fallback`` encoding if not UTF-8); NUL and other
    control characters are refused with their line."""
    raw = read_bytes(path, error)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if fallback is None:
            raise error([_not_utf8(exc)], str(path)) from None
        text = raw.decode(fallback, errors="replace")
    check_controls(text, str(path), error)
    return text


def check_controls(text: str, source: str, error: type[InputError] = InputError) -> None:
    """Refuse NUL and control characters other than tab, CR and LF, naming the first lines."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        bad = next((c for c in line if (c < " " and c not in "\t\r") or c == "\x7f"), None)
        if bad is not None:
            problems.append(
                Problem(
                    msg("line {line}", line=number),
                    msg("control character {char} in the text", char=repr(bad)),
                )
            )
            if len(problems) == 5:
                break
    if problems:
        raise error(problems, source)


def parse_structured(text: str, json_syntax: bool) -> Any:
    """Parse JSON or YAML text safely; raises :class:`InputError` without a source."""
    try:
        if json_syntax:
            data = json.loads(text, object_pairs_hook=_json_object)
        else:
            loader = _SafeLoader(text)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
    except _BoundedError as exc:
        raise InputError([Problem(exc.where, exc.message)]) from None
    except RecursionError:
        raise InputError([Problem("", _too_deep())]) from None
    except json.JSONDecodeError as exc:
        where = msg("line {line}, column {column}", line=exc.lineno, column=exc.colno)
        raise InputError(
            [Problem(where, msg("malformed JSON: {reason}", reason=exc.msg))]
        ) from None
    except (ConstructorError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            msg("line {line}, column {column}", line=mark.line + 1, column=mark.column + 1)
            if mark
            else ""
        )
        reason = shorten(getattr(exc, "problem", None) or "cannot parse", 120)[1:-1]
        raise InputError([Problem(where, msg("malformed YAML: {reason}", reason=reason))]) from None
    except ValueError as exc:  # e.g. an integer literal too long to convert
        reason = shorten(str(exc))[1:-1]
        raise InputError([Problem("", msg("malformed file: {reason}", reason=reason))]) from None
    if not _depth(data, limits.MAX_DEPTH):
        raise InputError([Problem("", _too_deep())])
    return data


def _too_deep() -> str:
    return msg("nested deeper than {limit}", limit=limits.MAX_DEPTH)


def _too_large() -> Problem:
    size = limits.spaced(limits.MAX_FILE_BYTES // (1024 * 1024))
    return Problem("", msg("file is larger than {size} MB", size=size))


def _not_utf8(exc: UnicodeDecodeError) -> Problem:
    where = msg("byte {number}", number=exc.start + 1)
    return Problem(where, msg("not UTF-8 text: save the file as UTF-8"))


def read_structured(path: Path, error: type[InputError] = InputError) -> Any:
    """Parse a JSON or YAML file by suffix (others are read as YAML, a superset of JSON)."""
    raw = read_bytes(path, error)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error([_not_utf8(exc)], str(path)) from None
    try:
        return parse_structured(text, path.suffix.lower() == ".json")
    except InputError as exc:
        raise error(exc.problems, str(path)) from None


def check_zip(path: Path, error: type[InputError] = InputError) -> None:
    """Refuse a workbook whose size, unpacked size or packing ratio is out of bounds, before
    any XML in it is parsed."""
    read_size = path.stat().st_size if path.is_file() else 0
    if read_size > limits.MAX_FILE_BYTES:
        raise error([_too_large()], str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise error([Problem("", msg("not a readable .xlsx workbook"))], str(path)) from None
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if len(members) > limits.MAX_LIST or unpacked > limits.MAX_UNZIPPED_BYTES:
        raise error([Problem("", msg("the workbook unpacks to too much data"))], str(path))
    if unpacked > 1024 * 1024 and unpacked > limits.MAX_ZIP_RATIO * max(packed, 1):
        message = msg(
            "the workbook unpacks to over {ratio} times its size", ratio=limits.MAX_ZIP_RATIO
        )
        raise error([Problem("", message)], str(path))
