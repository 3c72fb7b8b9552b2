"""The English pack is English throughout (issue "A pack they can sign and show", point 8):
file names, headings, sentences, tables, legends and notes. Vietnamese stays only where it is
a name (members, the province), the bilingual illustrative mark, a document symbol, a file
reference or a quoted Vietnamese detail ("vi: …")."""

from __future__ import annotations

import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from emulation_stats.units.lists import strip_type_word
from emulation_stats.units.matching import province_parts

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)
# What may stay Vietnamese in an English pack, besides the members' and the province's names.
QUOTED = [re.compile(p) for p in (r"\(vi: .*\)\s*$", r"Số liệu minh họa", r"/BC-[CK]TĐ", r"[\w./-]+\.xlsx\S*",
                                  r"Năm \d{4} / [^;]*")]


def _texts(out):
    for path in sorted(out.glob("*.docx")):
        document = Document(path)
        yield path.name, [p.text for p in document.paragraphs] + [
            c.text for t in document.tables for r in t.rows for c in r.cells]
    for path in sorted(out.glob("*.pptx")):
        deck = Presentation(path)
        for i, slide in enumerate(deck.slides, 1):
            said = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
            said += [c.text for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells]
            said += [slide.notes_slide.notes_text_frame.text] if slide.has_notes_slide else []
            yield f"{path.name} slide {i}", said
    for path in sorted(out.glob("*.xlsx")):
        book = load_workbook(path)
        for sheet in book.worksheets:
            yield f"{path.name} [{sheet.title}]", [sheet.title] + [
                v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def _vietnamese_left(text: str, names: set[str]) -> list[str]:
    for pattern in QUOTED:
        text = pattern.sub(" ", text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    return [w for w in re.findall(r"\w+", text) if VIETNAMESE.search(w)]


@pytest.fixture(scope="module", params=["sample", "sample_2026"])
def english(request, built_pack):
    dataset = request.getfixturevalue(request.param)  # the session's sample or sample_2026
    pack = built_pack(request.param, lang="en")
    view = dataset.on_units(pack.year)
    names = set(view.clusters["member"]) | set(view.indicators["member"].dropna()) | {
        str(dataset.meta.get("province", ""))}
    names |= {province_parts(str(dataset.meta.get("province")), pack.year)[1]}
    names |= {strip_type_word(n) for n in names}  # "Diên Hồng ward" names Phường Diên Hồng
    return pack, names | {n.upper() for n in names}  # the heading's capitals


def test_the_english_pack_has_english_file_names(english):
    pack, _ = english
    names = sorted(p.name for p in pack.files if p.parent == pack.out_dir)
    year = pack.year
    assert names == sorted([f"report_{year}.docx", f"annex_{year}.docx", f"review_{year}.xlsx",
                            f"slides_{year}.pptx", f"summary_{year}.md", f"summary_{year}.html"])
    charts = {p.stem for p in pack.files if p.parent.name == "charts"}
    assert not charts & {"thay_doi", "bang_diem", "dien_bien", "khen_thuong", "do_vung", "bo_tieu_chi", "tu_cham"}
    assert not any(c.startswith("so_sanh_") for c in charts)


def test_every_word_of_the_english_pack_is_english_but_the_names(english):
    pack, names = english
    left = {}
    for where, texts in _texts(pack.out_dir):
        if "[Provenance]" in where:  # the offices' own files and sheets, named as they sent them
            continue
        words = [w for t in texts if t for w in _vietnamese_left(t, names)]
        if words:
            left[where] = sorted(set(words))[:12]
    assert not left, left


def test_english_counts_agree_in_number(english):
    pack, _ = english
    text = " ".join(t for _, texts in _texts(pack.out_dir) for t in texts if t)
    assert not re.search(r"(?<![\d.,])1 (deaths|accidents|cases|people|points|percentage points)\b", text)
    assert not re.search(r"(?<![\d.,])(?:[02-9]|\d{2,}|\d+\.\d+) percentage point\b", text)


def test_the_english_heading_names_the_province_in_english(english):
    pack, _ = english
    first = Document(pack.out_dir / f"report_{pack.year}.docx").tables[0].rows[0].cells[0].text
    assert first.startswith("PEOPLE'S COMMITTEE OF ") and "PROVINCE" in first and "TỈNH" not in first
