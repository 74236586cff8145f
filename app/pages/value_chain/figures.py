"""The Value chain page's figures and panels, built from the Huizhou paper's tables.

Pure functions of the knowledge tables (and the province outlines). Every mark carries its
passage: in the hover text and, through ``customdata``, in the panel a click opens. Every
text is in the request's language: the tables through
:func:`app.store.knowledge.localised` (passages stay in English, the source, with their
Chinese rendering beside them in Chinese), vocabularies through
:func:`~app.store.knowledge.vocabulary_label`. The matrix is drawn on ids (firm, segment),
so a click names its cell in any language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import html

from app.analysis.valuechain import (
    LEARNING_CURVE_ANCHOR,
    classify_firms,
    learning_curve,
    region_totals,
)
from app.i18n import N_, _, country_name, current_language, format_int
from app.ingest.knowledge_schema import SEGMENTS, STAGES, split_items
from app.store.knowledge import TRANSLATION_SUFFIX, localised, province_geo_join, vocabulary_label
from app.ui.charts import label_column_groups, mark_matrix, matrix_layout, report_meta
from app.ui.colors import country_color
from app.ui.quotes import hover_text, passage, seed_label
from app.ui.report import source_line

__all__ = [
    "CHAIN_COLORS",
    "FIRM_FACT_GEOGRAPHY",
    "capacity_figure",
    "chain_cell_panel",
    "chain_matrix_figure",
    "classification_rows",
    "fact_panel",
    "fact_table_rows",
    "firm_capacity_figure",
    "firm_card",
    "firm_names",
    "learning_curve_figure",
    "province_map_figure",
    "province_panel",
    "region_rows",
    "shares_figure",
]

NO_EVIDENCE = "no evidence in our copy"
CHAIN_COLORS = {"supported": "#1f5f8b", NO_EVIDENCE: "#eef1f5"}
WORLD_COLOR = "#7F7F7F"
MAP_COLORSCALE = [[0, "#dbe9f6"], [0.25, "#9ecae1"], [0.6, "#4292c6"], [1, "#08306b"]]
RAW_ONLY_COLOR = "#e7d8b1"
NOT_LISTED_COLOR = "#f3f4f6"
TRANSLATION = "quote" + TRANSLATION_SUFFIX

# segment id -> its label broken over lines for the matrix's top axis
_SEGMENT_TICKS = {
    "mining_ore": N_("Mining<br>ore"),
    "anode": N_("Anode"),
    "cathode": N_("Cathode"),
    "electrolyte": N_("Electro-<br>lyte"),
    "separator": N_("Sepa-<br>rator"),
    "other_materials": N_("Other<br>(binder …)"),
    "cells_modules": N_("Cells,<br>modules"),
    "bms": N_("BMS"),
    "packs": N_("Packs"),
    "structural_components": N_("Structural<br>parts"),
    "equipment": N_("Equip-<br>ment"),
    "complete_evs": N_("Complete<br>EVs"),
    "stationary_storage": N_("Stationary<br>storage"),
    "reuse_recycling": N_("Reuse,<br>recycling"),
}
_STAGE_TICKS = {
    "raw_materials": N_("Raw materials<br>and components"),
    "manufacturing": N_("Battery manufacturing<br>and assembling"),
    "supportive": N_("Related and<br>supportive"),
    "applications": N_("Battery applications<br>and usages"),
}
_CLASS_SHORT = {"vertical integrator": N_("integrator"), "segment specialist": N_("specialist")}
# market_facts' geography for each firm of huizhou_firms (facts about the firm)
FIRM_FACT_GEOGRAPHY = {
    "battery_nm": "Battery NM",
    "byd": "BYD",
    "eve": "EVE Lithium Energy",
    "sunwoda": "Sunwoda",
    "e_power": "E-Power Energy",
    "haopeng": "Haopeng Technology",
    "desay": "Desay Blue Micro New Energy",
    "yinghe": "Yinghe Technology",
    "kedali": "Kedali Precision",
    "yineng": "Yineng Electronics",
}


def _from_the_paper(fig: go.Figure, table: pd.DataFrame) -> go.Figure:
    """``fig`` drawn from a table of the paper: a downloaded picture names the paper as its
    source, and the patent filters do not apply to it."""
    paper = seed_label(table["seed_file"].iloc[0])
    return report_meta(fig, source_line(paper), depends_on_filters=False)


def firm_names(firms: pd.DataFrame) -> dict[str, str]:
    """firm id -> the firm's name in the reader's language (its Chinese name where known)."""
    shown = localised(firms[["firm_id", "firm", "firm_zh"]], "huizhou_firms")
    return dict(zip(shown["firm_id"], shown["firm"], strict=True))


def _segment(segment: str) -> str:
    return vocabulary_label("segment", segment)


def _stage(stage: str) -> str:
    return vocabulary_label("stage", stage)


def _quote_lines(row: dict, width: int = 70, lines: int = 4) -> list[str]:
    """A passage for a hover label: the English source and, in Chinese, its rendering."""
    out = [f"“{hover_text(row['quote'], width, lines)}”"]
    if row.get(TRANSLATION):
        text = hover_text(row[TRANSLATION], width // 2, lines)
        out.append(_("Translation: {text}").format(text=text))
    return out


# --- the Huizhou matrix ------------------------------------------------------------------
def chain_matrix_figure(chain: pd.DataFrame, firms: pd.DataFrame) -> go.Figure:
    """Firms x the 14 segments, grouped by the 4 stages; supported cells filled.

    ``x`` are segment ids, ``y`` firm ids (their names are the tick labels), so a click
    names its cell in any language; ``customdata`` of each cell is ``[firm_id, segment,
    hover text]``.
    """
    firm_ids = list(firms["firm_id"])
    segments = list(SEGMENTS)
    shown = localised(chain, "huizhou_value_chain")
    cell = shown.set_index(["firm_id", "segment"])
    classes = classify_firms(chain, firms).set_index("firm_id")["classification"]
    names = firm_names(firms)
    z, custom, text = [], [], []
    click = f"<span style='color:#52606d'>{_('Click for the passage')}</span>"
    for firm_id in firm_ids:
        z_row, custom_row, text_row = [], [], []
        for segment in segments:
            row = cell.loc[(firm_id, segment)].to_dict()
            supported = row["status"] == "supported"
            stage = _stage(SEGMENTS[segment][0])
            lines = [f"<b>{names[firm_id]}</b> · {stage} › {_segment(segment)}"]
            if supported:
                lines += _quote_lines(row)
                lines.append(f"<i>{hover_text(row['note'], 70, 2)}</i>" if row["note"] else "")
                lines.append(click)
            else:
                lines.append(
                    "<i>{}</i>".format(_("no evidence in our copy"))
                    + _(
                        ": the table's mark was lost and no passage of the firm profiles<br>or "
                        "of the text supports this cell (which does not mean the firm is "
                        "absent here)"
                    )
                )
            z_row.append(1 if supported else 0)
            custom_row.append([firm_id, segment, "<br>".join(line for line in lines if line)])
            text_row.append("●" if supported else "")
        z.append(z_row)
        custom.append(custom_row)
        text.append(text_row)
    colors = [CHAIN_COLORS[NO_EVIDENCE], CHAIN_COLORS["supported"]]
    fig = mark_matrix(
        z,
        segments,
        firm_ids,
        custom,
        text,
        colors,
        textfont={"size": 14, "color": "white"},
        hovertemplate="%{customdata[2]}<extra></extra>",
        gap=2,
    )
    fig.update_yaxes(
        tickvals=firm_ids,
        ticktext=[
            f"{names[f]}<br><span style='font-size:10.5px;color:#52606d'>"
            + _("{kind} (our rule)").format(kind=_(_CLASS_SHORT[classes[f]]))
            + "</span>"
            for f in firm_ids
        ],
        autorange="reversed",
        showgrid=False,
    )
    fig.update_xaxes(
        tickvals=segments,
        ticktext=[_(_SEGMENT_TICKS[s]) for s in segments],
        side="top",
        showgrid=False,
        tickangle=0,
        tickfont={"size": 10.5},
    )
    groups, position = [], 0
    for stage_id, (_label, stage_segments) in STAGES.items():
        groups.append((position, position + len(stage_segments) - 1, _(_STAGE_TICKS[stage_id])))
        position += len(stage_segments)
    label_column_groups(fig, groups, (1.135, 1.14), 11.5, separate=True)
    title = _("Huizhou battery firms × value-chain segments (Table 2 of the study, rebuilt)")
    matrix_layout(fig, title, 0.985, (175, 128))
    return _from_the_paper(fig, chain)


def chain_cell_panel(chain: pd.DataFrame, firms: pd.DataFrame, firm_id: str, segment: str) -> list:
    """The passage behind one cell of the matrix (or why there is none)."""
    match = chain[(chain["firm_id"] == firm_id) & (chain["segment"] == segment)]
    if match.empty:
        return [html.P(_("No such cell."), className="text-muted")]
    row = localised(match, "huizhou_value_chain").iloc[0]
    out: list = [
        html.H3(f"{firm_names(firms)[firm_id]} × {_segment(segment)}"),
        html.P(_("Stage: {stage}.").format(stage=_stage(row["stage"])), className="panel-lead"),
    ]
    if row["status"] == "supported":
        out.append(
            passage(
                row["quote"],
                row["seed_file"],
                where=_("the firm profiles (Table 3) or the text"),
                note=row["note"],
                translation=row[TRANSLATION],
            )
        )
    else:
        out.append(
            html.P(
                [
                    html.B(_("No evidence in our copy.")),
                    " ",
                    _(
                        "The paper's Table 2 printed a mark or left this cell empty, but our text "
                        "copy lost the marks, and no passage of the firm profiles or of the text "
                        "supports it. The cell is left empty: this does not show that the firm "
                        "is absent from the segment."
                    ),
                ],
                className="message",
            )
        )
    return out


def classification_rows(chain: pd.DataFrame, firms: pd.DataFrame) -> list[dict]:
    """One row per firm: marks, our class by the rule, the paper's class and passage (in
    English, the source; ``strategy_translation`` its rendering in Chinese)."""
    classes = classify_firms(chain, firms)
    shown = localised(firms, "huizhou_firms").set_index("firm_id")
    yes, no = _("yes"), _("no")
    rows = []
    for row in classes.itertuples(index=False):
        agrees = row.agrees_with_paper
        quote = shown.at[row.firm_id, "strategy_quote"]
        rows.append(
            {
                "id": row.firm_id,
                "firm": shown.at[row.firm_id, "firm"],
                "segments": row.segments,
                "stages": row.stages,
                "makes_cells": yes if row.makes_cells else no,
                "classification": vocabulary_label("strategy", row.classification),
                "paper_strategy": vocabulary_label("strategy", row.paper_strategy)
                if row.paper_strategy
                else _("not named"),
                "agrees": _("n/a") if pd.isna(agrees) else (yes if agrees else _("NO")),
                "strategy_quote": quote or _("Section 4.1 names no strategy for this firm."),
                "strategy_translation": shown.at[
                    row.firm_id, "strategy_quote" + TRANSLATION_SUFFIX
                ],
            }
        )
    return rows


# --- firm cards (Table 3) ---------------------------------------------------------------
_CARD_FIELDS = (
    ("main_products", N_("Main products")),
    ("production_operation", N_("Production and operation")),
    ("market_sales", N_("Market and sales")),
    ("technology_development", N_("Technology development")),
)


def firm_card(
    firms: pd.DataFrame, chain: pd.DataFrame, facts: pd.DataFrame, firm_id: str
) -> html.Div:
    """Table 3's row for one firm, its value-chain marks and the paper's figures about it."""
    row = localised(firms[firms["firm_id"] == firm_id], "huizhou_firms").iloc[0]
    sections = []
    for field, label in _CARD_FIELDS:
        items = split_items(row[field])
        body = (
            html.Ul([html.Li(item) for item in items])
            if items
            else html.P(_("Not in our copy of Table 3."), className="text-muted")
        )
        sections.append(html.Div([html.H4(_(label)), body], className="firm-field"))
    marks = chain[(chain["firm_id"] == firm_id) & (chain["status"] == "supported")]
    mark_items = [
        html.Li(
            html.Details(
                [
                    html.Summary(f"{_stage(m['stage'])} › {_segment(m['segment'])}"),
                    passage(m["quote"], m["seed_file"], note=m["note"], translation=m[TRANSLATION]),
                ]
            )
        )
        for m in localised(marks, "huizhou_value_chain").to_dict("records")
    ]
    own = facts[facts["geography"] == FIRM_FACT_GEOGRAPHY.get(firm_id, "")]
    fact_items = [
        html.Li(
            html.Details(
                [
                    html.Summary(_fact_line(f)),
                    passage(f["quote"], f["seed_file"], note=f["note"], translation=f[TRANSLATION]),
                ]
            )
        )
        for f in localised(own, "market_facts").to_dict("records")
    ]
    strategy = (
        html.Details(
            [
                html.Summary(
                    _("The paper (section 4.1): {strategy}").format(
                        strategy=vocabulary_label("strategy", row["paper_strategy"])
                    )
                ),
                passage(
                    row["strategy_quote"],
                    row["seed_file"],
                    where=_("section 4.1"),
                    translation=row["strategy_quote" + TRANSLATION_SUFFIX],
                ),
            ],
            className="passage-more",
        )
        if row["paper_strategy"]
        else html.P(_("Section 4.1 names no strategy for this firm."), className="source-note")
    )
    return html.Div(
        [
            html.H3(row["firm"]),
            html.Div(sections, className="firm-grid"),
            html.Div(
                [
                    html.Div(
                        [
                            html.H4(_("Value-chain marks ({n})").format(n=len(mark_items))),
                            html.Ul(mark_items, className="plain-list")
                            if mark_items
                            else html.P(_("None supported."), className="text-muted"),
                            strategy,
                        ]
                    ),
                    html.Div(
                        [
                            html.H4(_("Figures in the text ({n})").format(n=len(fact_items))),
                            html.Ul(fact_items, className="plain-list")
                            if fact_items
                            else html.P(
                                _("The text gives no figure for this firm."),
                                className="text-muted",
                            ),
                        ]
                    ),
                ],
                className="grid-1-1",
            ),
            passage(
                row["quote"],
                row["seed_file"],
                where=_(
                    "Table 3 (Key value chain activities of battery firms in Huizhou), the row "
                    "starts"
                ),
                note=row["note"],
                translation=row[TRANSLATION],
            ),
        ],
        className="panel firm-card",
    )


# --- the province map (Table 1) ---------------------------------------------------------
def _features(geojson: dict, ids: list[str]) -> dict:
    """The FeatureCollection of the features whose ``properties.id`` is in ``ids``."""
    wanted = set(ids)
    return {
        "type": "FeatureCollection",
        "features": [f for f in geojson["features"] if f["properties"]["id"] in wanted],
    }


def _names(cell: str, width: int = 60) -> str:
    return hover_text(cell, width, 4) if cell else "–"


def province_map_figure(
    producers: pd.DataFrame, geojson: dict, chinese_names: dict[str, str] | None = None
) -> go.Figure:
    """Choropleth of Table 1's producers per province, on the province outlines only.

    No base map: the geo layer is hidden and the view fits the drawn locations, so the
    figure needs nothing from the internet. Three layers, each with the outlines of its
    own provinces only (every outline goes to the browser once): provinces with a count,
    provinces with raw-material names only, and the rest of the map ("not in Table 1").
    ``customdata[0]`` is the province as Table 1 names it (what a click opens), the last
    item its name in the reader's language (``chinese_names``: map id -> Chinese name, for
    the provinces Table 1 does not list).
    """
    chinese = current_language() == "zh"
    join = province_geo_join(producers["province"], geojson)
    data = localised(producers, "china_producers_by_province").assign(
        key=producers["province"].to_numpy(), geo_id=join["geo_id"].to_numpy()
    )
    all_ids = [f["properties"]["id"] for f in geojson["features"]]
    all_names = [f["properties"]["name"] for f in geojson["features"]]
    if chinese and chinese_names:
        all_names = [chinese_names.get(i, n) for i, n in zip(all_ids, all_names, strict=True)]
    listed = set(data["geo_id"])
    rest = [(i, n) for i, n in zip(all_ids, all_names, strict=True) if i not in listed]
    fig = go.Figure()
    fig.add_choropleth(
        name=_("not in Table 1"),
        geojson=_features(geojson, [i for i, _n in rest]),
        featureidkey="properties.id",
        locations=[i for i, _n in rest],
        z=[0] * len(rest),
        customdata=[[n, n] for _i, n in rest],
        colorscale=[[0, NOT_LISTED_COLOR], [1, NOT_LISTED_COLOR]],
        showscale=False,
        marker={"line": {"color": "#b8c0cc", "width": 0.6}},
        hovertemplate="<b>%{customdata[1]}</b><br>"
        + _("not in Table 1 of the study")
        + "<extra></extra>",
    )
    counted = data[data["producers"].notna()]
    raw_only = data[data["producers"].isna()]
    unsplit = _("Names (producer and raw-material columns run together in our copy):")

    def hover(frame: pd.DataFrame) -> list[list[str]]:
        return [
            [
                r["key"],
                _names(r["exemplary_producers"]),
                _names(r["raw_material_component_producers"]),
                (f"<br><i>{unsplit}</i><br>" + _names(r["names_unsplit"]))
                if r["names_unsplit"]
                else "",
                r["province"],
            ]
            for r in frame.to_dict("records")
        ]

    raw_names = _("Raw-material and component producers:")
    click = "<br><span style='color:#52606d'>{}</span><extra></extra>".format(
        _("Table 1 of the study · click for the row")
    )
    fig.add_choropleth(
        name=_("raw materials only"),
        geojson=_features(geojson, list(raw_only["geo_id"])),
        featureidkey="properties.id",
        locations=list(raw_only["geo_id"]),
        z=[0] * len(raw_only),
        customdata=hover(raw_only),
        colorscale=[[0, RAW_ONLY_COLOR], [1, RAW_ONLY_COLOR]],
        showscale=False,
        marker={"line": {"color": "#8a7a52", "width": 0.8}},
        hovertemplate=(
            "<b>%{customdata[4]}</b><br>"
            + _("no producer count printed")
            + f"<br><b>{raw_names}</b><br>%{{customdata[2]}}"
            + click
        ),
    )
    fig.add_choropleth(
        name=_("EV battery producers"),
        geojson=_features(geojson, list(counted["geo_id"])),
        featureidkey="properties.id",
        locations=list(counted["geo_id"]),
        z=counted["producers"].astype(float).tolist(),
        customdata=hover(counted),
        colorscale=MAP_COLORSCALE,
        zmin=0,
        marker={"line": {"color": "white", "width": 0.8}},
        colorbar={
            "title": {"text": _("Producers"), "side": "top"},
            "thickness": 12,
            "len": 0.45,
            "x": 0.88,
            "y": 0.3,
        },
        hovertemplate=(
            "<b>%{customdata[4]}</b>: "
            + _("%{z} EV battery producers")
            + "<br><b>{}</b><br>%{{customdata[1]}}<br><b>{}</b><br>".format(
                _("Exemplary producers:"), raw_names
            )
            + "%{customdata[2]}%{customdata[3]}"
            + click
        ),
    )
    fig.update_geos(
        visible=False,
        fitbounds="locations",
        projection={"type": "mercator"},
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        title={"text": _("EV battery producers by province (Table 1 of the study)"), "y": 0.98},
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        hoverlabel={"align": "left"},
    )
    return _from_the_paper(fig, producers)


def province_panel(producers: pd.DataFrame, province: str) -> list:
    """Table 1's row for one province (as Table 1 names it), as printed, with how its
    columns were read."""
    match = producers[producers["province"] == province]
    if match.empty:
        return [
            html.H3(province),
            html.P(_("This province is not in Table 1 of the study."), className="text-muted"),
        ]
    row = localised(match, "china_producers_by_province").iloc[0]
    count = (
        _("no count printed")
        if pd.isna(row["producers"])
        else _("{n} producers").format(n=int(row["producers"]))
    )
    out: list = [html.H3(_("{province}: {count}").format(province=row["province"], count=count))]
    for field, label in (
        ("exemplary_producers", N_("Exemplary producers")),
        ("raw_material_component_producers", N_("Raw-material and component producers")),
        ("names_unsplit", N_("Names (columns cannot be told apart in our copy)")),
    ):
        if row[field]:
            out.append(
                html.P([html.B(_("{label}:").format(label=_(label))), " ", _data(row[field])])
            )
    out.append(
        passage(
            row["quote"],
            row["seed_file"],
            where=_("Table 1 (Geographic distribution of EV battery manufacturing in China)"),
            note=_("How the name columns were told apart: {how}.").format(
                how=vocabulary_label("column_split", row["column_split"])
            ),
        )  # the row is a province, a number and names: nothing to translate
    )
    return out


def _data(text: str) -> html.Span:
    """Names as the paper prints them (firm names: data, in their own language)."""
    return html.Span(text, className="data-value")


def region_rows(producers: pd.DataFrame, regions: pd.DataFrame) -> list[dict]:
    """Region totals as printed beside the sum of their provinces, with the passage (its
    rendering in ``quote_translation``, Chinese only)."""
    totals = region_totals(producers, regions)
    shown = localised(regions, "china_producer_regions").set_index("region_id")
    return [
        {
            "region": shown.at[row.region_id, "region"],
            "printed_total": row.printed_total,
            "province_sum": row.province_sum,
            "difference": f"{row.difference:+d}" if row.difference else "0",
            "without_count": row.provinces_without_count,
            "quote": shown.at[row.region_id, "quote"],
            TRANSLATION: shown.at[row.region_id, TRANSLATION],
        }
        for row in totals.itertuples(index=False)
    ]


# --- market facts -----------------------------------------------------------------------
def _fact_line(fact: dict) -> str:
    """A fact of a localised market_facts row: "Production capacity, 2019: 20 GWh"."""
    value = _format_value(fact)
    if pd.isna(fact["year"]):
        return _("{subject}: {value}").format(subject=fact["subject"], value=value)
    return _("{subject}, {year}: {value}").format(
        subject=fact["subject"], year=int(fact["year"]), value=value
    )


def _number(v: float) -> str:
    return format_int(v) if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def _format_value(fact: dict) -> str:
    """The value of a localised market_facts row with its unit, as the language writes it."""
    value = _number(fact["value"])
    if not pd.isna(fact["value_high"]):
        value += f"–{_number(fact['value_high'])}"
    unit = fact.get("unit_id", fact["unit"])
    if unit == "%":
        return f"{value}%"
    if unit == "USD/kWh":
        return _("${value}/kWh").format(value=value)
    if unit == "rank":
        return _("no. {rank}").format(rank=value)
    return f"{value} {fact['unit']}"


def _fact_hover(fact: dict) -> str:
    lines = [f"<b>{hover_text(_fact_line(fact), 70, 2)}</b>", *_quote_lines(fact)]
    if fact["note"]:
        lines.append(f"<i>{hover_text(fact['note'], 70, 2)}</i>")
    lines.append("<span style='color:#52606d'>{}</span>".format(_("Click for the passage")))
    return "<br>".join(lines)


def _localised_facts(facts: pd.DataFrame) -> pd.DataFrame:
    """market_facts in the reader's language, the unit's id kept as ``unit_id``."""
    return localised(facts.assign(unit_id=facts["unit"]), "market_facts")


def fact_panel(facts: pd.DataFrame, fact_id: str) -> list:
    """One market fact with its passage."""
    match = facts[facts["fact_id"] == fact_id]
    if match.empty:
        return [html.P(_("No such figure."), className="text-muted")]
    fact = _localised_facts(match).iloc[0].to_dict()
    return [
        html.H3(_fact_line(fact)),
        html.P(
            _("{where} · category: {category}").format(
                where=fact["geography"],
                category=vocabulary_label("fact_category", fact["category"]),
            ),
            className="panel-lead",
        ),
        passage(fact["quote"], fact["seed_file"], note=fact["note"], translation=fact[TRANSLATION]),
    ]


def _facts(facts: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The localised facts ``ids``, in that order (KeyError naming any the table lacks)."""
    by_id = facts.set_index("fact_id", drop=False)
    missing = [i for i in ids if i not in by_id.index]
    if missing:
        raise KeyError(f"market_facts.csv lacks {', '.join(missing)}")
    return _localised_facts(by_id.loc[ids])


def capacity_figure(facts: pd.DataFrame) -> go.Figure:
    """GWh: installed 2020, production capacity 2021 and forecast demand 2030, China vs world."""
    groups = [
        (_("Installed<br>2020"), "china_installed_2020", "world_installed_2020"),
        (_("Production capacity<br>2021"), "china_capacity_2021", "world_capacity_2021"),
        (_("Demand forecast<br>2030"), None, "demand_2030"),
    ]
    shares = {
        "china_installed_2020": "china_installed_share_2020",
        "china_capacity_2021": "china_capacity_share_2021",
    }
    share_values = _facts(facts, list(shares.values()))["value"]
    fig = go.Figure()
    places = ((country_name("CN"), 1, country_color("CN")), (_("World"), 2, WORLD_COLOR))
    for geography, column, color in places:
        present = [(g[0], g[column]) for g in groups if g[column]]
        rows = _facts(facts, [i for _label, i in present]).to_dict("records")
        text = []
        for r in rows:
            label = _number(r["value"])
            if r["fact_id"] in shares:
                label += f"<br>({share_values[shares[r['fact_id']]]:g}%)"
            text.append(label)
        fig.add_bar(
            name=geography,
            x=[label for label, _i in present],
            y=[r["value"] for r in rows],
            text=text,
            textposition="outside",
            marker={"color": color},
            customdata=[[r["fact_id"], _fact_hover(r)] for r in rows],
            hovertemplate="%{customdata[1]}<extra></extra>",
        )
    fig.update_layout(
        barmode="group",
        title={
            "text": "{}<br><sup>{}</sup>".format(
                _("EV batteries: China and the world (GWh)"),
                _("From the Huizhou study; the 2030 demand is a McKinsey forecast it cites"),
            )
        },
        yaxis={"title": "GWh", "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
        margin={"t": 80, "b": 40},
        hoverlabel={"align": "left"},
    )
    fig.update_yaxes(range=[0, 4400])
    return _from_the_paper(fig, facts)


_SHARE_FACTS = (
    ("china_installed_share_2020", N_("China, world installation 2020")),
    ("china_capacity_share_2021", N_("China, global production capacity 2021")),
    ("huizhou_capacity_share_2017", N_("Huizhou, China's capacity 2017 (almost)")),
    ("kedali_share_china", N_("Kedali, structural parts in China")),
    ("kedali_share_world", N_("Kedali, structural parts worldwide")),
    ("battery_share_of_ev_cost", N_("Battery, of EV cost")),
    ("battery_share_of_powertrain_cost", N_("Power battery, of powertrain cost")),
    ("powertrain_share_of_car_cost", N_("Electric powertrain, of car cost")),
)


def shares_figure(facts: pd.DataFrame) -> go.Figure:
    """Market and cost shares (%) as printed; a printed range (30-45%) is drawn as a solid
    bar to its lower end and a light one to its upper end."""
    ids = [fact_id for fact_id, _label in _SHARE_FACTS]
    rows = _facts(facts, ids).to_dict("records")
    labels = [_(label) for _id, label in _SHARE_FACTS]
    low = [r["value"] for r in rows]
    high = [r["value_high"] if not pd.isna(r["value_high"]) else r["value"] for r in rows]
    market = [r["category"] != "cost_structure" for r in rows]
    custom = [[r["fact_id"], _fact_hover(r)] for r in rows]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=low,
        orientation="h",
        marker={"color": ["#3D5A80" if m else "#A0522D" for m in market]},
        customdata=custom,
        hovertemplate="%{customdata[1]}<extra></extra>",
        showlegend=False,
    )
    fig.add_bar(
        y=labels,
        x=[h - v for h, v in zip(high, low, strict=True)],
        orientation="h",
        marker={"color": ["#9db0c8" if m else "#d9a88a" for m in market]},
        customdata=custom,
        hovertemplate="%{customdata[1]}<extra></extra>",
        showlegend=False,
    )
    for label, top, row in zip(labels, high, rows, strict=True):
        fig.add_annotation(
            x=top,
            y=label,
            text=_format_value(row),
            showarrow=False,
            xanchor="left",
            xshift=4,
            font={"size": 12},
        )
    fig.update_layout(
        barmode="stack",
        title={
            "text": "{}<br><sup>{}</sup>".format(
                _("Shares (%): markets (blue) and costs (brown)"),
                _("From the Huizhou study; a printed range is drawn light to its upper end"),
            )
        },
        xaxis={"title": "%", "range": [0, 100]},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 10, "t": 70, "r": 40, "b": 45},
        hoverlabel={"align": "left"},
    )
    return _from_the_paper(fig, facts)


def learning_curve_figure(facts: pd.DataFrame) -> go.Figure:
    """Pack cost against capacity at the paper's learning rate, log-log, with its anchors."""
    q_id, c_id, r_id = LEARNING_CURVE_ANCHOR
    anchor = _facts(facts, [q_id, c_id, r_id]).to_dict("records")
    q0, c0, rate = anchor[0]["value"], anchor[1]["value"], anchor[2]["value"]
    curve = learning_curve(facts, q0 * np.logspace(-3, 3, 61, base=2.0))
    demand = _facts(facts, ["demand_2030"]).iloc[0].to_dict()
    china_price = _facts(facts, ["china_pack_price_2019"]).iloc[0].to_dict()
    fig = go.Figure()
    fig.add_scatter(
        x=curve["capacity_gwh"],
        y=curve["cost_usd_per_kwh"],
        mode="lines",
        name=_("{rate}% cheaper per doubling").format(rate=f"{rate:g}"),
        line={"color": "#3D5A80", "width": 2.5},
        customdata=[[r_id, _fact_hover(anchor[2])]] * len(curve),
        hovertemplate=_("%{x:,.0f} GWh → $%{y:.0f}/kWh (learning curve)") + "<extra></extra>",
    )
    doubling = learning_curve(facts, q0 * 2.0 ** np.arange(1, 4))
    fig.add_scatter(
        x=doubling["capacity_gwh"],
        y=doubling["cost_usd_per_kwh"],
        mode="markers+text",
        marker={"color": "#3D5A80", "size": 7, "symbol": "circle-open"},
        text=[
            f"×{2**k}: ${c:.0f}"
            for k, c in zip(range(1, 4), doubling["cost_usd_per_kwh"], strict=True)
        ],
        textposition="top right",
        textfont={"size": 11, "color": "#3D5A80"},
        customdata=[[r_id, _fact_hover(anchor[2])]] * len(doubling),
        hovertemplate=_("%{x:,.0f} GWh, capacity doubled → $%{y:.0f}/kWh")
        + "<br>%{customdata[1]}<extra></extra>",
        showlegend=False,
    )
    fig.add_scatter(
        x=[q0],
        y=[c0],
        mode="markers+text",
        name=_("World 2021 (anchor)"),
        marker={"color": WORLD_COLOR, "size": 11, "symbol": "diamond"},
        text=[f"2021: {q0:,.0f} GWh, ${c0:g}/kWh"],
        textposition="bottom left",
        customdata=[[c_id, _fact_hover(anchor[0]) + "<br><br>" + _fact_hover(anchor[1])]],
        hovertemplate="%{customdata[1]}<extra></extra>",
    )
    # the two reference lines are traces, not shapes: they answer hover and click with
    # their passage (and shapes on log axes would need log10 coordinates)
    # many points along each line, so hovering anywhere on it shows the passage
    x_line = np.geomspace(curve["capacity_gwh"].min(), curve["capacity_gwh"].max() * 1.6, 25)
    y_line = np.geomspace(
        curve["cost_usd_per_kwh"].min() * 0.9, curve["cost_usd_per_kwh"].max(), 25
    )
    price = f"{china_price['value']:g}"
    fig.add_scatter(
        x=x_line,
        y=[china_price["value"]] * len(x_line),
        mode="lines+text",
        name=_("China 2019 average pack price (no capacity given)"),
        line={"color": country_color("CN"), "dash": "dot", "width": 1.5},
        text=[_("China 2019: ${price}/kWh").format(price=price)] + [""] * (len(x_line) - 1),
        textposition="top right",
        textfont={"size": 11, "color": country_color("CN")},
        customdata=[["china_pack_price_2019", _fact_hover(china_price)]] * len(x_line),
        hovertemplate="%{customdata[1]}<extra></extra>",
    )
    gwh = format_int(demand["value"])
    fig.add_scatter(
        x=[demand["value"]] * len(y_line),
        y=y_line,
        mode="lines+text",
        name=_("2030 demand forecast (McKinsey, cited in the study)"),
        line={"color": "#52606d", "dash": "dash", "width": 1},
        text=[""] * (len(y_line) - 1) + [_("2030 demand<br>forecast {gwh} GWh").format(gwh=gwh)],
        textposition="bottom left",
        textfont={"size": 11, "color": "#52606d"},
        customdata=[["demand_2030", _fact_hover(demand)]] * len(y_line),
        hovertemplate="%{customdata[1]}<extra></extra>",
    )
    fig.update_layout(
        title={
            "text": "{}<br><sup>{}</sup>".format(
                _("Battery learning curve: pack cost vs production capacity"),
                _(
                    "From the Huizhou study: {rate}% cost reduction per doubling,<br>anchored "
                    "at 2021 (log-log)"
                ).format(rate=f"{rate:g}"),
            )
        },
        xaxis={
            "type": "log",
            "title": _("Production capacity (GWh, log scale)"),
            "tickvals": [100, 200, 500, 1000, 2000, 5000],
        },
        yaxis={
            "type": "log",
            "title": _("Pack cost (USD/kWh, log scale)"),
            "tickvals": [60, 80, 100, 120, 150, 200, 250],
        },
        legend={"orientation": "v", "y": -0.22, "x": 0, "yanchor": "top"},
        margin={"t": 70, "b": 90},
        hoverlabel={"align": "left"},
    )
    return _from_the_paper(fig, facts)


# (firm id in huizhou_firms, or None for the whole cluster; its capacity facts)
_FIRM_CAPACITY = (
    ("byd", ("byd_capacity_ev_start", "byd_capacity_2019")),
    ("eve", ("eve_capacity_2014", "eve_capacity_2017", "eve_capacity_2019")),
    ("e_power", ("e_power_capacity_2019",)),
    (None, ("huizhou_capacity_2017",)),
)
_FIRM_COLORS = {"byd": "#1f5f8b", "eve": "#8E6CBF", "e_power": "#98B06F", None: "#A0522D"}


def firm_capacity_figure(facts: pd.DataFrame, firms: pd.DataFrame | None = None) -> go.Figure:
    """Production capacities the text gives per firm and year (GWh), with the entry barrier.

    ``firms`` (huizhou_firms) names the firms in the reader's language; without it they go
    by the names the facts give them.
    """
    names = firm_names(firms) if firms is not None else {}
    fig = go.Figure()
    for firm_id, ids in _FIRM_CAPACITY:
        rows = _facts(facts, list(ids)).to_dict("records")
        if firm_id is None:
            name = _("Huizhou cluster")
        else:
            name = names.get(firm_id) or rows[0]["geography"]
        fig.add_scatter(
            x=[int(r["year"]) for r in rows],
            y=[r["value"] for r in rows],
            mode="lines+markers+text",
            name=name,
            line={"color": _FIRM_COLORS[firm_id], "width": 2},
            marker={"size": 9},
            text=[f"{r['value']:g}" for r in rows],
            textposition="middle right",
            customdata=[[r["fact_id"], _fact_hover(r)] for r in rows],
            hovertemplate="%{customdata[1]}<extra></extra>",
        )
    barrier = _facts(facts, ["entry_barrier_2016"]).iloc[0].to_dict()
    fig.add_hline(
        y=barrier["value"],
        line={"color": "#52606d", "dash": "dot", "width": 1},
        annotation={
            "text": _("MIIT entry barrier (2016): {gwh} GWh").format(gwh=f"{barrier['value']:g}"),
            "font": {"size": 11, "color": "#52606d"},
            "xanchor": "left",
            "x": 0.2,
        },
    )
    fig.add_scatter(
        x=[2015.0],
        y=[barrier["value"]],
        mode="markers",
        marker={"size": 14, "opacity": 0},
        customdata=[["entry_barrier_2016", _fact_hover(barrier)]],
        hovertemplate="%{customdata[1]}<extra></extra>",
        showlegend=False,
    )
    fig.update_layout(
        title={
            "text": "{}<br><sup>{}</sup>".format(
                _("Production capacity of Huizhou firms (GWh per year)"),
                _("From the Huizhou study; BYD's first point is 2013-2014"),
            )
        },
        xaxis={"title": _("Year"), "dtick": 1, "range": [2013.5, 2020]},
        yaxis={"title": "GWh", "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.22, "x": 0, "yanchor": "top"},
        margin={"t": 70, "b": 90},
        hoverlabel={"align": "left"},
    )
    return _from_the_paper(fig, facts)


def fact_table_rows(facts: pd.DataFrame) -> list[dict]:
    """Every market fact as a table row, in the reader's language, with its passage (and,
    in Chinese, its rendering in ``quote_translation``)."""
    return [
        {
            "id": f["fact_id"],
            "subject": f["subject"],
            "geography": f["geography"],
            "year": "" if pd.isna(f["year"]) else int(f["year"]),
            "value": _format_value(f),
            "quote": f["quote"],
            TRANSLATION: f[TRANSLATION],
            "note": f["note"],
        }
        for f in _localised_facts(facts).to_dict("records")
    ]
