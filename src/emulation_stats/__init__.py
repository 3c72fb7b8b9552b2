"""emulation_stats: the yearly review of an emulation cluster (Cụm thi đua), from the
workbooks districts send to the conference pack.

>>> import emulation_stats as es
>>> es.match_district("Dak Doa").code
'626'
"""

from .awards import AwardSummary, summarise_awards
from .catalog import match_award
from .compare import compare_years, plan_achievement, plan_summary, trend
from .dataset import ILLUSTRATIVE_MARK, Dataset, load_dataset
from .errors import DataError
from .load import load_assessments, load_awards, load_clusters, load_indicators, load_votes
from .loadreport import LoadReport
from .narrative import (
    describe_awards,
    describe_changes,
    describe_ranking,
    describe_robustness,
    describe_score,
    score_explanations,
)
from .notebook import debug, show_data_errors_briefly
from .restate import restate
from .rubric import Rubric
from .scoring import (
    Proposal,
    ScoreChoices,
    ScoreTable,
    aggregate_assessments,
    propose,
    score,
    self_assessment_gap,
)
from .sensitivity import SensitivityResult, leave_one_out, sensitivity, what_it_takes
from .units import District, Unit, match_district, match_unit

__version__ = "0.1.0"

show_data_errors_briefly()  # in a notebook a DataError is its message, not a traceback (es.debug() undoes)


def __getattr__(name: str):
    """``es.plot`` and ``es.build_report`` are imported on first use: matplotlib and
    python-pptx are not needed to load data."""
    import importlib

    if name == "plot":
        return importlib.import_module(".plot", __name__)
    if name in ("explore", "Explorer"):  # ipywidgets: the lab extra
        return getattr(importlib.import_module(".panel", __name__), name)
    if name in ("build_report", "ReportPack"):
        return getattr(importlib.import_module(".report", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AwardSummary", "DataError", "Dataset", "District", "Unit", "ILLUSTRATIVE_MARK", "LoadReport", "compare_years",
    "describe_awards", "describe_changes", "load_assessments", "load_awards", "load_clusters", "load_dataset",
    "load_indicators", "load_votes", "match_award", "match_district", "match_unit", "restate", "plan_achievement",
    "plan_summary",
    "plot", "summarise_awards", "trend", "Proposal", "Rubric", "ScoreChoices", "ScoreTable",
    "aggregate_assessments", "describe_ranking", "describe_score", "score_explanations", "propose", "score",
    "self_assessment_gap",
    "SensitivityResult", "describe_robustness", "leave_one_out", "sensitivity", "what_it_takes",
    "build_report", "ReportPack", "debug", "explore", "Explorer",
]
