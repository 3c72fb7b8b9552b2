"""The fixtures every test file may ask for: the sample datasets, loaded once per test
session (per worker when the tests run in parallel); the corpora and the sample packs,
written once for all workers. Tests read them and never change them; a test that needs a
changed copy makes one."""

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
def built_pack(tmp_path_factory: pytest.TempPathFactory, worker_id: str):
    """``built_pack(name, year, lang="vi")``: the whole pack of data/<name>, built once per
    session whichever test file (and, in parallel, whichever worker) asks first; tests read
    it, never change it."""
    made: dict[tuple[str, int | None, str], es.ReportPack] = {}

    def build(name: str, year: int | None = None, lang: str = "vi") -> es.ReportPack:
        if (name, year, lang) not in made:
            made[name, year, lang] = _shared(tmp_path_factory, worker_id, f"pack_{name}_{year}_{lang}",
                                             lambda out: es.build_report(es.load_dataset(ROOT / "data" / name), year,
                                                                         out, lang=lang, draws=200))
        return made[name, year, lang]

    return build


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory, worker_id: str):
    """``shared(name, make)``: what ``make(folder)`` returns, made once for the session's
    workers (it is pickled between them); tests read it, never change it."""
    return lambda name, make: _shared(tmp_path_factory, worker_id, name, make)


def _shared(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, make):
    """``make(folder)`` run once for all the session's workers: the first to ask builds it
    under a lock in the session's common folder, the others read what it returned."""
    import fcntl
    import pickle

    if worker_id == "master":  # one process: nobody to share with
        return make(tmp_path_factory.mktemp(name))
    common = tmp_path_factory.getbasetemp().parent  # the session's folder, above each worker's
    done = common / f"{name}.pickle"
    with open(common / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder = common / name
            folder.mkdir(exist_ok=True)  # a worker that failed here may have made it
            done.write_bytes(pickle.dumps(make(folder)))
        return pickle.loads(done.read_bytes())


def _corpus(tmp_path_factory: pytest.TempPathFactory, worker_id: str, folder: str, module: str) -> Path:
    """A generated corpus (its generator is ``tests/<folder>/<module>.py``), written once
    for the session."""
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "tests" / folder))

    def write(out: Path) -> Path:
        importlib.import_module(module).make(out)
        return out

    return _shared(tmp_path_factory, worker_id, module, write)


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """tests/bad_inputs: files no loader may lose a row of (expected.yaml says what each does)."""
    return _corpus(tmp_path_factory, worker_id, "bad_inputs", "make_corpus")


@pytest.fixture(scope="session")
def form_variants(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """tests/form_variants: award lists and report forms as offices send them (expected.yaml)."""
    return _corpus(tmp_path_factory, worker_id, "form_variants", "make_variants")


@pytest.fixture(scope="session")
def list_variants(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """tests/form_variants: lists, score sheets, ballots and agencies' forms (expected_lists.yaml);
    the khối's own indicators are added to the catalogue by the tests that read them."""
    return _corpus(tmp_path_factory, worker_id, "form_variants", "make_lists")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every Hypothesis test is slow, wherever it stands (``-m "not slow"`` leaves it out)."""
    from hypothesis import is_hypothesis_test

    for item in items:
        if is_hypothesis_test(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.slow)
