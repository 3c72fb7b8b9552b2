"""The live scoring panel's logic, driven as a hand would: set a widget's value, read what
the panel shows."""

import pytest

import emulation_stats as es

pytest.importorskip("ipywidgets")


@pytest.fixture(scope="module")
def adopted(sample):
    return es.score(sample, year=2024)


@pytest.fixture()
def panel(adopted):
    return es.explore(adopted, draws=300)


def shown_order(panel) -> list[str]:
    return panel.ranking["member_code"].tolist()


def test_it_opens_on_the_adopted_rubric(panel, adopted):
    assert shown_order(panel) == adopted.ranking["member_code"].tolist()
    assert panel.status.value == "<p>Đúng thang điểm đã thông qua; đứng đầu: huyện Thuận Nam.</p>"
    assert "Đề nghị tặng Cờ thi đua: huyện Thuận Nam" in panel.proposal.value
    assert bytes(panel.chart.value).startswith(b"\x89PNG")
    assert set(panel.weights) == {c.key for c in adopted.rubric.criteria}
    assert "Số liệu minh họa" in panel.widget.children[1].children[0].value  # illustrative data says so


def test_a_weight_moved_rescores_redraws_and_says_the_winner_changed(panel, adopted):
    before = panel.chart.value
    panel.weights["income"].value = 10
    expected = adopted.rerun(weights={**adopted.weights.to_dict(), "income": 10})
    assert shown_order(panel) == expected.ranking["member_code"].tolist()
    assert panel.table.weights["income"] == 10 and bytes(panel.chart.value) != bytes(before)
    assert "trọng số 'Thu nhập bình quân đầu người' 5 → 10" in panel.status.value
    assert panel.status.value.startswith("<p>1 tiêu chí khác thang điểm đã thông qua (")
    assert "Đứng đầu đổi: huyện Ninh Phước (theo thang điểm đã thông qua: huyện Thuận Nam)" in panel.status.value
    assert "Đề nghị tặng Cờ thi đua: huyện Ninh Phước" in panel.proposal.value


def test_the_recorded_choices_are_there_to_change(panel, adopted):
    panel.aggregation.value = "median"
    assert panel.table.choices.aggregation == "median"
    assert panel.ranking["total"].tolist() == pytest.approx(
        adopted.rerun(aggregation="median").ranking["total"].tolist())
    panel.missing.value = "zero"
    panel.noise.value = "counted"
    assert panel.table.choices.missing == "zero" and panel.table.choices.ignore_noise is False
    assert "3 lựa chọn khác thang điểm đã thông qua" in panel.status.value and " ở 3 điểm" not in panel.status.value
    panel.weights["income"].value = 10
    assert "1 tiêu chí và 3 lựa chọn khác thang điểm đã thông qua" in panel.status.value
    panel.back_to_rubric()
    assert shown_order(panel) == adopted.ranking["member_code"].tolist()
    assert panel.status.value.startswith("<p>Đúng thang điểm đã thông qua")


def test_the_button_runs_sensitivity_around_the_current_settings(panel):
    panel.weights["income"].value = 10
    panel.button.click()
    shares = panel.robustness.set_index("member_code")["p_first"]
    expected = es.sensitivity(panel.table, draws=300, seed=0).rank_stats.set_index("member_code")["p_first"]
    assert shares.to_dict() == pytest.approx(expected.to_dict())
    assert shares.sum() == pytest.approx(1.0)
    assert "Tỷ lệ đứng đầu trong 300 kịch bản" in panel.shares.value and "huyện Ninh Phước" in panel.shares.value
    panel.weights["income"].value = 9  # moved again: the old shares no longer apply
    assert panel.robustness is None and panel.shares.value == ""


def test_in_english(adopted):
    panel = es.explore(adopted, lang="en")
    panel.aggregation.value = "median"
    assert "Cross-score aggregation: median" in panel.status.value
    assert "Differing from the adopted rubric: 1 choice (" in panel.status.value
    panel.weights["income"].value = 10
    panel.weights["crime"].value = 1
    assert "Differing from the adopted rubric: 2 criteria and 1 choice (" in panel.status.value
    assert panel.button.description == "Sensitivity around these settings"


def test_a_weights_only_rerun_is_the_full_score(adopted):
    """The panel's fast path (the criteria's shares reused when only weights move) gives
    exactly what scoring from the data gives."""
    weights = {**adopted.weights.to_dict(), "income": 12.5, "crime": 0.0}
    fast = adopted.rerun(weights=weights)
    full = es.score(adopted.dataset, rubric=adopted.rubric, year=adopted.year,
                    choices=adopted.choices.replace(weights=weights))
    assert fast.ranking[["rank", "member_code", "tied"]].equals(full.ranking[["rank", "member_code", "tied"]])
    assert fast.ranking["total"].tolist() == pytest.approx(full.ranking["total"].tolist())
    assert fast.points.fillna(-1).to_numpy().ravel().tolist() == pytest.approx(
        full.points.fillna(-1).to_numpy().ravel().tolist())


def test_a_setting_the_data_cannot_take_is_said_in_the_status_line(adopted):
    import dataclasses

    headless = dataclasses.replace(adopted.dataset, clusters=adopted.dataset.clusters.assign(role="member"))
    panel = es.explore(dataclasses.replace(adopted, dataset=headless))
    shown = panel.ranking.copy()
    panel.aggregation.value = "head_only"  # no head of the cluster in the data: the head's scores do not exist
    assert "color:firebrick" in panel.status.value and "chỉ điểm của Cụm trưởng" in panel.status.value
    assert "head_only" not in panel.status.value  # the choice in words, never its key
    assert panel.ranking.equals(shown)  # the last ranking scored stays
    panel.aggregation.value = "median"
    assert "firebrick" not in panel.status.value


def test_the_panel_the_pack_and_the_command_draw_the_same_number_of_scenarios():
    """Issue "Validating the scoring, validated", point 2: one default number of scenarios
    everywhere, so one question gets one answer (the panel drew 1,000, the pack 2,000)."""
    import inspect

    from emulation_stats.analysis.sensitivity import DEFAULT_DRAWS
    from emulation_stats.cli import build_parser
    defaults = {inspect.signature(f).parameters["draws"].default for f in (es.explore, es.sensitivity,
                                                                            es.build_report)}
    assert defaults == {DEFAULT_DRAWS}
    parser = build_parser()
    for command in ("sensitivity", "report"):
        assert parser.parse_args([command, "data/sample"]).draws == DEFAULT_DRAWS


def test_a_long_criterion_name_wraps_above_its_slider(adopted):
    """A criterion named as a rubric names it (a whole line of the score sheet) is shown in
    full, wrapped at its words, not cut or scrolled sideways beside its slider."""
    import dataclasses

    long = ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn trên Cổng dịch vụ công "
            "trực tuyến của tỉnh")
    criteria = [dataclasses.replace(c, label=long) if c.key == "income" else c for c in adopted.rubric.criteria]
    table = dataclasses.replace(adopted, rubric=dataclasses.replace(adopted.rubric, criteria=criteria))
    panel = es.explore(table)
    label = panel.weight_labels["income"]
    assert long in label.value and "white-space:normal" in label.value
    assert panel.weights["income"].description == "" and panel.weights["income"].tooltip == long
    assert panel.widget.layout.flex_flow == "row wrap"


def test_a_what_if_opens_as_it_is_and_is_measured_against_the_adopted_rubric(adopted):
    what_if = adopted.rerun(weights={"income": 0})
    panel = es.explore(what_if)
    assert panel.weights["income"].value == 0 and shown_order(panel) == what_if.ranking["member_code"].tolist()
    assert "1 tiêu chí khác thang điểm đã thông qua (trọng số 'Thu nhập bình quân đầu người' 5 → 0)" \
        in panel.status.value
    panel.weights["income"].value = 5  # back at the adopted weight: the adopted rubric
    assert panel.status.value.startswith("<p>Đúng thang điểm đã thông qua")
