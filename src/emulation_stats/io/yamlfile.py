"""Reading the dataset's YAML files (dataset.yaml, rubric.yaml) safely and checking their shape.

A YAML file is read with PyYAML's safe loader, refused when over 1 MB, when it uses
anchors and aliases (``&a`` / ``*a``: nobody writes them by hand, and nested they make a
few lines into a billion elements), or when nested deeper than any of ours is. Its shape
(which entries are a value, a list or a list of tables) is declared as data in
``data/reference/yaml_structure.csv``; every departure is one :class:`DataError`
naming the file and the entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from emulation_stats.core.errors import DataError, Term
from emulation_stats.core.resources import read_reference

MAX_BYTES = 1_000_000
MAX_DEPTH = 8


class _NoAliasLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases and deep nesting."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise DataError("yaml_alias", file="", line=event.start_mark.line + 1, anchor=event.anchor)
        depth = getattr(self, "_depth", 0)
        if depth > MAX_DEPTH:
            raise DataError("yaml_too_deep", file="", line=self.peek_event().start_mark.line + 1, most=MAX_DEPTH)
        self._depth = depth + 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth = depth
        return node


def read_yaml(path: str | Path, kind: str) -> dict[str, Any]:
    """The content of a YAML file of ``kind`` ("dataset", "rubric"), its shape checked.

    >>> read_yaml("data/sample/dataset.yaml", "dataset")["illustrative"]
    True
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError("yaml_unreadable", file=path, why=exc.strerror or exc) from exc
    if len(raw) > MAX_BYTES:
        raise DataError("yaml_too_large", file=path, size=f"{len(raw):,}".replace(",", "."),
                        most=f"{MAX_BYTES:,}".replace(",", "."))
    try:
        content = yaml.load(raw.decode("utf-8-sig"), Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader
    except DataError as exc:
        raise DataError(exc.code, **{**exc.values, "file": path}) from None  # the file named, the problem kept
    except UnicodeDecodeError as exc:
        raise DataError("yaml_not_utf8", file=path) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        why = getattr(exc, "problem", None) or exc
        if mark is not None:
            raise DataError("yaml_broken_at", file=path, line=mark.line + 1, why=why) from exc
        raise DataError("yaml_broken", file=path, why=why) from exc
    check_structure(content if content is not None else {}, kind, path.name)
    return content or {}


@lru_cache(maxsize=1)
def _structure() -> dict[str, dict[str, tuple[str, bool]]]:
    table = read_reference("yaml_structure.csv")
    out: dict[str, dict[str, tuple[str, bool]]] = {}
    for kind, entry, shape, required in zip(table["file"], table["entry"], table["shape"], table["required"]):
        out.setdefault(kind, {})[entry] = (shape, required == "yes")
    return out


def check_structure(content: object, kind: str, where: str) -> None:
    """Raise a DataError naming ``where`` and the entry whose shape differs from
    ``yaml_structure.csv``: a value where a list belongs, a list where a table belongs.

    >>> try:
    ...     check_structure({"criteria": ["growth"]}, "rubric", "rubric.yaml")
    ... except DataError as error:
    ...     print(error)
    rubric.yaml, mục criteria[1]: cần một bảng (các dòng key: value), không phải 'growth'
    """
    rules = _structure()[kind]
    _expect(content, "mapping", where, "")
    for entry, (shape, required) in rules.items():
        if "[" in entry:
            continue
        if entry not in content or content[entry] is None:
            if required:
                raise DataError("yaml_missing_entry", where=where, entry=entry)
            continue
        if shape != "list_of_mappings":
            _expect(content[entry], shape, where, entry)
            continue
        _expect(content[entry], "list", where, entry)
        for n, item in enumerate(content[entry], 1):
            _expect(item, "mapping", where, f"{entry}[{n}]")
            _check_item(item, rules, where, entry, n)


def _check_item(item: Mapping[str, Any], rules: dict[str, tuple[str, bool]], where: str, entry: str, n: int) -> None:
    default = rules.get(f"{entry}[]", ("scalar", False))[0]
    for field, (_, required) in rules.items():
        if field.startswith(f"{entry}[].") and required and item.get(field.split(".", 1)[1]) is None:
            raise DataError("yaml_missing_field", where=where, entry=f"{entry}[{n}]", field=field.split(".", 1)[1])
    for name, value in item.items():
        if value is None:
            continue
        shape = rules.get(f"{entry}[].{name}", (default, False))[0]
        _expect(value, shape, where, f"{entry}[{n}].{name}")


def _expect(value: object, shape: str, where: str, entry: str) -> None:
    if not _fits(value, shape):
        shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
        if isinstance(value, str):
            shown = f"'{value[:60]}'"
        raise DataError("yaml_wrong_shape", where=where, entry=Term("yaml_entry", entry=entry) if entry else "",
                        shape=Term(f"yaml_shape_{shape}"), given=_describe(value) or shown)


def _describe(value: object) -> Term | str:
    """A value as its writer sees it in the YAML file, never Python's spelling of it."""
    if isinstance(value, dict):
        return Term("yaml_shape_mapping_short")
    if isinstance(value, list):
        return Term("yaml_shape_list")
    if value is None:
        return Term("yaml_empty_line")
    if isinstance(value, bool):
        return f"'{'true' if value else 'false'}'"
    return ""


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool)) or hasattr(value, "isoformat")


def _fits(value: object, shape: str) -> bool:
    if shape == "scalar":
        return _is_scalar(value)
    if shape == "bool":
        return isinstance(value, bool)
    if shape == "mapping":
        return isinstance(value, dict) and all(isinstance(k, (str, int, float, bool)) for k in value)
    if not isinstance(value, list):
        return False
    if shape == "list":
        return True
    if shape == "list_of_scalars":
        return all(_is_scalar(v) for v in value)
    if shape == "list_of_pairs":
        return all(isinstance(v, list) and len(v) == 2 and all(_is_scalar(x) for x in v) for v in value)
    return all(_fits(v, "mapping") for v in value)  # list_of_mappings
