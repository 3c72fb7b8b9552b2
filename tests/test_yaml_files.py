"""dataset.yaml and rubric.yaml: every wrong shape is one DataError naming the file and
the entry, never a program error; and a fuzz of both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import emulation_stats as es
from emulation_stats.cli import EXIT_UNREADABLE, main
from emulation_stats.load.dataset import read_meta
from emulation_stats.load.rubric import Rubric
from helpers import leaked

pytestmark = pytest.mark.slow  # Hypothesis: in make test, skipped by -m "not slow"

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_RUBRIC = yaml.safe_load((ROOT / "data/sample/rubric.yaml").read_text(encoding="utf-8"))
GIA_LAI_META = yaml.safe_load((ROOT / "data/gia_lai_2017/dataset.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, entry", [
    ("criteria:\n  growth: {key: growth}\n", "criteria"),
    ("criteria: [\"growth\"]\n", "criteria[1]"),
    ("criteria: growth\n", "criteria"),
    ("criteria:\n- key: growth\n  max_points: [1, 2]\n", "criteria[1].max_points"),
    ("criteria:\n- max_points: 5\n  method: minmax\n", "criteria[1]: thiếu key"),
    ("criteria:\n- {key: r, method: rank, indicator: budget_revenue, max_points: 5, points_by_rank: {a: 1}}\n",
     "criteria[1].points_by_rank"),
    ("criteria:\n- {key: t, method: threshold, indicator: budget_revenue, max_points: 5, steps: [1, 2]}\n",
     "criteria[1].steps"),
    ("tie_break: {a: 1}\ncriteria: []\n", "tie_break"),
    ("bonus: [3]\ncriteria: []\n", "bonus[1]"),
    ("- just\n- a list\n", "cần một bảng"),
    ("", "thiếu mục criteria"),
])
def test_a_rubric_of_the_wrong_shape_is_one_clear_error(tmp_path, text, entry):
    path = write(tmp_path, "rubric.yaml", text)
    with pytest.raises(es.DataError) as error:
        Rubric.load(path)
    message = str(error.value)
    assert message.startswith(str(path)) or message.startswith("rubric.yaml"), message
    assert entry in message and "\n" not in message


def test_yaml_aliases_nested_a_billion_deep_are_refused_at_once(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]  # 10**10 elements
    path = write(tmp_path, "rubric.yaml", "\n".join(lines) + "\ncriteria: *a9\n")
    with pytest.raises(es.DataError, match="tham chiếu YAML"):
        Rubric.load(path)


def test_deep_nesting_and_huge_files_are_refused(tmp_path):
    with pytest.raises(es.DataError, match="lồng quá"):
        Rubric.load(write(tmp_path, "rubric.yaml", "criteria: " + "[" * 50 + "]" * 50 + "\n"))
    with pytest.raises(es.DataError, match="quá lớn"):
        Rubric.load(write(tmp_path, "rubric.yaml", "name: '" + "x" * 2_000_000 + "'\n"))


@pytest.mark.parametrize("text, entry", [
    ("name: a\nprovince: Gia Lai\n", "thiếu mục illustrative"),
    ("name: a\nprovince: Gia Lai\nillustrative: 'yes'\n", "mục illustrative: cần true hoặc false"),
    ("name: a\nprovince: [Gia Lai]\nillustrative: true\n", "mục province"),
    ("name: a\nprovince: Gia Lai\nillustrative: true\nsources: {title: x}\n", "mục sources"),
    ("name: a\nprovince: Gia Lai\nillustrative: true\nsources: [x]\n", "mục sources[1]"),
    ("name: a\nprovince: Gia Lai\nillustrative: true\nyears: {a: 1}\n", "mục years"),
    ("[1, 2]\n", "cần một bảng"),
    ("name: [unclosed\n", "tệp YAML hỏng"),
])
def test_a_dataset_yaml_of_the_wrong_shape_is_one_clear_error(tmp_path, text, entry):
    write(tmp_path, "dataset.yaml", text)
    with pytest.raises(es.DataError) as error:
        read_meta(tmp_path)
    assert entry in str(error.value) and "dataset.yaml" in str(error.value)


def test_the_cli_says_a_wrong_rubric_in_one_line(tmp_path, capsys):
    folder = tmp_path / "cum"
    shutil.copytree(ROOT / "data/sample", folder)
    (folder / "rubric.yaml").write_text("criteria: [\"growth\"]\n", encoding="utf-8")
    code = main(["score", str(folder), "--year", "2024"])
    out, err = capsys.readouterr()
    assert code == EXIT_UNREADABLE and "Traceback" not in out + err
    (line,) = err.strip().splitlines()
    assert "rubric.yaml" in line and "criteria[1]" in line


# --- fuzz -----------------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=True),
                    st.text(max_size=12), st.sampled_from(["growth", "minmax", "plan_ratio", "budget_revenue",
                                                           "mean", "zero", "drop", "assessed", "rank"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
FUZZ = settings(max_examples=250, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _edit(content: object, path: list[object], value: object) -> object:
    """``content`` with the entry at ``path`` (keys and list positions) replaced."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(content, dict) and head in content:
        return {**content, head: _edit(content[head], rest, value)}
    if isinstance(content, list) and isinstance(head, int) and head < len(content):
        return [*content[:head], _edit(content[head], rest, value), *content[head + 1:]]
    return content


def _paths(content: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(content, dict):
        for k, v in content.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(content, list):
        for i, v in enumerate(content):
            out += _paths(v, (*prefix, i))
    return out


RUBRIC_PATHS = _paths(SAMPLE_RUBRIC)
META_PATHS = _paths(GIA_LAI_META)


@FUZZ
@given(where=st.sampled_from(RUBRIC_PATHS), value=values)
def test_fuzzed_rubrics_load_or_say_why(tmp_path, where, value):
    content = _edit(SAMPLE_RUBRIC, list(where), value)
    path = write(tmp_path, "rubric.yaml", yaml.safe_dump(content, allow_unicode=True))
    try:
        Rubric.load(path)
    except es.DataError as error:
        assert "rubric.yaml" in str(error) and not leaked(str(error)), str(error)


@pytest.fixture(scope="module")
def small_dataset(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dataset") / "gia_lai_2017"
    shutil.copytree(ROOT / "data/gia_lai_2017", folder)
    return folder


@settings(FUZZ, max_examples=120)
@given(where=st.sampled_from(META_PATHS), value=values)
def test_fuzzed_dataset_yaml_loads_or_says_why(small_dataset, where, value):
    content = _edit(GIA_LAI_META, list(where), value)
    (small_dataset / "dataset.yaml").write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    try:
        dataset = es.load_dataset(small_dataset)
    except es.DataError as error:
        # the file, or the dataset's folder it names, and nothing of Python's own words
        assert ("dataset.yaml" in str(error) or small_dataset.name in str(error)) and not leaked(str(error)), str(error)
        return
    for table, report in dataset.reports_by_table.items():  # the frames hold what the reports say loaded
        assert len(getattr(dataset, table)) == report.rows_loaded or table == "awards"
