"""The rules of score sheets, ballots and member lists: criteria of the rubric, votes and
voters, members' roles and kinds."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import Term, said_both
from emulation_stats.core.frames import apply_unique
from emulation_stats.core.text import format_number, name_key
from emulation_stats.load.fields import parse_numbers, parse_vocabulary
from emulation_stats.load.issues import Criteria, LoadContext, _Issues, _Rows
from emulation_stats.load.members import DISSOLVED, _district_columns, _sources, _years
from emulation_stats.units.lists import districts, unit_by_code


@lru_cache(maxsize=1)
def _roles() -> catalog.Vocabulary:
    return catalog.Vocabulary.from_reference("roles.csv")


def _assessments(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    unnamed = (rows.text("assessor") == "") & (rows.text("assessor_code") == "")
    issues.reject_where(unnamed, "assessor", "missing_assessor",
                        Term("no_assessor"))
    assessor, _ = _district_columns(rows, issues, ctx, name="assessor", code="assessor_code")
    codes, _ = _district_columns(rows, issues, ctx)
    years = _years(rows, issues)
    criterion = rows.text("criterion")
    issues.reject_where(criterion == "", "criterion", "missing_criterion", Term("no_criterion"))
    points, errors = parse_numbers(rows.cells["points"])
    issues.reject(errors, "points", "not_a_number")
    issues.reject_where(points.isna(), "points", "missing_points", Term("no_points"))
    issues.reject_where(points < 0, "points", "negative_points", Term("points_negative"))
    if ctx.criteria is not None:
        criterion = _rubric_criteria(criterion, points, ctx.criteria, issues)
    cluster = rows.text("cluster").where(lambda s: s != "", ctx.cluster or "")
    return pd.DataFrame({"year": years, "cluster": cluster, "assessor_code": assessor,
                         "member_code": codes, "criterion": criterion, "points": points,
                         "source": _sources(rows)})


def _rubric_criteria(criterion: pd.Series, points: pd.Series, criteria: Criteria, issues: _Issues) -> pd.Series:
    """Each assessment's criterion as the rubric's key, whether written as its key, its
    label or an alias; a name the rubric does not have, or points above its maximum, refused."""
    keys = apply_unique(criterion, lambda name: criteria.names.get(name_key(name), "")).astype(object)
    unknown = (keys == "") & (criterion != "")
    if unknown.any():
        issues.reject_where(unknown, "criterion", "unknown_criterion",
                            said_both("criterion_not_in_rubric", name=criterion[unknown], listed=criteria.listed()))
    limit = keys.map(pd.Series(criteria.maximum, dtype=float)).astype(float)
    over = points > limit
    if over.any():
        issues.reject_where(over, "points", "above_maximum", said_both(
            "points_above_maximum", points=points[over].map(format_number), limit=limit[over].map(format_number),
            name=keys[over].map(criteria.labels).fillna("")))
    return keys.where(keys != "", criterion)


def _votes(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    codes, _ = _district_columns(rows, issues, ctx, gone=DISSOLVED)
    years = _years(rows, issues)
    proposal_text = rows.text("proposal")
    issues.reject_where(proposal_text == "", "proposal", "missing_proposal", Term("no_proposal"))
    proposal = apply_unique(proposal_text, lambda p: catalog.match_award(p).key or p)
    votes = {}
    for column in ("votes_for", "voters"):
        values, errors = parse_numbers(rows.cells.get(column, pd.Series("", index=codes.index)))
        issues.reject(errors, column, "not_a_number")
        issues.reject_where(values < 0, column, "negative_count", Term("votes_negative"))
        votes[column] = values
    issues.reject_where(votes["votes_for"] > votes["voters"], "votes_for", "votes_exceed_voters",
                        Term("votes_above_voters"))
    cluster = rows.text("cluster").where(lambda s: s != "", ctx.cluster or "")
    return pd.DataFrame({"year": years, "cluster": cluster, "member_code": codes,
                         "proposal": proposal, "votes_for": votes["votes_for"],
                         "voters": votes["voters"], "source": _sources(rows)})


def _clusters(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    given, errors = parse_vocabulary(rows.text("member_type"), _member_types(), Term("what_member_type"), "unit")
    issues.reject(errors, "member_type", "bad_member_type")
    agency = given == "agency"
    codes, gso = _district_columns(rows, issues, ctx, needed=~agency, refuse_gone=True)
    # An agency is no administrative unit: its code is the dataset's own, its name as written.
    own_codes = rows.text("member_code")
    issues.reject_where(agency & (own_codes == ""), "member_code", "missing_code",
                        Term("agency_needs_code"))
    clash = agency & apply_unique(own_codes, lambda c: bool(c) and unit_by_code(c) is not None).astype(bool)
    issues.reject_where(clash, "member_code", "agency_code_is_a_unit",
                        said_both("agency_code_taken", code=own_codes[clash]))
    codes, gso = codes.where(~agency, own_codes), gso.where(~agency, "")
    member_type = given.where(agency, apply_unique(codes, _unit_level))
    years = _years(rows, issues)
    cluster = rows.text("cluster")
    issues.reject_where(cluster == "", "cluster", "missing_cluster", Term("no_cluster_name"))
    role, errors = parse_vocabulary(rows.text("role"), _roles(), Term("what_role"), "member")
    issues.reject(errors, "role", "bad_role")
    written = rows.text("member")
    provinces = codes.map(districts().set_index("district_code")["province_code"])
    others = provinces.isna() & (codes != "")
    if others.any():  # a commune or ward since the reform: its province of the new list
        provinces[others] = apply_unique(codes[others], lambda c: u.province_code if (u := unit_by_code(c)) else "")
    provinces = provinces.fillna("")
    return pd.DataFrame({"province_code": provinces, "cluster": cluster, "year": years,
                         "member_code": codes, "member": written.where(written != "", gso),
                         "member_type": member_type, "role": role, "source": _sources(rows)})


def _unit_level(code: str) -> str:
    """district, commune or province: the level of a unit code of the official lists."""
    unit = unit_by_code(code) if code else None
    return unit.level if unit is not None else ""


@lru_cache(maxsize=1)
def _member_types() -> catalog.Vocabulary:
    return catalog.Vocabulary.from_reference("member_types.csv")
