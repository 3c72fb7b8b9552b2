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
from pathlib import Path

import pandas as pd

from . import catalog
from .awards import summarise_awards
from .compare import compare_years, plan_achievement
from .dataset import ILLUSTRATIVE_MARK, load_dataset
from .errors import DataError
from .export import header, readable, to_csv, to_xlsx
from .load import detect_table, load_assessments, load_awards, load_clusters, load_indicators, load_votes
from .loadreport import LoadReport
from .narrative import describe_awards, describe_changes, describe_ranking, describe_robustness, describe_score
from .scoring import AGGREGATIONS, propose, score
from .sensitivity import CHOICES, DEFAULT_ALTERNATIVES, DEFAULT_DRAWS, leave_one_out, sensitivity
from .wording import Words, number

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
          f"{words['warnings']} {len(report.warnings)}")
    for line in report.problem_lines():
        print(f"  {line}")


def _validate_one(path: Path, words: dict[str, str], province: str | None, district: str | None) -> LoadReport:
    if (path / "dataset.yaml").is_file():
        dataset = load_dataset(path)
        kind = words["illustrative"] if dataset.illustrative else words["real"]
        print(f"{words['dataset']} {path} ({dataset.name}; {kind})")
        return dataset.report
    if path.is_dir():
        if path.name in LOADERS:  # a folder of one table: indicators/, awards/, ...
            print(f"{path} ({path.name})")
            return LOADERS[path.name](path, province=province)[1]
        report, found = LoadReport(), False
        for table, loader in LOADERS.items():
            sub = path / table
            if sub.exists() or (path / f"{table}.csv").exists():
                report += loader(sub if sub.exists() else path / f"{table}.csv", province=province)[1]
                found = True
        if not found:
            raise DataError(f"{path}: không có dataset.yaml, cũng không có thư mục indicators/, awards/, ... "
                            "để kiểm tra")
        print(f"{path}")
        return report
    table = detect_table(path)
    print(f"{path} ({table})")
    extra = {"district": district} if district and table in ("indicators", "awards") else {}
    return LOADERS[table](path, province=province, **extra)[1]


def cmd_validate(args: argparse.Namespace) -> int:
    words = TEXT[args.lang]
    worst = EXIT_OK
    for raw in args.paths:
        path = Path(raw)
        try:
            report = _validate_one(path, words, args.province, args.unit)
        except DataError as exc:
            print(f"{words['error']}  {exc}", file=sys.stderr)
            worst = max(worst, EXIT_UNREADABLE)
            continue
        _print_report(report, words)
        if len(report.errors):
            worst = max(worst, EXIT_UNREADABLE)
        elif not report.ok:
            worst = max(worst, EXIT_REJECTED)
    return worst


def _load_table(path: Path, table: str, province: str | None, words: dict[str, str]) -> pd.DataFrame:
    """A dataset's table, or the table read from a file or folder; says if rows were refused."""
    if (path / "dataset.yaml").is_file():
        dataset = load_dataset(path)
        report, frame = dataset.reports_by_table.get(table, LoadReport()), getattr(dataset, table)
    else:
        frame, report = {"indicators": load_indicators, "awards": load_awards}[table](path, province=province)
    if not report.ok:
        print(f"{words['warn']}  {words['refused'].format(n=len(report.rejected), path=path)}", file=sys.stderr)
    return frame


def _shown(frame: pd.DataFrame, columns: list[str], lang: str) -> str:
    """A table for the terminal: Vietnamese (or English) headings and number format."""
    table = frame[columns].copy()
    for column in table.columns:
        if pd.api.types.is_float_dtype(table[column]):
            table[column] = table[column].map(lambda v: number(round(v, 1), lang) if pd.notna(v) else "n/a")
    return readable(table, lang).to_string(index=False)


def _write(frame: pd.DataFrame, args: argparse.Namespace, sheet: str) -> bool:
    """csv/xlsx output; False when the table should be printed instead."""
    if args.format == "table":
        return False
    if args.format == "xlsx":
        if not args.out:
            raise DataError("--format xlsx cần --out TỆP.xlsx")
        print(to_xlsx({sheet: frame}, args.out, lang=args.lang))
        return True
    if args.out:
        print(to_csv(frame, args.out, lang=args.lang))
    else:
        sys.stdout.write(to_csv(frame, lang=args.lang))
    return True


def cmd_yoy(args: argparse.Namespace) -> int:
    words = TEXT[args.lang]
    indicators = _load_table(Path(args.data), "indicators", args.province, words)
    table = compare_years(indicators, args.base, args.current)
    if args.indicator:
        present = set(table["indicator"])
        key = args.indicator if args.indicator in present else catalog.indicators().match(args.indicator)
        if key is None or key not in present:
            raise DataError(f"không có chỉ tiêu '{args.indicator}' trong số liệu {args.base}–{args.current}")
        table = table[table["indicator"] == key]
    if table.empty:
        raise DataError(f"không có số liệu để so sánh năm {args.base} với năm {args.current}")
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
    awards = _load_table(Path(args.data), "awards", args.province, words)
    summary = summarise_awards(awards, args.year, by=args.by)
    if summary.counts.empty:
        raise DataError(f"không có khen thưởng năm {args.year}")
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
        raise DataError(f"{path}: cần một bộ dữ liệu (thư mục có dataset.yaml)")
    dataset = load_dataset(path)
    words = TEXT[args.lang]
    if not dataset.report.ok:
        print(f"{words['warn']}  {words['refused'].format(n=len(dataset.report.rejected), path=path)}",
              file=sys.stderr)
    table = score(dataset, rubric=args.rubric, year=args.year, cluster=args.cluster, aggregation=args.aggregation)
    proposal = propose(table, dataset.votes, lang=args.lang)
    for line in table.missing_data(args.lang):  # points given without data: never only in --explain
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
    shown = readable(frame[["rank", "member", "total", "gap_to_first", "proposal"]], args.lang)
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
        raise DataError(f"--vary: không có lựa chọn {', '.join(unknown)} (có: {', '.join(CHOICES)}, default)")
    return {k: list(CHOICES[k]) for k in keys}


def cmd_sensitivity(args: argparse.Namespace) -> int:
    path = Path(args.data)
    if not (path / "dataset.yaml").is_file():
        raise DataError(f"{path}: cần một bộ dữ liệu (thư mục có dataset.yaml)")
    dataset = load_dataset(path)
    nominal = score(dataset, rubric=args.rubric, year=args.year)
    result = sensitivity(nominal, draws=args.draws, weight_noise=args.noise, alternatives=_alternatives(args.vary),
                         seed=args.seed, sobol=args.sobol)
    if _write(result.rank_stats, args, f"do_vung_{result.nominal.year}"):
        return EXIT_OK
    if dataset.illustrative:
        print(ILLUSTRATIVE_MARK)
    stats = readable(result.rank_stats.drop(columns="member_code"), args.lang).rename(
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


def cmd_report(args: argparse.Namespace) -> int:
    from .report import FORMATS, build_report  # charts and slides are only needed here
    from .wording import phrase

    path = Path(args.data)
    if not (path / "dataset.yaml").is_file():
        raise DataError(f"{path}: cần một bộ dữ liệu (thư mục có dataset.yaml)")
    formats = [f.strip().lstrip(".").lower() for f in args.format.split(",")] if args.format else None
    unknown = sorted(set(formats or ()) - set(FORMATS))
    if unknown:  # said before the load, not after it
        raise DataError(f"--format: không có định dạng {', '.join(unknown)}; chọn trong {', '.join(FORMATS)}")
    print(TEXT[args.lang]["loading"].format(path=path), flush=True)
    dataset = load_dataset(path)
    print(f"  {dataset.report.summary(args.lang)}", flush=True)
    pack = build_report(dataset, args.year, args.out, args.base_year, args.rubric, args.lang, draws=args.draws,
                        formats=formats, progress=lambda message: print(message, flush=True))
    print()
    print(phrase("pack_ready", args.lang, path=pack.out_dir))
    for file in sorted(p for p in pack.files if p.parent == pack.out_dir):
        print(f"  {file.name}")
    if pack.charts:
        print(f"  charts/ ({len(pack.charts)} × PNG + SVG)")
    for item in pack.left_out:
        print(f"  – {item}")
    return EXIT_OK


def cmd_forms(args: argparse.Namespace) -> int:
    from .handout import write_blank_forms  # writers are only needed here

    path = Path(args.data)
    if not (path / "dataset.yaml").is_file():
        raise DataError(f"{path}: cần một bộ dữ liệu (thư mục có dataset.yaml)")
    dataset = load_dataset(path)
    paths = write_blank_forms(dataset, args.year, args.out)
    print(TEXT[args.lang]["forms_written"].format(n=len(paths), year=args.year, out=args.out))
    for file in paths:
        print(f"  {file.relative_to(args.out)}")
    print(TEXT[args.lang]["forms_locked"])
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emulation-stats",
        description="Tổng kết thi đua của Cụm thi đua: kiểm tra, so sánh, chấm điểm, báo cáo.")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi",
                        help="ngôn ngữ hiển thị / output language (vi, en)")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="kiểm tra tệp hoặc bộ dữ liệu; in số dòng đọc/nạp/loại và từng lỗi")
    validate.add_argument("paths", nargs="+", help="tệp .csv/.xlsx, thư mục hoặc bộ dữ liệu")
    validate.add_argument("--province", help="tỉnh của các huyện (tên hoặc mã GSO), khi tên huyện trùng giữa các tỉnh")
    validate.add_argument("--unit", "--district", dest="unit", metavar="ĐƠN_VỊ",
                          help="đơn vị (huyện; xã, phường từ 2025) của biểu mẫu khi tiêu đề, tên trang tính và tên tệp "
                               "không ghi")
    validate.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS)
    validate.set_defaults(func=cmd_validate)

    yoy = commands.add_parser("yoy", help="so sánh hai năm: tăng, giảm, đánh giá và câu văn báo cáo")
    yoy.add_argument("data", help="bộ dữ liệu, hoặc tệp/thư mục chỉ tiêu")
    yoy.add_argument("--base", type=int, required=True, help="năm gốc (năm trước)")
    yoy.add_argument("--current", type=int, required=True, help="năm so sánh (năm nay)")
    yoy.add_argument("--indicator", help="chỉ một chỉ tiêu (mã hoặc tên)")
    _output_options(yoy)
    yoy.set_defaults(func=cmd_yoy)

    awards = commands.add_parser("awards", help="tổng hợp khen thưởng của một năm và đoạn văn báo cáo")
    awards.add_argument("data", help="bộ dữ liệu, hoặc tệp/thư mục khen thưởng")
    awards.add_argument("--year", type=int, required=True)
    awards.add_argument("--by", choices=("cluster", "member", "district"), default="cluster",
                        help="tổng hợp cho cả Cụm hay từng đơn vị (member; district vẫn nhận)")
    _output_options(awards)
    awards.set_defaults(func=cmd_awards)

    scoring = commands.add_parser("score", help="chấm điểm thi đua theo thang điểm, xếp hạng và đề nghị")
    scoring.add_argument("data", help="bộ dữ liệu (thư mục có dataset.yaml)")
    scoring.add_argument("--year", type=int, help="năm chấm điểm (mặc định: năm mới nhất có số liệu)")
    scoring.add_argument("--rubric", help="thang điểm .yaml hoặc .xlsx (mặc định: rubric.yaml của bộ dữ liệu)")
    scoring.add_argument("--cluster", help="cụm (khi bộ dữ liệu có nhiều cụm)")
    scoring.add_argument("--aggregation", choices=AGGREGATIONS, help="cách gộp điểm chấm chéo")
    scoring.add_argument("--explain", metavar="HUYỆN", help="giải thích từng điểm của một huyện")
    _output_options(scoring)
    scoring.set_defaults(func=cmd_score)

    robust = commands.add_parser("sensitivity", help="độ vững của xếp hạng khi các lựa chọn của thang điểm thay đổi")
    robust.add_argument("data", help="bộ dữ liệu (thư mục có dataset.yaml)")
    robust.add_argument("--year", type=int)
    robust.add_argument("--rubric", help="thang điểm .yaml hoặc .xlsx")
    robust.add_argument("--draws", type=int, default=DEFAULT_DRAWS, help=f"số kịch bản (mặc định {DEFAULT_DRAWS})")
    robust.add_argument("--noise", type=float, default=0.25, help="trọng số thay đổi ± bao nhiêu (mặc định 0,25)")
    robust.add_argument("--vary", help="các lựa chọn thay đổi: default, hoặc ví dụ aggregation,missing,ignore_noise")
    robust.add_argument("--seed", type=int, default=0)
    robust.add_argument("--sobol", action="store_true", help="tính chỉ số Sobol")
    _output_options(robust)
    robust.set_defaults(func=cmd_sensitivity)

    report = commands.add_parser("report", help="tạo bộ tài liệu hội nghị: Excel, trình chiếu, biểu đồ, báo cáo")
    report.add_argument("data", help="bộ dữ liệu (thư mục có dataset.yaml)")
    report.add_argument("--year", type=int, help="năm tổng kết (mặc định: năm mới nhất có số liệu)")
    report.add_argument("--base-year", type=int, help="năm so sánh (mặc định: năm trước)")
    report.add_argument("--out", default="build/review", help="thư mục kết quả (mặc định build/review)")
    report.add_argument("--rubric", help="thang điểm .yaml hoặc .xlsx")
    report.add_argument("--draws", type=int, default=DEFAULT_DRAWS,
                        help=f"số kịch bản kiểm tra độ vững (mặc định {DEFAULT_DRAWS})")
    report.add_argument("--format", metavar="DOCX,XLSX,...",
                        help="chỉ tạo các tệp này: docx, xlsx, pptx, md, html (mặc định: tất cả)")
    report.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS)
    report.set_defaults(func=cmd_report)

    handout = commands.add_parser("forms", help="tạo biểu mẫu trống (chỉ tiêu, khen thưởng) cho các thành viên điền")
    handout.add_argument("data", help="bộ dữ liệu (thư mục có dataset.yaml)")
    handout.add_argument("--year", type=int, required=True, help="năm báo cáo của biểu mẫu")
    handout.add_argument("--out", default="build/forms", help="thư mục kết quả (mặc định build/forms)")
    handout.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS)
    handout.set_defaults(func=cmd_forms)
    return parser


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--format", choices=("table", "csv", "xlsx"), default="table")
    command.add_argument("--out", help="tệp kết quả (.csv hoặc .xlsx)")
    command.add_argument("--province", help="tỉnh của các huyện (tên hoặc mã GSO)")
    command.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(f"{TEXT[args.lang]['error']}  {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - an analyst must never see a traceback
        if os.environ.get("EMULATION_STATS_DEBUG"):
            raise
        print(f"{TEXT[args.lang]['bug']}  {type(exc).__name__}: {exc} "
              "(đặt EMULATION_STATS_DEBUG=1 để xem chi tiết)", file=sys.stderr)
        return EXIT_BUG


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s code."""
    sys.exit(main())
