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

from .dataset import load_dataset
from .errors import DataError
from .load import detect_table, load_assessments, load_awards, load_clusters, load_indicators, load_votes
from .loadreport import LoadReport

EXIT_OK, EXIT_REJECTED, EXIT_UNREADABLE, EXIT_BUG = 0, 1, 2, 3

LOADERS = {"indicators": load_indicators, "awards": load_awards, "assessments": load_assessments,
           "votes": load_votes, "clusters": load_clusters}

TEXT = {
    "vi": {"dataset": "Bộ dữ liệu", "illustrative": "số liệu minh họa", "real": "số liệu thật",
           "file": "tệp", "read": "đọc", "loaded": "nạp", "rejected": "loại", "warnings": "cảnh báo",
           "total": "Tổng", "error": "LỖI", "bug": "LỖI CHƯƠNG TRÌNH"},
    "en": {"dataset": "Dataset", "illustrative": "illustrative data", "real": "real data",
           "file": "file", "read": "read", "loaded": "loaded", "rejected": "rejected",
           "warnings": "warnings", "total": "Total", "error": "ERROR", "bug": "INTERNAL ERROR"},
}


def _print_report(report: LoadReport, words: dict[str, str]) -> None:
    width = max([len(str(f)) for f in report.files["file"]] + [len(words["file"])])
    for row in report.files.itertuples(index=False):
        print(f"  {row.file:<{width}}  {words['read']} {row.rows_read:>5}  "
              f"{words['loaded']} {row.rows_loaded:>5}  {words['rejected']} {row.rejected:>4}  "
              f"{words['warnings']} {row.warnings:>4}")
    print(f"  {words['total']}: {words['read']} {report.rows_read}, {words['loaded']} "
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
        report = LoadReport()
        for table, loader in LOADERS.items():
            sub = path / table
            if sub.exists() or (path / f"{table}.csv").exists():
                report += loader(sub if sub.exists() else path / f"{table}.csv", province=province)[1]
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
            report = _validate_one(path, words, args.province, args.district)
        except DataError as exc:
            print(f"{words['error']}  {exc}", file=sys.stderr)
            worst = max(worst, EXIT_UNREADABLE)
            continue
        _print_report(report, words)
        if not report.ok:
            worst = max(worst, EXIT_REJECTED)
    return worst


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
    validate.add_argument("--district", help="huyện của biểu mẫu khi tiêu đề, tên trang tính và tên tệp không ghi")
    validate.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS)
    validate.set_defaults(func=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(f"{TEXT[args.lang]['error']}  {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as exc:  # noqa: BLE001 - an analyst must never see a traceback
        if os.environ.get("EMULATION_STATS_DEBUG"):
            raise
        print(f"{TEXT[args.lang]['bug']}  {type(exc).__name__}: {exc} "
              "(đặt EMULATION_STATS_DEBUG=1 để xem chi tiết)", file=sys.stderr)
        return EXIT_BUG


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s code."""
    sys.exit(main())
