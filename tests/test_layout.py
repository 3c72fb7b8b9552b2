"""The package reads as the pipeline: one folder per stage, nothing lower importing anything
higher, every module in docs/design.md's table with a docstring that says its job."""

import ast
import re
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "src" / "emulation_stats"
STAGES = ["core", "units", "io", "load", "analysis", "words", "pack"]  # lowest first; the top is cli, panel
MOST_LINES = 500


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def stage(dotted: str) -> int:
    parts = dotted.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else len(STAGES)


def dotted(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def imports(path: Path) -> list[tuple[int, str]]:
    """Every module of the package ``path`` imports, at any depth of the file (a function's
    own import included), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import at line {node.lineno}; the package imports by full name")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("emulation_stats"):
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("emulation_stats")]
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_lower_imports_anything_higher(path):
    me = dotted(path)
    if me == "emulation_stats":  # the package's face re-exports every stage
        return
    higher = [f"line {line}: {target}" for line, target in imports(path) if stage(target) > stage(me)]
    assert not higher, f"{me} imports a later stage: {higher}"


def test_every_module_is_in_the_design_table_and_the_table_names_no_other():
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    table = text[text.index("## Layout"):text.index("## Data contracts")]
    named, folder = set(), ""
    for line in table.splitlines():
        cells = [cell.strip().strip("`") for cell in line.split("|")[1:-1]]
        if len(cells) != 3 or set(cells[0]) <= {"-"} and cells[0]:
            continue
        first, second = cells[0], cells[1]
        folder = first if first.endswith("/") else folder if first == "" else ""
        for name in re.findall(r"`?([\w_]+\.py)`?", second):
            named.add(folder + name)
    present = {str(p.relative_to(PACKAGE)) for p in modules()
               if p.name != "__init__.py" or p.parent == PACKAGE}
    assert present - named == set(), "modules missing from docs/design.md"
    assert named - present == set(), "docs/design.md names modules that do not exist"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_says_its_one_job(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and len(doc.split("\n\n")[0]) >= 20, f"{path} has no docstring saying its job"


def test_no_module_over_the_limit():
    sizes = {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines()) for p in modules()}
    assert {name: lines for name, lines in sizes.items() if lines > MOST_LINES} == {}


def test_notebooks_use_the_public_api_only():
    """What an analyst copies from a notebook works with ``import emulation_stats as es``:
    no import from inside the package, no module reached through ``es`` but ``es.plot``."""
    import json

    below = re.compile(r"(from|import)\s+emulation_stats\.|\bes\.(?!plot\b)[a-z_]+\.[a-z_]+")
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] == "code":
                found += [f"{path.name} cell {number}: {m.group(0)}" for m in below.finditer(source)]
    assert not found, found


def frames_returned(sample):
    """Each public function that returns a DataFrame, called on data/sample."""
    import emulation_stats as es

    table = es.score(sample, year=2024)
    folder = ROOT / "data" / "sample"
    return {
        "compare_years": es.compare_years(sample.indicators, 2023, 2024),
        "trend": es.trend(sample.indicators, "criminal_cases"),
        "plan_achievement": es.plan_achievement(sample.indicators, 2024),
        "restate": es.restate(sample.indicators, 2024),
        "aggregate_assessments": es.aggregate_assessments(sample.assessments),
        "self_assessment_gap": es.self_assessment_gap(sample.assessments),
        "leave_one_out": es.leave_one_out(table),
        "what_it_takes": es.what_it_takes(table, "Bác Ái"),
        "score_explanations": es.score_explanations(table),
        "predecessors_of": es.predecessors_of("23794"),
        "load_indicators": es.load_indicators(folder / "indicators" / "2024", province="Ninh Thuận")[0],
        "load_awards": es.load_awards(folder / "awards", province="Ninh Thuận")[0],
        "load_assessments": es.load_assessments(folder / "assessments", province="Ninh Thuận")[0],
        "load_votes": es.load_votes(folder / "votes.csv", province="Ninh Thuận")[0],
        "load_clusters": es.load_clusters(folder / "clusters.csv", province="Ninh Thuận")[0],
    }


def test_a_function_that_returns_a_table_lists_its_columns_in_its_docstring(sample):
    """numpydoc "Returns": every column the function gives, by name (what an analyst reads
    in help() before calling it)."""
    import inspect

    import emulation_stats as es

    for name, frame in frames_returned(sample).items():
        doc = inspect.getdoc(getattr(es, name))
        assert "Returns\n-------" in doc, name
        returns = doc.split("Returns\n-------", 1)[1]
        missing = [c for c in frame.columns if f"`{c}`" not in returns]
        assert not missing, f"{name}: columns not in its Returns: {missing}"


def emitted_codes() -> dict[str, str]:
    """Every problem code the package writes into a rejection or a warning, with where: the
    collector's calls, the dictionaries of a form's warnings, the tuples of a grid's notes."""
    code = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
    found: dict[str, str] = {}
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(PACKAGE)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in ("reject", "reject_where", "warn", "warn_once") and len(node.args) >= 3 \
                        and isinstance(node.args[2], ast.Constant) and isinstance(node.args[2].value, str):
                    found.setdefault(node.args[2].value, where)
                if node.func.attr == "append" and node.args and isinstance(node.args[0], ast.Tuple):
                    found.update({e.value: where for e in node.args[0].elts[:3] if isinstance(e, ast.Constant)
                                  and isinstance(e.value, str) and code.match(e.value) and e.value not in found})
            if isinstance(node, ast.Dict):
                found.update({v.value: where for k, v in zip(node.keys, node.values)
                              if isinstance(k, ast.Constant) and k.value == "code" and isinstance(v, ast.Constant)
                              and isinstance(v.value, str) and v.value not in found})
    return found


def test_every_problem_code_the_package_writes_has_its_meaning_in_the_table():
    """``--lang en`` says each problem by its meaning (problem_codes.csv), never a bare code."""
    import pandas as pd

    table = pd.read_csv(ROOT / "data" / "reference" / "problem_codes.csv", dtype=str, keep_default_na=False)
    meanings = dict(zip(table["code"], table["en"]))
    codes = emitted_codes()
    assert len(codes) > 40  # the reader finds the codes at all
    missing = {c: where for c, where in codes.items() if not meanings.get(c)}
    assert not missing, missing


def test_the_quick_guide_names_every_file_the_pack_writes():
    import pandas as pd

    guide = (ROOT / "README.md").read_text(encoding="utf-8").split("## Hướng dẫn nhanh", 1)[1].split("\n## ", 1)[0]
    files = pd.read_csv(ROOT / "data" / "reference" / "pack_files.csv", dtype=str, keep_default_na=False)
    names = [name.replace("{year}", "2024").replace("{indicator}", "<chỉ tiêu>") for name in files["vi"]]
    assert [n for n in names if f"`{n}" not in guide] == []


MESSAGE_CALLS = {"DataError": 0, "Term": 0, "said_both": 0, "said_each": 0}  # the argument that is the code


def raised_codes() -> list[tuple[str, set[str] | None, str]]:
    """Every message of the table the package says by a written code — ``DataError("code",
    name=value, …)``, ``Term(…)``, ``said_both(…)``, ``said_each(…)`` — with the names of its
    values (None where some are spread from a dict) and where."""
    found = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = getattr(node.func, "id", "") if isinstance(node, ast.Call) else ""
            if name not in MESSAGE_CALLS or not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            code = str(node.args[0].value)
            if name == "DataError" and not node.keywords and not re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", code):
                continue  # text given directly (a test of the class itself)
            spread = any(k.arg is None for k in node.keywords)
            found.append((code, None if spread else {k.arg for k in node.keywords},
                          f"{path.relative_to(PACKAGE)}:{node.lineno}"))
    return found


def test_every_message_raised_by_code_has_both_texts_with_the_values_it_is_given():
    """One route for a message: the code names a row of messages.csv, its Vietnamese and English
    texts use exactly the values the site gives (a value named in neither text is lost; a text
    naming a value not given fails when said)."""
    import pandas as pd

    table = pd.read_csv(ROOT / "data" / "reference" / "messages.csv", dtype=str, keep_default_na=False)
    rows = {code: (vi, en) for code, vi, en in zip(table["code"], table["vi"], table["en"])}
    raised = raised_codes()
    assert len(raised) >= 150
    for code, values, where in raised:
        assert code in rows, (code, where)
        for text in rows[code]:
            named = set(re.findall(r"{(\w+)}", text))
            assert text or code == "nothing", (code, where)
            assert named == values if values is not None else True, (code, where, text)


def test_no_message_of_the_table_is_left_unused():
    """A row of messages.csv no code says is a message that went stale."""
    import pandas as pd

    table = pd.read_csv(ROOT / "data" / "reference" / "messages.csv", dtype=str, keep_default_na=False)
    source = "\n".join(path.read_text(encoding="utf-8") for path in modules())
    # codes made from a kind (f"level_word_{level}") or looked up by their start (the what_ terms)
    made = tuple(re.findall(r'f"([a-z]+_[a-z_]*)\{', source) + re.findall(r'startswith\("([a-z]+_)"\)', source))
    unused = [code for code in table["code"] if f'"{code}"' not in source and f"'{code}'" not in source
              and not code.startswith(made)]
    assert unused == []


def test_a_file_that_cannot_be_read_is_said_in_english_with_lang_en(tmp_path, capsys):
    from emulation_stats.cli import main

    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    assert main(["validate", str(tmp_path / "broken.xlsx"), "--lang", "en"]) != 0
    said = capsys.readouterr().err
    assert "the workbook is damaged or incomplete" in said or "not an Excel workbook" in said, said
    assert not re.search(r"tệp|hỏng|không", said), said


def test_es_units_is_the_table_of_units_however_much_of_the_package_is_imported():
    """DESIGN.md's ``units``: the function, not the subpackage of the same name."""
    import importlib

    import emulation_stats as es

    for module in ("emulation_stats.pack.charts", "emulation_stats.units.in_text", "emulation_stats.cli"):
        importlib.import_module(module)
        assert callable(es.units) and {"code", "name"} <= set(es.units().columns), module


def test_a_year_or_name_the_data_lacks_is_said_in_english_with_lang_en(sample, capsys):
    """What was asked and is not there (a year, a criterion): the words of the message and
    the word for what was asked, in the language asked for."""
    from emulation_stats.cli import main

    assert main(["score", str(ROOT / "data" / "sample"), "--year", "2030", "--lang", "en"]) != 0
    said = capsys.readouterr().err
    assert "no figures for 2030; the years are" in said and "không có" not in said, said
    import emulation_stats as es

    with pytest.raises(es.DataError) as error:
        es.score(sample, year=2024).rerun(weights={"incom": 1})
    assert "(có phải 'income'?)" in str(error.value)
