"""The conference review pack, built from a dataset in one call (``build_report``): what the
year says, then each file of the pack from it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from emulation_stats.analysis.sensitivity import DEFAULT_DRAWS
from emulation_stats.core.errors import DataError, Term
from emulation_stats.core.phrases import phrase
from emulation_stats.load.rubric import Rubric
from emulation_stats.pack.contents import FORMATS, PACK, ReportPack, _analyse, file_name
from emulation_stats.pack.documents import _annex, _document, _summary
from emulation_stats.pack.figures import _charts
from emulation_stats.pack.slides import _slides
from emulation_stats.pack.workbook import _workbook

if TYPE_CHECKING:  # types named only; these modules sit below or beside this one
    from emulation_stats.load.dataset import Dataset


def build_report(dataset: Dataset, year: int | None = None, out_dir: str | Path = "build/review", *,
                 base_year: int | None = None, rubric: Rubric | dict | str | Path | None = None, lang: str = "vi",
                 draws: int = DEFAULT_DRAWS, seed: int = 0, formats: Iterable[str] | None = None,
                 progress: Callable[[str], None] | None = None) -> ReportPack:
    """Build the conference pack for ``year`` (default: the latest year with figures)
    compared with ``base_year`` (default: the year before) into ``out_dir``. ``formats``
    (some of docx, xlsx, pptx, md, html) writes only those files; the charts are drawn
    when a chosen file shows them.

    >>> import emulation_stats as es, tempfile
    >>> pack = build_report(es.load_dataset("data/gia_lai_2017"), 2017, tempfile.mkdtemp())
    >>> sorted(p.name for p in pack.files if p.parent == pack.out_dir), pack.slides > 0
    (['bao_cao_2017.docx', 'phu_luc_2017.docx', 'review_2017.xlsx', 'slides_2017.pptx',
      'summary_2017.html', 'summary_2017.md'], True)
    """
    say = progress or (lambda message: None)
    wanted = set(FORMATS if formats is None else formats)
    if not wanted or wanted - set(FORMATS):
        raise DataError("formats_unknown", formats=", ".join(FORMATS),
                        given=", ".join(sorted(wanted - set(FORMATS))) or Term("nothing_listed"))
    year = year or dataset.latest_year
    dataset = dataset.on_units(year)  # every sheet, chart and sentence on the units of ``year``
    base = base_year or year - 1
    out = Path(out_dir)
    _remove_leftovers(out)
    pack = ReportPack(out, year, base)
    say(f"[1/5] {phrase('report_changes', lang, year=year, base=base)}")
    analysis = _analyse(dataset, year, base, rubric, lang, draws, seed, pack)
    if wanted & {"docx", "pptx", "md", "html"}:  # the files that show charts
        say(f"[2/5] {PACK[lang]['drawing_charts']}")
        pack.charts = _charts(dataset, analysis, year, base, out / "charts", lang, slides="pptx" in wanted)
    if "xlsx" in wanted:
        say(f"[3/5] {file_name('workbook', lang, year=year)}")
        pack.files.append(_workbook(dataset, analysis, pack, lang))
    if "pptx" in wanted:
        say(f"[4/5] {file_name('slides', lang, year=year)}")
        slides_path, pack.slides = _slides(dataset, analysis, pack, lang)
        pack.files.append(slides_path)
    if "docx" in wanted:
        say(f"[5/5] {file_name('report', lang, year=year)}, {file_name('annex', lang, year=year)}")
        pack.files.append(_document(dataset, analysis, pack, lang))
        pack.files.append(_annex(dataset, analysis, pack, lang))
    if wanted & {"md", "html"}:
        pack.files += _summary(dataset, analysis, pack, lang, wanted & {"md", "html"})
    pack.files += [c.png for c in pack.charts] + [c.svg for c in pack.charts]
    return pack


PACK_SUFFIXES = (".docx", ".xlsx", ".pptx", ".md", ".html", ".png", ".svg")


def _remove_leftovers(out: Path) -> None:
    """Temporary files a killed run left behind (".name.random.suffix"): never a final
    file, so they go before a new run starts."""
    for folder in (out, out / "charts"):
        if folder.is_dir():
            for path in folder.iterdir():
                if path.name.startswith(".") and path.suffix in PACK_SUFFIXES and path.is_file():
                    path.unlink()
