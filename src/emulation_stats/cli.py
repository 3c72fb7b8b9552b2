"""The ``emulation-stats`` command.

Exit codes: 0 all good; 1 rows were rejected; 2 a file or dataset could not be read;
3 an internal error (a bug: please report it with the command that caused it).
Problems are printed one per line, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from emulation_stats.analysis.awards import summarise_awards
from emulation_stats.analysis.compare import compare_years, plan_achievement
from emulation_stats.analysis.proposal import propose
from emulation_stats.analysis.scoring import AGGREGATIONS, score
from emulation_stats.analysis.sensitivity import (
    CHOICES,
    DEFAULT_ALTERNATIVES,
    DEFAULT_DRAWS,
    leave_one_out,
    sensitivity,
)
from emulation_stats.core import catalog
from emulation_stats.core.asked import require_names
from emulation_stats.core.errors import DataError
from emulation_stats.core.phrases import Words, number
from emulation_stats.core.resources import read_reference
from emulation_stats.load.dataset import ILLUSTRATIVE_MARK, file_context, load_dataset
from emulation_stats.load.loaders import (
    detect_table,
    load_assessments,
    load_awards,
    load_clusters,
    load_indicators,
    load_votes,
)
from emulation_stats.load.report import LoadReport
from emulation_stats.load.rubric import Rubric
from emulation_stats.pack.export import header, readable, to_csv, to_xlsx, value_word
from emulation_stats.units.naming import place
from emulation_stats.words.narrative import describe_awards, describe_changes
from emulation_stats.words.scores import describe_ranking, describe_robustness, describe_score

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, EXIT_BUG = 0, 1, 2, 3

LOADERS = {"indicators": load_indicators, "awards": load_awards, "assessments": load_assessments,
           "votes": load_votes, "clusters": load_clusters}

TEXT = Words("cli_")  # data/reference/phrases.csv


def _print_report(report: LoadReport, words: dict[str, str]) -> None:
    width = max([len(str(f)) for f in report.files["file"]] + [len(words["file"])])
    for row in report.files.itertuples(index=False):
        again = f"  ({words['repeats'].format(n=row.repeated)})" if row.repeated else ""
        print(f"  {row.file:<{width}}  {words['read']} {row.rows_read + row.repeated:>5}  "
              f"{words['loaded']} {row.rows_loaded:>5}  {words['rejected']} {row.rejected:>4}  "
              f"{words['warnings']} {row.warnings:>4}{again}")
    again = f", {words['repeats'].format(n=report.repeated)}" if report.repeated else ""
    print(f"  {words['total']}: {words['read']} {report.rows_read + report.repeated}{again}, {words['loaded']} "
          f"{report.rows_loaded}, {words['rejected']} {len(report.rejected)}, "
          f"{words['warnings']} {len(report.warnings)}"
          + (f", {words['unread_files'].format(n=len(report.errors))}" if len(report.errors) else ""))
    for line in report.problem_lines(lang=words.lang):
        print(f"  {line}")


def _validate_one(path: Path, words: dict[str, str], province: str | None, district: str | None,
                  year: int | None = None) -> LoadReport:
    if (path / "dataset.yaml").is_file():
        dataset = load_dataset(path, year=year)
        kind = words["illustrative"] if dataset.illustrative else words["real"]
        print(f"{words['dataset']} {path} ({dataset.name}; {kind})")
        # The review year's view checks a member's own earlier figures against its predecessors'.
        return dataset.on_units(dataset.latest_year).report if len(dataset.indicators) else dataset.report
    if path.is_dir():
        if path.name in LOADERS:  # a folder of one table: indicators/, awards/, ...
            print(f"{path} ({path.name})")
            return LOADERS[path.name](path, province=province, year=year)[1]
        report, found = LoadReport(), False
        for table, loader in LOADERS.items():
            sub = path / table
            if sub.exists() or (path / f"{table}.csv").exists():
                report += loader(sub if sub.exists() else path / f"{table}.csv", province=province, year=year)[1]
                found = True
        if not found:
            raise DataError("cli_nothing_to_check", folder=path)
        print(f"{path}")
        return report
    table = detect_table(path)
    print(f"{path} ({table})")
    extra = {"district": district} if district and table in ("indicators", "awards") else {}
    # a file of a dataset is read as its dataset reads it: its members, rubric and province
    context = {k: v for k, v in file_context(path, table).items() if v is not None}
    context.update({k: v for k, v in (("province", province), ("year", year)) if v is not None})
    return LOADERS[table](path, **context, **extra)[1]


def cmd_validate(args: argparse.Namespace) -> int:
    words = TEXT[args.lang]
    worst = EXIT_OK
    for raw in args.paths:
        path = Path(raw)
        try:
            report = _validate_one(path, words, args.province, args.unit, args.year)
        except DataError as exc:
            print(f"{words['error']}  {exc.in_language(words.lang)}", file=sys.stderr)
            worst = max(worst, EXIT_UNREADABLE)
            continue
        _print_report(report, words)
        if len(report.errors):
            worst = max(worst, EXIT_UNREADABLE)
        elif not report.ok:
            worst = max(worst, EXIT_REJECTED)
    return worst


def _load_table(path: Path, table: str, province: str | None, words: dict[str, str],
                year: int | None = None) -> pd.DataFrame:
    """A dataset's table (on the units of ``year`` where given), or the table read from a
    file or folder; says if rows were refused."""
    if (path / "dataset.yaml").is_file():
        dataset = load_dataset(path)
        shown = dataset.on_units(year) if year is not None else dataset
        report, frame = dataset.reports_by_table.get(table, LoadReport()), getattr(shown, table)
    else:
        frame, report = {"indicators": load_indicators, "awards": load_awards}[table](path, province=province)
    if not report.ok:
        print(f"{words['warn']}  {words['refused'].format(n=len(report.rejected), path=path)}", file=sys.stderr)
    return frame


def _shown(frame: pd.DataFrame, columns: list[str], lang: str) -> str:
    """A table for the terminal: Vietnamese (or English) headings and number format."""
    keys = [k for k in ("indicator", "award") if k in frame and k not in columns]  # what names it in English
    table = frame[columns + keys].copy()
    for column in columns:
        if pd.api.types.is_float_dtype(table[column]):
            table[column] = table[column].map(lambda v: number(round(v, 1), lang) if pd.notna(v) else "n/a")
    shown = readable(table, lang=lang)
    return shown.iloc[:, :len(columns)].to_string(index=False)


def _write(frame: pd.DataFrame, args: argparse.Namespace, sheet: str) -> bool:
    """csv/xlsx output; False when the table should be printed instead."""
    if args.format == "table":
        return False
    if args.format == "xlsx":
        if not args.out:
            raise DataError("cli_xlsx_needs_out")
        print(to_xlsx({sheet: frame}, args.out, lang=args.lang))
        return True
    if args.out:
        print(to_csv(frame, args.out, lang=args.lang))
    else:
        sys.stdout.write(to_csv(frame, lang=args.lang))
    return True


def cmd_yoy(args: argparse.Namespace) -> int:
    words = TEXT[args.lang]
    indicators = _load_table(Path(args.data), "indicators", args.province, words, year=args.current)
    table = compare_years(indicators, args.base, args.current)
    if args.indicator:  # its key, or any name the catalogue knows it by
        present = list(table["indicator"].unique())
        key = args.indicator if args.indicator in present else catalog.indicators().match(args.indicator)
        require_names(key or args.indicator, present, "chỉ tiêu")
        table = table[table["indicator"] == key]
    if _write(table, args, f"{args.base}-{args.current}"):
        return EXIT_OK
    if indicators.attrs.get("illustrative"):
        print(ILLUSTRATIVE_MARK)
    columns = ["member", "indicator_name", "unit", "base_value", "current_value", "change", "pct_change",
               "assessment"]
    print(_shown(table[table["level"] == "member"], columns, args.lang))
    print()
    print(describe_changes(table, lang=args.lang, plans=plan_achievement(indicators, args.current)))
    return EXIT_OK


def cmd_awards(args: argparse.Namespace) -> int:
    words = TEXT[args.lang]
    awards = _load_table(Path(args.data), "awards", args.province, words, year=args.year)
    summary = summarise_awards(awards, args.year, by=args.by)
    if summary.counts.empty:
        raise DataError("cli_no_awards", year=args.year)
    if _write(summary.counts, args, f"khen_thuong_{args.year}"):
        return EXIT_OK
    if awards.attrs.get("illustrative"):
        print(ILLUSTRATIVE_MARK)
    place = ["cluster"] if args.by == "cluster" else ["member"]
    print(_shown(summary.counts, [*place, "authority", "award_name", "recipient_kind", "count"], args.lang))
    print()
    print(describe_awards(awards, args.year, lang=args.lang, by=args.by))
    for note in summary.law_notes["law_note"]:
        print(f"{words['warn']}  {note}")
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    path = Path(args.data)
    if not (path / "dataset.yaml").is_file():
        raise DataError("cli_needs_dataset", folder=path)
    dataset = load_dataset(path, year=args.year)
    words = TEXT[args.lang]
    if len(dataset.report.rejected):
        print(f"{words['warn']}  {words['refused'].format(n=len(dataset.report.rejected), path=path)}",
              file=sys.stderr)
    _say_unread_files(dataset, words, args.year)
    table = score(dataset, rubric=_rubric_in(dataset, args), year=args.year, cluster=args.cluster,
                  aggregation=args.aggregation)
    proposal = propose(table, dataset.votes, lang=args.lang)
    for line in table.missing_data(lang=args.lang):  # points given without data: never only in --explain
        print(f"{words['warn']}  {line}", file=sys.stderr)
    checked = table.dataset.report.warnings if table.dataset is not None else pd.DataFrame(columns=["code"])
    column = "message_en" if args.lang == "en" else "message"
    for line in checked.loc[checked["code"] == "restated_differs", column]:  # what the scores rest on
        print(f"{words['warn']}  {line}", file=sys.stderr)
    if args.explain:
        print(describe_score(table, args.explain, lang=args.lang))
        return EXIT_OK
    columns = ["rank", "member", *table.points.columns, "total", "gap_to_first", "proposal"]
    frame = proposal.table.merge(table.points.round(2), left_on="member_code", right_index=True)
    frame["gap_to_first"] = frame["gap_to_first"].round(2)
    frame["total"] = frame["total"].round(2)
    if _write(frame[[c for c in columns if c in frame]], args, f"diem_{table.year}"):
        return EXIT_OK
    if dataset.illustrative:
        print(ILLUSTRATIVE_MARK)
    labels = table.rubric.labels
    shown = readable(frame[["rank", "member", "total", "gap_to_first", "proposal"]], lang=args.lang)
    for column in shown.columns[2:4]:
        shown[column] = shown[column].map(lambda v: number(v, args.lang))
    print(shown.to_string(index=False))
    print()
    points = table.points.reindex(proposal.table["member_code"]).rename(columns=labels)
    points.index = table.names.reindex(points.index).to_numpy()
    points = points.T.apply(lambda column: column.map(lambda v: number(round(v, 2), args.lang)
                                                       if pd.notna(v) else "—"))
    print(points.to_string())
    print()
    print(describe_ranking(table, lang=args.lang, proposal=proposal))
    return EXIT_OK


def _alternatives(vary: str | None) -> dict[str, list[object]]:
    if not vary:
        return {}
    if vary == "default":
        return dict(DEFAULT_ALTERNATIVES)
    keys = [k.strip() for k in vary.split(",") if k.strip()]
    unknown = [k for k in keys if k not in CHOICES]
    if unknown:
        raise DataError("cli_unknown_choice", unknown=", ".join(unknown), known=", ".join(CHOICES))
    return {k: list(CHOICES[k]) for k in keys}


def cmd_sensitivity(args: argparse.Namespace) -> int:
    path = Path(args.data)
    if not (path / "dataset.yaml").is_file():
        raise DataError("cli_needs_dataset", folder=path)
    dataset = load_dataset(path, year=args.year)
    nominal = score(dataset, rubric=_rubric_in(dataset, args), year=args.year)
    result = sensitivity(nominal, draws=args.draws, weight_noise=args.noise, alternatives=_alternatives(args.vary),
                         seed=args.seed, sobol=args.sobol)
    if _write(result.rank_stats, args, f"do_vung_{result.nominal.year}"):
        return EXIT_OK
    if dataset.illustrative:
        print(ILLUSTRATIVE_MARK)
    stats = readable(result.rank_stats.drop(columns="member_code"), lang=args.lang).rename(
        columns={header("p_top_k", args.lang): TEXT[args.lang]["p_top_k"].format(k=result.settings["top_k"])})
    for column in stats.columns[-2:]:
        stats[column] = stats[column].map(lambda v: number(round(100 * v, 1), args.lang) + "%")
    for column in stats.columns[2:5]:
        stats[column] = stats[column].map(lambda v: number(v, args.lang))
    print(stats.to_string(index=False))
    print()
    print(describe_robustness(result, lang=args.lang))
    if result.sobol is not None:
        print()
        words = TEXT[args.lang]
        sobol = pd.DataFrame({words["sobol_input"]: result.sobol["label"]})
        for column in ("first", "total", "total_low", "total_high"):  # 3 decimals, the language's way
            sobol[words[f"sobol_{column}"]] = result.sobol[column].map(lambda v: number(v, args.lang, decimals=3))
        print(sobol.to_string(index=False))
    loo = leave_one_out(nominal)
    changed = loo[loo["changes_winner"] & (loo["rank_without"] == 1)]
    if len(changed):
        print()
        for label, member in zip(changed["label"], changed["member"]):
            print(TEXT[args.lang]["without_criterion"].format(label=label, member=member))
    return EXIT_OK


def _rubric_in(dataset, args) -> Rubric | None:
    """The rubric to score with, its words in the command's language (the same points)."""
    chosen = args.rubric if args.rubric is not None else dataset.rubric
    return Rubric.load(chosen).in_language(args.lang) if chosen is not None else None


def _say_unread_files(dataset, words, year: int | None = None) -> None:
    """A file that could not be read is named wherever a result is made without it, with
    whose data it held: the scores and the pack lack its figures (a bonus lost moves a member)."""
    said = dataset.report.error_messages(lang=words.lang)
    for file, message in zip(dataset.report.errors["file"], said):
        why = str(message).removeprefix(f"{file}: ")  # the message names the file too
        print(f"{words['warn']}  {words['unread_file'].format(file=file, message=why)}", file=sys.stderr)
    if dataset.report.errors.empty:
        return
    year = year if year is not None else dataset.latest_year
    for (file, table, named), who in dataset.unread_members(year).groupby(["file", "table", "named"], sort=False):
        members = ", ".join(place(m, c, words.lang) for m, c in zip(who["member"], who["member_code"]))
        said = words["unread_members" if named else "unread_maybe"].format(
            file=file, table=value_word("table", table, words.lang), year=year, members=members)
        print(f"{words['warn']}  {said}", file=sys.stderr)


def cmd_report(args: argparse.Namespace) -> int:
    from emulation_stats.core.phrases import phrase
    from emulation_stats.pack.contents import FORMATS
    from emulation_stats.pack.report import build_report  # charts and slides are only needed here

    path = Path(args.data)
    if not (path / "dataset.yaml").is_file():
        raise DataError("cli_needs_dataset", folder=path)
    formats = [f.strip().lstrip(".").lower() for f in args.format.split(",")] if args.format else None
    unknown = sorted(set(formats or ()) - set(FORMATS))
    if unknown:  # said before the load, not after it
        raise DataError("cli_unknown_format", unknown=", ".join(unknown), known=", ".join(FORMATS))
    print(TEXT[args.lang]["loading"].format(path=path), flush=True)
    dataset = load_dataset(path, year=args.year)
    print(f"  {dataset.report.summary(lang=args.lang)}", flush=True)
    _say_unread_files(dataset, TEXT[args.lang], args.year)
    pack = build_report(dataset, args.year, args.out, base_year=args.base_year, rubric=args.rubric, lang=args.lang,
                        draws=args.draws, formats=formats, progress=lambda message: print(message, flush=True))
    print()
    print(phrase("pack_ready", args.lang, path=pack.out_dir))
    for file in sorted(p for p in pack.files if p.parent == pack.out_dir):
        print(f"  {file.name}")
    if pack.charts:
        print(f"  charts/ ({len(pack.charts)} × PNG + SVG)")
    for item in pack.left_out:
        print(f"  – {item}")
    return EXIT_OK


def cmd_province(args: argparse.Namespace) -> int:
    from emulation_stats.core.phrases import phrase
    from emulation_stats.load.province import load_province
    from emulation_stats.pack.province import build_province  # writers are only needed here

    words = TEXT[args.lang]
    print(words["loading"].format(path=args.data), flush=True)
    province = load_province(args.data, year=args.year)
    for group, dataset in province.datasets.items():
        print(f"  {group}: {dataset.report.summary(lang=args.lang)}", flush=True)
    for message in province.error_messages(lang=args.lang):  # a group that could not be read, by its name
        print(f"{words['error']}  {message}", file=sys.stderr)
    pack = build_province(province, args.out, year=args.year)
    print()
    print(phrase("province_pack_ready", args.lang, path=pack.out_dir))
    for file in pack.files:
        print(f"  {file.name}")
    return EXIT_UNREADABLE if len(province.errors) else EXIT_OK


def cmd_forms(args: argparse.Namespace) -> int:
    from emulation_stats.pack.handout import write_blank_forms  # writers are only needed here

    path = Path(args.data)
    if not (path / "dataset.yaml").is_file():
        raise DataError("cli_needs_dataset", folder=path)
    dataset = load_dataset(path, year=args.year)
    paths = write_blank_forms(dataset, args.year, args.out)
    print(TEXT[args.lang]["forms_written"].format(n=len(paths), year=args.year, out=args.out))
    for file in paths:
        print(f"  {file.relative_to(args.out)}")
    print(TEXT[args.lang]["forms_locked"])
    return EXIT_OK


@lru_cache(maxsize=1)
def _help_texts() -> pd.DataFrame:
    return read_reference("cli_help.csv").set_index("key")


def build_parser(lang: str = "vi") -> argparse.ArgumentParser:
    """The command's parser, its help in ``lang`` (cli_help.csv: every option has a line)."""
    texts = _help_texts()[lang]

    def say(key: str) -> str:
        return texts[key].format(draws=DEFAULT_DRAWS)

    parser = argparse.ArgumentParser(prog="emulation-stats", description=say("program"))
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help=say("lang"))
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, func, *positional: str, output: bool = False, **options: dict) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=say(name), description=say(name))
        for argument in positional:
            sub.add_argument(argument, help=say(f"{name}.{argument}"))
        for flag, settings in options.items():
            names = settings.pop("names", (f"--{flag.replace('_', '-')}",))
            sub.add_argument(*names, help=say(f"{name}.{flag}"), **settings)
        if output:
            sub.add_argument("--format", choices=("table", "csv", "xlsx"), default="table", help=say("output.format"))
            sub.add_argument("--out", help=say("output.out"))
            sub.add_argument("--province", help=say("output.province"))
        sub.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS, help=say("lang"))
        sub.set_defaults(func=func)
        return sub

    member = "ĐƠN_VỊ" if lang == "vi" else "MEMBER"
    validate = command("validate", cmd_validate, province={}, year={"type": int},
                       unit={"names": ("--unit", "--district"), "dest": "unit", "metavar": member})
    validate.add_argument("paths", nargs="+", help=say("validate.paths"))
    command("yoy", cmd_yoy, "data", output=True, base={"type": int, "required": True},
            current={"type": int, "required": True}, indicator={})
    command("awards", cmd_awards, "data", output=True, year={"type": int, "required": True},
            by={"choices": ("cluster", "member", "district"), "default": "cluster"})
    command("score", cmd_score, "data", output=True, year={"type": int}, rubric={}, cluster={},
            aggregation={"choices": AGGREGATIONS}, explain={"metavar": member})
    command("sensitivity", cmd_sensitivity, "data", output=True, year={"type": int}, rubric={},
            draws={"type": int, "default": DEFAULT_DRAWS}, noise={"type": float, "default": 0.25}, vary={},
            seed={"type": int, "default": 0}, sobol={"action": "store_true"})
    command("report", cmd_report, "data", year={"type": int}, base_year={"type": int},
            out={"default": "build/review"}, rubric={}, draws={"type": int, "default": DEFAULT_DRAWS},
            format={"metavar": "DOCX,XLSX,..."})
    command("forms", cmd_forms, "data", year={"type": int, "required": True}, out={"default": "build/forms"})
    command("province", cmd_province, "data", year={"type": int}, out={"default": "build/province"})
    return parser


def _asked_language(argv: Sequence[str]) -> str:
    """The language asked for, read before the parser is built (its help is in that language);
    a wrong value is left for the real parser to refuse."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", nargs="?")
    asked, _ = early.parse_known_args(argv)
    return asked.lang if asked.lang in ("vi", "en") else "vi"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_asked_language(argv))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(f"{TEXT[args.lang]['error']}  {exc.in_language(args.lang)}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - an analyst must never see a traceback
        if os.environ.get("EMULATION_STATS_DEBUG"):
            raise
        print(f"{TEXT[args.lang]['bug']}  {type(exc).__name__}: {exc} {TEXT[args.lang]['debug_hint']}",
              file=sys.stderr)
        return EXIT_BUG


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s code."""
    sys.exit(main())
