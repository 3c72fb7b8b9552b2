"""The rules of an awards table: the award and its issuer at every level, recipients and
counts, what the law allows, and issuers that no longer exist on the decision's date."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError, Term, Words, in_language, said_both
from emulation_stats.core.frames import apply_unique, apply_unique_columns
from emulation_stats.core.text import clean, fold, name_key
from emulation_stats.load.fields import PAIR_SEPARATOR, parse_flags, parse_numbers, parse_vocabulary
from emulation_stats.load.issues import LoadContext, _Issues, _Rows
from emulation_stats.load.members import DISSOLVED, _agency_names, _district_columns, _sources, _unit_eras, _years
from emulation_stats.units.lists import FIRST_NEW_YEAR, LAST_OLD_DAY, unit_by_code
from emulation_stats.units.matching import match_unit, province_parts
from emulation_stats.units.reform import reform_words


def _awards(rows: _Rows, issues: _Issues, ctx: LoadContext) -> pd.DataFrame:
    has_district = (rows.text("member") != "") | (rows.text("member_code") != "")
    cluster = rows.text("cluster").where(lambda s: s != "", ctx.cluster or "")
    issues.reject_where(~has_district & (cluster == ""), "member", "missing_district",
                        Term("no_member_or_cluster"))
    codes, display = _district_columns(rows, issues, ctx, needed=has_district, gone=DISSOLVED)
    years = _years(rows, issues)
    names = rows.text("award")
    posthumous_in_name = apply_unique(names, lambda n: name_key(n).startswith("truy tang ")).astype(bool)
    names = names.where(~posthumous_in_name, names.str.replace(r"(?i)^truy tặng\s+", "", regex=True))
    issues.reject_where(names == "", "award", "missing_award", Term("no_award_name"))
    # "Giấy khen của Chủ tịch UBND huyện Đak Pơ": the award, and its issuer where no column gives one
    split = apply_unique_columns(names, catalog.split_issuer, ["award", "issuer"])
    written_authority = rows.text("authority")
    named = split["issuer"].notna()
    names = names.where(~named, split["award"])
    issuer_names = split["issuer"].map(lambda k: catalog.authorities()[k]["name_vi"] if isinstance(k, str) else "")
    written_authority = written_authority.where(~(named & (written_authority == "")), issuer_names)
    # a form's section or title issuer ("II. Khen thưởng của Chủ tịch UBND tỉnh") comes last
    section = rows.text("_section_authority")
    from_section = (written_authority == "") & (section != "")
    written_authority = written_authority.where(~from_section, section)
    # an issuer written with its place ("Chủ tịch UBND phường Diên Hồng") is its level's
    levels = apply_unique(written_authority, _authority_with_place)
    written_authority = written_authority.where(levels.isna(), levels)
    authority, errors = parse_vocabulary(written_authority, catalog.authorities(), Term("what_authority"))
    unclear = apply_unique(errors, lambda e: isinstance(e, Term) and e.code == "field_unclear").astype(bool)
    issues.warn(unclear, "authority", "unknown_authority",
                apply_unique(errors, lambda e: Term("authority_by_catalogue", message=e) if e else ""))
    keys, award_names, authority = _award_keys(names, authority, issues)
    # a section that cannot have conferred a row's award ("cấp Nhà nước" over "Bằng khen của Thủ
    # tướng Chính phủ") is no issuer of it: the award's own is
    unsaid = written_authority == ""
    if from_section.any():
        unsaid |= from_section & ~_allowed_issuer(keys, authority)
        authority = authority.where(~unsaid | (written_authority == ""), _first_issuer(keys))
    if unsaid.any():  # an award the office gave no issuer for is its own head's, at its level
        eras = _unit_eras(rows, codes, years)
        level = _member_levels(codes, eras, ctx)
        own = apply_unique(keys + PAIR_SEPARATOR + level + PAIR_SEPARATOR + eras, _own_issuer)
        authority = authority.where(~unsaid | (own == ""), own)
    written = rows.text("award_name")
    award_names = written.where(written != "", award_names)
    kinds = _recipient_kinds(rows, keys, issues)
    counts = _counts(rows, issues)
    flags, errors = parse_flags(rows.cells.get("posthumous", pd.Series("", index=names.index)))
    issues.reject(errors, "posthumous", "bad_flag")
    posthumous = (flags.fillna(False).astype(bool) | posthumous_in_name)
    # since 1 July 2025 the commune's chairman confers what the district's did
    gone = (authority == "commune") & (years.astype(float) >= FIRST_NEW_YEAR).fillna(False).astype(bool)
    _check_law(keys, kinds, posthumous, authority.where(~gone | ~_district_award(keys), "district"), issues)
    _check_dissolved_authority(rows, authority, years, issues)
    return pd.DataFrame({"year": years, "member_code": codes, "member": display,
                         "cluster": cluster, "award": keys, "award_name": award_names,
                         "authority": authority, "recipient_kind": kinds, "count": counts,
                         "posthumous": posthumous, "source": _sources(rows)})


def _member_levels(codes: pd.Series, eras: pd.Series, ctx: LoadContext) -> pd.Series:
    """Each row's member's level as an issuer: ``agency`` (a khối's member), ``commune`` (a
    commune or ward: since the reform every member of a cluster of units), ``district``, or
    "" where not known."""
    agencies = set(_agency_names(ctx.members).values())
    levels = apply_unique(codes + PAIR_SEPARATOR + eras, _level_of_code)
    return levels.where(~codes.isin(agencies), "agency") if agencies else levels


def _level_of_code(pair: str) -> str:
    code, era = pair.split(PAIR_SEPARATOR)
    unit = unit_by_code(code, era) if code else None
    return unit.level if unit is not None and unit.level in ("district", "commune") else ""


def _own_issuer(pair: str) -> str:
    """The issuer of an award whose issuer is not written: the member's own level where the
    catalogue allows the award there (a Sở's Lao động tiên tiến is its Giám đốc's, a ward's
    its Chủ tịch's; since the reform a commune's Chiến sĩ thi đua cơ sở too, the district
    level being gone), else "" (the catalogue's first)."""
    key, level, era = pair.split(PAIR_SEPARATOR)
    allowed = catalog.award_issuers(key)
    if not level or not allowed:
        return ""
    if level == "commune" and era == "new" and "district" in allowed:
        return "commune"  # since 1 July 2025 the commune holds what the district level conferred
    return level if level in allowed else ""


def _authority_with_place(text: str) -> str | None:
    """An issuer written with its place: its level, a city that is a province ("Chủ tịch UBND
    thành phố Hà Nội") the province's; None where the text alone is known or unknown."""
    if not text or catalog.authorities().match(text):
        return None  # the vocabulary's own reading
    level = catalog.authority_of(text)
    found = re.search(r"(?i)(?:thành phố|tp\.?)\s*(.+)$", text)
    if level == "district" and found and province_parts(found.group(1))[0]:
        return "province"
    return level


def _award_keys(names: pd.Series, authority: pd.Series,
                issues: _Issues) -> tuple[pd.Series, pd.Series, pd.Series]:
    pairs = names + PAIR_SEPARATOR + authority.fillna("")
    found = apply_unique_columns(pairs, _award_facts, ["key", "ambiguous", "default_authority"])
    unknown = found["key"].isna() & (names != "")
    keys = found["key"].fillna("").where(~unknown, apply_unique(names, catalog.derived_key))
    issues.warn_once(unknown, "award", "unknown_award", names, "award_not_in_catalogue")
    ambiguous = found["ambiguous"] != ""
    if ambiguous.any():  # awards by their names, never keys
        issues.warn(ambiguous, "award", "ambiguous_award", said_both(
            "award_may_mean", name=names[ambiguous], others=found["ambiguous"][ambiguous],
            chosen=apply_unique(keys[ambiguous], catalog.award_display_name)))
    award_names = names.where(names != keys, apply_unique(keys, catalog.award_display_name))
    authority = authority.fillna("").where(lambda s: s != "", found["default_authority"])
    return keys, award_names, authority


def _award_facts(pair: str) -> tuple[str | None, str, str]:
    """For one (name, authority): the catalogue key, the other awards the name may mean,
    and the authority the catalogue names first."""
    name, authority = pair.split(PAIR_SEPARATOR)
    match = catalog.match_award(name, authority or None)
    default = (catalog.award_issuers(match.base) or ("",))[0] if match.base else ""
    return match.key, ", ".join(catalog.award_display_name(k) for k in match.ambiguous), default


def _recipient_kinds(rows: _Rows, keys: pd.Series, issues: _Issues) -> pd.Series:
    kinds, errors = parse_vocabulary(rows.text("recipient_kind"), catalog.recipient_kinds(),
                                     Term("what_recipient_kind"))
    only = apply_unique(keys, catalog.only_recipient_kind)
    missing = kinds.isna() & (rows.text("recipient_kind") == "")
    kinds = kinds.where(~(missing & (only != "")), only)
    errors = errors.where(~(missing & (only != "")), "")
    issues.reject(errors, "recipient_kind", "bad_recipient_kind")
    return kinds


def _counts(rows: _Rows, issues: _Issues) -> pd.Series:
    counts, errors = parse_numbers(rows.cells["count"])
    issues.reject(errors, "count", "not_a_number")
    issues.reject_where(counts.isna(), "count", "missing_count", Term("no_count"))
    issues.reject_where(counts < 0, "count", "negative_count", Term("count_negative"))
    issues.reject_where((counts % 1) > 0, "count", "fractional_count", Term("count_not_whole"))
    return counts.round().astype("Int64")


def _allowed_issuer(keys: pd.Series, authority: pd.Series) -> pd.Series:
    """Whether the catalogue lets each row's issuer confer its award (True where unknown)."""
    def allowed(pair: str) -> bool:
        key, level = pair.split(PAIR_SEPARATOR)
        issuers = catalog.award_issuers(key)
        return not issuers or not level or level in issuers
    return apply_unique(keys + PAIR_SEPARATOR + authority.fillna(""), allowed).astype(bool)


def _first_issuer(keys: pd.Series) -> pd.Series:
    """The catalogue's first issuer of each award ("" where the award is unknown)."""
    return apply_unique(keys, lambda key: (catalog.award_issuers(key) or ("",))[0])


def _district_award(keys: pd.Series) -> pd.Series:
    """Whether the district level could confer each award (and so, since the reform, the commune)."""
    return apply_unique(keys, lambda key: "district" in catalog.award_issuers(key)).astype(bool)


def _check_law(keys: pd.Series, kinds: pd.Series, posthumous: pd.Series, authority: pd.Series,
               issues: _Issues) -> None:
    checks = catalog.law_checks(keys, kinds, posthumous, authority)
    if not (checks != "").any().any():
        return
    english = catalog.law_checks(keys, kinds, posthumous, authority, lang="en")
    kept = Term("row_kept")
    for code, column in (("law_recipient", "recipient_kind"), ("law_posthumous", "posthumous"),
                         ("law_authority", "authority")):
        then = "" if code == "law_authority" else kept  # the issuer's message says it itself
        issues.warn(checks[code] != "", column, code,
                    Words(checks[code] + in_language(then, "vi"), english[code] + in_language(then, "en")))


# A district-level body written out ("Chủ tịch UBND quận Đống Đa", "UBND TX An Khê"); a
# "thành phố" that is a province ("UBND thành phố Hà Nội") is not one.
_DISTRICT_BODY = re.compile(r"\b(?:ubnd|uy ban nhan dan)\s+(huyen|quan|thi xa|tx|thanh pho|tp)\b\.?\s*(.*)$")


_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")


_YEAR_MONTH_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")


_DAY_IN_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")


def _check_dissolved_authority(rows: _Rows, authority: pd.Series, years: pd.Series, issues: _Issues) -> None:
    """Since 2025-07-01 there is no district level (quận, huyện, thị xã, thành phố thuộc
    tỉnh): an award or decision of its authority dated after 2025-06-30 — by the decision's
    date (its own column, or written in the decision: "QĐ số 12/QĐ-UBND ngày 15/8/2025"),
    else by the award's year when that is 2026 or later — is warned of
    (``dissolved_authority``); the row stays loaded."""
    written = rows.text("authority")
    district = (authority.fillna("") == "district") | apply_unique(written, _names_district_body).astype(bool)
    if not district.any():
        return
    dates = rows.text("decision_date").where(lambda d: d != "", rows.text("decision"))
    days = apply_unique(dates.where(district, ""), _decision_day)
    year_after = (years.astype(float) > FIRST_NEW_YEAR).fillna(False).astype(bool) & (days == "")
    after = district & ((days > LAST_OLD_DAY) | year_after)
    if not after.any():
        return
    who = written.where(written != "", "Chủ tịch UBND huyện")
    said = days[after] + PAIR_SEPARATOR + years[after].astype(str) + PAIR_SEPARATOR + who[after]
    message = apply_unique(said, _dissolved_authority_words).reindex(after.index)
    issues.warn(after, "authority", "dissolved_authority", message)


def _dissolved_authority_words(said: str) -> Words:
    day, year, who = said.split(PAIR_SEPARATOR)

    def words(lang: str) -> str:
        when = reform_words("dated", lang, date=f"{day[8:10]}/{day[5:7]}/{day[:4]}") if day else \
            reform_words("for_year", lang, year=year)
        return reform_words("dissolved_authority", lang, written=who, when=when)

    return Words(words("vi"), words("en"))


@lru_cache(maxsize=4096)
def _names_district_body(text: str) -> bool:
    found = _DISTRICT_BODY.search(fold(text))
    if found is None:
        return False
    if found.group(1) in ("thanh pho", "tp") and found.group(2):
        try:  # "UBND thành phố Hà Nội": a province, before and since the reform
            match_unit(found.group(2), year=FIRST_NEW_YEAR, level="province")
            return False
        except DataError:
            return True
    return True


@lru_cache(maxsize=4096)
def _decision_day(text: object) -> str:
    """The ISO day a decision is dated, from a date cell or a decision's text ("" if none)."""
    if isinstance(text, (dt.date, dt.datetime)):
        return text.strftime("%Y-%m-%d")
    folded = fold(clean(text))
    for pattern, order in ((_YEAR_MONTH_DAY, (2, 1, 0)), (_DAY_MONTH_YEAR, (0, 1, 2)), (_DAY_IN_WORDS, (0, 1, 2))):
        found = pattern.search(folded)
        if found:
            day, month, year = (int(found.group(i + 1)) for i in order)
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                continue
    return ""
