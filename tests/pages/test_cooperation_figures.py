"""The Cooperation page's figures and panels: the paper's statements with their passages,
the patent data's partner types with their caveats, in English and in Chinese."""

import pytest
from conftest import component_text

from app.analysis.cooperation import joint_country_rules, partner_type_shares
from app.i18n import use_language
from app.pages.cooperation import figures
from app.store.knowledge import load_knowledge
from app.synthetic import synthetic_corpus


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def test_mode_table_has_table_1_with_its_source(kb):
    rows = figures.mode_table_rows(kb.cooperation_modes)
    assert [r["mode"] for r in rows][:2] == ["Joint venture", "Mergers and acquisitions"]
    assert rows[0]["type"] == "Equity-based" and rows[-1]["type"] == "Non-equity"
    assert rows[0]["effect"] == (
        "Both parties can quickly obtain new technologies and markets; shared costs and risks."
    )
    assert rows[0]["source"] == "Table 1 of the study"  # no file names
    passage = component_text(figures.mode_passage(kb.cooperation_modes, "joint_rd"))
    assert "co-construction of laboratories" in passage and ".txt" not in passage


def test_mode_table_and_passage_in_chinese(kb):
    with use_language("zh"):
        rows = figures.mode_table_rows(kb.cooperation_modes)
        passage = figures.mode_passage(kb.cooperation_modes, "joint_venture")
    assert [r["mode"] for r in rows][:2] == ["合资", "并购"]
    assert rows[0]["type"] == "股权式" and rows[0]["source"] == "论文表 1"
    # the quote stays in English, marked so, with its rendering labelled as a translation
    quote = next(c for c in passage.children if getattr(c, "lang", None) == "en")
    assert component_text(quote).startswith("“Joint venture")
    assert "合资 由两家或两" in component_text(passage)


def test_modes_matrix_shows_the_levels_and_passages(kb):
    trace = figures.modes_matrix_figure(kb.innovation_models, kb.cooperation_modes).data[0]
    rows = dict(zip(trace.y, trace.z, strict=True))
    assert list(trace.x)[:2] == ["joint_venture", "mergers_acquisitions"]  # clicks name ids
    assert rows["DE"] == [2, 2, 1, 1, 1]
    assert rows["KR"] == [0, 0, 0, 0, 0]
    hover = dict(zip(trace.y, trace.customdata, strict=True))
    assert "Germany prefers Joint venture" in hover["DE"][0]
    assert "says nothing" in hover["KR"][0]
    assert figures.silent_countries(kb.innovation_models, kb.cooperation_modes) == ["CN", "KR"]


def test_modes_matrix_in_chinese_names_countries_and_modes_in_chinese(kb):
    with use_language("zh"):
        fig = figures.modes_matrix_figure(kb.innovation_models, kb.cooperation_modes)
    assert "德国" in fig.layout.yaxis.ticktext[2] and "政府主导" in fig.layout.yaxis.ticktext[0]
    assert list(fig.layout.xaxis.ticktext)[:2] == ["合资", "并购"]
    germany = dict(zip(fig.data[0].y, fig.data[0].customdata, strict=True))["DE"][0]
    assert "Germany prefers Joint venture" in germany and "译文：" in germany


def test_a_silent_cell_says_so_and_shows_what_the_paper_does_say(kb):
    panel = component_text(
        figures.mode_cell_panel(kb.innovation_models, kb.cooperation_modes, "CN", "joint_venture")
    )
    assert "names no cooperation mode at all for China" in panel
    assert "the government is usually the main body" in panel
    named = component_text(
        figures.mode_cell_panel(
            kb.innovation_models, kb.cooperation_modes, "JP", "strategic_cooperation"
        )
    )
    assert named.startswith("Japan × Strategic cooperation")
    assert "Japan prefers joint research and development cooperation" in named


def test_paper_partners_side_by_side_with_the_data(kb):
    shares = partner_type_shares(synthetic_corpus(400, seed=3))
    trace = figures.paper_partners_figure(kb.innovation_models, shares, "synthetic").data[0]
    cells = dict(zip(trace.y, trace.text, strict=True))
    assert cells["CN"][2].startswith("named · patents")  # firm-government
    assert not cells["US"][0].startswith("named")
    assert "patents" in cells["JP"][1]
    alone = figures.paper_partners_figure(kb.innovation_models).data[0]
    assert dict(zip(alone.y, alone.text, strict=True))["CN"][2] == "named"
    panel = component_text(
        figures.partner_cell_panel(kb.innovation_models, "JP", "firm-government")
    )
    assert "names no partner of this type (firm with government) for Japan" in panel


def test_partner_chart_and_notes_carry_counts_and_caveats():
    corpus = synthetic_corpus(600, seed=5)
    shares, rules = partner_type_shares(corpus), joint_country_rules(corpus)
    fig = figures.partner_shares_figure(shares, rules, "synthetic", max_countries=3)
    assert len(fig.data) == 5 and all(len(t.y) == 3 for t in fig.data)
    totals = [sum(t.x[i] for t in fig.data) for i in range(3)]
    assert totals == pytest.approx([100, 100, 100], abs=0.3)
    assert fig.data[0].name == "firm with firm"
    notes = component_text(figures.partner_notes(shares, rules, 123, 600, None, 2))
    assert "123 joint patents" in notes and "2 more countries" in notes
    assert "counting rule" in notes
    with use_language("zh"):
        notes = component_text(figures.partner_notes(shares, rules, 123, 600, None, 2))
        fig = figures.partner_shares_figure(shares, rules, "synthetic", max_countries=3)
    assert "123 件合作专利" in notes and "计数规则" in notes
    assert fig.data[0].name == "企业与企业"
