"""The báo cáo the cluster signs: a Word document laid out as Nghị định 30/2020/NĐ-CP
prescribes for an administrative document (python-docx).

A4, Times New Roman 14 pt, margins top/bottom 20 mm, left 30 mm, right 15 mm; the
issuing body and the Quốc hiệu / Tiêu ngữ side by side; "Số: …/BC-…" and the place and
date for the writer to fill; "BÁO CÁO" and its subject; the sections in the order the
seed report uses; Word tables (editable, numbers right-aligned, the Vietnamese way) and
charts as pictures with captions; a marked placeholder for next year's tasks; "Nơi nhận"
and the signature block; page numbers from page 2 at the top centre; the illustrative
notice in the header of every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from emulation_stats.core.phrases import ILLUSTRATIVE_MARK, Words, phrase
from emulation_stats.pack.export import atomic_write
from emulation_stats.units.naming import body_kind

KEEP_TOGETHER_ROWS = 25
WORDS = Words("doc_")  # data/reference/phrases.csv
FONT = "Times New Roman"
MIN_COLUMN_CM = 1.4
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class Subheading(str):
    """A paragraph of a section that heads the ones after it ("1. Về kinh tế"): bold, never
    left alone at the foot of a page."""


class ToFill(str):
    """A paragraph the signer's office completes (what the data cannot say: a meeting's
    date, the board's own judgement): highlighted, so that none is signed unfilled."""


@dataclass
class Section:
    """One part of the report: a heading, its paragraphs, then tables and pictures."""

    heading: str
    paragraphs: list[str]
    tables: list[tuple[str, pd.DataFrame]] = field(default_factory=list)  # caption, readable frame
    pictures: list[tuple[Path, str]] = field(default_factory=list)  # PNG, caption
    placeholder: bool = False  # for the writer to fill
    closing: list[str] = field(default_factory=list)  # paragraphs after the tables and pictures


def write_document(path: Path, *, issuer: str, subject: str, sections: list[Section], illustrative: bool,
                   lang: str = "vi", number: Callable[[float], str] = str, title: str | None = None,
                   signed: bool = True, managing: str = "", opening: list[str] = (), place: str = "") -> Path:
    """Write the report to ``path`` (atomically) and return it. A khối thi đua (of agencies)
    signs as a khối, a cụm as a cụm; an annex (``signed=False``) goes with the signed report
    and carries no signature of its own. ``managing``: the body above the issuer in the
    heading ("UBND tỉnh Gia Lai"), as Nghị định 30/2020/NĐ-CP sets it out; ``opening``:
    the paragraphs between the title and part I (its legal bases, "Căn cứ …"); ``place``:
    where it is signed, before the date ("Gia Lai, ngày … tháng … năm …")."""
    words = WORDS[lang]
    group = body_kind(issuer)
    doc = Document()
    _page(doc, illustrative)
    _normal_style(doc)
    _heading_block(doc, issuer, words, managing, numbered=signed, group=group, place=place)
    _title(doc, title or words["title"], subject)
    _paragraphs(doc, opening)
    for i, part in enumerate(sections):
        _heading(doc, f"{ROMAN[i] if i < len(ROMAN) else i + 1}. {part.heading}")
        last = _paragraphs(doc, part.paragraphs, part.placeholder)
        if last is not None and (part.tables or part.pictures):  # the sentence that leads into a table stays with it
            last.paragraph_format.keep_with_next = True
        for caption, frame in part.tables:  # a table's title above it, a figure's caption below
            _caption(doc, caption).paragraph_format.keep_with_next = True
            _table(doc, frame, number)
        for png, caption in part.pictures:
            doc.add_picture(str(png), width=Cm(16))
            picture = doc.paragraphs[-1]
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            # single spacing: at the body's 1,15 LibreOffice draws a picture up over what is above it
            # (a table's last row); kept with its caption below
            picture.paragraph_format.line_spacing = 1.0
            picture.paragraph_format.space_before = Pt(6)
            picture.paragraph_format.keep_with_next = True
            _caption(doc, caption)
        _paragraphs(doc, part.closing)
    if signed:
        _signature(doc, words, group)
    return atomic_write(path, lambda target: doc.save(str(target)))


def _paragraphs(doc, texts: list[str], placeholder: bool = False):
    """The texts as body paragraphs (a Subheading as a heading); the last one written."""
    paragraph = None
    for text in texts:
        if isinstance(text, Subheading):
            _subheading(doc, text)
        elif text:
            paragraph = _body(doc, text)
            if placeholder or isinstance(text, ToFill):
                for run in paragraph.runs:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def _page(doc, illustrative: bool) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.header_distance = section.footer_distance = Cm(1)
    # Page numbers from page 2, at the top centre; the first page's header has only the notice.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)
    for part in (section.header, section.first_page_header):
        if illustrative:
            notice = part.add_paragraph() if part is section.header else part.paragraphs[0]
            notice.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = notice.add_run(ILLUSTRATIVE_MARK)
            run.bold, run.font.size, run.font.name = True, Pt(11), FONT
            run.font.color.rgb = RGBColor(0xB2, 0x22, 0x22)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    run.font.name, run.font.size = FONT, Pt(13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _normal_style(doc) -> None:
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)  # Vietnamese text stays in Times New Roman
    _language(doc, "vi-VN")
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.15


def _language(doc, tag: str) -> None:
    """Every style's proofing language (Word underlines a Vietnamese text checked as English)."""
    for style in doc.styles:
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            continue
        properties = style.element.get_or_add_rPr()
        for old in properties.findall(qn("w:lang")):
            properties.remove(old)
        lang = OxmlElement("w:lang")
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), tag)
        properties.append(lang)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for found in defaults.iter(qn("w:lang")):
            for attribute in ("w:val", "w:eastAsia", "w:bidi"):
                found.set(qn(attribute), tag)


def _cell_lines(cell, lines: list[tuple[str, bool, bool, int]]) -> None:
    """Lines of (text, bold, italic, size) centred in a header or signature cell."""
    cell.paragraphs[0].text = ""
    for k, (text, bold, italic, size) in enumerate(lines):
        paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), FONT


def _heading_block(doc, issuer: str, words, managing: str = "", numbered: bool = True, group: str = "cluster",
                   place: str = "") -> None:
    """Nghị định 30/2020/NĐ-CP: the managing body over the issuer, the Quốc hiệu and Tiêu ngữ
    on the right, then the Số line and the place-and-date line on one row."""
    table = _fixed_table(doc, [Cm(7.2), Cm(9.3)], rows=2)
    left, right = table.rows[0].cells
    top = [(managing.upper(), False, False, 12)] if managing else []
    _cell_lines(left, [*top, (_unbroken_brackets(issuer.upper()), True, False, 12), ("———", False, False, 12)])
    _cell_lines(right, [(words["nation"], True, False, 12), (words["motto"], True, False, 13),
                        ("———————", False, False, 12)])
    number_cell, date_cell = table.rows[1].cells
    number_line = words["number_line" if group == "cluster" else f"number_line_{group}"]
    _cell_lines(number_cell, [(number_line if numbered else "", False, False, 13)])
    dated = words["place_date"]  # the place is the province's name where it is known; the date is the signer's
    if place:
        dated = place + dated[dated.index(","):]
    _cell_lines(date_cell, [(dated, False, True, 13)])


UNBROKEN = ("THI ĐUA", "KHEN THƯỞNG")  # a body's name never breaks inside these words


def _unbroken_brackets(text: str) -> str:
    """"CỤM THI ĐUA SỐ 3 (XÃ, PHƯỜNG)": a line may break before the bracket, never inside it
    (nor inside "THI ĐUA", "KHEN THƯỞNG": never "KHEN / THƯỞNG")."""
    for words in UNBROKEN:
        text = text.replace(words, words.replace(" ", "\u00a0"))
    return re.sub(r"\(([^()]*)\)", lambda m: "(" + m.group(1).replace(" ", "\u00a0") + ")", text)


def _fixed_table(doc, widths: list, rows: int = 1) -> object:
    """A borderless table whose columns keep their widths in every office suite."""
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width
    # The table's own width too: LibreOffice shrinks an "auto" table to its text.
    total = table._tbl.tblPr.find(qn("w:tblW"))
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(sum(int(w.twips) for w in widths)))
    return table


def _title(doc, title: str, subject: str) -> None:
    for text, size in ((title, 14), (subject, 14)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(size)
    doc.add_paragraph()


def _heading(doc, text: str) -> None:
    paragraph = doc.add_paragraph(style="Heading 1")
    paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(12), Pt(6)
    run = paragraph.add_run(text)
    run.bold, run.font.size, run.font.name = True, Pt(14), FONT
    run.font.color.rgb = RGBColor(0, 0, 0)
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _subheading(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.add_run(text).bold = True


def _body(doc, text: str):
    paragraph = doc.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


TABLE_WIDTH_CM = 16.0


CHARACTER_CM = 0.24  # about one character of the 13 pt body text


def _shared_out(needs: list[float], total: float) -> list[float]:
    """Widths that sum to ``total``: all as asked, grown alike, when they fit; else the
    columns that ask for less than an even share (a number, a count) get what they ask and
    the wide ones (names that may wrap) share the rest as they ask.

    >>> [round(w, 1) for w in _shared_out([1, 1, 10, 10], 16)]
    [1.0, 1.0, 7.0, 7.0]
    """
    if sum(needs) <= total:
        return [total * need / sum(needs) for need in needs]
    widths, left, open_ = [float(n) for n in needs], total, sorted(range(len(needs)), key=needs.__getitem__)
    while open_ and needs[open_[0]] <= left / len(open_):
        left -= needs[open_.pop(0)]
    wide = sum(needs[i] for i in open_)
    for i in open_:
        widths[i] = left * needs[i] / wide
    return widths


def _widths(table, texts: list[list[str]]) -> None:
    """Columns as wide as what they hold (a member's name on one line, a rank narrow), the
    table the text's width: a heading may wrap between words, a value does not."""
    # two characters more than the longest: a cell's padding, so that "86,54" or "16/16" keeps to one line
    needs = [2 + max([len(t) for t in column[1:]] + [max(map(len, column[0].split()), default=1)] + [3])
             for column in texts]
    widths = _shared_out([need * CHARACTER_CM for need in needs], TABLE_WIDTH_CM)
    # no column narrower than a number and its padding (an "STT" of a long table); the widest gives it up
    widths = [max(width, MIN_COLUMN_CM) for width in widths]
    widest = widths.index(max(widths))
    widths[widest] -= sum(widths) - TABLE_WIDTH_CM
    table.autofit = False
    for column, width_cm in zip(table.columns, widths):
        width = Cm(width_cm)
        column.width = width
        for cell in column.cells:  # Word reads the cells' widths, LibreOffice the grid's
            cell.width = width


def _table(doc, frame: pd.DataFrame, number: Callable[[float], str]) -> None:
    table = doc.add_table(rows=len(frame) + 1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    for j, column in enumerate(frame.columns):
        cell = table.cell(0, j)
        cell.text = str(column)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].runs[0].bold = True
    for i, row in enumerate(frame.itertuples(index=False), start=1):  # a table of a few rows, cell by cell
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = "" if pd.isna(value) else (number(value) if numeric[j] else str(value))
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric[j] else WD_ALIGN_PARAGRAPH.LEFT
    _widths(table, [[str(column)] + [c.text for c in table.columns[j].cells[1:]]
                    for j, column in enumerate(frame.columns)])
    together = len(table.rows) <= KEEP_TOGETHER_ROWS  # a short table is not split over two pages
    for i, row in enumerate(table.rows):
        _row_property(row, "w:cantSplit")
        if i == 0:
            _row_property(row, "w:tblHeader")  # a long table repeats its heading on each page
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                paragraph.paragraph_format.keep_with_next = together and i < len(table.rows) - 1
                for run in paragraph.runs:
                    run.font.size = Pt(13)


def _row_property(row, tag: str) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    properties.append(element)


def _caption(doc, text: str):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.italic, run.font.size = True, Pt(13)
    return paragraph


def _signature(doc, words, group: str) -> None:
    # The signature never stands alone on the last page: the report's last paragraphs go with it.
    for paragraph in doc.paragraphs[-2:]:
        paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.keep_with_next = True
    table = _fixed_table(doc, [Cm(8), Cm(8.5)])
    _row_property(table.rows[0], "w:cantSplit")  # "Nơi nhận" and the signature on one page
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    run = left.paragraphs[0].add_run(words["recipients"])
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    recipients = words["recipients_list_board" if group == "board" else "recipients_list"]  # the board reports up
    for line in recipients.format(body=phrase(f"body_{group}", words.lang)).split("|"):
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        item = paragraph.add_run(line)
        item.font.size = Pt(11)
    _cell_lines(right, [(words[f"signer_for_{group}"], True, False, 14), (words[f"signer_{group}"], True, False, 14),
                        ("", False, False, 14), ("", False, False, 14), (words["signature"], False, True, 13)])
