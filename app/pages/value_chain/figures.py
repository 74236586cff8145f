"""The Value chain page's figures and panels, built from seed 002's tables.

Pure functions of the knowledge tables (and the province outlines). Every mark carries its
passage: in the hover text and, through ``customdata``, in the panel a click opens.
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
from app.ingest.knowledge_schema import SEGMENTS, STAGES, split_items
from app.store.knowledge import province_geo_join
from app.ui.charts import label_column_groups, mark_matrix, matrix_layout
from app.ui.colors import country_color
from app.ui.quotes import hover_text, passage

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

_SEGMENT_TICKS = {
    "mining_ore": "Mining<br>ore",
    "anode": "Anode",
    "cathode": "Cathode",
    "electrolyte": "Electro-<br>lyte",
    "separator": "Sepa-<br>rator",
    "other_materials": "Other<br>(binder …)",
    "cells_modules": "Cells,<br>modules",
    "bms": "BMS",
    "packs": "Packs",
    "structural_components": "Structural<br>parts",
    "equipment": "Equip-<br>ment",
    "complete_evs": "Complete<br>EVs",
    "stationary_storage": "Stationary<br>storage",
    "reuse_recycling": "Reuse,<br>recycling",
}
_STAGE_TICKS = {
    "raw_materials": "Raw materials<br>and components",
    "manufacturing": "Battery manufacturing<br>and assembling",
    "supportive": "Related and<br>supportive",
    "applications": "Battery applications<br>and usages",
}
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


# --- the Huizhou matrix ------------------------------------------------------------------
def chain_matrix_figure(chain: pd.DataFrame, firms: pd.DataFrame) -> go.Figure:
    """Firms x the 14 segments, grouped by the 4 stages; supported cells filled.

    ``customdata`` of each cell is ``[firm_id, segment, hover text]``; a click is matched
    back to its cell by the labels (x: segment label, y: firm name), since Dash's clickData
    carries no customdata for heatmaps.
    """
    firm_ids = list(firms["firm_id"])
    segments = list(SEGMENTS)
    cell = chain.set_index(["firm_id", "segment"])
    classes = classify_firms(chain, firms).set_index("firm_id")["classification"]
    names = firms.set_index("firm_id")["firm"]
    z, custom, text = [], [], []
    for firm_id in firm_ids:
        z_row, custom_row, text_row = [], [], []
        for segment in segments:
            row = cell.loc[(firm_id, segment)]
            supported = row["status"] == "supported"
            stage_label = STAGES[SEGMENTS[segment][0]][0]
            lines = [f"<b>{names[firm_id]}</b> · {stage_label} › {SEGMENTS[segment][1]}"]
            if supported:
                lines.append(f"“{hover_text(row['quote'], 70, 4)}”")
                lines.append(f"<i>{hover_text(row['note'], 70, 2)}</i>" if row["note"] else "")
                lines.append("<span style='color:#52606d'>seed 002 · click for the passage</span>")
            else:
                lines.append(
                    "<i>no evidence in our copy</i>: Table 2's mark was lost and no passage of "
                    "Table 3<br>or the text supports this cell (which does not mean the firm "
                    "is absent here)"
                )
            z_row.append(1 if supported else 0)
            custom_row.append([firm_id, segment, "<br>".join(line for line in lines if line)])
            text_row.append("●" if supported else "")
        z.append(z_row)
        custom.append(custom_row)
        text.append(text_row)
    x = [SEGMENTS[s][1] for s in segments]
    y = [names[f] for f in firm_ids]
    colors = [CHAIN_COLORS[NO_EVIDENCE], CHAIN_COLORS["supported"]]
    fig = mark_matrix(
        z,
        x,
        y,
        custom,
        text,
        colors,
        textfont={"size": 14, "color": "white"},
        hovertemplate="%{customdata[2]}<extra></extra>",
        gap=2,
    )
    short = {"vertical integrator": "integrator", "segment specialist": "specialist"}
    fig.update_yaxes(
        tickvals=y,
        ticktext=[
            f"{names[f]}<br><span style='font-size:10.5px;color:#52606d'>"
            f"{short[classes[f]]} (our rule)</span>"
            for f in firm_ids
        ],
        autorange="reversed",
        showgrid=False,
    )
    fig.update_xaxes(
        tickvals=x,
        ticktext=[_SEGMENT_TICKS[s] for s in segments],
        side="top",
        showgrid=False,
        tickangle=0,
        tickfont={"size": 10.5},
    )
    groups, position = [], 0
    for stage_id, (_label, stage_segments) in STAGES.items():
        groups.append((position, position + len(stage_segments) - 1, _STAGE_TICKS[stage_id]))
        position += len(stage_segments)
    label_column_groups(fig, groups, (1.135, 1.14), 11.5, separate=True)
    title = "Huizhou battery firms × value-chain segments (seed 002, Table 2 rebuilt)"
    matrix_layout(fig, title, 0.985, (175, 128))
    return fig


def chain_cell_panel(chain: pd.DataFrame, firm_id: str, segment: str) -> list:
    """The passage behind one cell of the matrix (or why there is none)."""
    match = chain[(chain["firm_id"] == firm_id) & (chain["segment"] == segment)]
    if match.empty:
        return [html.P("No such cell.", className="text-muted")]
    row = match.iloc[0]
    stage_label = STAGES[row["stage"]][0]
    out: list = [
        html.H3(f"{row['firm']} × {SEGMENTS[segment][1]}"),
        html.P(f"Stage: {stage_label}.", className="panel-lead"),
    ]
    if row["status"] == "supported":
        out.append(
            passage(row["quote"], row["seed_file"], where="Table 3 or the text", note=row["note"])
        )
    else:
        out.append(
            html.P(
                [
                    html.B("No evidence in our copy. "),
                    "Table 2 printed a mark or left this cell empty, but the text copy lost "
                    "the marks, and no passage of Table 3 or of the text supports it. The cell "
                    "is left empty: this does not show that the firm is absent from the segment.",
                ],
                className="message",
            )
        )
    return out


def classification_rows(chain: pd.DataFrame, firms: pd.DataFrame) -> list[dict]:
    """One row per firm: marks, our class by the rule, the paper's class and passage."""
    classes = classify_firms(chain, firms)
    quotes = firms.set_index("firm_id")
    rows = []
    for row in classes.itertuples(index=False):
        agrees = row.agrees_with_paper
        rows.append(
            {
                "id": row.firm_id,
                "firm": row.firm,
                "segments": row.segments,
                "stages": row.stages,
                "makes_cells": "yes" if row.makes_cells else "no",
                "classification": row.classification,
                "paper_strategy": row.paper_strategy or "not named",
                "agrees": "n/a" if pd.isna(agrees) else ("yes" if agrees else "NO"),
                "strategy_quote": quotes.at[row.firm_id, "strategy_quote"]
                or "Section 4.1 names no strategy for this firm.",
                "seed_file": quotes.at[row.firm_id, "seed_file"],
            }
        )
    return rows


# --- firm cards (Table 3) ---------------------------------------------------------------
_CARD_FIELDS = (
    ("main_products", "Main products"),
    ("production_operation", "Production and operation"),
    ("market_sales", "Market and sales"),
    ("technology_development", "Technology development"),
)


def firm_card(
    firms: pd.DataFrame, chain: pd.DataFrame, facts: pd.DataFrame, firm_id: str
) -> html.Div:
    """Table 3's row for one firm, its value-chain marks and the paper's figures about it."""
    row = firms.set_index("firm_id").loc[firm_id]
    sections = []
    for field, label in _CARD_FIELDS:
        items = split_items(row[field])
        body = (
            html.Ul([html.Li(item) for item in items])
            if items
            else html.P("Not in our copy of Table 3.", className="text-muted")
        )
        sections.append(html.Div([html.H4(label), body], className="firm-field"))
    marks = chain[(chain["firm_id"] == firm_id) & (chain["status"] == "supported")]
    mark_items = [
        html.Li(
            html.Details(
                [
                    html.Summary(f"{STAGES[m['stage']][0]} › {SEGMENTS[m['segment']][1]}"),
                    passage(m["quote"], m["seed_file"], note=m["note"]),
                ]
            )
        )
        for m in marks.to_dict("records")
    ]
    own = facts[facts["geography"] == FIRM_FACT_GEOGRAPHY.get(firm_id, "")]
    fact_items = [
        html.Li(
            html.Details(
                [
                    html.Summary(_fact_line(f)),
                    passage(f["quote"], f["seed_file"], note=f["note"]),
                ]
            )
        )
        for f in own.to_dict("records")
    ]
    strategy = (
        html.Details(
            [
                html.Summary(f"The paper (section 4.1): {row['paper_strategy']}"),
                passage(row["strategy_quote"], row["seed_file"], where="section 4.1"),
            ],
            className="passage-more",
        )
        if row["paper_strategy"]
        else html.P("Section 4.1 names no strategy for this firm.", className="source-note")
    )
    return html.Div(
        [
            html.H3(row["firm"]),
            html.Div(sections, className="firm-grid"),
            html.Div(
                [
                    html.Div(
                        [
                            html.H4(f"Value-chain marks ({len(mark_items)})"),
                            html.Ul(mark_items, className="plain-list")
                            if mark_items
                            else html.P("None supported.", className="text-muted"),
                            strategy,
                        ]
                    ),
                    html.Div(
                        [
                            html.H4(f"Figures in the text ({len(fact_items)})"),
                            html.Ul(fact_items, className="plain-list")
                            if fact_items
                            else html.P(
                                "The text gives no figure for this firm.", className="text-muted"
                            ),
                        ]
                    ),
                ],
                className="grid-1-1",
            ),
            passage(
                row["quote"],
                row["seed_file"],
                where="Table 3 (Key value chain activities of battery firms in Huizhou), the row "
                "starts",
                note=row["note"],
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


def province_map_figure(producers: pd.DataFrame, geojson: dict) -> go.Figure:
    """Choropleth of Table 1's producers per province, on the province outlines only.

    No base map: the geo layer is hidden and the view fits the drawn locations, so the
    figure needs nothing from the internet. Three layers, each with the outlines of its
    own provinces only (every outline goes to the browser once): provinces with a count,
    provinces with raw-material names only, and the rest of the map ("not in Table 1").
    """
    join = province_geo_join(producers["province"], geojson)
    data = producers.assign(geo_id=join["geo_id"].to_numpy())
    all_ids = [f["properties"]["id"] for f in geojson["features"]]
    all_names = [f["properties"]["name"] for f in geojson["features"]]
    listed = set(data["geo_id"])
    rest = [(i, n) for i, n in zip(all_ids, all_names, strict=True) if i not in listed]
    fig = go.Figure()
    fig.add_choropleth(
        name="not in Table 1",
        geojson=_features(geojson, [i for i, _ in rest]),
        featureidkey="properties.id",
        locations=[i for i, _ in rest],
        z=[0] * len(rest),
        customdata=[[n] for _, n in rest],
        colorscale=[[0, NOT_LISTED_COLOR], [1, NOT_LISTED_COLOR]],
        showscale=False,
        marker={"line": {"color": "#b8c0cc", "width": 0.6}},
        hovertemplate="<b>%{customdata[0]}</b><br>not in Table 1<extra></extra>",
    )
    counted = data[data["producers"].notna()]
    raw_only = data[data["producers"].isna()]

    def hover(frame: pd.DataFrame) -> list[list[str]]:
        return [
            [
                r["province"],
                _names(r["exemplary_producers"]),
                _names(r["raw_material_component_producers"]),
                (
                    "<br><i>Names (producer and raw-material columns run together in our "
                    "copy):</i><br>" + _names(r["names_unsplit"])
                )
                if r["names_unsplit"]
                else "",
            ]
            for r in frame.to_dict("records")
        ]

    fig.add_choropleth(
        name="raw materials only",
        geojson=_features(geojson, list(raw_only["geo_id"])),
        featureidkey="properties.id",
        locations=list(raw_only["geo_id"]),
        z=[0] * len(raw_only),
        customdata=hover(raw_only),
        colorscale=[[0, RAW_ONLY_COLOR], [1, RAW_ONLY_COLOR]],
        showscale=False,
        marker={"line": {"color": "#8a7a52", "width": 0.8}},
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>no producer count printed<br>"
            "<b>Raw-material and component producers:</b><br>%{customdata[2]}"
            "<br><span style='color:#52606d'>seed 002, Table 1 · click for the row</span>"
            "<extra></extra>"
        ),
    )
    fig.add_choropleth(
        name="EV battery producers",
        geojson=_features(geojson, list(counted["geo_id"])),
        featureidkey="properties.id",
        locations=list(counted["geo_id"]),
        z=counted["producers"].astype(float).tolist(),
        customdata=hover(counted),
        colorscale=MAP_COLORSCALE,
        zmin=0,
        marker={"line": {"color": "white", "width": 0.8}},
        colorbar={
            "title": {"text": "Producers", "side": "top"},
            "thickness": 12,
            "len": 0.45,
            "x": 0.88,
            "y": 0.3,
        },
        hovertemplate=(
            "<b>%{customdata[0]}</b>: %{z} EV battery producers<br>"
            "<b>Exemplary producers:</b><br>%{customdata[1]}<br>"
            "<b>Raw-material and component producers:</b><br>%{customdata[2]}%{customdata[3]}"
            "<br><span style='color:#52606d'>seed 002, Table 1 · click for the row</span>"
            "<extra></extra>"
        ),
    )
    fig.update_geos(
        visible=False,
        fitbounds="locations",
        projection={"type": "mercator"},
        bgcolor="rgba(0,0,0,0)",
    )
    fig.update_layout(
        title={"text": "EV battery producers by province (seed 002, Table 1)", "y": 0.98},
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        hoverlabel={"align": "left"},
    )
    return fig


def province_panel(producers: pd.DataFrame, province: str) -> list:
    """Table 1's row for one province, as printed, with how its columns were read."""
    match = producers[producers["province"] == province]
    if match.empty:
        return [
            html.H3(province),
            html.P("This province is not in Table 1 of seed 002.", className="text-muted"),
        ]
    row = match.iloc[0]
    count = (
        "no count printed" if pd.isna(row["producers"]) else f"{int(row['producers'])} producers"
    )
    out: list = [html.H3(f"{province}: {count}")]
    for field, label in (
        ("exemplary_producers", "Exemplary producers"),
        ("raw_material_component_producers", "Raw-material and component producers"),
        ("names_unsplit", "Names (columns cannot be told apart in our copy)"),
    ):
        if row[field]:
            out.append(html.P([html.B(f"{label}: "), row[field]]))
    out.append(
        passage(
            row["quote"],
            row["seed_file"],
            where="Table 1 (Geographic distribution of EV battery manufacturing in China)",
            note=f"How the name columns were told apart: {row['column_split']}.",
        )
    )
    return out


def region_rows(producers: pd.DataFrame, regions: pd.DataFrame) -> list[dict]:
    """Region totals as printed beside the sum of their provinces, with the passage."""
    totals = region_totals(producers, regions)
    quotes = regions.set_index("region_id")["quote"]
    return [
        {
            "region": row.region,
            "printed_total": row.printed_total,
            "province_sum": row.province_sum,
            "difference": f"{row.difference:+d}" if row.difference else "0",
            "without_count": row.provinces_without_count,
            "quote": quotes[row.region_id],
        }
        for row in totals.itertuples(index=False)
    ]


# --- market facts -----------------------------------------------------------------------
def _fact_line(fact: dict) -> str:
    value = _format_value(fact)
    year = f", {int(fact['year'])}" if not pd.isna(fact["year"]) else ""
    return f"{fact['subject']}{year}: {value}"


def _format_value(fact: dict) -> str:
    def number(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")

    unit = fact["unit"]
    value = number(fact["value"])
    if not pd.isna(fact["value_high"]):
        value += f"–{number(fact['value_high'])}"
    if unit == "%":
        return f"{value}%"
    if unit == "USD/kWh":
        return f"${value}/kWh"
    if unit == "rank":
        return f"no. {value}"
    return f"{value} {unit}"


def _fact_hover(fact: dict) -> str:
    lines = [
        f"<b>{hover_text(_fact_line(fact), 70, 2)}</b>",
        f"“{hover_text(fact['quote'], 70, 4)}”",
    ]
    if fact["note"]:
        lines.append(f"<i>{hover_text(fact['note'], 70, 2)}</i>")
    lines.append("<span style='color:#52606d'>seed 002 · click for the passage</span>")
    return "<br>".join(lines)


def fact_panel(facts: pd.DataFrame, fact_id: str) -> list:
    """One market fact with its passage."""
    match = facts[facts["fact_id"] == fact_id]
    if match.empty:
        return [html.P("No such figure.", className="text-muted")]
    fact = match.iloc[0].to_dict()
    return [
        html.H3(_fact_line(fact)),
        html.P(
            f"{fact['geography']} · category: {fact['category'].replace('_', ' ')}",
            className="panel-lead",
        ),
        passage(fact["quote"], fact["seed_file"], note=fact["note"]),
    ]


def _facts(facts: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    by_id = facts.set_index("fact_id", drop=False)
    missing = [i for i in ids if i not in by_id.index]
    if missing:
        raise KeyError(f"market_facts.csv lacks {', '.join(missing)}")
    return by_id.loc[ids]


def capacity_figure(facts: pd.DataFrame) -> go.Figure:
    """GWh: installed 2020, production capacity 2021 and forecast demand 2030, China vs world."""
    groups = [
        ("Installed<br>2020", "china_installed_2020", "world_installed_2020"),
        ("Production capacity<br>2021", "china_capacity_2021", "world_capacity_2021"),
        ("Demand forecast<br>2030", None, "demand_2030"),
    ]
    shares = {
        "china_installed_2020": "china_installed_share_2020",
        "china_capacity_2021": "china_capacity_share_2021",
    }
    share_values = _facts(facts, list(shares.values()))["value"]
    fig = go.Figure()
    for geography, column, color in (("China", 1, country_color("CN")), ("World", 2, WORLD_COLOR)):
        present = [(g[0], g[column]) for g in groups if g[column]]
        rows = _facts(facts, [i for _, i in present]).to_dict("records")
        text = []
        for r in rows:
            label = f"{r['value']:,g}"
            if r["fact_id"] in shares:
                label += f"<br>({share_values[shares[r['fact_id']]]:g}%)"
            text.append(label)
        fig.add_bar(
            name=geography,
            x=[label for label, _ in present],
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
            "text": "EV batteries: China and the world (GWh)<br><sup>Seed 002; the 2030 "
            "demand is a McKinsey forecast it cites</sup>"
        },
        yaxis={"title": "GWh", "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
        margin={"t": 80, "b": 40},
        hoverlabel={"align": "left"},
    )
    fig.update_yaxes(range=[0, 4400])
    return fig


_SHARE_FACTS = (
    ("china_installed_share_2020", "China, world installation 2020"),
    ("china_capacity_share_2021", "China, global production capacity 2021"),
    ("huizhou_capacity_share_2017", "Huizhou, China's capacity 2017 (almost)"),
    ("kedali_share_china", "Kedali, structural parts in China"),
    ("kedali_share_world", "Kedali, structural parts worldwide"),
    ("battery_share_of_ev_cost", "Battery, of EV cost"),
    ("battery_share_of_powertrain_cost", "Power battery, of powertrain cost"),
    ("powertrain_share_of_car_cost", "Electric powertrain, of car cost"),
)


def shares_figure(facts: pd.DataFrame) -> go.Figure:
    """Market and cost shares (%) as printed; a printed range (30-45%) is drawn as a solid
    bar to its lower end and a light one to its upper end."""
    ids = [fact_id for fact_id, _ in _SHARE_FACTS]
    rows = _facts(facts, ids).to_dict("records")
    labels = [label for _, label in _SHARE_FACTS]
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
            "text": "Shares (%): markets (blue) and costs (brown)<br><sup>Seed 002; a printed "
            "range is drawn light to its upper end</sup>"
        },
        xaxis={"title": "%", "range": [0, 100]},
        yaxis={"autorange": "reversed"},
        margin={"l": 270, "t": 70, "r": 40, "b": 45},
        hoverlabel={"align": "left"},
    )
    return fig


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
        name=f"{rate:g}% cheaper per doubling",
        line={"color": "#3D5A80", "width": 2.5},
        customdata=[[r_id, _fact_hover(anchor[2])]] * len(curve),
        hovertemplate="%{x:,.0f} GWh → $%{y:.0f}/kWh (learning curve)<extra></extra>",
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
        hovertemplate="%{x:,.0f} GWh, capacity doubled → $%{y:.0f}/kWh<br>"
        "%{customdata[1]}<extra></extra>",
        showlegend=False,
    )
    fig.add_scatter(
        x=[q0],
        y=[c0],
        mode="markers+text",
        name="World 2021 (anchor)",
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
    fig.add_scatter(
        x=x_line,
        y=[china_price["value"]] * len(x_line),
        mode="lines+text",
        name=f"China 2019 average pack price (${china_price['value']:g}/kWh; no capacity given)",
        line={"color": country_color("CN"), "dash": "dot", "width": 1.5},
        text=[f"China 2019: ${china_price['value']:g}/kWh"] + [""] * (len(x_line) - 1),
        textposition="top right",
        textfont={"size": 11, "color": country_color("CN")},
        customdata=[["china_pack_price_2019", _fact_hover(china_price)]] * len(x_line),
        hovertemplate="%{customdata[1]}<extra></extra>",
    )
    fig.add_scatter(
        x=[demand["value"]] * len(y_line),
        y=y_line,
        mode="lines+text",
        name=f"2030 demand forecast ({demand['value']:,.0f} GWh, McKinsey via seed 002)",
        line={"color": "#52606d", "dash": "dash", "width": 1},
        text=[""] * (len(y_line) - 1) + [f"2030 demand<br>forecast {demand['value']:,.0f} GWh"],
        textposition="bottom left",
        textfont={"size": 11, "color": "#52606d"},
        customdata=[["demand_2030", _fact_hover(demand)]] * len(y_line),
        hovertemplate="%{customdata[1]}<extra></extra>",
    )
    fig.update_layout(
        title={
            "text": "Battery learning curve: pack cost vs production capacity<br><sup>Seed "
            f"002: {rate:g}% cost reduction per doubling, anchored at 2021 (log-log)</sup>"
        },
        xaxis={
            "type": "log",
            "title": "Production capacity (GWh, log scale)",
            "tickvals": [100, 200, 500, 1000, 2000, 5000],
        },
        yaxis={
            "type": "log",
            "title": "Pack cost (USD/kWh, log scale)",
            "tickvals": [60, 80, 100, 120, 150, 200, 250],
        },
        legend={"orientation": "v", "y": -0.22, "x": 0, "yanchor": "top"},
        margin={"t": 70, "b": 90},
        hoverlabel={"align": "left"},
    )
    return fig


_FIRM_CAPACITY = (
    ("BYD", ("byd_capacity_ev_start", "byd_capacity_2019")),
    ("EVE Lithium Energy", ("eve_capacity_2014", "eve_capacity_2017", "eve_capacity_2019")),
    ("E-Power Energy", ("e_power_capacity_2019",)),
    ("Huizhou cluster", ("huizhou_capacity_2017",)),
)
_FIRM_COLORS = {
    "BYD": "#1f5f8b",
    "EVE Lithium Energy": "#8E6CBF",
    "E-Power Energy": "#98B06F",
    "Huizhou cluster": "#A0522D",
}


def firm_capacity_figure(facts: pd.DataFrame) -> go.Figure:
    """Production capacities the text gives per firm and year (GWh), with the entry barrier."""
    fig = go.Figure()
    for name, ids in _FIRM_CAPACITY:
        rows = _facts(facts, list(ids)).to_dict("records")
        fig.add_scatter(
            x=[int(r["year"]) for r in rows],
            y=[r["value"] for r in rows],
            mode="lines+markers+text",
            name=name,
            line={"color": _FIRM_COLORS[name], "width": 2},
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
            "text": f"MIIT entry barrier (2016): {barrier['value']:g} GWh",
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
            "text": "Production capacity of Huizhou firms (GWh per year)<br><sup>Seed "
            "002; BYD's first point is 2013-2014</sup>"
        },
        xaxis={"title": "Year", "dtick": 1, "range": [2013.5, 2020]},
        yaxis={"title": "GWh", "rangemode": "tozero"},
        legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
        margin={"t": 90, "b": 45},
        hoverlabel={"align": "left"},
    )
    return fig


def fact_table_rows(facts: pd.DataFrame) -> list[dict]:
    """Every market fact as a table row, with its passage."""
    return [
        {
            "id": f["fact_id"],
            "subject": f["subject"],
            "geography": f["geography"],
            "year": "" if pd.isna(f["year"]) else int(f["year"]),
            "value": _format_value(f),
            "quote": f["quote"],
            "note": f["note"],
        }
        for f in facts.to_dict("records")
    ]
