"""The pack's documents: the báo cáo the cluster signs, its phụ lục for the board, and the
summary in Markdown and HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from emulation_stats.core import catalog
from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, phrase
from emulation_stats.pack.contents import (
    DOC,
    ReportPack,
    _Analysis,
    _ballot_tally,
    _cluster_name,
    _managing,
    _picture_list,
    _points_by_group,
    _province,
    _ranking_frame,
    _sections,
    _sources_text,
    _table_numbers,
    file_name,
)
from emulation_stats.pack.document import Section, Subheading, write_document
from emulation_stats.pack.export import atomic_write
from emulation_stats.units.naming import body_kind

if TYPE_CHECKING:  # a type named only
    from emulation_stats.load.dataset import Dataset


def _document(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> Path:
    """The báo cáo in the seed's order: the year's results (economy, society, security), plans,
    awards, the bình xét's result and next year's head, and a placeholder for next year's
    tasks — what the cluster says and signs, nothing about how the pack was made (that is
    the annex's)."""
    words = DOC[lang]
    pictures = _picture_list(pack, words)
    parts: list[Section] = []
    if a.yoy is not None:
        table = catalog.indicators().table
        paragraphs = [a.restated_text]
        number_of, said = 0, set()
        for category in catalog.CATEGORIES:
            keys = [k for k in table.index[table["category"] == category] if k in a.changes]
            if keys:
                number_of += 1
                paragraphs += [Subheading(f"{number_of}. {words[f'category_{category}']}"),
                               *(a.changes[k] for k in keys)]
                said.update(keys)
        # a dataset's own indicators (a khối's tasks) and the office's own: after the categories
        paragraphs += [text for k, text in a.changes.items() if k not in said]
        results = words["results_block" if body_kind(_cluster_name(dataset)) == "block" else "results"]
        parts.append(Section(results.format(year=pack.year), paragraphs, pictures=pictures("thay_doi")))
    if a.plans_text:
        parts.append(Section(phrase("report_plans", lang, year=pack.year), [a.plans_text]))
    if a.awards is not None:
        parts.append(Section(words["awards"].format(year=pack.year), a.awards_text,
                             pictures=pictures("khen_thuong")))
    if a.result_text or a.handover_text:
        tables = [(words["ranking_table"].format(n=1, year=pack.year), _ranking_frame(a, lang))] \
            if a.table is not None else []
        # the scores, the proposal and the ballot, their table and chart, then the hand-over
        ballot = _ballot_tally(dataset, pack.year, lang) if a.table is not None else ""
        parts.append(Section(words["scoring" if a.table is not None else "binh_xet"], [a.result_text, ballot],
                             tables=tables, pictures=pictures("bang_diem"), closing=[a.handover_text]))
    parts.append(Section(words["next_year"].format(year=pack.year + 1),
                         [words["next_year_text"].format(year=pack.year + 1)], placeholder=True))
    return write_document(pack.out_dir / file_name("report", lang, year=pack.year), issuer=_cluster_name(dataset, lang),
                          subject=words["subject"].format(year=pack.year, next_year=pack.year + 1), sections=parts,
                          illustrative=dataset.illustrative, lang=lang, managing=_managing(dataset, pack.year, lang),
                          number=_table_numbers(a, lang))


def _annex(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> Path:
    """The annex for the board (phu_luc_<year>.docx): how the scores were reached and how
    robust the ranking is, what was restated and what could not be compared, and where the
    figures come from — what the signed báo cáo leaves out."""
    words = DOC[lang]
    pictures = _picture_list(pack, words)
    parts: list[Section] = []
    if a.table is not None:
        tables = [(words["ranking_table"].format(n=1, year=pack.year), _ranking_frame(a, lang)),
                  (words["group_table"].format(n=2, year=pack.year), _points_by_group(a.table, lang))]
        parts.append(Section(phrase("report_scoring_annex", lang), [a.ranking_text], tables=tables,
                             pictures=pictures("bang_diem", "tu_cham")))
        parts.append(Section(phrase("report_robustness", lang), [a.robust_text],
                             pictures=pictures("do_vung", "bo_tieu_chi")))
    if a.restated_lines:
        parts.append(Section(phrase("report_restated", lang), [a.restated_text, *a.restated_lines]))
    parts.append(Section(words["sources"], [*_sources_text(dataset, lang)]))
    if pack.left_out:
        parts.append(Section(phrase("report_left_out", lang), list(pack.left_out)))
    return write_document(pack.out_dir / file_name("annex", lang, year=pack.year), issuer=_cluster_name(dataset, lang),
                          subject=words["annex_subject"].format(year=pack.year), sections=parts,
                          illustrative=dataset.illustrative, lang=lang, title=words["annex_title"], signed=False,
                          managing=_managing(dataset, pack.year, lang),
                          number=_table_numbers(a, lang))


def _summary(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str,
             kinds: Iterable[str] = ("md", "html")) -> list[Path]:
    title = phrase("report_title", lang, year=pack.year)
    subtitle = phrase("report_subtitle", lang, cluster=_cluster_name(dataset, lang),
                      province=_province(dataset, pack.year, lang))
    sections = _sections(dataset, a, pack, lang)
    md = [f"# {title}", "", f"*{subtitle}*", ""]
    if dataset.illustrative:
        md += [f"**{ILLUSTRATIVE_MARK}**", ""]
    body = []
    for i, (heading, paragraphs, charts) in enumerate(sections, start=1):
        md += [f"## {i}. {heading}", ""]
        body.append(f"<h2>{i}. {html.escape(heading)}</h2>")
        for paragraph in paragraphs:
            if paragraph:
                md += [paragraph, ""]
                body.append(f"<p>{html.escape(paragraph)}</p>")
        for chart in charts:
            relative = chart.png.relative_to(pack.out_dir).as_posix()
            md += [f"![{chart.title}]({relative})", "", f"*{chart.takeaway}*", ""]
            body.append(f'<figure><img src="{html.escape(relative)}" alt="{html.escape(chart.title)}">'
                        f"<figcaption>{html.escape(chart.takeaway)}</figcaption></figure>")
    notice = f'<p class="mark">{html.escape(ILLUSTRATIVE_MARK)}</p>' if dataset.illustrative else ""
    page = f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #212121; }}
h1 {{ font-size: 2rem; }} h2 {{ margin-top: 2rem; border-bottom: 2px solid #1565c0; }}
.mark {{ color: #b22222; font-weight: bold; }}
figure {{ margin: 1rem 0; }} img {{ max-width: 100%; border: 1px solid #e0e0e0; }}
figcaption {{ font-style: italic; color: #424242; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p><em>{html.escape(subtitle)}</em></p>
{notice}
{chr(10).join(body)}
</body>
</html>
"""
    md_path = pack.out_dir / file_name("summary_md", lang, year=pack.year)
    html_path = pack.out_dir / file_name("summary_html", lang, year=pack.year)
    written = []
    if "md" in kinds:
        written.append(atomic_write(md_path, lambda target: target.write_text("\n".join(md), encoding="utf-8")))
    if "html" in kinds:
        written.append(atomic_write(html_path, lambda target: target.write_text(page, encoding="utf-8")))
    return written
