"""A khối of agencies sends what a cluster of communes sends — task forms titled "SỞ TÀI
CHÍNH", award summaries signed by its Giám đốc, score sheets with "Sở TC", a ballot — and
has its own indicators (indicators.csv beside dataset.yaml): the whole dataset validates,
is scored on the agencies' own targets and said in words that name no district.
"""

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from docx import Document

import emulation_stats as es
from emulation_stats.cli import EXIT_OK, main
from emulation_stats.core import catalog

HERE = Path(__file__).resolve().parent / "form_variants"
sys.path.insert(0, str(HERE))
from make_lists import CONTEXTS, make  # noqa: E402

KHOI = CONTEXTS["khoi"]
FILES = {"indicators": ["so_tai_chinh.xlsx", "van_phong.xlsx", "thanh_tra.xlsx", "BC_So_TP_2025.xlsx"],
         "awards": ["so_tai_chinh_tong_hop.xlsx", "van_phong_theo_cap_khen.xlsx", "thanh_tra_quyet_dinh.xlsx"],
         "assessments": ["cham_cheo_viet_tat.xlsx"], "votes": ["bo_phieu.xlsx"]}
RUBRIC = {"name": "Thang điểm Khối (minh họa)", "illustrative": True, "missing": "zero",
          "aggregation": "mean_excluding_self", "tie_break": ["assessed"],
          "criteria": [{"key": "ontime", "group": "Cải cách hành chính", "label": "Hồ sơ giải quyết đúng hạn",
                        "max_points": 20, "method": "minmax", "indicator": "ontime_dossiers"},
                       *({"key": k, "group": "Nhiệm vụ", "label": label, "max_points": top, "method": "assessed"}
                         for k, label, top in KHOI["criteria"])]}


@pytest.fixture
def khoi(tmp_path):
    corpus = tmp_path / "corpus"
    make(corpus)
    data = tmp_path / "khoi"
    for table, names in FILES.items():
        (data / table).mkdir(parents=True)
        for name in names:
            shutil.copy(corpus / "khoi" / table / name, data / table / name)
    (data / "dataset.yaml").write_text(yaml.safe_dump({
        "name": "khoi_lam_dong", "title": KHOI["cluster"], "province": KHOI["province"], "cluster": KHOI["cluster"],
        "years": [2025], "illustrative": True,
        "sources": [{"id": "test", "title": "tests/form_variants/make_lists.py (minh họa)"}]}, allow_unicode=True),
        encoding="utf-8")
    pd.DataFrame([{"province_code": KHOI["province_code"], "cluster": KHOI["cluster"], "year": 2025,
                   "member_code": code, "member": name, "member_type": "cơ quan",
                   "role": "head" if code == "STC" else "member"}
                  for code, name in KHOI["members"].items()]).to_csv(data / "clusters.csv", index=False)
    (data / "rubric.yaml").write_text(yaml.safe_dump(RUBRIC, allow_unicode=True), encoding="utf-8")
    pd.DataFrame(KHOI["indicators"]).to_csv(data / "indicators.csv", index=False)
    yield data
    catalog.forget_indicators(str(data / "indicators.csv"))


def test_without_its_indicators_the_rubric_names_what_it_does_not_know(khoi):
    (khoi / "indicators.csv").unlink()
    with pytest.raises(es.DataError, match="ontime_dossiers"):
        es.load_dataset(khoi)


def test_every_table_a_khoi_sends_loads_for_its_agencies(khoi, capsys):
    assert main(["validate", str(khoi)]) == EXIT_OK
    data = es.load_dataset(khoi)
    assert data.report.ok and data.report.errors.empty and data.report.warnings.empty
    assert set(data.indicators["member_code"]) == set(KHOI["members"])
    assert set(data.indicators["indicator"]) == {"ontime_dossiers", "public_investment_disbursement"}
    assert set(data.assessments["assessor_code"]) == set(KHOI["members"])
    # the agencies' own awards are their heads', never a district's
    assert "district" not in set(data.awards["authority"])
    assert set(data.awards.loc[data.awards["award"] == "advanced_worker", "authority"]) == {"agency"}


def test_the_khoi_is_scored_on_its_own_indicator_and_said_without_a_district(khoi, tmp_path):
    data = es.load_dataset(khoi)
    table = es.score(data, year=2025)
    ontime = table.points["ontime"]
    # minmax on the agencies' own rates: Văn phòng (100) top, Thanh tra (97) bottom
    assert ontime["VP"] == pytest.approx(20) and ontime["TTT"] == pytest.approx(0)
    pack = es.build_report(data, 2025, tmp_path / "pack", draws=50, formats=["docx"])
    text = "\n".join(p.text for p in Document(str(pack.out_dir / "bao_cao_2025.docx")).paragraphs)
    assert "Văn phòng UBND tỉnh đạt cả 1/1 chỉ tiêu" in text  # its own target, met (100 of 100)
    assert "Thủ trưởng cơ quan, đơn vị tặng Giấy khen" in text  # the agencies' heads, no district's chairman
    assert "huyện" not in text and "UBND Sở" not in text
    annex = Document(str(pack.out_dir / "phu_luc_2025.docx"))
    cells = {c.text for t in annex.tables for row in t.rows for c in row.cells}
    assert "Cải cách hành chính" in cells  # the group of the khối's own criterion, on its own indicator


def test_a_member_is_explained_by_the_name_its_office_writes_and_the_rules_in_words(khoi, capsys):
    assert main(["score", str(khoi), "--year", "2025", "--explain", "Sở TC"]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("Sở Tài chính, năm 2025")
    assert "trung bình, không tính tự chấm" in out and "mean_excluding_self" not in out
    assert main(["score", str(khoi), "--year", "2025", "--explain", "Sở Xây dựng"]) == 2
    assert "không phải thành viên Khối năm 2025" in capsys.readouterr().err  # a khối, not a cụm


def test_one_file_of_the_khoi_is_read_as_the_khoi_reads_it(khoi, capsys):
    """A file validated on its own, inside the dataset's folder: its members, own indicators and
    province are the dataset's ("BC_So_TP_2025.xlsx" is the Sở Tư pháp's), never "ghi 'UBND xã'"."""
    assert main(["validate", str(khoi / "indicators" / "BC_So_TP_2025.xlsx")]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "nạp     2" in out and "UBND xã" not in out + err
