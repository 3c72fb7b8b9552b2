"""The pack's workbook: one sheet per table the conference may check, in Vietnamese
headings, with the rules, the sources and what was refused."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from emulation_stats.analysis.compare import plan_summary
from emulation_stats.analysis.scoring import ScoreTable
from emulation_stats.core import catalog
from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, phrase
from emulation_stats.pack.contents import SHEETS, ReportPack, _Analysis, _cluster_name, _intro, file_name
from emulation_stats.pack.export import catalogue_names, header, to_xlsx, yes_no
from emulation_stats.words.scores import score_explanations

if TYPE_CHECKING:  # a type named only
    from emulation_stats.load.dataset import Dataset


def _workbook(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> Path:
    """review_<year>.xlsx: every sheet a person reads and prints on A4 (names, not the
    library's keys; words for yes and no; no sheet printed empty; the vote where the
    dataset has one; the score table split so that no sheet is too wide to print)."""
    sheets: dict[str, pd.DataFrame] = {SHEETS[lang]["about"]: _intro(dataset, pack, lang)}
    none_found: list[tuple[str, str]] = []  # what there is none of, said on the first sheet under its name
    sheet_formats: dict[str, dict[str, str]] = {}
    keys = ["indicator", "award", "criterion", "code"]  # catalogue keys: each has its name beside it
    if a.yoy is not None:
        # the years are on the first sheet; the direction is the sign of the change
        said = ["better", "kind", "measure", "base_year", "current_year", "direction"]
        sheets[SHEETS[lang]["year_over_year"]] = _without(a.yoy, lang=lang, columns=[*said, *keys])
    if a.plans is not None:
        sheets[SHEETS[lang]["plans"]] = _without(a.plans, lang=lang, columns=["better", *keys])
        summary = plan_summary(catalogue_names(a.plans, lang)).reset_index()
        for column in [c for c in summary.columns if pd.api.types.is_bool_dtype(summary[c])]:  # đạt / chưa đạt
            summary[column] = yes_no(summary[[column]].set_axis(["met"], axis=1), lang)["met"]
        sheets[SHEETS[lang]["plans_summary"]] = summary
    if a.trends is not None:
        sheets[SHEETS[lang]["trends"]] = _without(a.trends, lang=lang, columns=["better", *keys])
    if a.awards is not None:
        sheets[SHEETS[lang]["awards"]] = _without(a.awards.counts, lang=lang, columns=["authority_rank", *keys])
        sheets[SHEETS[lang]["awards_by_year"]] = _without(a.awards_by_year, lang=lang, columns= keys)
    formats = {"base_value": "#,##0.0#", "current_value": "#,##0.0#", "change": "+#,##0.0#;-#,##0.0#;0",
               "plan": "#,##0.0#", "actual": "#,##0.0#", "points": "0.00", "total": "0.00",
               "gap_to_first": "0.00", "p_first": "0.0%", "p_top_k": "0.0%", "vote_share": "0.0%",
               "count": "#,##0", "first": "#,##0.0#", "last": "#,##0.0#", "mean": "#,##0.0#", "cagr": "0.0%",
               "slope": "#,##0.00", "votes_for": "#,##0", "voters": "#,##0"}
    if a.table is not None:
        scores = a.proposal.table
        if "gap_to_first" in scores:  # the gap between the printed totals, as the báo cáo says it
            shown = scores["total"].astype(float).round(2)
            scores = scores.assign(gap_to_first=(shown.max() - shown).round(2))
        sheets[SHEETS[lang]["scores"]] = scores
        points = _points_by_criterion(a.table)
        sheet_formats[SHEETS[lang]["points"]] = dict.fromkeys(points.columns[2:], "0.00")
        formats["max_points"] = "#,##0" if (points["max_points"].dropna() % 1 == 0).all() else "#,##0.0#"
        explanations = score_explanations(a.table, lang=lang).drop(columns="key")  # rules already in words
        rules = explanations.groupby("criterion", sort=False)["rule"].unique()
        if (rules.map(len) == 1).all():  # each criterion's rule said once, beside its points, not on every member
            points.insert(2, "rule", points["criterion"].map(rules.str[0]))
            explanations = explanations.drop(columns=["rule"])
        sheets[SHEETS[lang]["points"]] = points
        sheets[SHEETS[lang]["explanations"]] = explanations
        checks = [c[:1].upper() + c[1:] for c in a.proposal.checks]
        if checks:  # nothing to check is said on the first sheet, not on a page of its own
            sheets[SHEETS[lang]["checks"]] = pd.DataFrame({"message": checks})
        else:
            none_found.append((SHEETS[lang]["checks"], phrase("workbook_no_checks", lang)))
        sheets[SHEETS[lang]["robustness"]] = a.robust.rank_stats
        sheets[SHEETS[lang]["leave_one_out"]] = _ranks_without_each_criterion(a.loo, lang)
        convention = pd.DataFrame([(SHEETS[lang]["leave_one_out"], phrase("loo_convention", lang))],
                                  columns=["label", "value"])  # how "without" is counted, where it is shown
        sheets[SHEETS[lang]["about"]] = pd.concat([sheets[SHEETS[lang]["about"]], convention], ignore_index=True)
    votes = _votes(dataset, pack.year, lang)
    if votes is not None:
        sheets[SHEETS[lang]["votes"]] = votes
    # every file read, and the ones that could not be read, with why
    report = dataset.report  # each problem once, in the pack's language
    errors = pd.DataFrame({"file": report.errors["file"], "message": report.error_messages(lang=lang)})
    sheets[SHEETS[lang]["provenance"]] = pd.concat([dataset.report.files, errors],
                                                   ignore_index=True) if len(dataset.report.errors) \
        else dataset.report.files
    for key, table, nothing in (("rejected_rows", dataset.report.rejected, "workbook_none_rejected"),
                                ("warnings", dataset.report.warnings, "workbook_no_warnings")):
        table = _without(_problems_in(table, lang), keys)  # the message says what the code means
        if "column" in table:  # a column of the library's tables by its heading (recipient_kind -> Đối tượng)
            table = table.assign(column=table["column"].map(lambda c: header(c, lang) if isinstance(c, str) else c))
        if len(table):
            sheets[SHEETS[lang][key]] = table
        else:
            none_found.append((SHEETS[lang][key], phrase(nothing, lang)))
    if none_found:  # what the pack found nothing of, on the first sheet
        intro = sheets[SHEETS[lang]["about"]]
        sheets[SHEETS[lang]["about"]] = pd.concat(
            [intro, pd.DataFrame(none_found, columns=["label", "value"])], ignore_index=True)
    sheets = {name: _without_empty_columns(table) for name, table in sheets.items()}
    cluster = _cluster_name(dataset, lang)
    return to_xlsx(sheets, pack.out_dir / file_name("workbook", lang, year=pack.year), lang, formats,
                   page_header=ILLUSTRATIVE_MARK if dataset.illustrative else None,
                   page_footer=f"{cluster} — {pack.year}", sheet_formats=sheet_formats)


def _without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A printed sheet without columns nothing was written in (a law note no award needed)."""
    def blank(value: object) -> bool:
        return value == "" if isinstance(value, str) else bool(np.ndim(value) == 0 and pd.isna(value))

    empty = [c for c in frame.columns if frame[c].map(blank).all()]
    return frame.drop(columns=empty) if len(frame) and len(empty) < len(frame.columns) else frame


def _without(frame: pd.DataFrame, columns: list[str], lang: str = "vi") -> pd.DataFrame:
    """``frame`` without the library's ``columns``, catalogue names first put in ``lang`` (they
    are told by the keys dropped)."""
    frame = catalogue_names(frame, lang)
    return frame.drop(columns=[c for c in columns if c in frame.columns])


def _problems_in(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rejected rows and warnings for the pack's reader, in the pack's language (each
    problem is said in both by the load)."""
    english = [c for c in table.columns if str(c).endswith("_en")]
    if lang == "en":
        table = table.assign(**{c.removesuffix("_en"): table[c] for c in english})
    return table.drop(columns=english)


def _points_by_criterion(table: ScoreTable) -> pd.DataFrame:
    """The score table turned on its side: a row per criterion (its name and most points),
    a column per member in rank order, so that many criteria still print on one A4 width."""
    order = table.total.sort_values(ascending=False).index
    points = table.points.loc[order].T
    # the most a member can earn: a plan beaten up to its cap counts (10 points capped at 120% is 12)
    maxima = {c.key: c.max_points * c.cap for c in table.rubric.criteria} | \
        {a.key: a.limit for a in table.rubric.adjustments}
    frame = pd.DataFrame({"criterion": [table.rubric.labels.get(c, c) for c in points.index],
                          "max_points": [maxima.get(c, np.nan) for c in points.index]})
    names = table.names.to_dict()
    for code in order:
        frame[names.get(code, code)] = points[code].to_numpy()
    return frame


def _ranks_without_each_criterion(loo: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Leave-one-out turned on its side: a row per criterion left out (the first row: the
    ranks on the whole rubric), a column per member in rank order, and whether leaving the
    criterion out changes who is first — one printed page, not a list of criteria × members."""
    nominal = loo.drop_duplicates("member_code").sort_values("nominal_rank")
    order = list(nominal["member_code"])
    names = dict(zip(nominal["member_code"], nominal["member"]))
    ranks = loo.pivot_table(index="label", columns="member_code", values="rank_without", sort=False)[order]
    changes = loo.groupby("label", sort=False)["changes_winner"].any()
    first = pd.DataFrame([dict(zip(order, nominal["nominal_rank"]))], index=[header("nominal_rank", lang)])
    table = pd.concat([first, ranks]).rename(columns=names)
    table.insert(0, "changes_winner", [pd.NA, *changes.reindex(ranks.index)])
    table = table.rename_axis("criterion").reset_index()
    return table.astype({name: "Int64" for name in names.values()})


def _votes(dataset: Dataset, year: int, lang: str) -> pd.DataFrame | None:
    """The ballot of ``year`` (votes.csv), a row per member and proposal; None without one."""
    votes = dataset.votes
    if votes is None or votes.empty or "year" not in votes or not (votes["year"] == year).any():
        return None
    votes = votes[votes["year"] == year].copy()
    names = dict(zip(dataset.clusters["member_code"], dataset.clusters["member"])) if dataset.clusters is not None \
        else {}
    frame = pd.DataFrame({
        "member_code": votes["member_code"],
        "member": votes["member_code"].map(lambda c: names.get(c, c)),
        "proposal": votes["proposal"].map(lambda k: _award_name(k, lang)),
        "votes_for": votes["votes_for"], "voters": votes["voters"],
        "vote_share": votes["votes_for"] / votes["voters"].where(votes["voters"] > 0),
        "source": votes["source"]})
    for column in ("votes_for", "voters"):
        if frame[column].notna().all():
            frame[column] = frame[column].astype(int)
    return frame.dropna(axis=1, how="all").reset_index(drop=True)


def _award_name(key: object, lang: str) -> object:
    """An award's name in ``lang`` from the catalogue (awards.csv); the key if it has none."""
    if lang == "vi":
        return catalog.award_display_name(str(key))
    base = catalog.award_base(str(key))
    return catalog.awards()[base]["name_en"] if base in catalog.awards() else key
