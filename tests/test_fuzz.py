"""Fuzzing the loaders with seeded mutations of real-shaped workbooks.

Each case takes a workbook of data/sample or of the variants corpus and applies one to
four random edits an office might make (rows and columns inserted, deleted or swapped,
headers reworded, random text and numbers in cells, sheets renamed, cells merged). The
loader must either load it, with every row read either in the frame or rejected, or
refuse it with one DataError: never another exception. 600 cases per run, reproducible
from their seed (``EMULATION_STATS_FUZZ_SEED`` shifts them to explore further).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest

import emulation_stats as es
from emulation_stats.load.loaders import load_awards, load_indicators
from helpers import leaked

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "form_variants"))
from make_variants import make  # noqa: E402

pytestmark = pytest.mark.slow  # fuzzing: hundreds of mutated workbooks: in make test, skipped by -m "not slow"

CASES, BATCHES = 600, 12
SHIFT = int(os.environ.get("EMULATION_STATS_FUZZ_SEED", "0"))
WORDS = ["Chỉ tiêu", "ĐVT", "TT", "Thực hiện 2023", "Kế hoạch 2024", "Năm 2024", "Ước thực hiện 2024", "So sánh (%)",
         "Tập thể", "Cá nhân", "Tổng số", "Hình thức khen thưởng", "Họ và tên", "Tổng cộng", "Cộng", "A. TẬP THỂ",
         "UBND HUYỆN KBANG", "Đơn vị", "Số lượng", "Truy tặng", "Người lập biểu", "I", "II", "Toàn cụm",
         "Huyện Bác Ái", "Chủ tịch UBND tỉnh tặng", "triệu đồng", "nghìn người", "vụ", "Bằng khen", "Cờ thi đua",
         "=SUM(A1:A3)", "-", "x", "", " ", "nhiều", "1.234,5", "12,5%", "Số, ngày quyết định", "Ghi chú"]


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> list[tuple[str, bytes]]:
    """(table, workbook bytes) of the workbooks mutations start from."""
    variants = tmp_path_factory.mktemp("variants")
    make(variants)
    picked = [("indicators", p) for p in sorted((ROOT / "data/sample/indicators").rglob("*.xlsx"))[-6:]]
    picked += [("awards", p) for p in sorted((ROOT / "data/sample/awards").rglob("*.xlsx"))[-6:]]
    picked += [(p.parent.name, p) for p in sorted(variants.rglob("*.xlsx"))[::4]]
    return [(table, path.read_bytes()) for table, path in picked]


def _random_cell(rng: np.random.Generator) -> object:
    roll = rng.random()
    if roll < 0.45:
        return WORDS[rng.integers(len(WORDS))]
    if roll < 0.75:
        return float(rng.choice([0, -1, 1e15, 0.5, 57, 2024, 2099, -3.25, 1e-9])) if rng.random() < 0.5 \
            else int(rng.integers(-5, 3000))
    if roll < 0.85:
        return "".join(rng.choice(list("aăâđêôơưĐ0123456789 ,.;:/-()%=+@\"'\n")) for _ in range(rng.integers(1, 40)))
    if roll < 0.9:
        return "x" * int(rng.integers(900, 1500))  # near and over the longest cell allowed
    return None


def _swap(sheet, pairs: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Swap the values of pairs of cells (cells hidden under a merge are left alone)."""
    for (r1, c1), (r2, c2) in pairs:
        a, b = sheet.cell(r1, c1), sheet.cell(r2, c2)
        if type(a).__name__ == "Cell" and type(b).__name__ == "Cell":
            a.value, b.value = b.value, a.value


def mutate(data: bytes, rng: np.random.Generator) -> tuple[bytes, list[str]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    done = []
    for _ in range(int(rng.integers(1, 5))):
        sheet = book.worksheets[int(rng.integers(len(book.worksheets)))]
        rows, cols = max(sheet.max_row, 1), max(sheet.max_column, 1)
        r, c = int(rng.integers(1, rows + 1)), int(rng.integers(1, cols + 1))
        op = rng.choice(["insert_row", "delete_row", "swap_rows", "insert_col", "delete_col", "swap_cols",
                         "reword", "cell", "cell", "rename", "merge", "unmerge", "blank_rows"])
        if op == "insert_row":
            sheet.insert_rows(r)
            for j in range(1, cols + 1):
                sheet.cell(r, j).value = _random_cell(rng) if rng.random() < 0.5 else None
        elif op == "delete_row":
            sheet.delete_rows(r)
        elif op == "swap_rows":
            other = int(rng.integers(1, rows + 1))
            _swap(sheet, [((r, j), (other, j)) for j in range(1, cols + 1)])
        elif op == "insert_col":
            sheet.insert_cols(c)
        elif op == "delete_col":
            sheet.delete_cols(c)
        elif op == "swap_cols":
            other = int(rng.integers(1, cols + 1))
            _swap(sheet, [((i, c), (i, other)) for i in range(1, rows + 1)])
        elif op in ("reword", "cell"):
            cell = sheet.cell(r if op == "cell" else int(rng.integers(1, min(rows, 12) + 1)), c)
            if type(cell).__name__ == "Cell":
                cell.value = WORDS[rng.integers(len(WORDS))] if op == "reword" else _random_cell(rng)
        elif op == "rename":
            sheet.title = str(rng.choice(["Sheet1", "Biểu 01", "Kbang", "Huyện Bác Ái", "Tổng hợp", "QĐ 123"]))
        elif op == "merge" and rows > 1:
            last = min(rows, r + int(rng.integers(0, 3)))
            sheet.merge_cells(start_row=r, start_column=c, end_row=last, end_column=min(cols, c + 1))
        elif op == "unmerge" and sheet.merged_cells.ranges:
            try:
                sheet.unmerge_cells(str(next(iter(sheet.merged_cells.ranges))))
            except (KeyError, ValueError):  # openpyxl loses track of a range after rows moved: skip the edit
                continue
        elif op == "blank_rows":
            for i in range(r, min(rows, r + 3) + 1):
                for j in range(1, cols + 1):
                    if type(sheet.cell(i, j)).__name__ == "Cell":
                        sheet.cell(i, j).value = None
        done.append(f"{op}@{sheet.title}!R{r}C{c}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), done


@pytest.mark.parametrize("batch", range(BATCHES))
def test_mutated_workbooks_load_or_are_refused_in_one_line(sources, tmp_path, batch):
    per_batch = CASES // BATCHES
    for seed in range(batch * per_batch + SHIFT, (batch + 1) * per_batch + SHIFT):
        rng = np.random.default_rng(seed)
        table, data = sources[seed % len(sources)]
        mutated, edits = mutate(data, rng)
        path = tmp_path / f"{table}_{seed}.xlsx"
        path.write_bytes(mutated)
        where = f"seed {seed}, {table}, {edits}"
        try:
            if table == "indicators":
                df, report = load_indicators(path, province="Gia Lai" if "Kbang" in str(edits) else None)
            else:
                df, report = load_awards(path, by_recipient=True)
        except es.DataError as error:
            assert path.name in str(error) and not leaked(str(error)), (where, str(error))
            continue
        except Exception as error:  # noqa: BLE001 - the point: any other exception fails the case
            pytest.fail(f"{where}: {type(error).__name__}: {error}")
        assert len(df) == report.rows_loaded, where  # the frame holds exactly the rows said loaded
        assert not set(df["source"]) & set(report.rejected["source"]), where  # none both loaded and refused
        assert report.rejected["source"].str.contains(path.name, regex=False).all(), where
