"""The fixtures every test file may ask for: the sample datasets and the corpora, loaded
once per test session (per worker when the tests run in parallel). Tests read them and
never change them; a test that needs a changed copy makes one."""

from __future__ import annotations

from pathlib import Path

import pytest

import emulation_stats as es
from helpers import ROOT


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample() -> es.Dataset:
    """data/sample: districts, 2019–2024 (illustrative)."""
    return es.load_dataset(ROOT / "data" / "sample")


@pytest.fixture(scope="session")
def gia_lai() -> es.Dataset:
    """data/gia_lai_2017: the seed report's real figures."""
    return es.load_dataset(ROOT / "data" / "gia_lai_2017")


@pytest.fixture(scope="session")
def sample_2026() -> es.Dataset:
    """data/sample_2026: communes and wards across the reform (illustrative)."""
    return es.load_dataset(ROOT / "data" / "sample_2026")


@pytest.fixture(scope="session")
def built_pack(tmp_path_factory: pytest.TempPathFactory):
    """``built_pack(name, year, lang="vi")``: the whole pack of data/<name>, built once per
    session (and worker) whichever test file asks first; tests read it, never change it."""
    made: dict[tuple[str, int | None, str], es.ReportPack] = {}

    def build(name: str, year: int | None = None, lang: str = "vi") -> es.ReportPack:
        if (name, year, lang) not in made:
            out = tmp_path_factory.mktemp(f"pack_{name}_{lang}")
            made[name, year, lang] = es.build_report(es.load_dataset(ROOT / "data" / name), year, out, lang=lang,
                                                     draws=200)
        return made[name, year, lang]

    return build


def _corpus(tmp_path_factory: pytest.TempPathFactory, folder: str, module: str) -> Path:
    """A generated corpus (its generator is ``tests/<folder>/<module>.py``), written once."""
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "tests" / folder))
    out = tmp_path_factory.mktemp(module)
    importlib.import_module(module).make(out)
    return out


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/bad_inputs: files no loader may lose a row of (expected.yaml says what each does)."""
    return _corpus(tmp_path_factory, "bad_inputs", "make_corpus")


@pytest.fixture(scope="session")
def form_variants(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/form_variants: award lists and report forms as offices send them (expected.yaml)."""
    return _corpus(tmp_path_factory, "form_variants", "make_variants")


@pytest.fixture(scope="session")
def list_variants(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/form_variants: lists, score sheets, ballots and agencies' forms (expected_lists.yaml);
    the khối's own indicators are added to the catalogue by the tests that read them."""
    return _corpus(tmp_path_factory, "form_variants", "make_lists")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every Hypothesis test is slow, wherever it stands (``-m "not slow"`` leaves it out)."""
    from hypothesis import is_hypothesis_test

    for item in items:
        if is_hypothesis_test(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.slow)
