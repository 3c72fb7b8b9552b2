"""The pack's slides for a hall: type read from the back row, one message a slide, the
ranking table, speaker's notes."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, number, phrase
from emulation_stats.core.text import points_decimals
from emulation_stats.pack.contents import PACK, ReportPack, _Analysis, _cluster_name, _province, _sections, file_name
from emulation_stats.pack.export import atomic_write
from emulation_stats.pack.figures import SLIDE_CHART_INCHES, _ranking_takeaway
from emulation_stats.units.naming import place
from emulation_stats.words.narrative import paragraph_keys

if TYPE_CHECKING:  # a type named only
    from emulation_stats.load.dataset import Dataset

# A deck for a hall. "Arial" is in PowerPoint; LibreOffice shows it as Liberation Sans (the same
# widths) or, where that is not installed, as DejaVu Sans, which is wider: every box is measured
# with DejaVu Sans (shipped with matplotlib), so the text fits in both.
SLIDE_FONT = "Arial"


SLIDE_SOURCE_PT = 10  # the source and footer lines, the only smaller text


SLIDE_TITLE_PT = 28


SLIDE_COVER_PT = (40, 26)  # the title slide: its title and subtitle


SLIDE_TEXT_PT = 16  # a takeaway under a chart or a table


SLIDE_TABLE_PT = 18


SLIDE_TABLE_ROWS = 8  # members on one ranking slide; more go to a second slide


SLIDE_PROSE_LINES = 5  # at most, a slide; a longer text goes to the notes


SLIDE_NOTES_WORDS = 150  # at most, a slide's notes


SLIDE_LINE = 1.2  # line height, in font sizes


def _slides(dataset: Dataset, a: _Analysis, pack: ReportPack, lang: str) -> tuple[Path, int]:
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Emu, Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    red, grey = RGBColor(0xB2, 0x22, 0x22), RGBColor(0x61, 0x61, 0x61)

    def text(slide, content: str, left: float, top: float, width: float, height: float, size: int,
             bold: bool = False, colour: RGBColor | None = None, anchor: Any = MSO_ANCHOR.TOP) -> None:
        box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        frame = box.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE  # the box is measured; it never grows over the next one
        frame.vertical_anchor = anchor
        run = frame.paragraphs[0].add_run()
        run.text = content
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, SLIDE_FONT
        if colour is not None:
            run.font.color.rgb = colour

    def lines_high(lines: int, size: int) -> float:  # inches, with the box's own margins
        return lines * size * SLIDE_LINE / 72 + 0.12

    cluster = _cluster_name(dataset, lang)

    def foot(slide, notes: str, source: str = "") -> None:
        if source:
            text(slide, source, 0.5, 6.2, 12.3, lines_high(1, SLIDE_SOURCE_PT), SLIDE_SOURCE_PT, colour=grey)
        text(slide, f"{cluster} — {pack.year}", 0.5, 7.05, 7.8, 0.35, SLIDE_SOURCE_PT + 2, colour=grey)
        if dataset.illustrative:
            text(slide, ILLUSTRATIVE_MARK, 8.4, 7.05, 4.4, 0.35, SLIDE_SOURCE_PT + 2, True, red)
        slide.notes_slide.notes_text_frame.text = said(notes)

    seen: set[str] = set()

    def said(notes: str) -> str:  # at most SLIDE_NOTES_WORDS words, never the same as another slide's
        notes = _notes_cut(notes, SLIDE_NOTES_WORDS)
        if notes in seen:
            notes = _notes_cut(f"{len(deck.slides)}. {notes}", SLIDE_NOTES_WORDS)
        seen.add(notes)
        return notes

    def takeaway(slide, content: str, bottom: float) -> None:
        content = _short(content, SLIDE_TEXT_PT, 12.3, SLIDE_PROSE_LINES - 3)
        lines = _text_lines(content, SLIDE_TEXT_PT, 12.3)
        top = bottom - lines_high(lines, SLIDE_TEXT_PT)
        text(slide, content, 0.5, top, 12.3, lines_high(lines, SLIDE_TEXT_PT), SLIDE_TEXT_PT)

    # The title slide: the subtitle goes under the title as many lines as the title takes.
    cover = deck.slides.add_slide(blank)
    title_pt, subtitle_pt = SLIDE_COVER_PT
    heading = phrase("report_title", lang, year=pack.year)
    subtitle = phrase("report_subtitle", lang, cluster=_cluster_name(dataset, lang),
                      province=_province(dataset, pack.year, lang))
    top = 1.9
    height = lines_high(_text_lines(heading, title_pt, 11.7, bold=True), title_pt)
    text(cover, heading, 0.8, top, 11.7, height, title_pt, True, anchor=MSO_ANCHOR.BOTTOM)
    top += height + 0.15
    height = lines_high(_text_lines(subtitle, subtitle_pt, 11.7), subtitle_pt)
    text(cover, subtitle, 0.8, top, 11.7, height, subtitle_pt)
    if dataset.illustrative:
        text(cover, ILLUSTRATIVE_MARK, 0.8, top + height + 0.4, 11.7, lines_high(1, 24), 24, True, red)
    contents = [c.title for c in pack.charts] + ([phrase("report_ranking", lang)] if a.table is not None else [])
    cover.notes_slide.notes_text_frame.text = said(phrase(
        "pack_notes_title", lang, cluster=cluster, province=_province(dataset, pack.year, lang), year=pack.year,
        base=pack.base_year,
        contents="; ".join(contents)))

    # Each chart's slide carries in its notes its takeaway and the paragraphs the report says
    # of it, each paragraph on one slide only: an indicator's paragraph on its own chart's slide,
    # the ranking's on the ranking slide, the rest of a section on its first slide.
    notes = {c.key: list(paragraphs) for _, paragraphs, shown in _sections(dataset, a, pack, lang) for c in shown}
    groups = paragraph_keys(list(a.yoy["indicator"].unique())) if a.yoy is not None else []
    said_in = {k: first for keys in groups for first in keys if first in a.changes for k in keys}
    used = {a.ranking_text} if a.table is not None else set()
    for chart in pack.charts:  # an indicator's chart: the paragraph that says it
        if chart.key.removeprefix("so_sanh_") in said_in:
            notes[chart.key] = [a.changes[said_in[chart.key.removeprefix("so_sanh_")]]]
            used |= set(notes[chart.key])
    for chart in pack.charts:
        own = [p for p in notes.get(chart.key, []) if p.strip() and (p not in used or chart.key.startswith("so_sanh_"))]
        used |= set(own)
        notes[chart.key] = own
    width, height = SLIDE_CHART_INCHES
    for chart in pack.charts:
        slide = deck.slides.add_slide(blank)
        text(slide, chart.title, 0.5, 0.15, 12.3, lines_high(1, SLIDE_TITLE_PT), SLIDE_TITLE_PT, True)
        picture = slide.shapes.add_picture(io.BytesIO(chart.slide_png), Inches(0.5), Inches(0.8),
                                           width=Inches(width))
        if picture.height > Inches(height):  # a taller chart: as high as the space, centred
            picture.height, picture.width = Inches(height), int(picture.width * Inches(height) / picture.height)
        picture.left = Emu(int((deck.slide_width - picture.width) / 2))
        takeaway(slide, chart.takeaway, 7.0)
        foot(slide, " ".join([chart.takeaway + ("" if chart.takeaway.endswith(".") else ".")] + notes[chart.key]),
             chart.slide_source)
    if a.table is not None:
        ranking = a.proposal.table
        parts = [ranking.iloc[i:i + SLIDE_TABLE_ROWS] for i in range(0, len(ranking), SLIDE_TABLE_ROWS)] \
            if len(ranking) > SLIDE_TABLE_ROWS + 1 else [ranking]  # one row more than a slide holds stays
        for n, part in enumerate(parts):
            slide = deck.slides.add_slide(blank)
            name = phrase("report_ranking", lang)
            text(slide, name if n == 0 else phrase("pack_continued", lang, title=name), 0.5, 0.15, 12.3,
                 lines_high(1, SLIDE_TITLE_PT), SLIDE_TITLE_PT, True)
            bottom = _ranking_table(slide, part, lang)
            short = _proposal_takeaway(ranking, lang) or _ranking_takeaway(a.table, lang)
            if n == 0:  # said just under the table
                lines = _text_lines(_short(short, SLIDE_TEXT_PT, 12.3, SLIDE_PROSE_LINES - 3), SLIDE_TEXT_PT, 12.3)
                takeaway(slide, short, min(6.95, bottom + 0.3 + lines_high(lines, SLIDE_TEXT_PT)))
                foot(slide, a.ranking_text or short)
            else:
                rows = "; ".join(f"{int(r.rank)}. {r.member} ({number(round(r.total, 2), lang)})"
                                 for r in part.itertuples(index=False))
                foot(slide, phrase("pack_notes_rows", lang, first=int(part["rank"].iloc[0]),
                                   last=int(part["rank"].iloc[-1]), members=rows))
    path = pack.out_dir / file_name("slides", lang, year=pack.year)
    atomic_write(path, lambda target: deck.save(str(target)))
    return path, len(deck.slides)


def _proposal_takeaway(ranking: pd.DataFrame, lang: str) -> str:
    """What the table proposes, in a line ("Đề nghị: Cờ thi đua — huyện A; Bằng khen — huyện B, huyện C")."""
    words = PACK[lang]
    said = [f"{words[kind]} — " + ", ".join(place(r.member, r.member_code, lang) for r in rows.itertuples())
            for kind in ("flag", "certificate") if len(rows := ranking[ranking["proposal"] == kind])]
    return f"{words['proposal']}: " + "; ".join(said) if said else ""


def _ranking_table(slide: Any, ranking: pd.DataFrame, lang: str) -> float:
    """The ranking as a table at ``SLIDE_TABLE_PT``; returns where it ends (inches from the top)."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    words = PACK[lang]
    headers = [words["rank"], words["member"], words["total"], words["proposal"]]
    proposals = {"flag": words["flag"], "certificate": words["certificate"], "": ""}
    places = points_decimals(ranking["total"])
    widths = (1.3, 4.8, 2.0, 2.8)  # a member's name on one line at SLIDE_TABLE_PT
    row = SLIDE_TABLE_PT * SLIDE_LINE / 72 + 0.2
    shape = slide.shapes.add_table(len(ranking) + 1, 4, Inches((13.333 - sum(widths)) / 2), Inches(1.0),
                                   Inches(sum(widths)), Inches(row * (len(ranking) + 1)))
    cells = shape.table
    for j, inches in enumerate(widths):
        cells.columns[j].width = Inches(inches)
    for j, name in enumerate(headers):
        cells.cell(0, j).text = name
    for i, line in enumerate(ranking.itertuples(index=False), start=1):
        values = [str(int(line.rank)), line.member, number(round(line.total, places), lang, decimals=places),
                  proposals[line.proposal]]
        for j, value in enumerate(values):
            cells.cell(i, j).text = value
    for i in range(len(ranking) + 1):
        cells.rows[i].height = Inches(row)
        for j in range(4):
            for paragraph in cells.cell(i, j).text_frame.paragraphs:
                if j in (0, 2):  # rank and total: numbers line up on the right
                    paragraph.alignment = PP_ALIGN.RIGHT
                for run in paragraph.runs:
                    run.font.size, run.font.name = Pt(SLIDE_TABLE_PT), SLIDE_FONT
    return 1.0 + row * (len(ranking) + 1)


def _font_file(bold: bool) -> str:
    from matplotlib import font_manager

    return font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans",
                                                             weight="bold" if bold else "normal"))


def _text_lines(content: str, size: float, width: float, bold: bool = False) -> int:
    """Lines ``content`` takes at ``size`` pt in a text box ``width`` inches wide, measured with
    DejaVu Sans (wider than Arial and Liberation Sans: what fits here fits in both)."""
    from PIL import ImageFont

    font = ImageFont.truetype(_font_file(bold), 100)
    room = (width - 0.2) * 72 * 100 / size  # the box's margins, 0.1 inch each side
    count = 0
    for paragraph in content.split("\n"):
        line = ""
        count += 1
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > room:
                count, line = count + 1, word
            else:
                line = trial
    return count


def _short(content: str, size: float, width: float, lines: int) -> str:
    """``content`` cut to its first sentences that fit in ``lines`` (the rest is said in the notes)."""
    if _text_lines(content, size, width) <= lines:
        return content
    sentences = [p for p in re.split(r"(?<=[.;])\s+", content) if p]
    kept = sentences[0]
    for sentence in sentences[1:]:
        if _text_lines(f"{kept} {sentence}", size, width) > lines:
            break
        kept = f"{kept} {sentence}"
    words = kept.split()
    while _text_lines(" ".join(words), size, width) > lines and len(words) > 1:
        words = words[:-1]
    kept = " ".join(words)
    return kept if kept == sentences[0] or kept.endswith((".", ";")) else kept.rstrip(",;:") + " …"


def _notes_cut(content: str, words: int) -> str:
    """The notes' first whole sentences, each said once, at most ``words`` words (the báo cáo
    says the rest); a first sentence too long alone is cut after a whole clause, with "…".

    >>> _notes_cut("A b. A b. C d e f g h.", 4)
    'A b.'
    >>> _notes_cut("Lead: x y; z w; v u.", 6)
    'Lead: x y; z w …'
    """
    sentences = list(dict.fromkeys(re.split(r"(?<=[.!?])\s+", " ".join(content.split()))))
    kept: list[str] = []
    for sentence in sentences:
        if len(" ".join(kept + [sentence]).split()) > words:
            break
        kept.append(sentence)
    if kept:
        return " ".join(kept)
    clauses: list[str] = []
    for clause in re.split(r"(?<=;)\s+", sentences[0]):
        if len(" ".join(clauses + [clause]).split()) > words - 1:
            break
        clauses.append(clause)
    text = " ".join(clauses) if clauses else " ".join(sentences[0].split()[:words - 1])
    return text.rstrip(";:,") + " …"
