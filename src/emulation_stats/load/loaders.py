"""Tidy loaders that never lose a row: every file of a folder read, its rows parsed at once by
the table's own rules, repeats and duplicates settled, and the account of it (``LoadReport``)."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from emulation_stats.core import catalog
from emulation_stats.core.errors import DataError, Term, Words, said_both
from emulation_stats.core.frames import (
    ERROR_COLUMNS,
    FILE_COLUMNS,
    REJECTED_COLUMNS,
    WARNING_COLUMNS,
    apply_unique,
    concat_frames,
    empty_frame,
)
from emulation_stats.core.text import format_number
from emulation_stats.io import display_path, read_grids
from emulation_stats.io.cellformats import sheet_formats
from emulation_stats.io.tables import formula_cells
from emulation_stats.load import forms
from emulation_stats.load.awards import _awards
from emulation_stats.load.dedupe import absorb_repeats, aggregate_recipients, split_duplicates
from emulation_stats.load.grids import (
    _criteria_across,
    _find_header,
    _missing_columns,
    _rows_from_grid,
    _scores_across,
    _table_words,
    _written_constants,
)
from emulation_stats.load.indicators import _indicators
from emulation_stats.load.issues import (
    _FORM_EXTRA,
    COLUMNS,
    FIGURES,
    MAX_CELL_CHARACTERS,
    NON_TEXT,
    OPTIONAL,
    REQUIRED,
    SCHEMAS,
    Criteria,
    LoadContext,
    _concat_rows,
    _FormBatch,
    _Issues,
    _Rows,
)
from emulation_stats.load.members import _agency_names
from emulation_stats.load.report import LoadReport
from emulation_stats.load.scores import _assessments, _clusters, _votes

SUFFIXES = (".csv", ".xlsx", ".xlsm")


# --- collecting problems row by row --------------------------------------------------


# Warnings an unsaved formula can cause: it reads as an empty cell.
EMPTY_CELL_WARNINGS = ("no_value", "empty_table")


def _formula_notes(files: list[Path], refused: Iterable[str], warnings: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Workbooks with empty or refused cells may hold formulas saved without their values
    (written by a program, never opened in Excel): say so where it is the case. Only
    workbooks with refused rows (``refused``: their sheets) or empty cells reported are
    looked into, so a clean load costs nothing."""
    troubled = set(refused)
    for frame in warnings:
        troubled |= set(frame.loc[frame["code"].isin(EMPTY_CELL_WARNINGS), "_file"])
    troubled_files = {label.partition("#")[0] for label in troubled}  # "folder/file.xlsx#Sheet" -> the file
    notes = []
    for path in files:
        label = display_path(path)
        if path.suffix.lower() not in (".xlsx", ".xlsm") or label not in troubled_files:
            continue
        for sheet, found in sheet_formats(path, formulas=True).items():
            if found.formulas_without_value:  # each cell named as Excel names it
                notes.append(pd.DataFrame([{
                    "source": f"{label}#{sheet}", "column": "", "code": "formula_without_value",
                    "message": Term("formulas_without_values", cells=formula_cells(found)),
                    "_file": f"{label}#{sheet}"}]))
    return notes


def _reject_long_text(rows: _Rows, issues: _Issues) -> None:
    for column in rows.cells.columns:
        if column.startswith("_") or column in FIGURES:
            continue
        texts = filter(str.__instancecheck__, rows.cells[column].to_numpy(dtype=object))
        if max(map(len, texts), default=0) <= MAX_CELL_CHARACTERS:  # the usual case, at C speed
            continue
        lengths = apply_unique(rows.cells[column], lambda v: len(v) if isinstance(v, str) else 0).astype(int)
        long = lengths > MAX_CELL_CHARACTERS
        if long.any():
            issues.reject_where(long, column, "text_too_long", said_both(
                "cell_too_long", size=Words(lengths[long].map(format_number), lengths[long].map("{:,}".format)),
                most=Words(format_number(MAX_CELL_CHARACTERS), f"{MAX_CELL_CHARACTERS:,}")))


# --- the tables ----------------------------------------------------------------------


PARSERS: dict[str, Callable[[_Rows, _Issues, LoadContext], pd.DataFrame]] = {
    "indicators": _indicators, "awards": _awards, "assessments": _assessments,
    "votes": _votes, "clusters": _clusters,
}


def expand_paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Files named directly, and the .csv/.xlsx files of named folders (sorted)."""
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files: list[Path] = []
    for item in map(Path, items):
        if item.is_dir():
            files.extend(sorted(p for p in item.rglob("*") if p.suffix.lower() in SUFFIXES
                                and p.is_file() and not p.name.startswith(("~$", "."))))
        elif item.exists():
            files.append(item)
        else:
            raise DataError("path_missing", path=item)
    return files


PROGRESS_MIN_FILES = 20


def _load(paths: str | Path | Iterable[str | Path], table: str,
          ctx: LoadContext) -> tuple[pd.DataFrame, LoadReport]:
    """Read every file, parse all their rows at once, then settle repeats and duplicates."""
    with _cycles_collected_after():
        return _load_files(paths, table, ctx)


@contextmanager
def _cycles_collected_after() -> Iterator[None]:
    """A large file is read into a list per row, millions of them and no reference cycle:
    the cycle collector, run over them again and again while they are made, costs a sixth
    of the load. It is paused, and runs as usual once the load is done."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _load_files(paths: str | Path | Iterable[str | Path], table: str,
                ctx: LoadContext) -> tuple[pd.DataFrame, LoadReport]:
    files = expand_paths(paths)
    single = isinstance(paths, (str, Path)) and Path(paths).is_file()
    parts: list[_Rows] = []
    warnings: list[pd.DataFrame] = []
    errors: list[tuple[str, str]] = []
    batch = _FormBatch(table)
    # disable=None: a bar on a terminal, silent in pipes, logs and notebooks' stderr.
    for path in tqdm(files, desc=f"Đọc {table}", unit="tệp", leave=False,
                     disable=None if len(files) >= PROGRESS_MIN_FILES else True):
        try:
            parts.extend(_parse_file(path, table, ctx, warnings, batch))
        except DataError as exc:
            if single:
                raise
            # One unreadable file of a folder: the others are still loaded, this one reported.
            errors.append((display_path(path), str(exc), exc.in_language("en")))
    error_frame = pd.DataFrame(errors, columns=ERROR_COLUMNS) if errors else empty_frame(ERROR_COLUMNS)
    parts = [p for p in [*parts, batch.rows()] if p is not None and len(p.cells)]
    if not parts:
        warnings += _formula_notes(files, (), warnings)  # a sheet of formulas alone reads as empty
        good = empty_frame(COLUMNS[table] + ["_file"])
        rejected_all = concat_frames(warnings[:0], REJECTED_COLUMNS)
        warnings_all = concat_frames(warnings, WARNING_COLUMNS)
        report = LoadReport(0, 0, rejected_all.reindex(columns=REJECTED_COLUMNS),
                            warnings_all.reindex(columns=WARNING_COLUMNS),
                            _file_counts(pd.Series(dtype=object), good, rejected_all, warnings_all, table),
                            error_frame)
        return _finish(good, table), report
    rows = _concat_rows(parts)
    issues = _Issues(rows)
    _reject_long_text(rows, issues)
    out = PARSERS[table](rows, issues, ctx)
    for extra in _FORM_EXTRA.get(table, []):
        if extra in rows.cells:
            out[extra] = rows.cells[extra].fillna(0 if extra == "_rank" else "")
    if "value" in rows.headers:
        out["_header"] = rows.headers["value"]
    out["_file"] = rows.files
    good = out[~issues.bad]
    good, repeats, repeat_warnings = absorb_repeats(good, table)
    read_files = rows.files.drop(repeats.index)
    good, dup_rejected, dup_warnings = split_duplicates(good, table)
    rejected_all = concat_frames([issues.rejected(), dup_rejected], REJECTED_COLUMNS)
    if table in ("votes", "assessments") and ctx.members is not None and len(ctx.members):
        warnings += _left_out(good, table, ctx.members)
    warnings += _formula_notes(files, issues.rows.files[issues.bad], warnings + issues.warnings)
    warnings_all = concat_frames(warnings + issues.warnings + [repeat_warnings, dup_warnings], WARNING_COLUMNS)
    report = LoadReport(
        rows_read=len(read_files), rows_loaded=len(good),
        rejected=rejected_all.reindex(columns=REJECTED_COLUMNS).reset_index(drop=True),
        warnings=warnings_all.reindex(columns=WARNING_COLUMNS).reset_index(drop=True),
        files=_file_counts(read_files, good, rejected_all, warnings_all, table, repeats), errors=error_frame)
    if ctx.by_recipient:
        return _finish(good, table, extra=_FORM_EXTRA["awards"]), report
    if table == "awards":
        good = aggregate_recipients(good)
    return _finish(good, table), report


def _left_out(good: pd.DataFrame, table: str, members: pd.DataFrame) -> list[pd.DataFrame]:
    """Members a ballot or the score sheets of a year leave out, said (``member_left_out``): a
    ballot with counts that has no line for a member; a member no one scored; an assessor
    who scored most others but not every one."""
    notes = []
    names = members.drop_duplicates("member_code", keep="last").set_index("member_code")["member"].astype(str)
    for year, rows in good.groupby("year"):
        listed = list(dict.fromkeys(members.loc[members["year"].astype(int) == int(year), "member_code"]))
        said = _left_out_votes(rows, listed, names, year) if table == "votes" else \
            _left_out_scores(rows, listed, names, year)
        files = list(dict.fromkeys(rows["_file"]))
        notes += [pd.DataFrame([{"source": ", ".join(files), "column": "", "code": "member_left_out",
                                 "message": message, "_file": files[0]}]) for message in said]
    return notes


def _left_out_votes(rows: pd.DataFrame, listed: list[str], names: pd.Series, year: int) -> list[Term]:
    said = []
    for proposal, ballot in rows[rows["voters"].notna()].groupby("proposal"):
        missing = [names[c] for c in listed if c not in set(ballot["member_code"])]
        if missing and len(ballot) >= 2:  # a ballot with counts, not the one member proposed
            said.append(Term("ballot_leaves_out", award=catalog.award_display_name(str(proposal)), year=year,
                             missing=", ".join(missing)))
    return said


def _left_out_scores(rows: pd.DataFrame, listed: list[str], names: pd.Series, year: int) -> list[Term]:
    scored = set(rows["member_code"])
    missing = [names[c] for c in listed if c not in scored]
    said = [Term("scores_leave_out", year=year, missing=", ".join(missing))] if missing and listed else []
    cross = rows[rows["assessor_code"] != rows["member_code"]]
    for assessor, given in cross.groupby("assessor_code"):
        if assessor not in listed:
            continue
        others = [c for c in listed if c != assessor]
        skipped = [names[c] for c in others if c not in set(given["member_code"])]
        # A cluster that pairs its members (each scores one other) is no sheet left short.
        if skipped and len(set(given["member_code"])) * 2 >= len(others):
            said.append(Term("assessor_leaves_out", assessor=names.get(assessor, assessor), year=year,
                             missing=", ".join(skipped)))
    return said


def detect_table(path: str | Path) -> str:
    """Which table a file holds: from its folder or file name, else from its header."""
    path = Path(path)
    for part in (path.stem, path.parent.name):
        for table in COLUMNS:
            if table in part.lower() or table.rstrip("s") == part.lower():
                return table
    grids = [g for g in read_grids(path) if g.rows]
    scores = {}
    for table in COLUMNS:
        found = [_find_header(g, table) for g in grids]
        names = {c for f in found if f for c in f[1].values()}
        scores[table] = sum(1 for group in REQUIRED[table] if set(group) & names)
        scores[table] -= 0 if scores[table] == len(REQUIRED[table]) else 100
    for table in FORM_TABLES:
        if any(forms.has_form(g, table) for g in grids):
            scores[table] = max(scores[table], 0)
    best = max(scores, key=lambda t: scores[t])
    if scores[best] < 0:
        raise DataError("table_kind_unknown", file=display_path(path))
    return best


FORM_TABLES = ("indicators", "awards")


def _parse_file(path: Path, table: str, ctx: LoadContext, warnings: list[pd.DataFrame],
                batch: _FormBatch) -> list[_Rows]:
    """The rows of every tidy sheet of a file; the records of its report forms go to
    ``batch``."""
    parsed, skipped, found_any = [], [], False
    for grid in read_grids(path, ctx.engine):
        for code, message in grid.notes:
            warnings.append(pd.DataFrame([{"source": display_path(path), "column": "", "code": code,
                                           "message": message, "_file": grid.label}]))
        if not grid.rows:
            continue
        found = _find_header(grid, table)
        # what a title says instead of a column, looked for only where a column is missing
        short = _missing_columns(found[1], table) if found is not None else []
        given = _written_constants(grid, table, found, ctx) if short and (table == "assessments" or all(
            "year" in g for g in short)) else {}
        across = _criteria_across(grid, found, ctx.criteria) if table == "assessments" and found else {}
        if across:  # "Đơn vị được chấm | Tổ chức phong trào (20 điểm) | Công tác khen thưởng (10 điểm) | Tổng"
            parsed.append(_scores_across(grid, found, across, given))
            found_any = True
            continue
        if found is not None and not _missing_columns(found[1], table, given):
            rows = _rows_from_grid(grid, table, found, warnings, given)
            if rows.cells.empty:
                warnings.append(pd.DataFrame([{"source": grid.label, "column": "", "code": "empty_table",
                                               "message": Term("table_only_header", table=_table_words()[table]),
                                               "_file": grid.label}]))
            parsed.append(rows)
            found_any = True
            continue
        form = forms.read_form(grid, table, district=ctx.district, province=ctx.province,
                               agencies=_agency_names(ctx.members), year=ctx.year) if table in FORM_TABLES else None
        if form is not None:
            batch.add(form)
            found_any = True
            if form.warnings:
                warnings.append(pd.DataFrame(form.warnings).assign(_file=grid.label))
        elif found is not None:
            parsed.append(_rows_from_grid(grid, table, found, given=given))  # raises: names the missing columns
        else:
            skipped.append(grid.label)
    if not found_any:
        headings = SCHEMAS[table].headings  # what a user writes, never the library's field names
        needed = Words(*("; ".join(f" {word} ".join(f"'{headings.get(c) or c}'" for c in g) for g in REQUIRED[table])
                         for word in ("hoặc", "or")))
        raise DataError("table_not_found", file=display_path(path), table=_table_words()[table], needed=needed,
                        form=Term("or_a_report_form") if table in FORM_TABLES else "")
    for label in skipped:
        warnings.append(pd.DataFrame([{"source": label, "column": "", "code": "sheet_skipped",
                                       "message": Term("sheet_without_table", table=_table_words()[table]),
                                       "_file": label}]))
    return parsed


def _file_counts(read_files: pd.Series, good: pd.DataFrame, rejected: pd.DataFrame,
                 warnings: pd.DataFrame, table: str, repeats: pd.DataFrame | None = None) -> pd.DataFrame:
    # Counted by Counter over each column's labels: a frame of a few files is built in a
    # fraction of what five factorize-and-bincount passes cost on every load.
    read = Counter(read_files.tolist())
    files = {"file": np.array(list(read), dtype=object), "table": table,
             "rows_read": np.fromiter(read.values(), np.int64, len(read))}
    for column, frame in (("rows_loaded", good), ("rejected", rejected), ("warnings", warnings),
                          ("repeated", repeats)):
        counted = Counter(frame["_file"].tolist()) if frame is not None and len(frame) else Counter()
        # a file read no row of has none
        files[column] = np.fromiter((counted.get(name, 0) for name in read), np.int64, len(read))
    return pd.DataFrame(files, columns=FILE_COLUMNS)


def _finish(good: pd.DataFrame, table: str, extra: list[str] | None = None) -> pd.DataFrame:
    """The contract's columns and dtypes: codes and names as text, years as int."""
    columns = COLUMNS[table] + [c for c in [*OPTIONAL[table], *(extra or [])] if c in good]
    # Column by column: DataFrame.astype with a mapping costs several times the sum of its columns.
    return pd.DataFrame({c: good[c].astype(NON_TEXT.get(c, "str")).array for c in columns})


def load_indicators(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
                    display_names: dict[str, str] | None = None, district: str | None = None,
                    engine: str = "calamine", members: pd.DataFrame | None = None,
                    year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load indicator tables: tidy sheets (docs/design.md columns or their Vietnamese headers)
    and official report forms (biểu mẫu), one district's or the cluster-wide sheet.

    A form's district comes from its title lines, else its sheet name, else its file
    name; ``district`` names it when none of these does. Each figure of a form is one
    row, its ``source`` the cell ("f.xlsx#Sheet!R12C5"). A figure a form repeats from
    another year's report is kept once (``report.files["repeated"]``).

    Returns
    -------
    (DataFrame, LoadReport)
        the figures, one row per member, year, indicator and measure: `member_code`, `member`,
        `year`, `indicator`, `measure`, `value`, `unit`, `source` (and, where present,
        `indicator_name`, `value_reported`, `unit_reported`, `era`); the report of what was read,
        loaded and refused.


    >>> df, report = load_indicators("data/gia_lai_2017/indicators")
    >>> report.rows_read == report.rows_loaded + len(report.rejected)
    True
    """
    return _load(paths, "indicators", LoadContext(province, display_names or {}, engine=engine, district=district,
                                                  members=members, year=year))


def load_awards(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
                display_names: dict[str, str] | None = None, cluster: str | None = None,
                district: str | None = None, by_recipient: bool = False,
                engine: str = "calamine", members: pd.DataFrame | None = None,
                year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load award tables, summary tables and decision lists.

    Awards the law does not allow for a recipient kind are kept with a warning, unknown
    award names under a derived key with a warning. A decision list (one recipient per
    row) is counted per award; ``by_recipient=True`` returns its rows one per recipient
    instead, with ``recipient, position, decision, decision_date``. The report counts
    rows as read: a recipient is one row.

    Returns
    -------
    (DataFrame, LoadReport)
        the awards: `year`, `member_code`, `member`, `cluster`, `award`, `award_name`, `authority`,
        `recipient_kind`, `count`, `posthumous`, `source`; the report of the load.


    >>> df, report = load_awards("data/gia_lai_2017/awards")
    >>> int(df["count"].sum()), list(report.warnings["code"])
    (132, ['law_recipient'])
    """
    return _load(paths, "awards", LoadContext(province, display_names or {}, cluster, engine, district,
                                              by_recipient, members, year=year))


def load_assessments(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
                     cluster: str | None = None, engine: str = "calamine", members: pd.DataFrame | None = None,
                     rubric: dict | None = None, year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load self and cross assessment scores (``assessor_code == member_code`` is a self-score).

    With ``rubric`` (rubric.yaml's content), each criterion may be written as the rubric's
    key, label or alias and is stored as the key; a name the rubric does not have, or
    points above the criterion's maximum, are refused.

    Returns
    -------
    (DataFrame, LoadReport)
        the scores: `year`, `cluster`, `assessor_code`, `member_code`, `criterion`, `points`,
        `source`; the report of the load.


    >>> df, report = load_assessments("data/sample/assessments")
    >>> bool((df["assessor_code"] == df["member_code"]).any()), report.ok
    (True, True)
    """
    return _load(paths, "assessments", LoadContext(province, {}, cluster, engine, members=members,
                                                   criteria=Criteria.from_rubric(rubric), year=year))


def load_votes(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
               cluster: str | None = None, engine: str = "calamine",
               members: pd.DataFrame | None = None, year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load ballot results (vote counts may be empty where the source gives none).

    Returns
    -------
    (DataFrame, LoadReport)
        the ballots: `year`, `cluster`, `member_code`, `proposal`, `votes_for`, `voters`, `source`;
        the report of the load.


    >>> df, report = load_votes("data/sample/votes.csv")
    >>> bool((df["votes_for"] <= df["voters"]).all())
    True
    """
    return _load(paths, "votes", LoadContext(province, {}, cluster, engine, members=members, year=year))


def load_clusters(paths: str | Path | Iterable[str | Path], *, province: str | None = None,
                  engine: str = "calamine", year: int | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Load cluster membership; ``member`` keeps the spelling the file uses for display.

    Returns
    -------
    (DataFrame, LoadReport)
        the members: `province_code`, `cluster`, `year`, `member_code`, `member`, `member_type`,
        `role`, `source`; the report of the load.


    >>> df, report = load_clusters("data/gia_lai_2017/clusters.csv")
    >>> sorted(df.loc[df["year"] == 2018, "role"])
    ['deputy', 'head', 'member', 'member']
    """
    return _load(paths, "clusters", LoadContext(province, engine=engine, year=year))
