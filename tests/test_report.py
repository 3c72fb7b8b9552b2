"""The conference pack: every file written, readable, equal to the library's tables,
marked illustrative exactly where the data is, and never left half-written."""

import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation

import emulation_stats as es
from emulation_stats.core.phrases import number
from helpers import ROOT, SEED_CRIME_PARAGRAPH

MARK = es.ILLUSTRATIVE_MARK


@pytest.fixture
def pack(built_pack):
    return built_pack("sample", 2024)


@pytest.fixture
def real_pack(built_pack):
    return built_pack("gia_lai_2017", 2017)


def test_every_file_of_the_pack_is_written(pack):
    names = {p.name for p in pack.out_dir.iterdir()}
    assert {"bao_cao_2024.docx", "phu_luc_2024.docx", "review_2024.xlsx", "slides_2024.pptx", "summary_2024.md",
            "summary_2024.html", "charts"} == names
    charts = {p.name for p in (pack.out_dir / "charts").iterdir()}
    assert charts == {f"{c.key}.{s}" for c in pack.charts for s in ("png", "svg")}
    assert len(pack.charts) >= 8 and pack.left_out == []


def test_workbook_numbers_equal_the_library(pack, sample):
    book = openpyxl.load_workbook(pack.out_dir / "review_2024.xlsx")
    sheet = pd.DataFrame(book["So sánh năm"].values)
    table = pd.DataFrame(sheet.values[1:], columns=sheet.iloc[0])
    yoy = es.compare_years(sample.indicators, 2023, 2024)
    members = table[table["Cấp"] == "đơn vị"]
    got = dict(zip(zip(members["Mã đơn vị"], members["Chỉ tiêu"]), members["Năm nay"].astype(float)))
    rows = yoy[yoy["level"] == "member"]  # the sheet names an indicator by its name, not its key
    want = dict(zip(zip(rows["member_code"], rows["indicator_name"]), rows["current_value"]))
    assert got == pytest.approx(want) and len(got) == 78
    scores = pd.DataFrame(book["Bảng điểm"].values)
    scores = pd.DataFrame(scores.values[1:], columns=scores.iloc[0]).set_index("Mã đơn vị")["Tổng điểm"]
    total = es.score(sample, year=2024).total
    assert scores.astype(float).to_dict() == pytest.approx(total.to_dict(), abs=1e-6)
    files = pd.DataFrame(book["Nguồn dữ liệu"].values)
    assert files.iloc[1:, 2].astype(int).sum() == sample.report.rows_read
    assert book["So sánh năm"].freeze_panes == "A2" and book["So sánh năm"].oddHeader.center.text == MARK
    assert not any(cell.data_type == "f" for ws in book.worksheets for row in ws.iter_rows() for cell in row)


def test_slides_read_back(pack, sample):
    deck = Presentation(str(pack.out_dir / "slides_2024.pptx"))
    slides = list(deck.slides)
    assert len(slides) == pack.slides == 1 + len(pack.charts) + 1
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in slides]
    assert "Tổng kết công tác thi đua năm 2024" in texts[0]
    for slide, chart, words in zip(slides[1:], pack.charts, texts[1:]):
        assert chart.title in words and chart.takeaway in words
        assert any(shape.shape_type == 13 for shape in slide.shapes)  # a picture
    table = next(s for s in slides[-1].shapes if s.has_table).table
    ranking = es.score(sample, year=2024).ranking
    assert [table.cell(i, 1).text for i in range(1, len(ranking) + 1)] == ranking["member"].tolist()
    assert table.cell(1, 3).text == "Cờ thi đua"
    assert all(MARK in words for words in texts)


def test_illustrative_mark_on_every_sample_chart_and_none_of_the_real_ones(pack, real_pack):
    for chart in pack.charts:
        assert MARK in chart.svg.read_text(encoding="utf-8"), chart.key
    for chart in real_pack.charts:
        assert MARK not in chart.svg.read_text(encoding="utf-8"), chart.key
    deck = Presentation(str(real_pack.out_dir / "slides_2017.pptx"))
    assert not any(MARK in s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    assert MARK not in (real_pack.out_dir / "summary_2017.md").read_text(encoding="utf-8")


def test_the_real_pack_says_what_it_left_out_and_keeps_the_seed_sentences(real_pack):
    text = (real_pack.out_dir / "summary_2017.md").read_text(encoding="utf-8")
    assert SEED_CRIME_PARAGRAPH in text
    assert "Bằng khen cho 13 tập thể và 42 cá nhân" in text
    assert any("thang điểm" in item for item in real_pack.left_out)
    assert "Phần chưa có trong bộ tài liệu" in text
    # The workbook says it too: each part left out is a line of its first sheet.
    about = openpyxl.load_workbook(real_pack.out_dir / "review_2017.xlsx")["Giới thiệu"]
    said = [value for _, value in about.iter_rows(min_row=2, values_only=True)]
    assert real_pack.left_out and all(item in said for item in real_pack.left_out)


def test_html_summary(pack):
    page = (pack.out_dir / "summary_2024.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page and 'charset="utf-8"' in page
    for chart in pack.charts[:3]:
        assert f'src="charts/{chart.png.name}"' in page


def test_html_renders_in_headless_chromium(pack, tmp_path):
    browser = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)),
                   None)
    if browser is None:
        pytest.skip("no Chromium on this machine")
    shot = tmp_path / "page.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=1280,2000", (pack.out_dir / "summary_2024.html").as_uri()],
                   check=True, capture_output=True, timeout=120)
    from PIL import Image

    image = Image.open(shot).convert("L")
    assert image.getextrema()[0] < 200  # something dark was drawn: the page is not blank


def test_an_interrupted_run_leaves_the_previous_file_or_none(sample, tmp_path, monkeypatch):
    out = tmp_path / "pack"
    slides = {"draws": 50, "formats": ["pptx"]}  # the file the save breaks in, alone: the rest is not at stake
    monkeypatch.setattr("emulation_stats.pack.report._charts", lambda *args, **kwargs: [])  # a deck of words
    es.build_report(sample, 2024, out, **slides)
    before = (out / "slides_2024.pptx").read_bytes()

    def broken_save(self, file):
        with open(file, "wb") as handle:
            handle.write(b"PK\x03\x04 half a file")
        raise OSError("disk full")

    monkeypatch.setattr("pptx.presentation.Presentation.save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        es.build_report(sample, 2024, out, **slides)
    assert (out / "slides_2024.pptx").read_bytes() == before  # the previous complete file
    assert not [p for p in out.rglob(".*") if p.is_file()]  # no temporary file left behind
    fresh = tmp_path / "fresh"
    with pytest.raises(OSError):
        es.build_report(sample, 2024, fresh, **slides)
    assert not (fresh / "slides_2024.pptx").exists()


def test_report_command(tmp_path):
    from test_cli import run_installed

    result = run_installed("report", "data/gia_lai_2017", "--year", "2017", "--out", str(tmp_path / "pack"))
    assert result.returncode == 0, result.stderr
    assert "Bộ tài liệu hội nghị đã được tạo tại" in result.stdout and "review_2017.xlsx" in result.stdout
    assert "thang điểm" in result.stdout  # what was left out, said


def test_report_command_writes_only_the_formats_asked_for(tmp_path, capsys):
    from emulation_stats.cli import main

    out = tmp_path / "pack"
    assert main(["report", str(ROOT / "data" / "gia_lai_2017"), "--out", str(out), "--format", "docx,md"]) == 0
    assert {p.name for p in out.iterdir()} == {"bao_cao_2017.docx", "phu_luc_2017.docx", "summary_2017.md", "charts"}
    out = tmp_path / "only_xlsx"
    assert main(["report", str(ROOT / "data" / "gia_lai_2017"), "--out", str(out), "--format", "xlsx"]) == 0
    assert {p.name for p in out.iterdir()} == {"review_2017.xlsx"}  # no chart drawn for a workbook alone
    capsys.readouterr()
    assert main(["report", str(ROOT / "data" / "gia_lai_2017"), "--out", str(out), "--format", "pdf"]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "--format" in line and "pdf" in line and "docx, xlsx, pptx, md, html" in line


def _to_pdf(path, out_dir):
    """The file as LibreOffice prints it (None where LibreOffice is not installed)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    profile = out_dir / "profile"  # a profile of its own: tests in parallel do not share one
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=300)
    return out_dir / (path.stem + ".pdf")


def _pdf_pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_the_workbook_prints_on_few_pages_with_its_headings(pack, tmp_path):
    workbook = pack.out_dir / "review_2024.xlsx"
    for sheet in openpyxl.load_workbook(workbook).worksheets:  # as the file says it, for any office suite
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$1:$1" and "&P" in sheet.oddFooter.right.text
        assert sheet.oddHeader.center.text == MARK  # illustrative data: said on every printed page
    pdf = _to_pdf(workbook, tmp_path)
    if pdf is None or not shutil.which("pdfinfo"):
        pytest.skip("LibreOffice or poppler-utils not installed here")
    assert _pdf_pages(pdf) <= 30  # it was 88–90 pages without a page set-up
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Số vụ phạm pháp hình sự" in text and "Trang 1/" in text  # Vietnamese text extractable, footer there


def test_the_deck_shows_each_chart_once_under_its_title_with_notes_and_footer(pack, tmp_path):
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu

    deck = Presentation(str(pack.out_dir / "slides_2024.pptx"))
    assert (round(Emu(deck.slide_width).inches, 2), round(Emu(deck.slide_height).inches, 2)) == (13.33, 7.5)
    chart_slides = [s for s in deck.slides if any(sh.shape_type == 13 for sh in s.shapes)]
    assert len(chart_slides) == len(pack.charts)
    for slide, chart in zip(chart_slides, pack.charts):
        (picture,) = [sh for sh in slide.shapes if sh.shape_type == 13]
        # the chart fills the space between title and takeaway (full width or full height of it)
        assert Emu(picture.width).inches >= 12.2 or Emu(picture.height).inches >= 5.3
        assert picture.image.blob == chart.slide_png != chart.png.read_bytes()  # drawn again, without its title
        texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
        assert texts[0] == chart.title and chart.takeaway in texts and "Cụm thi đua các huyện — 2024" in texts
        assert slide.notes_slide.notes_text_frame.text.strip()
    (table,) = [sh.table for s in deck.slides for sh in s.shapes if sh.has_table]
    for row in list(table.rows)[1:]:
        assert row.cells[0].text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT  # rank
        assert row.cells[2].text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT  # total
    pdf = _to_pdf(pack.out_dir / "slides_2024.pptx", tmp_path)
    if pdf is None or not shutil.which("pdfinfo"):
        pytest.skip("LibreOffice or poppler-utils not installed here")
    assert _pdf_pages(pdf) == len(deck.slides)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "Kết quả chấm điểm và đề nghị khen thưởng" in text


def test_the_bao_cao_is_laid_out_as_an_administrative_document(sample, pack, tmp_path):
    from docx import Document

    path = pack.out_dir / "bao_cao_2024.docx"
    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    margins = [round(m.cm, 1) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                        section.right_margin)]  # Nghị định 30/2020: 20–25, 20–25, 30–35, 15–20 mm
    assert 2 <= margins[0] <= 2.5 and 2 <= margins[1] <= 2.5 and 3 <= margins[2] <= 3.5 and 1.5 <= margins[3] <= 2
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size.pt in (13, 14)
    header_cells = [c.text.replace("\u00a0", " ") for c in doc.tables[0].rows[0].cells]  # a name's unbroken spaces
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header_cells[1] and "Độc lập - Tự do - Hạnh phúc" in header_cells[1]
    # Nghị định 30/2020: the managing body over the issuer; the Số line and the place-date line on one row.
    assert header_cells[0].startswith("UBND TỈNH NINH THUẬN") and "CỤM THI ĐUA CÁC HUYỆN" in header_cells[0]
    number_line, date_line = (c.text for c in doc.tables[0].rows[1].cells)
    assert "/BC-" in number_line and "ngày" in date_line
    # Every style checked as Vietnamese; no "Như trên" without a Kính gửi.
    langs = {e.get(qn("w:val")) for e in doc.styles.element.iter(qn("w:lang"))}
    assert langs == {"vi-VN"}
    assert "Như trên" not in "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Tổng kết công tác thi đua, khen thưởng năm 2024 và phương hướng, nhiệm vụ năm 2025" in texts
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].startswith("I. Kết quả thực hiện các chỉ tiêu") and any("Phương hướng" in h for h in headings)
    # The seed's order: results, plans, awards, scores; next year's tasks left for the writer.
    order = [next(i for i, h in enumerate(headings) if word in h) for word in ("Kết quả thực hiện", "kế hoạch",
                                                                                "khen thưởng năm", "chấm điểm")]
    assert order == sorted(order)
    # The score table is a Word table equal to the library's ranking, numbers right-aligned.
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Hạng")
    ranking = es.propose(es.score(sample, year=2024)).table
    assert [r.cells[1].text for r in list(table.rows)[1:]] == list(ranking["member"])
    assert [r.cells[2].text for r in list(table.rows)[1:]] == [number(round(v, 2)) for v in ranking["total"]]
    assert all(r.cells[2].paragraphs[0].alignment == 2 for r in list(table.rows)[1:])  # right
    # Its title above it, its heading repeated on a new page, no row split, and a short table kept whole
    before = table._tbl.getprevious()
    assert "Bảng 1." in "".join(before.itertext())
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in table.rows)
    assert all(r.cells[0].paragraphs[0].paragraph_format.keep_with_next for r in list(table.rows)[:-1])
    assert len(doc.inline_shapes) >= 2  # charts are pictures, with captions
    assert any(t.startswith("Hình 1.") for t in texts)
    # Illustrative data: said in the header of every page (first and following).
    assert MARK in section.first_page_header.paragraphs[0].text
    assert any(MARK in p.text for p in section.header.paragraphs)
    assert section.different_first_page_header_footer  # page numbers from page 2
    pdf = _to_pdf(path, tmp_path)
    if pdf is None or not shutil.which("pdfinfo"):
        pytest.skip("LibreOffice or poppler-utils not installed here")
    assert 3 <= _pdf_pages(pdf) <= 12
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert "BÁO CÁO" in text and "Độc lập - Tự do - Hạnh phúc" in text and "Nơi nhận" in text


def test_the_real_bao_cao_keeps_the_seed_sentences(real_pack):
    from docx import Document

    text = "\n".join(p.text for p in Document(str(real_pack.out_dir / "bao_cao_2017.docx")).paragraphs)
    assert SEED_CRIME_PARAGRAPH in text
    assert "Bằng khen cho 13 tập thể và 42 cá nhân" in text
    assert MARK not in text  # real figures: no illustrative notice


TOOL_WORDS = ("Đã nạp", "rubric.yaml", "scripts/", "seed ", "cảnh báo", "độ vững", "kịch bản", "Nguồn số liệu",
              "thang điểm (", "minh họa)")


def _docx_text(path) -> str:
    from docx import Document

    document = Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_signed_bao_cao_holds_only_what_the_cluster_says(pack, real_pack):
    import re

    for built in (pack, real_pack):
        text = _docx_text(built.out_dir / f"bao_cao_{built.year}.docx")
        said = [w for w in TOOL_WORDS if w.lower() in text.lower()]
        assert not said, said
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)  # no ISO date
        annex = _docx_text(built.out_dir / f"phu_luc_{built.year}.docx")
        assert "Nguồn số liệu" in annex and "Đã nạp" in annex  # what the báo cáo leaves out is in the annex
        assert "PHỤ LỤC" in annex and "TM. CỤM THI ĐUA" not in annex  # the annex goes with the signed report
    assert "độ vững" in _docx_text(pack.out_dir / "phu_luc_2024.docx").lower() or \
        "kịch bản" in _docx_text(pack.out_dir / "phu_luc_2024.docx")


def test_the_bao_cao_carries_the_result_of_the_binh_xet_and_the_hand_over(pack, real_pack):
    real = _docx_text(real_pack.out_dir / "bao_cao_2017.docx")
    # data/gia_lai_2017 has no rubric: the result is the ballot's (votes.csv), as the seed says it.
    assert "Cụm thi đua số 2 đã bình xét và đề nghị UBND tỉnh tặng Cờ thi đua đối với UBND huyện Đak Pơ" in real
    assert "Nhiệm vụ Cụm trưởng năm 2018 được bàn giao cho UBND huyện Đak Pơ; UBND thị xã An Khê làm Cụm phó" in real
    sample = _docx_text(pack.out_dir / "bao_cao_2024.docx")
    proposal = es.propose(es.score(es.load_dataset(ROOT / "data" / "sample"), year=2024)).table
    flag = proposal.loc[proposal["proposal"] == "flag", "member"].iloc[0]
    assert f"Căn cứ kết quả chấm điểm, Cụm đã bình xét và đề nghị UBND tỉnh tặng Cờ thi đua cho UBND huyện {flag}" \
        in sample
    # and the ballot as held, each member's votes in the cluster's order (votes.csv)
    assert "Kết quả bỏ phiếu bình xét Cờ thi đua: huyện Bác Ái 5/18 phiếu, huyện Ninh Sơn 4/18 phiếu" in sample


def test_no_figure_in_the_bao_cao_has_more_than_two_decimals_after_the_reform(built_pack):
    import re

    built = built_pack("sample_2026", 2025)
    text = _docx_text(built.out_dir / "bao_cao_2025.docx")
    assert "Số liệu năm 2024 của các xã, phường được tính lại" in text
    assert "Không so sánh được với năm trước: xã Canh Vinh" in text
    long = re.findall(r"\d+,\d{3,}(?!\.\d)", text.replace(".", ""))
    assert not long, long


def test_no_member_scores_above_the_most_the_points_sheet_allows(pack):
    """The workbook's "most points" is what a member can earn (a plan beaten up to its cap
    counts): no member's points above it, and the cap shows (budget: 10 points × 1,2)."""
    book = openpyxl.load_workbook(pack.out_dir / "review_2024.xlsx")
    sheet = pd.DataFrame(book["Điểm theo tiêu chí"].values)
    table = pd.DataFrame(sheet.values[1:], columns=sheet.iloc[0])
    members = [c for c in table.columns if c not in ("Tiêu chí", "Điểm tối đa", "Cách tính")]
    assert len(members) == 6
    most = table["Điểm tối đa"].astype(float)
    for member in members:
        assert (table[member].astype(float) <= most + 1e-9).all(), member
    assert 12.0 in set(most)


def test_a_chart_takeaway_says_only_the_sides_that_have_members():
    from emulation_stats.pack.figures import _yoy_takeaway

    rows = pd.DataFrame({"member_code": ["26125", "26128"], "member": ["Xã Mang Yang", "Phường An Bình"],
                         "indicator": "poor_household_rate", "unit": "%", "change": [-1.2, -1.4],
                         "assessment": "better"})
    said = _yoy_takeaway(rows, "vi")
    assert said.startswith("Cả 2 đơn vị đều tốt hơn") and "0 " not in said.split(";")[0]
    mixed = _yoy_takeaway(rows.assign(assessment=["better", "worse"]), "vi")
    assert mixed.startswith("1 đơn vị tốt hơn, 1 đơn vị kém hơn")


def test_a_file_that_cannot_be_read_is_counted_and_named_wherever_rows_are(tmp_path, monkeypatch):
    """Issue "Award lists, score sheets and forms", point 3: a member's award file refused whole
    is named by validate's total, by score and report (stderr), in the annex and on the
    workbook's provenance sheet — never a quiet "loại 0 dòng"."""
    import shutil

    from emulation_stats.cli import main

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "sample", data)
    (data / "awards" / "2024" / "khen_thuong_2024_585.xlsx").write_text("không phải tệp Excel", encoding="utf-8")
    dataset = es.load_dataset(data)
    assert list(dataset.report.errors["file"]) == ["2024/khen_thuong_2024_585.xlsx"]
    assert "1 tệp không đọc được" in dataset.report.summary()
    monkeypatch.setattr("emulation_stats.pack.report._charts", lambda *args, **kwargs: [])  # words and sheets only
    pack = es.build_report(dataset, 2024, tmp_path / "pack", draws=50, formats=["docx", "xlsx"])
    annex = "\n".join(p.text for p in Document(str(pack.out_dir / "phu_luc_2024.docx")).paragraphs)
    assert "1 tệp không đọc được" in annex and "khen_thuong_2024_585.xlsx" in annex
    # whose figures they were: the member the file name names by its code (585, Ninh Sơn)
    assert "Vì vậy thiếu số liệu: khen thưởng của huyện Ninh Sơn (2024/khen_thuong_2024_585.xlsx)" in annex
    book = openpyxl.load_workbook(pack.out_dir / "review_2024.xlsx")
    cells = [v for row in book["Nguồn dữ liệu"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "2024/khen_thuong_2024_585.xlsx" in cells
    assert main(["validate", str(data)]) == 2  # EXIT_UNREADABLE: a file could not be read


def test_score_names_the_file_it_scored_without(tmp_path, capsys):
    import shutil

    from emulation_stats.cli import main

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "sample", data)
    (data / "awards" / "2024" / "khen_thuong_2024_585.xlsx").write_text("không phải tệp Excel", encoding="utf-8")
    assert main(["score", str(data), "--year", "2024"]) == 0
    err = capsys.readouterr().err
    assert "khen_thuong_2024_585.xlsx không đọc được" in err and "0 dòng bị loại" not in err
    assert "tệp 2024/khen_thuong_2024_585.xlsx không đọc được nên thiếu số liệu khen thưởng của huyện Ninh Sơn" in err


def test_an_unread_file_that_names_no_member_lists_the_members_without_its_table(tmp_path):
    """A refused file whose name names no member: the members with no row of its table that
    year are the ones whose data may be in it."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "sample", data)
    for file in (data / "awards" / "2024").glob("*585*"):
        file.unlink()
    (data / "awards" / "2024" / "khen_thuong_tong_hop.xlsx").write_text("hỏng", encoding="utf-8")
    who = es.load_dataset(data).unread_members(2024)
    assert list(who["member_code"]) == ["585"] and not who["named"].any()
    assert set(who["table"]) == {"awards"}


def test_an_unknown_award_keeps_the_name_the_office_wrote_everywhere(tmp_path):
    """Issue "Award lists, score sheets and forms", point 7: an award the catalogue does not
    know is said, tabled and charted by the name the office wrote; its generated key ("x_…")
    reaches no sentence, sheet, slide or chart."""
    import shutil

    from pptx import Presentation

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "sample", data)
    written = "Kỷ niệm chương Vì sự nghiệp xây dựng quê hương"
    (data / "awards" / "2024" / "them.csv").write_text(
        f"year,member_code,award,authority,recipient_kind,count\n2024,585,{written},Chủ tịch UBND tỉnh,cá nhân,3\n",
        encoding="utf-8")
    dataset = es.load_dataset(data)
    assert dataset.awards["award"].str.startswith("x_").any()  # kept, under its generated key
    pack = es.build_report(dataset, 2024, tmp_path / "pack", draws=50, formats=["docx", "xlsx", "pptx"])
    texts = ["\n".join(p.text for p in Document(str(pack.out_dir / name)).paragraphs) + "\n".join(
        c.text for t in Document(str(pack.out_dir / name)).tables for row in t.rows for c in row.cells)
        for name in ("bao_cao_2024.docx", "phu_luc_2024.docx")]
    book = openpyxl.load_workbook(pack.out_dir / "review_2024.xlsx")
    texts.append(" ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v))
    slides = Presentation(str(pack.out_dir / "slides_2024.pptx"))
    texts.append(" ".join(shape.text_frame.text for slide in slides.slides for shape in slide.shapes
                          if shape.has_text_frame))
    texts += [svg.read_text(encoding="utf-8") for svg in (pack.out_dir / "charts").glob("*.svg")]
    assert written in texts[0] and written in texts[2]  # said in the báo cáo, listed in the workbook
    for text in texts:
        assert "x_" not in text.replace("max_", "")


def test_the_plans_sentence_names_who_met_the_most_not_who_shares_a_share():
    """2 of 4 targets and 1 of 2 are one share, not one result: the sentence names the member
    that met more, with its own count (it said "Sở Tài chính và Thanh tra tỉnh (2/4)")."""
    from emulation_stats.pack.contents import _plans_sentence

    summary = pd.DataFrame({"met": [2, 1, 0], "of": [4, 2, 2]}, index=pd.Index(["Sở Tài chính", "Thanh tra tỉnh",
                                                                                  "Sở Tư pháp"], name="member"))
    plans = pd.DataFrame({"member": ["Sở Tài chính", "Thanh tra tỉnh", "Sở Tư pháp"],
                          "member_code": ["STC", "TTT", "STP"]})
    said = _plans_sentence(summary, plans, "vi")
    assert "Sở Tài chính" in said.split(";")[1] and "Thanh tra tỉnh" not in said and "2/4" in said
