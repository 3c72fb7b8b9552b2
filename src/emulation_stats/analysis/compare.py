"""Year over year, trends and plan achievement, the CompStat way.

Every function takes the tidy indicators table of docs/design.md and returns a tidy table;
the catalogue says what "better" means for each indicator (``direction``) and whether a
sum across members means something (``kind``: counts and amounts add up, rates do not).
All arithmetic is vectorised; nothing loops over rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from emulation_stats.core import catalog
from emulation_stats.core.asked import require_names, require_years
from emulation_stats.core.errors import DataError
from emulation_stats.units.lists import FIRST_NEW_YEAR
from emulation_stats.units.order import in_member_order
from emulation_stats.units.restate import accept_member_names
from emulation_stats.units.view import indicators_on_units

INDICATOR_KEY = ["member_code", "indicator"]
SUMMABLE = ("count", "amount")  # kinds whose member values add up to a cluster total
NOTABLE_Z = 2.0  # |z| of a Poisson change that is unlikely to be noise


def _written_names(indicators: pd.DataFrame) -> pd.Series:
    """The office's own name of each indicator outside the catalogue (the loader keeps it
    in ``indicator_name``), so no derived key "x_..." reaches a sentence or a chart."""
    if "indicator_name" not in indicators:
        return pd.Series(dtype=object)
    named = indicators.loc[indicators["indicator_name"].fillna("") != "", ["indicator", "indicator_name"]]
    return named.drop_duplicates("indicator").set_index("indicator")["indicator_name"]


def _facts(keys: pd.Series, written: pd.Series | None = None) -> pd.DataFrame:
    """Catalogue facts for each row's indicator; unknown (derived) keys are neutral amounts
    named as the office wrote them."""
    table = catalog.indicators().table
    names = keys.map(table["name_vi"])
    if written is not None and len(written):
        names = names.fillna(keys.map(written))
    facts = pd.DataFrame({
        "indicator_name": names.fillna(keys).astype(object),
        "kind": keys.map(table["kind"]).fillna("amount").astype(object),
        "better": keys.map(table["direction"]).fillna("neutral").astype(object),
    }, index=keys.index)
    return facts


def _check_columns(frame: pd.DataFrame, needed: list[str], what: str) -> None:
    missing = [c for c in needed if c not in frame]
    if missing:
        raise DataError("table_columns_missing", what=what, missing=", ".join(missing))


def _carry(attrs_from: pd.DataFrame, out: pd.DataFrame) -> pd.DataFrame:
    """Keep what the data says about itself (illustrative or not, its source)."""
    out.attrs.update(attrs_from.attrs)
    return out


def _pick(indicators: pd.DataFrame, year: int, measure: str, name: str) -> pd.DataFrame:
    rows = indicators[(indicators["year"] == year) & (indicators["measure"] == measure)]
    rows = rows.drop_duplicates(INDICATOR_KEY, keep="first")
    return rows.set_index(INDICATOR_KEY)[["value", "source", "member", "unit"]].rename(
        columns={"value": f"{name}_value", "source": f"source_{name}", "member": f"member_{name}",
                 "unit": f"unit_{name}"})


def _table_of(indicators: object) -> pd.DataFrame:
    """The indicators table, also when a dataset or a report year's view was passed (an
    analyst's first try: ``compare_years(ds, 2024, 2025)``)."""
    if isinstance(indicators, pd.DataFrame):
        return indicators
    table = getattr(indicators, "indicators", None)
    if isinstance(table, pd.DataFrame):
        return table
    raise DataError("compare_needs_table", kind=type(indicators).__name__)


def assess(change: pd.Series, better: pd.Series) -> pd.Series:
    """better / worse / same from the sign of a change and the catalogue's direction;
    ``not_assessed`` for a neutral indicator (population: a change is neither good nor bad);
    ``n/a`` where there is no change to judge.

    >>> assess(pd.Series([3.0, -1.0, 0.0, 2.0, None]), pd.Series(["lower_is_better"] * 3 + ["neutral"] * 2)).tolist()
    ['worse', 'better', 'same', 'not_assessed', 'n/a']
    """
    sign = np.sign(change.to_numpy(dtype=float))
    good = np.where(better.to_numpy() == "higher_is_better", 1, np.where(better.to_numpy() == "lower_is_better", -1, 0))
    out = np.where(sign * good > 0, "better", np.where(sign * good < 0, "worse", "same"))
    out = np.where(good == 0, "not_assessed", out)
    out = np.where(np.isnan(change.to_numpy(dtype=float)), "n/a", out)
    return pd.Series(out, index=change.index, dtype=object)


def compare_years(indicators: pd.DataFrame, base: int, current: int, measure: str = "actual", *,
                  notable_pct: float = 10.0, totals: bool = True) -> pd.DataFrame:
    """Compare each member's indicators between two years (CompStat table).

    Each member's row has ``base_value, current_value, change,
    pct_change`` (NaN when the base is 0 or missing: shown "n/a"), ``direction``
    (up/down/flat), ``assessment`` (better/worse/same/not_assessed/n/a: see :func:`assess`), ``z`` (Poisson
    z-score ``2*(sqrt(current)-sqrt(base))`` for count indicators), ``notable`` (|z| ≥ 2 for
    counts, |pct_change| > ``notable_pct`` otherwise) and ``rank`` among members (1 = best
    current value). With ``totals``, a cluster row per summable indicator (counts, amounts)
    has ``level == "cluster"`` and an empty ``member_code``.

    Returns
    -------
    DataFrame
        one row per member and indicator (and a cluster row per summable indicator): `level`,
        `member_code`, `member`, `indicator`, `indicator_name`, `unit`, `kind`, `better`, `measure`,
        `base_year`, `current_year`, `base_value`, `current_value`, `change`, `pct_change`,
        `direction`, `assessment`, `z`, `notable`, `rank`, `source_base`, `source_current` (and
        `note` where a member could not be compared).


    >>> import emulation_stats as es
    >>> ds = es.load_dataset("data/gia_lai_2017")
    >>> yoy = compare_years(ds.indicators, 2016, 2017)
    >>> members = yoy.query("level == 'member'").set_index("member")
    >>> row = members.loc["Đak Đoa"]
    >>> float(row["base_value"]), float(row["current_value"]), float(row["change"]), row["assessment"]
    (54.0, 70.0, 16.0, 'worse')
    """
    indicators = accept_member_names(_table_of(indicators))
    _check_columns(indicators, ["member_code", "member", "year", "indicator", "measure", "value"],
                   "compare_years")
    require_years([base, current], indicators.loc[indicators["measure"] == measure, "year"].unique())
    across = base < FIRST_NEW_YEAR <= current
    # Across the reform both years are put on the current year's units first (the one view
    # Dataset.on_units gives; a table that already is that view passes through unchanged).
    earlier = indicators_on_units(indicators[indicators["year"].isin([base, current])], current)[0] \
        if across else indicators
    before = _pick(earlier, base, measure, "base")
    after = _pick(earlier, current, measure, "current")
    if across:  # members of the current year only: the old units' own rows have no counterpart
        before = before[before.index.isin(after.index)]
    table = before.join(after, how="outer").reset_index()
    table["member"] = table["member_current"].fillna(table["member_base"])
    table["unit"] = table["unit_current"].fillna(table["unit_base"])
    table = table.drop(columns=["member_base", "member_current", "unit_base", "unit_current"])
    table = pd.concat([table, _facts(table["indicator"], _written_names(indicators))], axis=1)
    table.insert(0, "level", "member")
    if totals:
        table = pd.concat([table, _cluster_totals(table)], ignore_index=True)
    _changes(table, notable_pct)
    table["base_year"], table["current_year"], table["measure"] = base, current, measure
    table["rank"] = _ranks(table)
    columns = ["level", "member_code", "member", "indicator", "indicator_name", "unit", "kind", "better",
               "measure", "base_year", "current_year", "base_value", "current_value", "change", "pct_change",
               "direction", "assessment", "z", "notable", "rank", "source_base", "source_current"]
    if across:  # why a member could not be compared ("không so sánh được: …")
        notes = earlier[earlier["year"] == base].drop_duplicates(INDICATOR_KEY).set_index(INDICATOR_KEY)["note"]
        keys = pd.MultiIndex.from_frame(table[INDICATOR_KEY])
        table["note"] = pd.Series(notes.reindex(keys).fillna("").to_numpy(), index=table.index)
        table.loc[table["base_value"].isna() & (table["level"] == "member") & (table["note"] == ""), "note"] = \
            f"không có số liệu năm {base} của các đơn vị cũ"
        columns.append("note")
    table = in_member_order(table[columns], by=["indicator", "level"], order=indicators.attrs.get("member_order"))
    return _carry(indicators, table.reset_index(drop=True).astype({"rank": "Int64"}))


def _cluster_totals(table: pd.DataFrame) -> pd.DataFrame:
    members = table[table["kind"].isin(SUMMABLE)]
    if members.empty:
        return table.iloc[:0]
    # A total is only a total when every member has both years.
    complete = members.groupby("indicator", sort=False)[["base_value", "current_value"]].agg(
        lambda s: s.sum(min_count=len(s)))
    first = members.drop_duplicates("indicator").set_index("indicator")
    totals = complete.join(first[["unit", "indicator_name", "kind", "better"]]).reset_index()
    totals["level"], totals["member_code"], totals["member"] = "cluster", "", ""
    totals["source_base"] = totals["source_current"] = "tổng các thành viên"
    return totals


def _changes(table: pd.DataFrame, notable_pct: float) -> None:
    base, current = table["base_value"].astype(float), table["current_value"].astype(float)
    table["change"] = current - base
    table["pct_change"] = (100 * (current - base) / base.abs()).where(base != 0)
    sign = np.sign(table["change"])
    table["direction"] = np.where(sign > 0, "up", np.where(sign < 0, "down", "flat"))
    table.loc[table["change"].isna(), "direction"] = "n/a"
    table["assessment"] = assess(table["change"], table["better"])
    counts = table["kind"] == "count"
    root = np.sqrt(current.clip(lower=0)) - np.sqrt(base.clip(lower=0))
    table["z"] = (2 * root).where(counts)
    table["notable"] = np.where(counts, table["z"].abs() >= NOTABLE_Z, table["pct_change"].abs() > notable_pct)


def _ranks(table: pd.DataFrame) -> pd.Series:
    """Rank of each member's current value among the members, 1 = best (largest where the
    direction is unknown)."""
    members = table["level"] == "member"
    value = table["current_value"].astype(float).where(members)
    ascending_value = value.where(table["better"] == "lower_is_better", -value)
    return ascending_value.groupby(table["indicator"]).rank(method="min")


def trend(indicators: pd.DataFrame, indicator: str | list[str] | None = None, years: list[int] | None = None,
          measure: str = "actual", *, min_years: int = 3) -> pd.DataFrame:
    """Each member's course over the years of one or more indicators.

    Per district and indicator with at least ``min_years`` years: ``first_year,
    last_year, n_years, first, last, mean``, ``cagr`` (compound annual growth, positive
    series only), ``slope`` (least squares, units per year), ``prior3_mean`` and
    ``latest_vs_prior3_pct`` (the latest year against the mean of the three before it), and
    ``worsening_run`` (how many of the latest year-on-year changes in a row were worse).

    Returns
    -------
    DataFrame
        one row per member and indicator: `member_code`, `indicator`, `member`, `indicator_name`,
        `better`, `first_year`, `last_year`, `n_years`, `first`, `last`, `mean`, `cagr`, `slope`,
        `prior3_mean`, `latest_vs_prior3_pct`, `worsening_run`.


    >>> import emulation_stats as es
    >>> t = trend(es.load_dataset("data/sample").indicators, "criminal_cases")
    >>> sorted(t.columns[:4])
    ['indicator', 'indicator_name', 'member', 'member_code']
    """
    indicators = accept_member_names(_table_of(indicators))
    _check_columns(indicators, ["member_code", "year", "indicator", "measure", "value"], "trend")
    rows = indicators[indicators["measure"] == measure]
    if indicator is not None:
        require_names(indicator, rows["indicator"].unique(), "chỉ tiêu")
        rows = rows[rows["indicator"].isin([indicator] if isinstance(indicator, str) else indicator)]
    if years is not None:
        require_years(years, rows["year"].unique())
        rows = rows[rows["year"].isin(years)]
    if rows.empty:
        return _carry(indicators, pd.DataFrame(columns=_TREND_COLUMNS))
    grid, first_row = _year_grid(rows)
    out = _trend_stats(grid, min_years)
    out.insert(2, "member", rows["member"].to_numpy()[first_row] if "member" in rows else out["member_code"])
    facts = _facts(out["indicator"].astype(object), _written_names(indicators))
    out.insert(3, "indicator_name", facts["indicator_name"])
    out["better"] = facts["better"]
    out["worsening_run"] = _worsening_run(grid, out, facts["better"])
    out = out[out["n_years"] >= min_years].reset_index(drop=True)
    return _carry(indicators, out[_TREND_COLUMNS])


_TREND_COLUMNS = ["member_code", "indicator", "member", "indicator_name", "better", "first_year", "last_year",
                  "n_years", "first", "last", "mean", "cagr", "slope", "prior3_mean", "latest_vs_prior3_pct",
                  "worsening_run"]


def _year_grid(rows: pd.DataFrame) -> tuple[tuple[pd.DataFrame, np.ndarray, np.ndarray], np.ndarray]:
    """Values as a (district-indicator × year) array, built from integer codes (a repeated
    district, indicator and year keeps the last value), and each pair's first row."""
    district_codes, districts = pd.factorize(rows["member_code"])
    indicator_codes, indicators = pd.factorize(rows["indicator"])
    pair_codes, pairs = pd.factorize(district_codes.astype(np.int64) * len(indicators) + indicator_codes)
    years = np.sort(rows["year"].astype(int).unique())
    year_codes = np.searchsorted(years, rows["year"].astype(int).to_numpy())
    values = np.full((len(pairs), len(years)), np.nan)
    values[pair_codes, year_codes] = rows["value"].to_numpy(dtype=float)
    first_row = np.unique(pair_codes, return_index=True)[1]
    keys = pd.DataFrame({"member_code": np.asarray(districts, dtype=object)[pairs // len(indicators)],
                         "indicator": np.asarray(indicators, dtype=object)[pairs % len(indicators)]})
    return (keys, years, values), first_row


def _trend_stats(grid: tuple[pd.DataFrame, np.ndarray, np.ndarray], min_years: int) -> pd.DataFrame:
    keys, years, values = grid
    present = ~np.isnan(values)
    n = present.sum(axis=1)
    has = n > 0
    first_idx = np.where(has, present.argmax(axis=1), 0)
    last_idx = np.where(has, values.shape[1] - 1 - present[:, ::-1].argmax(axis=1), 0)
    rows = np.arange(len(values))
    first, last = values[rows, first_idx], values[rows, last_idx]
    first_year, last_year = years[first_idx], years[last_idx]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.nansum(values, axis=1) / n
        span = (last_year - first_year).astype(float)
        cagr = np.where((first > 0) & (last > 0) & (span > 0), (last / first) ** (1 / span) - 1, np.nan)
        x = np.where(present, years[None, :].astype(float), np.nan)
        x_mean = np.nansum(x, axis=1) / n
        dx = np.where(present, x - x_mean[:, None], 0.0)
        dy = np.where(present, values - mean[:, None], 0.0)
        slope = np.where(n >= 2, (dx * dy).sum(axis=1) / (dx * dx).sum(axis=1), np.nan)
        prior = _prior_mean(values, present, last_idx)
        vs_prior = np.where(prior != 0, 100 * (last - prior) / np.abs(prior), np.nan)
    out = keys.copy()
    out["first_year"], out["last_year"], out["n_years"] = first_year, last_year, n
    out["first"], out["last"], out["mean"], out["cagr"], out["slope"] = first, last, mean, cagr, slope
    out["prior3_mean"], out["latest_vs_prior3_pct"] = prior, vs_prior
    return out


def _prior_mean(values: np.ndarray, present: np.ndarray, last_idx: np.ndarray) -> np.ndarray:
    """Mean of the three observed years before each row's last year (NaN if fewer)."""
    columns = np.arange(values.shape[1])[None, :]
    before = present & (columns < last_idx[:, None])
    # The three latest observed columns before the last one: rank them from the right.
    from_right = np.cumsum(before[:, ::-1], axis=1)[:, ::-1]
    take = before & (from_right <= 3)
    count = take.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count == 3, np.where(take, values, 0.0).sum(axis=1) / 3, np.nan)


def _worsening_run(grid: tuple[pd.DataFrame, np.ndarray, np.ndarray], out: pd.DataFrame,
                   better: pd.Series) -> np.ndarray:
    """Consecutive worse year-on-year changes counted back from the latest year (observed
    years only; a missing year ends the run)."""
    _, _, values = grid
    change = np.diff(values, axis=1)
    good = np.where(better.to_numpy() == "higher_is_better", 1, np.where(better.to_numpy() == "lower_is_better", -1, 0))
    worse = (change * good[:, None]) < 0
    # Align each row's changes so that its last observed year is the right edge.
    last_idx = np.searchsorted(grid[1], out["last_year"].to_numpy())
    run = np.zeros(len(values), dtype=int)
    alive = np.ones(len(values), dtype=bool)
    for step in range(change.shape[1]):  # over years (≤ a few dozen), not over rows
        column = last_idx - 1 - step
        valid = column >= 0
        ok = alive & valid & worse[np.arange(len(values)), np.clip(column, 0, None)]
        run += ok
        alive &= ok
    return run


def plan_achievement(indicators: pd.DataFrame, year: int) -> pd.DataFrame:
    """Actual against plan for ``year``: ``plan, actual, ratio`` (actual/plan), ``pct``
    (ratio × 100) and ``met`` — direction-aware: a lower-is-better indicator (crime, poverty)
    meets its plan when actual ≤ plan; neutral indicators have no ``met``.

    Returns
    -------
    DataFrame
        one row per member and planned indicator: `member_code`, `member`, `indicator`,
        `indicator_name`, `unit`, `better`, `year`, `plan`, `actual`, `ratio`, `pct`, `met`,
        `source_plan`, `source_actual`.


    >>> import emulation_stats as es
    >>> p = plan_achievement(es.load_dataset("data/sample").indicators, 2024)
    >>> set(p["met"].dropna().unique()) <= {True, False}
    True
    """
    indicators = accept_member_names(_table_of(indicators))
    _check_columns(indicators, ["member_code", "member", "year", "indicator", "measure", "value"],
                   "plan_achievement")
    require_years(year, indicators["year"].unique())
    plan = _pick(indicators, year, "plan", "plan")
    actual = _pick(indicators, year, "actual", "actual")
    table = plan.join(actual, how="inner").reset_index()
    table = table.rename(columns={"plan_value": "plan", "actual_value": "actual", "member_actual": "member",
                                  "unit_actual": "unit"})
    table = pd.concat([table, _facts(table["indicator"], _written_names(indicators))], axis=1)
    table["better"] = _target_direction(table, indicators)
    table["year"] = year
    with np.errstate(invalid="ignore", divide="ignore"):
        table["ratio"] = (table["actual"] / table["plan"]).where(table["plan"] != 0)
    table["pct"] = 100 * table["ratio"]
    met = np.where(table["better"] == "lower_is_better", table["actual"] <= table["plan"],
                   table["actual"] >= table["plan"])
    table["met"] = pd.array(met, dtype="boolean")
    table.loc[table["better"] == "neutral", "met"] = pd.NA
    columns = ["member_code", "member", "indicator", "indicator_name", "unit", "better", "year", "plan",
               "actual", "ratio", "pct", "met", "source_plan", "source_actual"]
    table = in_member_order(table[columns], by=["indicator"], order=indicators.attrs.get("member_order"))
    return _carry(indicators, table.reset_index(drop=True))


def _target_direction(table: pd.DataFrame, indicators: pd.DataFrame) -> pd.Series:
    """Which way a target is met. A catalogue indicator by its direction; an indicator of the
    member's own (an agency's task: "tỷ lệ hồ sơ giải quyết đúng hạn") that it gave a plan for
    is a target to reach (actual ≥ plan) unless the table's ``direction`` column says
    otherwise: a plan is a commitment, and a khối judges its agencies on their own targets."""
    own = ~table["indicator"].isin(catalog.indicators().table.index)
    better = table["better"].where(~own, "higher_is_better")
    if "direction" in indicators:
        given = indicators.dropna(subset=["direction"]).drop_duplicates("indicator").set_index("indicator")
        said = table["indicator"].map(given["direction"]).where(lambda d: d.isin(
            ["higher_is_better", "lower_is_better", "neutral"]))
        better = said.where(own & said.notna(), better)
    return better


def plan_summary(achievement: pd.DataFrame) -> pd.DataFrame:
    """The cluster view of :func:`plan_achievement`: a district × indicator table of
    met (True/False), with ``met`` and ``of`` counts per district, best first.

    Returns
    -------
    DataFrame
        one row per member (index `member`): one column per indicator (its name: met or not), then
        `met` (how many met) and `of` (how many planned).
    """
    table = achievement.dropna(subset=["met"]).pivot(index="member", columns="indicator_name", values="met")
    table["met"] = table.sum(axis=1).astype(int)
    table["of"] = table.drop(columns="met").notna().sum(axis=1)
    return _carry(achievement, table.sort_values(["met", "of"], ascending=[False, True]))
