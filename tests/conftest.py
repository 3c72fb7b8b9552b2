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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every Hypothesis test is slow, wherever it stands (``-m "not slow"`` leaves it out)."""
    from hypothesis import is_hypothesis_test

    for item in items:
        if is_hypothesis_test(getattr(item, "obj", None)):
            item.add_marker(pytest.mark.slow)
