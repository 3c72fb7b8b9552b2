"""What many tests use: the repository's root, small writers for the CSV/xlsx files the tests
build, and scoring by hand (an answer reached without the library)."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
# The seed report's crime sentence, as data/gia_lai_2017's paragraph gives it after its lead-in.
# The seed's crime sentence (its clauses and words), with the two members in the order the cluster lists
# them in clusters.csv for 2017 (Kbang, then Đak Đoa): every sentence of the pack keeps that order.
SEED_CRIME_PARAGRAPH = ("Về phạm pháp hình sự: huyện Kbang xảy ra 57 vụ, tăng 07 vụ, huyện Đak Đoa xảy ra 70 vụ, "
                        "tăng 16 vụ so với năm 2016.")


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def to_windows_1258(text: str) -> bytes:
    """Text as a Vietnamese Windows-1258 file stores it: letters such as "ô" and "ơ" are
    precomposed, tone marks are separate combining characters."""
    import unicodedata

    out, chars, i = [], unicodedata.normalize("NFD", text), 0
    while i < len(chars):
        pair = unicodedata.normalize("NFC", chars[i:i + 2]) if i + 1 < len(chars) else ""
        if len(pair) == 1:
            try:
                out.append(pair.encode("cp1258"))
                i += 2
                continue
            except UnicodeEncodeError:
                pass
        out.append(chars[i].encode("cp1258"))
        i += 1
    return b"".join(out)


# --- scoring by hand across the reform ------------------------------------------------------
# What a cluster secretary does with a calculator, written without the library: used to check
# score() and on_units() against an answer reached independently of them.

SUMMED = {"population", "budget_revenue", "criminal_cases", "traffic_accidents"}  # counts and amounts
WEIGHTED = {"income_per_capita", "poor_household_rate"}  # rates: weighted by population
FEWER_IS_BETTER = {"criminal_cases", "traffic_accidents", "poor_household_rate"}
WHOLE_NOTES = {"Nhập toàn bộ", "Giữ nguyên", "Đổi tên", "Đổi loại hình"}


def conversion_by_hand(codes) -> dict[str, list[tuple[str, bool]]]:
    """New code -> [(old code, went in whole)], read straight from the official conversion list."""
    table = pd.read_csv(ROOT / "data/reference/vn_communes_2025-07-01_conversion.csv", dtype=str).fillna("")
    table = table[table["new_commune_code"].isin(set(codes))]
    return {code: [(r.old_commune_code, r.note.strip() in WHOLE_NOTES) for r in rows.itertuples()]
            for code, rows in table.groupby("new_commune_code")}


def restate_by_hand(old: dict[str, dict[str, float]], parts: list[tuple[str, bool]], indicator: str) -> float:
    """One new unit's earlier figure from its predecessors' (``old``: code -> indicator ->
    value): NaN where a part came in only partly or a predecessor's figure is missing."""
    if not all(whole for _, whole in parts) or any(indicator not in old.get(c, {}) for c, _ in parts):
        return float("nan")
    values = [old[c][indicator] for c, _ in parts]
    if indicator in SUMMED:
        return float(sum(values))
    weights = [old[c].get("population", float("nan")) for c, _ in parts]
    return float(sum(v * w for v, w in zip(values, weights)) / sum(weights))


def score_by_hand(members: list[str], rubric: dict, before: dict, now: dict, plan: dict,
                  assessed: dict | None = None) -> pd.DataFrame:
    """``rank, member_code, total`` by the rubric, from plain dicts: ``before``/``now``/``plan``
    map (member, indicator) -> value (NaN: not comparable); ``assessed`` (member, criterion) ->
    the peers' scores. Methods: plan_ratio, minmax, change, assessed; missing rules zero/mean."""
    def get(table, m, key):
        return float(table.get((m, key), float("nan")))

    shares, values = {}, {}
    for c in rubric["criteria"]:
        method, key, top = c["method"], c.get("indicator"), float(c["max_points"])
        share = {}
        for m in members:
            if method == "plan_ratio":
                actual, target = get(now, m, key), get(plan, m, key)
                ratio = actual / target if key not in FEWER_IS_BETTER else target / actual
                share[m] = min(max(ratio, 0.0), float(c.get("cap", 1.0)))
            elif method == "minmax":
                sign = -1 if key in FEWER_IS_BETTER else 1
                level = {x: sign * get(now, x, key) for x in members}
                low, high = min(level.values()), max(level.values())
                share[m] = (level[m] - low) / (high - low) if high > low else 1.0
            elif method == "change":
                b, n = get(before, m, key), get(now, m, key)
                if math.isnan(b) or math.isnan(n):
                    share[m] = float("nan")
                    continue
                worse = max((n - b) * (1 if key in FEWER_IS_BETTER else -1), 0.0)
                if c.get("ignore_noise") and key in SUMMED and abs(2 * (math.sqrt(n) - math.sqrt(b))) < 2:
                    worse = 0.0
                if "deduct_per_pct" in c:
                    pct = 100 * worse / abs(b) if b else (100.0 if worse > 0 else 0.0)
                    deduction = float(c["deduct_per_pct"]) * pct
                else:
                    deduction = float(c["deduct_per_unit"]) * worse
                share[m] = min(max(1 - deduction / top, 0.0), 1.0)
            elif method == "assessed":
                scores = assessed[(m, c["key"])]
                share[m] = min(max(sum(scores) / len(scores) / top, 0.0), 1.0)
            else:
                raise NotImplementedError(method)
        known = [s for s in share.values() if not math.isnan(s)]
        rule = c.get("missing", rubric.get("missing", "zero"))
        fill = (sum(known) / len(known) if known else 0.0) if rule == "mean" else 0.0
        shares[c["key"]] = {m: (fill if math.isnan(s) else s) for m, s in share.items()}
        values[c["key"]] = top
    points = pd.DataFrame(shares).mul(pd.Series(values))
    total = points.sum(axis=1)
    assessed_sum = points[[c["key"] for c in rubric["criteria"] if c["method"] == "assessed"]].sum(axis=1)
    table = pd.DataFrame({"member_code": members, "total": total.reindex(members).to_numpy(),
                          "_t": total.reindex(members).round(9).to_numpy(),
                          "_a": assessed_sum.reindex(members).round(9).to_numpy()})
    table = table.sort_values(["_t", "_a"], ascending=False, kind="stable").reset_index(drop=True)
    table["rank"] = range(1, len(table) + 1)
    return table[["rank", "member_code", "total"]]


LEAKS = ("Traceback", "KeyError", "TypeError", "ValueError", "AttributeError", "IndexError", " object at 0x",
         "nan", "None")


def leaked(message: str) -> list[str]:
    """What of Python's own words a message shown to an analyst lets through (an exception's
    class, an object's address, a bare NaN or None): it should have none."""
    import re

    return [word for word in LEAKS if re.search(rf"(?<![\w']){re.escape(word)}(?![\w'])", message)]


# Words of Vietnamese prose that no name, cell or path of a message carries: one of them in
# an English line means a sentence was left untranslated.
_VIETNAMESE_PROSE = ("không", "của", "được", "dòng", "cột", "tệp", "nhưng", "đã", "chưa", "hãy", "hoặc",
                     "thiếu", "số liệu", "trong", "theo", "là", "cho", "với", "ghi", "tính lại")


def vietnamese_prose(line: str) -> list[str]:
    """The Vietnamese prose words of ``line`` outside what it quotes ('…') and the files it
    names: what an English message must not have.

    >>> vietnamese_prose("a.xlsx#Số liệu!R2, column 'Tỷ lệ': not a number: 'năm mươi'")
    []
    >>> vietnamese_prose("a.csv:2: không phải số")
    ['không']
    """
    import re
    import unicodedata

    text = unicodedata.normalize("NFC", line)
    text = re.sub(r"[\w./-]*\.(?:csv|xlsx|xlsm|yaml)(?:#[^!:,;()]*)?", " ", text)  # files and sheets
    text = re.sub(r"(?<!\w)'.*?'(?!\w)", " ", text).lower()  # cells, headers and names quoted (not "it's")
    return [w for w in _VIETNAMESE_PROSE if re.search(rf"(?<!\w){w}(?!\w)", text)]
