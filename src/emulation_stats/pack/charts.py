"""Conference charts, one function per chart, in the style of seaborn.

Each function takes a tidy table (as the library's functions return them) and keyword
arguments, draws on ``ax=`` when given, and returns the Axes (the array of Axes for small
multiples). The style is for a projector: 16:9, large type, Vietnamese number format on
the axes, a source line, and the watermark "Số liệu minh họa / illustrative data" whenever
the data is illustrative (read from ``DataFrame.attrs`` that :func:`load_dataset` sets,
or given with ``illustrative=``). :func:`save` writes PNG (200 dpi) and SVG.

>>> import emulation_stats as es
>>> ds = es.load_dataset("data/gia_lai_2017")
>>> ax = yoy_bars(es.compare_years(ds.indicators, 2016, 2017), "criminal_cases")
>>> ax.get_title(loc="left")
'Số vụ phạm pháp hình sự: 2016 và 2017'
"""

from __future__ import annotations

from emulation_stats.pack.charts_indicators import award_bars, change_heatmap, trend_lines, yoy_bars
from emulation_stats.pack.charts_scores import (
    WORDS_SCORE,
    WORDS_SENS,
    assessment_gap,
    leave_one_out_bars,
    rank_intervals,
    score_bars,
    score_frame,
    sobol_bars,
    standing_bars,
)
from emulation_stats.pack.charts_style import (
    COLOURS,
    DERIVED,
    ORDERS,
    SIZE,
    STYLE,
    WORDS,
    conference_style,
    derived,
    finish,
    save,
    source_line,
)

__all__ = [
    "SIZE",
    "COLOURS",
    "STYLE",
    "WORDS",
    "conference_style",
    "source_line",
    "finish",
    "ORDERS",
    "DERIVED",
    "derived",
    "save",
    "yoy_bars",
    "trend_lines",
    "change_heatmap",
    "award_bars",
    "score_frame",
    "WORDS_SCORE",
    "score_bars",
    "assessment_gap",
    "rank_intervals",
    "sobol_bars",
    "leave_one_out_bars",
    "WORDS_SENS",
    "standing_bars",
]
