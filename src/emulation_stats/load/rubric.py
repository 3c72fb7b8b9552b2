"""The rubric as data: criteria, bonuses and penalties, read from YAML, a dict or an
Excel sheet and checked entry by entry (:class:`Rubric`).

The scoring methods a criterion may name, and what each needs, are data
(``data/reference/rubric_methods.csv``).

>>> rubric = Rubric.load("data/sample/rubric.yaml")
>>> rubric.criteria[0].method in methods().index
True
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError, Term
from emulation_stats.core.phrases import number
from emulation_stats.core.resources import read_reference, split_aliases
from emulation_stats.core.text import name_key
from emulation_stats.io.yamlfile import check_structure, read_yaml

AGGREGATIONS = ("mean_excluding_self", "trimmed_mean", "median", "head_only", "self_only")
MISSING_RULES = ("zero", "mean", "drop")
NOT_COMPARABLE_RULES = ("mean", "missing")  # across the reform: the comparable members' mean, or the missing rule
INPUTS = ("value", "change", "pct_change", "plan_pct")
NOISE_Z = 2.0
PER = 10_000  # counts per 10,000 inhabitants


@lru_cache(maxsize=1)
def methods() -> pd.DataFrame:
    """The scoring methods: what each needs and how its rule reads (rubric_methods.csv)."""
    return read_reference("rubric_methods.csv").set_index("method")


# --- the rubric ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    """One line of the rubric: ``max_points`` for ``method`` applied to its inputs."""

    key: str
    group: str
    label: str
    max_points: float
    method: str
    indicator: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    missing: str | None = None  # overrides the rubric's rule for this criterion
    disqualify_below: float | None = None  # fewer points than this bars the flag
    label_en: str = ""  # the label and group an English pack shows (rubric.yaml's label_en, group_en)
    group_en: str = ""

    @property
    def cap(self) -> float:
        """The most a member can earn, as a share of ``max_points``."""
        return float(self.params.get("cap", 1.0)) if self.method == "plan_ratio" else 1.0


@dataclass(frozen=True)
class Adjustment:
    """A bonus (points > 0) or a penalty (points < 0) counted from awards or assessments."""

    key: str
    label: str
    source: str  # award | assessment
    ref: str  # the award key, or the assessment criterion
    points: float  # per award or per assessed unit
    max_points: float | None = None  # the most it can add or take away
    label_en: str = ""

    @property
    def limit(self) -> float:
        return abs(self.max_points) if self.max_points is not None else abs(self.points)


@dataclass(frozen=True)
class Rubric:
    """The score sheet: criteria, bonuses and penalties, and the rules around them.

    >>> rubric = Rubric.load("data/sample/rubric.yaml")
    >>> len(rubric.criteria), rubric.maximum, rubric.missing
    (10, 102.0, 'zero')
    """

    name: str
    criteria: tuple[Criterion, ...]
    adjustments: tuple[Adjustment, ...] = ()
    missing: str = "zero"
    aggregation: str = "mean_excluding_self"
    tie_break: tuple[str, ...] = ()
    illustrative: bool = False
    flag_rule: str = ""  # the rule the cluster follows for the flag, as its regulation words it
    not_comparable: str = "mean"  # a change the reform left without a base: the comparable members' mean, or "missing"
    name_en: str = ""  # the name and flag rule an English pack shows
    flag_rule_en: str = ""

    @property
    def maximum(self) -> float:
        """The most the criteria can give (a plan beaten up to its cap counts)."""
        return float(sum(c.max_points * c.cap for c in self.criteria))

    @property
    def bonus_maximum(self) -> float:
        return float(sum(a.limit for a in self.adjustments if a.points > 0))

    @property
    def weights(self) -> dict[str, float]:
        return {c.key: float(c.max_points) for c in self.criteria}

    @property
    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for c in self.criteria:
            out.setdefault(c.group, []).append(c.key)
        return out

    def criterion(self, key: str) -> Criterion:
        """A criterion by its key or its label (any case and spelling of the label)."""
        found = self.key_of(key)
        return next(c for c in self.criteria if c.key == found)

    def key_of(self, name: str) -> str:
        """The key of a criterion, bonus or penalty named by its key or its label; an unknown
        name is a DataError listing the rubric's criteria.

        >>> rubric = Rubric.load("data/sample/rubric.yaml")
        >>> rubric.key_of("crime"), rubric.key_of("kiềm chế phạm pháp hình sự")
        ('crime', 'crime')
        """
        labels = self.labels
        if name in labels:
            return name
        by_label = {name_key(label): key for key, label in labels.items()}
        by_label |= {name_key(c.label_en): c.key for c in self.criteria if c.label_en}
        found = by_label.get(name_key(str(name)))
        if found is None:
            listed = ", ".join(f"{key} ({label})" for key, label in labels.items())
            close = difflib.get_close_matches(str(name), list(labels), n=1) or \
                [by_label[k] for k in difflib.get_close_matches(name_key(str(name)), list(by_label), n=1)]
            raise DataError("rubric_unknown_criterion", name=name, listed=listed,
                            hint=Term("asked_hint", close=close[0]) if close else Term("nothing"))
        return found

    @property
    def labels(self) -> dict[str, str]:
        """Each criterion's and each bonus's or penalty's label by key (one definition for
        every table and chart)."""
        return {c.key: c.label for c in self.criteria} | {a.key: a.label for a in self.adjustments}

    def in_language(self, lang: str) -> Rubric:
        """The same rubric (keys, points, rules) with its words in ``lang``: for English, each
        ``*_en`` the rubric gives, else the catalogue's English name of a criterion's
        indicator or a bonus's award, else data/reference/rubric_words_en.csv for the usual
        groups; a word with none of these stays as the cluster wrote it.

        >>> en = Rubric.load("data/sample/rubric.yaml").in_language("en")
        >>> en.criterion("crime").label, en.criterion("crime").group  # its label_en; the usual group
        ('Curbing crime', 'Defence and security')
        >>> Rubric.from_dict({"criteria": [{"key": "c", "label": "Kiềm chế tội phạm", "max_points": 10,
        ...     "method": "minmax", "indicator": "criminal_cases"}]}).in_language("en").criterion("c").label
        'Criminal cases'
        """
        if lang == "vi":
            return self
        words = _english_words()

        def group(c: Criterion) -> str:
            return c.group_en or words.get(c.group, c.group)

        def label(c: Criterion) -> str:
            known = c.indicator in catalog.indicators() if c.indicator else False
            return c.label_en or (str(catalog.indicators()[c.indicator]["name_en"]) if known else
                                  words.get(c.label, c.label))

        def adjustment(a: Adjustment) -> str:
            base = catalog.award_base(a.ref) if a.source == "award" else ""
            return a.label_en or (str(catalog.awards()[base]["name_en"]) if base in catalog.awards() else
                                  words.get(a.label, a.label))

        groups = {c.group: group(c) for c in self.criteria}
        return replace(self, name=self.name_en or self.name, flag_rule=self.flag_rule_en or self.flag_rule,
                       criteria=tuple(replace(c, label=label(c), group=group(c)) for c in self.criteria),
                       adjustments=tuple(replace(a, label=adjustment(a)) for a in self.adjustments),
                       tie_break=tuple(groups.get(t, t) for t in self.tie_break))

    @classmethod
    def load(cls, source: Rubric | Mapping[str, object] | str | Path) -> Rubric:
        """From a Rubric, a dict (YAML content), a .yaml file or an .xlsx sheet."""
        if isinstance(source, Rubric):
            return source
        if isinstance(source, Mapping):
            return cls.from_dict(source)
        path = Path(source)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return cls.from_excel(path)
        return cls.from_dict(read_yaml(path, "rubric"), where=path.name)

    @classmethod
    def from_dict(cls, content: Mapping[str, object], where: str | Term | None = None) -> Rubric:
        where = where if where is not None else Term("rubric_where")
        check_structure(content, "rubric", str(where))
        criteria = tuple(_criterion(item, where) for item in content.get("criteria") or [])
        if not criteria:
            raise DataError("rubric_none", where=where)
        keys = [c.key for c in criteria]
        if len(set(keys)) != len(keys):
            raise DataError("rubric_repeated", where=where, keys=sorted({k for k in keys if keys.count(k) > 1}))
        adjustments = tuple(_adjustment(item, "bonus", where) for item in content.get("bonus") or []) + \
            tuple(_adjustment(item, "penalty", where) for item in content.get("penalty") or [])
        missing = str(content.get("missing", "zero"))
        aggregation = str(content.get("aggregation", "mean_excluding_self"))
        _one_of(missing, MISSING_RULES, Term("rubric_setting", where=where, name="missing"))
        _one_of(aggregation, AGGREGATIONS, Term("rubric_setting", where=where, name="aggregation"))
        tie_break = tuple(str(t) for t in content.get("tie_break") or [])
        not_comparable = str(content.get("not_comparable", "mean"))
        _one_of(not_comparable, NOT_COMPARABLE_RULES, Term("rubric_setting", where=where, name="not_comparable"))
        rubric = cls(str(content.get("name", where)), criteria, adjustments, missing, aggregation, tie_break,
                     bool(content.get("illustrative", False)), str(content.get("flag_rule") or "").strip(),
                     not_comparable, str(content.get("name_en") or "").strip(),
                     str(content.get("flag_rule_en") or "").strip())
        for key in tie_break:
            _check_tie_break(rubric, key, where)
        return rubric

    @classmethod
    def from_excel(cls, path: str | Path) -> Rubric:
        """A workbook with a sheet of criteria (the YAML keys as column headers, a
        ``kind`` column marking ``bonus`` and ``penalty`` rows) and, optionally, a sheet
        ``settings`` of ``key, value`` rows (name, missing, aggregation, tie_break)."""
        path = Path(path)
        try:
            sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="calamine")
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one message
            raise DataError("rubric_unreadable", file=path.name, why=exc) from exc
        settings_sheet = next((s for n, s in sheets.items() if n.strip().lower() in ("settings", "cài đặt")), None)
        table = next(s for n, s in sheets.items() if n.strip().lower() not in ("settings", "cài đặt"))
        content: dict[str, Any] = {"name": path.stem, "criteria": [], "bonus": [], "penalty": []}
        if settings_sheet is not None:
            for key, value in settings_sheet.iloc[:, :2].itertuples(index=False):
                if isinstance(key, str) and key.strip():
                    content[key.strip()] = split_aliases(value) if key.strip() == "tie_break" else value
        for record in table.to_dict("records"):
            row = {str(k).strip(): _excel_value(v) for k, v in record.items() if _excel_value(v) is not None}
            if not row:
                continue
            kind = str(row.pop("kind", "criterion")).strip().lower()
            content[{"bonus": "bonus", "penalty": "penalty"}.get(kind, "criteria")].append(row)
        return cls.from_dict(content, where=path.name)


def _excel_value(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if value.lower() in ("true", "false", "có", "không"):
            return value.lower() in ("true", "có")
        if ":" in value and all(":" in part for part in value.split(";")):
            return [[_number_or_text(x) for x in part.split(":")] for part in value.split(";")]
    return value


def _number_or_text(text: str) -> object:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return text.strip()


def _one_of(value: str, allowed: tuple[str, ...], what: str | Term) -> None:
    if value not in allowed:
        raise DataError("rubric_one_of", what=what, allowed=", ".join(allowed), value=value)


def _points(value: object, what: str | Term) -> float:
    if isinstance(value, bool) or value is None:
        raise DataError("rubric_points_not_number", what=what, value=value)
    try:
        points = float(value)
    except (TypeError, ValueError) as exc:
        raise DataError("rubric_points_not_number", what=what, value=value) from exc
    if not math.isfinite(points):
        raise DataError("rubric_points_not_finite", what=what)
    return points


_CRITERION_FIELDS = {"key", "group", "label", "max_points", "method", "indicator", "missing", "disqualify_below",
                     "aliases", "label_en", "group_en"}


def _criterion(item: Mapping[str, Any], where: str) -> Criterion:
    key = str(item.get("key") or "").strip()
    if not key:
        raise DataError("rubric_no_key", where=where)
    what = Term("rubric_criterion", where=where, key=key)
    method = str(item.get("method") or "")
    if method not in methods().index:
        raise DataError("rubric_unknown_method", what=what, method=method, known=", ".join(methods().index))
    max_points = _points(item.get("max_points"), what)
    if max_points < 0:
        raise DataError("rubric_negative_max", what=what, points=number(max_points))
    params = {k: v for k, v in item.items() if k not in _CRITERION_FIELDS}
    spec = methods().loc[method]
    allowed = set(split_aliases(spec["required"])) | set(split_aliases(spec["optional"]))
    unexpected = sorted(set(params) - allowed)
    if unexpected:
        raise DataError("rubric_unexpected_params", what=what, names=", ".join(unexpected), method=method)
    indicator = item.get("indicator")
    if spec["source"] == "indicator":
        if not indicator:
            raise DataError("rubric_needs_indicator", what=what, method=method)
        if indicator not in catalog.indicators():
            raise DataError("rubric_unknown_indicator", what=what, indicator=indicator)
        if catalog.indicators()[indicator]["direction"] == "neutral":
            raise DataError("rubric_neutral_indicator", what=what, indicator=indicator)
    elif indicator:
        raise DataError("rubric_no_indicator_used", what=what, method=method)
    for name in [p for p in split_aliases(spec["required"]) if p != "indicator"]:
        if name not in params:
            raise DataError("rubric_needs_param", what=what, method=method, name=name)
    _check_params(method, params, max_points, what)
    missing = item.get("missing")
    if missing is not None:
        _one_of(str(missing), MISSING_RULES, Term("rubric_setting", where=what, name="missing"))
    disqualify = item.get("disqualify_below")
    return Criterion(key, str(item.get("group") or "Khác"), str(item.get("label") or key), max_points, method,
                     indicator, params, None if missing is None else str(missing),
                     None if disqualify is None else _points(disqualify, what),
                     str(item.get("label_en") or "").strip(), str(item.get("group_en") or "").strip())


def _check_params(method: str, params: Mapping[str, Any], max_points: float, what: Term) -> None:
    for name in ("cap", "deduct_per_pct", "deduct_per_unit"):
        if name in params and (_points(params[name], Term("rubric_part", what=what, name=name)) < 0):
            raise DataError("rubric_negative_param", what=what, name=name)
    if method == "change" and not ({"deduct_per_pct", "deduct_per_unit"} & set(params)):
        raise DataError("rubric_change_needs_deduction", what=what)
    if "input" in params:
        _one_of(str(params["input"]), INPUTS, Term("rubric_setting", where=what, name="input"))
    if "ignore_noise" in params and not isinstance(params["ignore_noise"], bool):
        raise DataError("rubric_ignore_noise", what=what)
    if method == "threshold":
        steps = params["steps"]
        if not isinstance(steps, list) or not steps or not all(isinstance(s, (list, tuple)) and len(s) == 2
                                                                for s in steps):
            raise DataError("rubric_steps", what=what)
        for threshold, points in steps:
            _points(threshold, Term("rubric_threshold", what=what))
            if not 0 <= _points(points, Term("rubric_part", what=what, name="steps")) <= max_points:
                raise DataError("rubric_step_points", what=what, points=points, most=number(max_points))
    if method == "rank" and "points_by_rank" in params:
        table = params["points_by_rank"]
        if not isinstance(table, list) or not all(0 <= _points(p, what) <= max_points for p in table):
            raise DataError("rubric_points_by_rank", what=what, most=number(max_points))


def _adjustment(item: Mapping[str, Any], kind: str, where: str) -> Adjustment:
    key = str(item.get("key") or "").strip()
    what = Term("rubric_bonus" if kind == "bonus" else "rubric_penalty", where=where, key=key)
    if not key:
        raise DataError("rubric_adjustment_no_key", where=where)
    points = _points(item.get("points"), what)
    if kind == "bonus" and points < 0:
        raise DataError("rubric_negative_bonus", what=what)
    points = -abs(points) if kind == "penalty" else points
    if "award" in item:
        source, ref = "award", str(item["award"])
        if catalog.award_base(ref) not in catalog.awards():
            raise DataError("rubric_unknown_award", what=what, award=ref)
    elif "criterion" in item:
        source, ref = "assessment", str(item["criterion"])
    else:
        raise DataError("rubric_adjustment_source", what=what)
    limit = item.get("max_points")
    if limit is not None and _points(limit, what) < 0:
        raise DataError("rubric_negative_limit", what=what)
    return Adjustment(key, str(item.get("label") or key), source, ref, points,
                      None if limit is None else _points(limit, what), str(item.get("label_en") or "").strip())


@lru_cache(maxsize=1)
def _english_words() -> dict[str, str]:
    table = read_reference("rubric_words_en.csv")
    return dict(zip(table["vi"], table["en"]))


def _check_tie_break(rubric: Rubric, key: str, where: str) -> None:
    known = {c.key for c in rubric.criteria} | set(rubric.groups) | {"assessed", "total"}
    if key not in known and key not in catalog.indicators():
        raise DataError("rubric_tie_break", where=where, key=key)
