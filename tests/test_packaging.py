"""pyproject.toml and environment.yml must list the same dependencies."""

import os
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml

from helpers import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda == wanted


def test_required_runtime_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = {_name(r) for r in project["dependencies"]}
    assert {"pandas", "matplotlib", "openpyxl", "python-calamine", "defusedxml", "pyyaml", "tqdm"} <= names
    assert any(r.startswith("pandas>=3") for r in project["dependencies"])
    assert project["scripts"]["emulation-stats"] == "emulation_stats.cli:entry_point"
    assert {"test", "lab"} <= set(project["optional-dependencies"])


def test_make_lab_allows_root_only_when_run_as_root():
    if shutil.which("make") is None:
        pytest.skip("no make")
    recipe = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True).stdout
    line = next(x for x in recipe.splitlines() if "jupyter lab" in x)
    shown = subprocess.run(["bash", "-c", f"echo {line}"], capture_output=True, text=True, cwd=ROOT).stdout
    assert ("--allow-root" in shown) == (os.getuid() == 0), shown  # JupyterLab refuses root without it


def test_a_missing_reference_folder_is_said_in_one_line_in_both_languages(monkeypatch, tmp_path):
    """The messages' own table is in the folder not found: the error is still said, never a
    recursion through the table it cannot read."""
    from emulation_stats import DataError
    from emulation_stats.core import resources

    monkeypatch.setenv("EMULATION_STATS_REFERENCE", str(tmp_path))
    monkeypatch.setattr(resources, "_PACKAGE_COPY", tmp_path)
    monkeypatch.setattr(resources, "_SOURCE_TREE_COPY", tmp_path)
    with pytest.raises(DataError) as error:
        resources.reference_dir()
    assert "data/reference" in str(error.value) and "reinstall" in error.value.in_language("en")
