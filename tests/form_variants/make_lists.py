"""Write the second corpus: award lists, score sheets, ballots and agencies' forms as offices
and agencies send them, before and after the reform and in a khối of agencies.

Each file belongs to a context — the cluster it is loaded for (its members, province,
rubric and, for the khối, its own indicators) — and ``expected_lists.yaml`` beside this
script says what each must give, written from the figures below, not from the loader:

    .venv/bin/python tests/form_variants/make_lists.py OUT_DIR

Written with openpyxl directly, the way an office types a sheet: title lines, merged
cells, sections, "Cộng" rows and signature blocks.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from make_variants import Row, one, save  # the same writer: openpyxl, cell by cell

MOTTO = [None, None, None, "Độc lập - Tự do - Hạnh phúc"]
SIGNATURES = [[], [None, "NGƯỜI LẬP BIỂU", None, "KT. CHỦ TỊCH"], [None, "(Ký, ghi rõ họ tên)", None, "PHÓ CHỦ TỊCH"],
              [], [None, "Nguyễn Thị Lập", None, "Trần Văn Ký"]]

# --- the clusters the files are loaded for ---------------------------------------------
KHOI = "Khối thi đua các cơ quan tổng hợp"
AGENCIES = {"STC": "Sở Tài chính", "VP": "Văn phòng UBND tỉnh", "TTT": "Thanh tra tỉnh", "STP": "Sở Tư pháp"}
CUM_2017 = {"625": "Kbang", "626": "Đak Đoa", "634": "Đak Pơ", "623": "An Khê"}
CUM_2025 = {"23794": "Xã Mang Yang", "23764": "Xã Ia Grai", "23614": "Phường An Bình", "23638": "Xã Kbang"}
CONTEXTS = {
    "khoi": {"province": "Lâm Đồng", "province_code": "68", "cluster": KHOI, "year": 2025, "members": AGENCIES,
             "member_type": "cơ quan",
             "indicators": [
                 {"key": "ontime_dossiers", "name": "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
                  "aliases": "tỷ lệ hồ sơ TTHC giải quyết đúng hạn|hồ sơ giải quyết đúng hạn", "unit": "%",
                  "kind": "percent", "direction": "higher_is_better"},
                 {"key": "public_investment_disbursement", "name": "Tỷ lệ giải ngân vốn đầu tư công",
                  "aliases": "giải ngân vốn đầu tư công|tỷ lệ giải ngân", "unit": "%", "kind": "percent",
                  "direction": "higher_is_better"}],
             "criteria": [("tasks", "Hoàn thành nhiệm vụ chuyên môn", 60), ("movement", "Công tác thi đua, khen thưởng",
                                                                           40)]},
    "cum_2017": {"province": "Gia Lai", "province_code": "64", "cluster": "Cụm thi đua số 2", "year": 2017,
                 "members": CUM_2017, "member_type": "",
                 "criteria": [("movement", "Tổ chức phong trào thi đua", 20),
                              ("commendation", "Công tác khen thưởng", 10)]},
    "cum_2025": {"province": "Gia Lai", "province_code": "52", "cluster": "Cụm thi đua số 3 (xã, phường)",
                 "year": 2025, "members": CUM_2025, "member_type": "",
                 "criteria": [("movement", "Tổ chức phong trào thi đua", 20),
                              ("commendation", "Công tác khen thưởng", 10)]},
}


def heading(*lines: str, right: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") -> list[Row]:
    """The title block: the issuing body's lines on the left, the motto on the right."""
    rows: list[Row] = [[lines[0], None, None, right], [lines[1] if len(lines) > 1 else None, *MOTTO[1:]]]
    return rows + [[line] for line in lines[2:]] + [[]]


# --- a khối of agencies (Lâm Đồng, 2025) ----------------------------------------------

def task_form(title: list[Row], lines: list[tuple[str, float, float]], year: int = 2025) -> list[Row]:
    rows = title + [[f"BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM {year}"], [],
                    ["TT", "Chỉ tiêu", "ĐVT", f"Kế hoạch năm {year}", f"Thực hiện năm {year}"]]
    rows += [[n, name, "%", plan, actual] for n, (name, plan, actual) in enumerate(lines, 1)]
    return rows + SIGNATURES


ONTIME = "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn"
DISBURSED = "Tỷ lệ giải ngân vốn đầu tư công"


def khoi_forms(out: Path) -> None:
    folder = out / "khoi" / "indicators"
    one(folder / "so_tai_chinh.xlsx", task_form(heading("UBND TỈNH LÂM ĐỒNG", "SỞ TÀI CHÍNH"),
                                                [(ONTIME, 100, 98.5), (DISBURSED, 95, 96.2)]), sheet="Biểu 01")
    one(folder / "van_phong.xlsx", task_form(heading("UBND TỈNH LÂM ĐỒNG", "VĂN PHÒNG"), [(ONTIME, 100, 100)]),
        sheet="Biểu 01")
    one(folder / "thanh_tra.xlsx", task_form(heading("THANH TRA TỈNH LÂM ĐỒNG"), [(ONTIME, 100, 97)]),
        sheet="Biểu 01")
    one(folder / "BC_So_TP_2025.xlsx", task_form([], [(ONTIME, 100, 99)]), sheet="Biểu 01")
    save(folder / "sheet_per_agency.xlsx", {
        "Sở Tư pháp": (task_form([], [(ONTIME, 100, 99)]), []),
        "Sở TC": (task_form([], [(DISBURSED, 95, 96.2)]), [])})
    one(folder / "bao_cao.xlsx", task_form([], [(ONTIME, 100, 99)]), sheet="Biểu 01")
    rows = [["KHỐI THI ĐUA CÁC CƠ QUAN TỔNG HỢP"], [], ["TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM 2025"], [],
            ["TT", "Đơn vị", f"{ONTIME} (%)", None, f"{DISBURSED} (%)", None],
            [None, None, "KH 2025", "TH 2025", "KH 2025", "TH 2025"],
            [1, "Sở TC", 100, 98.5, 95, 96.2], [2, "VP UBND tỉnh", 100, 100, 90, 91],
            [3, "Thanh tra tỉnh", 100, 97, 90, 88], [4, "Sở Tư pháp", 100, 99, 95, 97]]
    one(folder / "tong_hop_khoi.xlsx", rows + SIGNATURES, ["A5:A6", "B5:B6", "C5:D5", "E5:F5"], sheet="Tổng hợp")


def khoi_awards(out: Path) -> None:
    folder = out / "khoi" / "awards"
    rows = heading("SỞ TÀI CHÍNH TỈNH LÂM ĐỒNG") + [["TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2025"], [],
                                                   ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
                                                   [1, "Bằng khen của Chủ tịch UBND tỉnh", 1, 3],
                                                   [2, "Giấy khen của Giám đốc Sở Tài chính", 4, 12],
                                                   [3, "Chiến sĩ thi đua cơ sở", None, 5],
                                                   [4, "Lao động tiên tiến", None, 48],
                                                   [None, "Cộng", 5, 68]] + SIGNATURES
    one(folder / "so_tai_chinh_tong_hop.xlsx", rows, sheet="Tổng hợp")
    rows = heading("VĂN PHÒNG UBND TỈNH LÂM ĐỒNG") + [["TỔNG HỢP KHEN THƯỞNG NĂM 2025"], [],
                                                     ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
                                                     ["I", "Khen thưởng của Chủ tịch UBND tỉnh"],
                                                     [1, "Bằng khen", 1, 2],
                                                     [2, "Tập thể lao động xuất sắc", 1, None],
                                                     ["II", "Khen thưởng của Chánh Văn phòng UBND tỉnh"],
                                                     [1, "Giấy khen", 3, 10],
                                                     [2, "Lao động tiên tiến", None, 30],
                                                     [None, "Tổng cộng", 5, 42]] + SIGNATURES
    one(folder / "van_phong_theo_cap_khen.xlsx", rows, sheet="Tổng hợp")
    rows = heading("UBND TỈNH LÂM ĐỒNG", "SỞ TƯ PHÁP") + [["BẢNG TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2025"], [],
                                                        ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
                                                        ["I", "Khen thưởng cấp Nhà nước"],
                                                        [1, "Huân chương Lao động hạng Ba", None, 1],
                                                        [2, "Bằng khen của Thủ tướng Chính phủ", 1, 2],
                                                        ["II", "Khen thưởng cấp Bộ, cấp tỉnh"],
                                                        [3, "Bằng khen của Bộ trưởng Bộ Tư pháp", 1, 3],
                                                        [4, "Bằng khen của Chủ tịch UBND tỉnh", 2, 6]] + SIGNATURES
    one(folder / "so_tu_phap_cap_nha_nuoc.xlsx", rows, sheet="KT 2025")
    rows = heading("THANH TRA TỈNH LÂM ĐỒNG") + [
        ["DANH SÁCH KHEN THƯỞNG THEO QUYẾT ĐỊNH SỐ 45/QĐ-TTr NGÀY 20/12/2025 CỦA CHÁNH THANH TRA TỈNH"], [],
        ["TT", "Tên tập thể, họ và tên cá nhân", "Chức vụ, đơn vị công tác", "Hình thức khen thưởng"],
        ["A", "TẬP THỂ"], [1, "Phòng Thanh tra kinh tế", None, "Giấy khen"],
        ["B", "CÁ NHÂN"], [1, "Ông Phạm Văn Hải", "Thanh tra viên", "Giấy khen"],
        [2, "Bà Lê Thị Thu", "Thanh tra viên chính", "Giấy khen"],
        [3, "Ông Võ Minh Tâm", "Chánh Văn phòng", "Giấy khen"], [None, "Tổng cộng: 04"]] + SIGNATURES
    one(folder / "thanh_tra_quyet_dinh.xlsx", rows, sheet="QĐ 45")


def _cross_rows(members: dict[str, str], criteria: list[tuple[str, str, int]], spell: dict[str, str],
                skip: set[str] = frozenset()) -> list[Row]:
    """Every member scores every other on every criterion: max - (its place) - (assessor's place)/2."""
    codes = list(members)
    rows = []
    for a, assessor in enumerate(codes):
        for m, member in enumerate(codes):
            if assessor == member or member in skip:
                continue
            for _key, label, top in criteria:
                rows.append([spell.get(assessor, members[assessor]), spell.get(member, members[member]), label,
                             top - m - a / 2])
    return rows


def cross_total(members: dict[str, str], criteria: list[tuple[str, str, int]], skip: set[str] = frozenset()) -> float:
    return sum(r[3] for r in _cross_rows(members, criteria, {}, skip))


def khoi_scores(out: Path) -> None:
    folder = out / "khoi" / "assessments"
    criteria = CONTEXTS["khoi"]["criteria"]
    spell = {"STC": "Sở TC", "VP": "VP UBND tỉnh", "TTT": "THANH TRA TỈNH", "STP": "Sở Tư pháp tỉnh Lâm Đồng"}
    rows = [["KẾT QUẢ CHẤM ĐIỂM CHÉO KHỐI THI ĐUA CÁC CƠ QUAN TỔNG HỢP NĂM 2025"], [],
            ["Đơn vị chấm", "Đơn vị được chấm", "Tiêu chí", "Điểm"]] + _cross_rows(AGENCIES, criteria, spell)
    one(folder / "cham_cheo_viet_tat.xlsx", rows, sheet="Chấm chéo")
    rows = [["BẢNG ĐIỂM THI ĐUA NĂM 2025"], ["Đơn vị chấm: Sở Tài chính"], [],
            ["TT", "Tên cơ quan, đơn vị", "Nội dung", "Điểm tối đa", "Điểm tự chấm", "Điểm chấm chéo"]]
    for n, code in enumerate(["VP", "TTT", "STP"], 1):
        rows += [[n, AGENCIES[code], label, top, top - n, top - n - 1] for _k, label, top in criteria]
    one(folder / "tu_cham_cham_cheo.xlsx", rows + SIGNATURES, sheet="Bảng điểm")
    rows = [["PHIẾU CHẤM ĐIỂM THI ĐUA NĂM 2025"], ["Đơn vị chấm: Văn phòng UBND tỉnh"], [],
            ["TT", "Đơn vị được chấm", "Tiêu chí", "Điểm"]]
    rows += [[n, AGENCIES[code], label, top - n] for n, code in enumerate(["STC", "TTT", "STP"], 1)
             for _k, label, top in criteria]
    one(folder / "phieu_cham_van_phong.xlsx", rows + SIGNATURES, sheet="Phiếu chấm")
    rows = [["KẾT QUẢ CHẤM ĐIỂM NĂM 2025"], [], ["Đơn vị chấm", "Đơn vị được chấm", "Tiêu chí", "Điểm"],
            ["Sở Tài chánh", "Thanh tra tỉnh", criteria[0][1], 50]] + _cross_rows(AGENCIES, criteria, {})
    one(folder / "ten_sai.xlsx", rows, sheet="Chấm chéo")


def ballot(title: str, member_heading: str, proposal_heading: str, votes: list[tuple[str, str, int, int]],
           for_heading: str = "Số phiếu đồng ý", voters_heading: str = "Tổng số phiếu") -> list[Row]:
    rows = [[title], [], ["TT", member_heading, proposal_heading, for_heading, voters_heading]]
    return rows + [[n, *v] for n, v in enumerate(votes, 1)] + SIGNATURES


def khoi_votes(out: Path) -> None:
    folder = out / "khoi" / "votes"
    flag = "Cờ thi đua của UBND tỉnh"
    votes = [("Sở Tài chính", flag, 3, 4), ("Văn phòng UBND tỉnh", flag, 1, 4), ("Thanh tra tỉnh", flag, 0, 4),
             ("Sở Tư pháp", flag, 0, 4)]
    title = "KẾT QUẢ BỎ PHIẾU BÌNH XÉT THI ĐUA KHỐI NĂM 2025"
    one(folder / "bo_phieu.xlsx", ballot(title, "Tên cơ quan, đơn vị", "Hình thức đề nghị", votes), sheet="Phiếu")
    one(folder / "bo_phieu_thieu.xlsx", ballot(title, "Tên cơ quan, đơn vị", "Hình thức đề nghị", votes[:3]),
        sheet="Phiếu")


# --- a cluster of districts (Gia Lai, 2017) -------------------------------------------

def decision_list(title_lines: list[str], *, columns: list[str] | None = None,
                  people: list[list[object]] | None = None) -> list[Row]:
    """A district's decision list: sections of collectives and individuals."""
    columns = columns or ["TT", "Tên tập thể, họ và tên cá nhân", "Chức vụ", "Hình thức khen thưởng"]
    rows = heading("UBND HUYỆN KBANG", "PHÒNG NỘI VỤ") + [[line] for line in title_lines] + [[], columns]
    rows += people or [["A", "TẬP THỂ"], [1, "Phòng Nội vụ", None, "Giấy khen"], ["B", "CÁ NHÂN"],
                       [1, "Ông Nguyễn Văn An", "Chuyên viên", "Giấy khen"],
                       [2, "Bà Trần Thị Bình", "Kế toán", "Lao động tiên tiến"]]
    return rows + SIGNATURES


def cum_2017_lists(out: Path) -> None:
    folder = out / "cum_2017" / "awards"
    one(folder / "nam_trong_ten_trang.xlsx", decision_list(["DANH SÁCH KHEN THƯỞNG"]), sheet="Năm 2017")
    one(folder / "khen_thuong_kbang_2017.xlsx", decision_list(["DANH SÁCH KHEN THƯỞNG"]), sheet="Danh sách")
    one(folder / "khong_ghi_nam.xlsx", decision_list(["DANH SÁCH KHEN THƯỞNG"]), sheet="Danh sách")
    one(folder / "nam_khac_nhau.xlsx", decision_list(["DANH SÁCH KHEN THƯỞNG NĂM 2017"]), sheet="2016")
    dated = [["A", "TẬP THỂ"], [1, "Phòng Nội vụ", "Giấy khen", "123/QĐ-UBND", "20/12/2017"], ["B", "CÁ NHÂN"],
             [1, "Ông Nguyễn Văn An", "Giấy khen", "123/QĐ-UBND", "20/12/2017"],
             [2, "Bà Trần Thị Bình", "Lao động tiên tiến", "125/QĐ-UBND", "22/12/2017"]]
    one(folder / "cot_ngay_qd.xlsx", decision_list(
        ["DANH SÁCH KHEN THƯỞNG"], columns=["TT", "Tên tập thể, họ và tên cá nhân", "Hình thức khen thưởng", "Số QĐ",
                                            "Ngày QĐ"], people=dated), sheet="Danh sách")
    joined = [["A", "TẬP THỂ"], [1, "Phòng Nội vụ", "Giấy khen", "123/QĐ-UBND, 20/12/2017"], ["B", "CÁ NHÂN"],
              [1, "Ông Nguyễn Văn An", "Giấy khen", "123/QĐ-UBND, 20/12/2017"],
              [2, "Bà Trần Thị Bình", "Lao động tiên tiến", "125/QĐ-UBND, 22/12/2017"]]
    one(folder / "so_ngay_quyet_dinh.xlsx", decision_list(
        ["DANH SÁCH KHEN THƯỞNG"], columns=["TT", "Tên tập thể, họ và tên cá nhân", "Hình thức khen thưởng",
                                            "Số, ngày quyết định"], people=joined), sheet="Danh sách")
    odd = [row[:] for row in dated]
    odd[4][4] = "15/03/2016"
    one(folder / "quyet_dinh_nam_khac.xlsx", decision_list(
        ["DANH SÁCH KHEN THƯỞNG NĂM 2017"], columns=["TT", "Tên tập thể, họ và tên cá nhân", "Hình thức khen thưởng",
                                                     "Số QĐ", "Ngày QĐ"], people=odd), sheet="Danh sách")


def summary(title_lines: list[str], lines: list[Row], total: Row | None = None) -> tuple[list[Row], list[str]]:
    """An award summary with "Số lượng" merged over "Tập thể | Cá nhân"."""
    rows = [[line] for line in title_lines] + [[]]
    start = len(rows) + 1
    rows += [["TT", "Hình thức khen thưởng", "Cấp khen", "Số lượng", None],
             [None, None, None, "Tập thể", "Cá nhân"]]
    rows += [[n, *line] for n, line in enumerate(lines, 1)]
    rows += [[None, "Cộng", None, *total]] if total else []
    merges = [f"A{start}:A{start + 1}", f"B{start}:B{start + 1}", f"C{start}:C{start + 1}",
              f"D{start}:E{start}"]
    return rows + SIGNATURES, merges


def cum_2017_summaries(out: Path) -> None:
    folder = out / "cum_2017" / "awards"
    lines = [["Bằng khen", "Chủ tịch UBND tỉnh", 1, 2], ["Giấy khen", "Chủ tịch UBND huyện", 3, 8]]
    sheets = {name: summary(["TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2017"], lines, [4, 10])
              for name in ("Kbang", "Đak Đoa", "TX An Khê")}
    save(folder / "mot_don_vi_mot_trang.xlsx", sheets)
    rows, merges = summary(["UBND THỊ XÃ AN KHÊ", "TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2017"], lines, [4, 10])
    rows = [[rows[0][0], None, None, None, None], *rows[1:]]
    save(folder / "o_gop_chu_ky.xlsx", {"Tổng hợp": (rows, merges + ["A1:E1", "A2:E2"])})


def cum_2017_scores(out: Path) -> None:
    folder = out / "cum_2017" / "assessments"
    criteria = CONTEXTS["cum_2017"]["criteria"]
    spell = {"625": "UBND huyện Kbang", "626": "Huyện Đak Đoa", "634": "Đak Pơ", "623": "TX An Khê"}
    rows = [["BẢNG TỔNG HỢP ĐIỂM CHẤM CHÉO NĂM 2017"], [], ["Đơn vị chấm", "Đơn vị được chấm", "Nội dung", "Điểm"]]
    one(folder / "cham_cheo_2017.xlsx", rows + _cross_rows(CUM_2017, criteria, spell), sheet="Điểm")
    rows = [["BẢNG ĐIỂM THI ĐUA NĂM 2017"], ["ĐƠN VỊ CHẤM: UBND HUYỆN KBANG"], [],
            ["TT", "Đơn vị được chấm", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm", "Điểm chấm chéo"]]
    for n, name in enumerate(["Thị xã An Khê", "Huyện Đak Đoa", "Huyện Đak Pơ"], 1):
        rows += [[n, name, label, top, top - n, top - n - 0.5] for _k, label, top in criteria]
    one(folder / "tu_cham_cham_cheo_2017.xlsx", rows + SIGNATURES, sheet="Bảng điểm")
    rows = [["BẢNG ĐIỂM THI ĐUA NĂM 2017"], [],
            ["TT", "Đơn vị được chấm", "Tiêu chí", "Điểm tự chấm", "Điểm chấm chéo"]]
    rows += [[1, "Thị xã An Khê", label, top - 1, top - 2] for _k, label, top in criteria]
    one(folder / "khong_ghi_don_vi_cham.xlsx", rows, sheet="Bảng điểm")
    rows = [["BẢNG CHẤM ĐIỂM CHÉO NĂM 2017"], ["ĐƠN VỊ CHẤM: UBND THỊ XÃ AN KHÊ"], [],
            ["TT", "Đơn vị được chấm", "Tổ chức phong trào thi đua (20 điểm)", "Công tác khen thưởng (10 điểm)",
             "Tổng điểm"],
            [1, "Huyện Kbang", 18, 9, 27], [2, "Huyện Đak Đoa", 17, 8.5, 25.5], [3, "Huyện Đak Pơ", 16, 8, 24],
            [4, "Thị xã An Khê", "-", "-", None]]
    one(folder / "tieu_chi_theo_cot.xlsx", rows + SIGNATURES, sheet="Chấm chéo")
    rows = [["BẢNG TỔNG HỢP ĐIỂM CHẤM CHÉO NĂM 2017"], [], ["Đơn vị chấm", "Đơn vị được chấm", "Tiêu chí", "Điểm"],
            ["Huyện Kbangg", "TX An Khê", criteria[0][1], 18]] + _cross_rows(CUM_2017, criteria, {})
    one(folder / "ten_go_sai.xlsx", rows, sheet="Điểm")


def cum_2017_votes(out: Path) -> None:
    folder = out / "cum_2017" / "votes"
    flag = "Cờ thi đua của UBND tỉnh"
    votes = [("Huyện Kbang", flag, 2, 4), ("Huyện Đak Đoa", flag, 1, 4), ("Huyện Đak Pơ", flag, 1, 4),
             ("Thị xã An Khê", flag, 0, 4)]
    title = "KẾT QUẢ BỎ PHIẾU BÌNH XÉT CỜ THI ĐUA NĂM 2017"
    one(folder / "bo_phieu_2017.xlsx", ballot(title, "Đơn vị", "Nội dung bỏ phiếu", votes, "Số phiếu tán thành",
                                              "Tổng số phiếu phát ra"), sheet="Phiếu")
    one(folder / "bo_phieu_thieu_2017.xlsx", ballot(title, "Đơn vị", "Nội dung bỏ phiếu", votes[:3]), sheet="Phiếu")


def cum_2017_cluster_list(out: Path) -> None:
    rows = [["DANH SÁCH THÀNH VIÊN CỤM THI ĐUA SỐ 2 NĂM 2017"], [],
            ["TT", "Cụm thi đua", "Tên đơn vị", "Chức danh trong cụm"],
            [1, "Cụm thi đua số 2", "Huyện Kbang", "Cụm trưởng"], [2, "Cụm thi đua số 2", "Huyện Đak Đoa", "Cụm phó"],
            [3, "Cụm thi đua số 2", "Huyện Đak Pơ", "Thành viên"], [4, "Cụm thi đua số 2", "Thị xã An Khê",
                                                                     "Thành viên"]]
    one(out / "cum_2017" / "clusters" / "danh_sach_cum.xlsx", rows + SIGNATURES, sheet="Cụm")


# --- a cluster of communes and wards (Gia Lai, 2025) ----------------------------------

def cum_2025_awards(out: Path) -> None:
    folder = out / "cum_2025" / "awards"
    rows = heading("UBND XÃ MANG YANG") + [["TỔNG HỢP KẾT QUẢ KHEN THƯỞNG NĂM 2025"], [],
                                          ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
                                          ["I", "Khen thưởng của Chủ tịch UBND tỉnh"], [1, "Bằng khen", 1, 2],
                                          ["II", "Khen thưởng của Chủ tịch UBND xã"], [1, "Giấy khen", 3, 9],
                                          [2, "Lao động tiên tiến", None, 25], [None, "Cộng", 4, 36]] + SIGNATURES
    one(folder / "xa_mang_yang_tong_hop.xlsx", rows, sheet="Tổng hợp")
    rows = heading("UBND XÃ IA GRAI") + [
        ["DANH SÁCH KHEN THƯỞNG THEO QUYẾT ĐỊNH SỐ 12/QĐ-UBND NGÀY 25/12/2025 CỦA CHỦ TỊCH UBND XÃ IA GRAI"], [],
        ["TT", "Tên tập thể, họ và tên cá nhân", "Chức vụ", "Hình thức khen thưởng"],
        ["A", "TẬP THỂ"], [1, "Thôn Plei Ring", None, "Giấy khen"],
        ["B", "CÁ NHÂN"], [1, "Ông Rơ Châm Tình", "Trưởng thôn", "Giấy khen"],
        [2, "Bà Ksor H'Nhi", "Công chức văn hóa - xã hội", "Giấy khen"], [None, "Cộng: 03"]] + SIGNATURES
    one(folder / "xa_ia_grai_quyet_dinh.xlsx", rows, sheet="QĐ 12")
    rows = heading("ỦY BAN NHÂN DÂN", "XÃ IA GRAI") + [
        ["DANH SÁCH KHEN THƯỞNG"], [], ["STT", "Đối tượng khen thưởng", "Hình thức", "Số QĐ"],
        ["A", "TẬP THỂ"], [1, "Hội Nông dân xã", "Giấy khen", "12/QĐ-UBND"],
        [2, "Thôn Plei Ia Grai", "Giấy khen", "12/QĐ-UBND"],
        ["B", "CÁ NHÂN"], [1, "Rơ Mah Thu", "Giấy khen", "12/QĐ-UBND"],
        [2, "Phạm Văn Tùng", "Chiến sĩ thi đua cơ sở", "19/QĐ-UBND"], ["Cộng: 04"]] + SIGNATURES
    one(folder / "KT_IaGrai.xlsx", rows, sheet="Khen thưởng 2025")
    rows = heading("UBND PHƯỜNG AN BÌNH") + [["TỔNG HỢP KHEN THƯỞNG NĂM 2025"], [],
                                            ["TT", "Hình thức khen thưởng", "Tập thể", "Cá nhân"],
                                            [1, "Giấy khen của Chủ tịch UBND phường An Bình", 2, 6],
                                            [2, "Bằng khen của Chủ tịch UBND tỉnh Gia Lai", 1, 1]] + SIGNATURES
    one(folder / "phuong_an_binh.xlsx", rows, sheet="Tổng hợp")
    rows = heading("UBND XÃ KBANG") + [["TỔNG HỢP KHEN THƯỞNG NĂM 2025"], [],
                                      ["TT", "Hình thức khen thưởng", "Cấp khen", "Tập thể", "Cá nhân"],
                                      [1, "Giấy khen", "CT UBND X.", 2, 7], [2, "Bằng khen", "CT UBND tỉnh", 1, None],
                                      [3, "Lao động tiên tiến", None, None, 20],
                                      [4, "Chiến sĩ thi đua cơ sở", None, None, 3],
                                      [5, "Tập thể lao động tiên tiến", None, 2, None]] + SIGNATURES
    one(folder / "xa_kbang_viet_tat.xlsx", rows, sheet="Tổng hợp")
    rows = heading("UBND XÃ KBANG") + [["DANH SÁCH KHEN THƯỞNG NĂM 2025"], [],
                                      ["TT", "Họ và tên", "Chức vụ", "Hình thức khen thưởng", "Số QĐ", "Ngày QĐ"],
                                      [1, "Ông Đinh Văn Lực", "Trưởng thôn", "Giấy khen", "05/QĐ-UBND", "10/01/2026"],
                                      [2, "Bà Đinh Thị Hoa", "Chi hội trưởng", "Giấy khen", "05/QĐ-UBND",
                                       "10/01/2026"]] + SIGNATURES
    one(folder / "xa_kbang_quyet_dinh_dau_nam_sau.xlsx", rows, sheet="Danh sách")


def cum_2025_scores_and_votes(out: Path) -> None:
    criteria = CONTEXTS["cum_2025"]["criteria"]
    rows = [["KẾT QUẢ CHẤM ĐIỂM THI ĐUA CỤM SỐ 3 NĂM 2025"], [],
            ["Đơn vị chấm", "Đơn vị được chấm", "Tiêu chí chấm điểm", "Điểm"]] + _cross_rows(CUM_2025, criteria, {})
    one(out / "cum_2025" / "assessments" / "cham_diem_cum_3.xlsx", rows + SIGNATURES, sheet="Chấm điểm")
    flag = "Cờ thi đua của UBND tỉnh"
    votes = [("Xã Mang Yang", flag, 5, 8), ("Xã Ia Grai", flag, 2, 8), ("Phường An Bình", flag, 1, 8),
             ("Xã Kbang", flag, 0, 8)]
    one(out / "cum_2025" / "votes" / "phieu_binh_xet_2025.xlsx",
        ballot("KẾT QUẢ BỎ PHIẾU BÌNH XÉT NĂM 2025", "Tên đơn vị", "Đề nghị khen thưởng", votes), sheet="Phiếu")


def make(out: Path) -> list[Path]:
    for write in (khoi_forms, khoi_awards, khoi_scores, khoi_votes, cum_2017_lists, cum_2017_summaries,
                  cum_2017_scores, cum_2017_votes, cum_2017_cluster_list, cum_2025_awards, cum_2025_scores_and_votes):
        write(out)
    return sorted(p for p in out.rglob("*.xlsx"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    for path in make(parser.parse_args().out):
        print(path)
