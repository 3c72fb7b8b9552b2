"""emulation_stats: the yearly review of an emulation cluster (Cụm thi đua), from the
workbooks members send to the conference pack.

>>> import emulation_stats as es
>>> es.match_district("Dak Doa").code
'626'
"""

from emulation_stats.analysis.award_statistics import StatisticsForm, award_statistics
from emulation_stats.analysis.awards import AwardSummary, summarise_awards
from emulation_stats.analysis.board import BoardTable, board_table
from emulation_stats.analysis.compare import compare_years, plan_achievement, plan_summary, trend
from emulation_stats.analysis.criteria import ScoreChoices, aggregate_assessments, self_assessment_gap
from emulation_stats.analysis.proposal import Proposal, propose
from emulation_stats.analysis.scoring import ScoreTable, score
from emulation_stats.analysis.sensitivity import DEFAULT_ALTERNATIVES, SensitivityResult, leave_one_out, sensitivity
from emulation_stats.analysis.what_it_takes import what_it_takes
from emulation_stats.core.catalog import match_award
from emulation_stats.core.errors import DataError
from emulation_stats.core.notebook import debug, show_data_errors_briefly
from emulation_stats.io import read_grids
from emulation_stats.io.templates import FormLayout, write_cluster_sheet, write_indicator_form
from emulation_stats.load.dataset import ILLUSTRATIVE_MARK, Dataset, load_dataset
from emulation_stats.load.forms import describe_file
from emulation_stats.load.loaders import load_assessments, load_awards, load_clusters, load_indicators, load_votes
from emulation_stats.load.province import Province, load_province
from emulation_stats.load.report import LoadReport
from emulation_stats.load.rubric import Rubric
from emulation_stats.pack.export import readable
from emulation_stats.units.lists import District, Unit
from emulation_stats.units.matching import match_district, match_unit
from emulation_stats.units.reform import predecessors_of
from emulation_stats.units.restate import restate
from emulation_stats.words.narrative import describe_awards, describe_changes
from emulation_stats.words.scores import describe_ranking, describe_robustness, describe_score, score_explanations

__version__ = "0.1.0"

# ``es.units()`` is the table of units (DESIGN.md); the subpackage of the same name is
# ``emulation_stats.units``. Bound after every import of the subpackage, so the name is the function.
from emulation_stats.units.lists import units  # noqa: E402

show_data_errors_briefly()  # in a notebook a DataError is its message, not a traceback (es.debug() undoes)


def __getattr__(name: str):
    """``es.plot`` and ``es.build_report`` are imported on first use: matplotlib and
    python-pptx are not needed to load data."""
    import importlib

    if name == "plot":
        return importlib.import_module(".pack.charts", __name__)
    if name in ("explore", "Explorer"):  # ipywidgets: the lab extra
        return getattr(importlib.import_module(".panel", __name__), name)
    if name in ("build_report", "ReportPack"):
        return getattr(importlib.import_module(".pack.report", __name__), name)
    if name in ("build_province", "ProvincePack"):
        return getattr(importlib.import_module(".pack.province", __name__), name)
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
    "Province", "load_province", "build_province", "ProvincePack", "BoardTable", "board_table",
    "StatisticsForm", "award_statistics",
    # what the notebooks use beyond the pipeline: a form's raw cells and what was found in it,
    # blank forms, a table with Vietnamese headings, the choices varied by default, a unit's past
    "read_grids", "describe_file", "FormLayout", "write_indicator_form", "write_cluster_sheet", "readable",
    "DEFAULT_ALTERNATIVES", "predecessors_of", "units",
]
