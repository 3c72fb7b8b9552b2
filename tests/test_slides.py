"""The deck as a hall sees it: every word large enough, a few lines of prose a slide, notes
for the speaker on every slide, and — as LibreOffice prints it — nothing covering anything
else nor running off the slide. Read with python-pptx and with LibreOffice → PDF → pdftotext."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import matplotlib
import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu, Pt

import emulation_stats as es
from emulation_stats.pack import charts as plot
from emulation_stats.pack import figures, slides

pytestmark = pytest.mark.slow  # LibreOffice renders the slides: in make test, skipped by -m "not slow"

matplotlib.use("Agg")

DATASETS = {"sample": ("sample", 2024), "gia_lai": ("gia_lai_2017", 2017), "reform": ("sample_2026", 2025)}
FOOT_BAND = 6.1  # inches from the top: source and footer lines live below this
PROSE_LINES, NOTES_WORDS = 5, 150


@pytest.fixture(params=list(DATASETS))
def deck_path(request, built_pack):
    name, year = DATASETS[request.param]
    return built_pack(name, year).out_dir / f"slides_{year}.pptx"


def _size(run, paragraph, shape):
    """A run's size as PowerPoint and LibreOffice take it: the run's, else the paragraph's."""
    if run.font.size is not None:
        return run.font.size
    pPr = paragraph._p.pPr
    if pPr is not None and pPr.defRPr is not None and pPr.defRPr.get("sz"):
        return Pt(int(pPr.defRPr.get("sz")) / 100)
    return None


def _runs(slide):
    for shape in slide.shapes:
        frames = [shape.text_frame] if shape.has_text_frame else \
            [cell.text_frame for row in shape.table.rows for cell in row.cells] if shape.has_table else []
        for frame in frames:
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    if run.text.strip():
                        yield shape, run, _size(run, paragraph, shape)


def test_no_word_under_14_pt_but_the_source_and_footer_lines(deck_path):
    deck = Presentation(str(deck_path))
    for number, slide in enumerate(deck.slides, start=1):
        for shape, run, size in _runs(slide):
            assert size is not None, (number, run.text)  # never left to a theme that differs by office suite
            if Emu(shape.top).inches >= FOOT_BAND and not shape.has_table:
                assert size.pt >= 10, (number, run.text, size.pt)
            else:
                assert size.pt >= 14, (number, run.text, size.pt)
            assert run.font.name == slides.SLIDE_FONT  # Arial: in PowerPoint; Liberation Sans's widths in LibreOffice


def test_every_slide_has_its_own_short_notes(deck_path):
    deck = Presentation(str(deck_path))
    notes = [slide.notes_slide.notes_text_frame.text.strip() if slide.has_notes_slide else "" for slide in deck.slides]
    assert all(notes), [i for i, n in enumerate(notes, start=1) if not n]  # the title slide's too
    assert all(len(n.split()) <= NOTES_WORDS for n in notes), [len(n.split()) for n in notes]
    assert len(set(notes)) == len(notes)  # no two slides share their notes
    # each ends a sentence (or a clause cut with "…"), never on a lead-in's colon, and says nothing twice
    assert all(n.endswith((".", "…")) for n in notes), [n[-40:] for n in notes if not n.endswith((".", "…"))]
    for n in notes:
        sentences = [x for x in re.split(r"(?<=\.)\s+", n) if x]
        assert len(set(sentences)) == len(sentences), n


def _to_pdf(path, out_dir):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice or poppler-utils not installed here")
    subprocess.run([office, f"-env:UserInstallation=file://{out_dir / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=300)
    return out_dir / (path.stem + ".pdf")


def _pages(pdf):
    """Each page's size and its words, with their boxes (points), lines grouped as pdftotext reads them."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    pages = []
    for page in ET.fromstring(xml).iter("page"):
        lines = [[(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                  for w in line.iter("word")] for line in page.iter("line")]
        pages.append((float(page.get("width")), float(page.get("height")), lines))
    return pages


def test_as_libreoffice_prints_it_nothing_overlaps_and_nothing_runs_off(deck_path, tmp_path):
    deck = Presentation(str(deck_path))
    pages = _pages(_to_pdf(deck_path, tmp_path))
    assert len(pages) == len(deck.slides)
    for number, (width, height, lines) in enumerate(pages, start=1):
        for word in (w for line in lines for w in line):
            text, x0, y0, x1, y1 = word
            assert x0 >= 0 and y0 >= 0 and x1 <= width + 0.5 and y1 <= height + 0.5, (number, word)
    # The title slide: its title (one or two lines) ends above its subtitle.
    cover = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    words = [w for line in pages[0][2] for w in line]  # in the order the slide says them
    n = len(cover[0].split())
    title, subtitle = words[:n], words[n:n + len(cover[1].split())]
    assert [w[0] for w in title] == cover[0].split() and [w[0] for w in subtitle] == cover[1].split()
    assert max(w[4] for w in title) <= min(w[2] for w in subtitle), (title, subtitle)
    # Prose: at most five lines a slide, the title, the table and the source and footer lines aside.
    for number, (slide, (_, _, lines)) in enumerate(zip(deck.slides, pages), start=1):
        table = {word for shape in slide.shapes if shape.has_table for row in shape.table.rows
                 for cell in row.cells for word in cell.text.split()}
        title = next(s for s in slide.shapes if s.has_text_frame)
        below_title = Emu(title.top + title.height).pt
        prose = {round(line[0][2] / 3) for line in lines
                 if line and 15 <= line[0][4] - line[0][2] < 40 and line[0][2] >= below_title - 2
                 and any(w[0] not in table for w in line) and line[0][2] < FOOT_BAND * 72}
        assert len(prose) <= PROSE_LINES, (number, [" ".join(w[0] for w in line) for line in lines])


def test_a_long_ranking_goes_over_two_slides(sample, monkeypatch, tmp_path):
    monkeypatch.setattr(slides, "SLIDE_TABLE_ROWS", 3)  # the sample's six members: more than one slide holds
    monkeypatch.setattr("emulation_stats.pack.report._charts", lambda *args, **kwargs: [])  # the table's slides
    pack = es.build_report(sample, 2024, tmp_path, draws=50, formats=["pptx"])
    deck = Presentation(str(pack.out_dir / "slides_2024.pptx"))
    tables = [(slide, shape.table) for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert len(tables) == 2
    members = [t.cell(i, 1).text for _, t in tables for i in range(1, len(t.rows))]
    assert members == es.score(sample, year=2024).ranking["member"].tolist()
    titles = [next(s for s in slide.shapes if s.has_text_frame).text_frame.text for slide, _ in tables]
    assert titles == ["Kết quả chấm điểm và đề nghị khen thưởng", "Kết quả chấm điểm và đề nghị khen thưởng (tiếp)"]


def _texts(fig):
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]


def test_the_trend_picture_keeps_its_panel_titles_the_last_years_units_and_a_legend_that_fits(sample):
    data = sample.indicators[sample.indicators["year"] <= 2024].copy()
    gone = data[data["member"] == data["member"].iloc[0]].copy()  # a unit that stopped reporting in 2022
    gone = gone[gone["year"] <= 2022].assign(member="Huyện Cũ", member_code="999")
    data = pd.concat([data, gone], ignore_index=True)
    data.attrs.update(sample.indicators.attrs)
    keys = ["criminal_cases", "traffic_accidents"]
    axes = plot.trend_lines(data, keys)
    fig = axes.flat[0].figure
    for t in _texts(fig):
        t.set_fontsize(min(t.get_fontsize(), 8))  # as small as a chart might draw them
    png, source = figures._slide_picture(fig)
    assert png.startswith(b"\x89PNG") and source.startswith("Nguồn")
    assert not fig.get_suptitle()  # the slide says the title
    titles = [ax.get_title(loc="left") for ax in axes.flat if ax.get_visible()]
    assert len(titles) == 2 and all(re.search(r"\(.+\)$", t.replace("\n", " ")) for t in titles)  # with a unit
    drawn = {line.get_label() for ax in axes.flat for line in ax.get_lines()}
    assert "Huyện Cũ" not in drawn and drawn == set(data.loc[data["year"] == 2024, "member"])
    (legend,) = fig.legends
    assert {t.get_text() for t in legend.get_texts()} == drawn
    box, figure = legend.get_window_extent(), fig.bbox
    assert figure.x0 <= box.x0 and box.x1 <= figure.x1 and figure.y0 <= box.y0
    assert all(t.get_fontsize() >= figures.SLIDE_MIN_PT for t in _texts(fig))
    assert source not in [t.get_text() for t in _texts(fig)]  # said on the slide at 10 pt, not inside the picture
