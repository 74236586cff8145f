"""The Cooperation page's figures and panels: the paper's statements with their passages,
the patent data's partner types with their caveats."""

import pytest
from conftest import component_text

from app.analysis.cooperation import joint_country_rules, partner_type_shares
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
    passage = component_text(figures.mode_passage(kb.cooperation_modes, "joint_rd"))
    assert "co-construction of laboratories" in passage and "patent network analysis" in passage


def test_modes_matrix_shows_the_levels_and_passages(kb):
    trace = figures.modes_matrix_figure(kb.innovation_models, kb.cooperation_modes).data[0]
    rows = dict(zip(trace.y, trace.z, strict=True))
    assert rows["Germany"] == [2, 2, 1, 1, 1]
    assert rows["South Korea"] == [0, 0, 0, 0, 0]
    hover = dict(zip(trace.y, trace.customdata, strict=True))
    assert "Germany prefers Joint venture" in hover["Germany"][0]
    assert "says nothing" in hover["South Korea"][0]
    assert figures.silent_countries(kb.innovation_models, kb.cooperation_modes) == [
        "China",
        "South Korea",
    ]


def test_a_silent_cell_says_so_and_shows_what_the_paper_does_say(kb):
    panel = component_text(
        figures.mode_cell_panel(
            kb.innovation_models, kb.cooperation_modes, "China", "Joint venture"
        )
    )
    assert "names no cooperation mode at all for China" in panel
    assert "the government is usually the main body" in panel
    named = component_text(
        figures.mode_cell_panel(
            kb.innovation_models, kb.cooperation_modes, "Japan", "Strategic cooperation"
        )
    )
    assert "Japan prefers joint research and development cooperation" in named


def test_paper_partners_side_by_side_with_the_data(kb):
    shares = partner_type_shares(synthetic_corpus(400, seed=3))
    trace = figures.paper_partners_figure(kb.innovation_models, shares, "synthetic").data[0]
    cells = dict(zip(trace.y, trace.text, strict=True))
    assert cells["China"][2].startswith("named · patents")  # firm-government
    assert not cells["United States"][0].startswith("named")
    assert "patents" in cells["Japan"][1]
    alone = figures.paper_partners_figure(kb.innovation_models).data[0]
    assert dict(zip(alone.y, alone.text, strict=True))["China"][2] == "named"


def test_partner_chart_and_notes_carry_counts_and_caveats():
    corpus = synthetic_corpus(600, seed=5)
    shares, rules = partner_type_shares(corpus), joint_country_rules(corpus)
    fig = figures.partner_shares_figure(shares, rules, "synthetic", max_countries=3)
    assert len(fig.data) == 5 and all(len(t.y) == 3 for t in fig.data)
    totals = [sum(t.x[i] for t in fig.data) for i in range(3)]
    assert totals == pytest.approx([100, 100, 100], abs=0.3)
    notes = component_text(figures.partner_notes(shares, rules, 123, 600, None, 2))
    assert "123 joint patents" in notes and "2 more countries" in notes
    assert "counting rule" in notes
