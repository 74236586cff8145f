"""The Cooperation page's figures and panels, built from the knowledge tables and the
partner-type analysis: pure functions of their inputs, tested without a running app."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from dash import dcc, html

from app.analysis.cooperation import (
    PARTNER_TYPE_RULE,
    PARTNER_TYPES,
    country_mode_evidence,
    paper_partner_types,
)
from app.ingest.knowledge_schema import COUNTRIES, MODE_TYPES, split_items
from app.ui.charts import label_column_groups, mark_matrix, matrix_layout
from app.ui.colors import PARTNER_TYPE_COLORS, country_color
from app.ui.countries import country_label
from app.ui.quotes import hover_text, passage

__all__ = [
    "LEVEL_COLORS",
    "LEVEL_MEANING",
    "country_statements",
    "mode_cell_panel",
    "mode_table_rows",
    "modes_matrix_figure",
    "paper_partners_figure",
    "partner_cell_panel",
    "partner_notes",
    "partner_shares_figure",
    "silent_countries",
]

SEED_000 = "seed 000"
LEVEL_MEANING = {
    2: "the paper names this mode for the country",
    1: "the paper names only the mode's type (equity / non-equity) for the country",
    0: "the paper says nothing about this mode for the country",
}
LEVEL_COLORS = {0: "#eef1f5", 1: "#9ecae1", 2: "#1f5f8b"}
_LEAD = {"government": "government-led", "enterprises": "enterprise-led"}
_MODE_TICKS = {
    "joint_venture": "Joint<br>venture",
    "mergers_acquisitions": "Mergers and<br>acquisitions",
    "expert_visits": "Expert mutual<br>visits",
    "joint_rd": "Joint R&D",
    "strategic_cooperation": "Strategic<br>cooperation",
}
_TYPE_SHORT = {"equity": "Equity-based", "non-equity": "Non-equity"}
_MIN_JOINT = 20  # below this a country's shares are marked as resting on few patents
_CACHE: dict[tuple, tuple] = {}


def _per_tables(build, *frames: pd.DataFrame):
    """``build(*frames)``, computed once per set of knowledge frames.

    The knowledge tables are shared, read-only frames (``load_knowledge``) and the paper's
    side of the page depends on nothing else; pandas on these tiny tables costs more than
    drawing them, so each result is kept while the same frames are in use.
    """
    key = (build.__name__, *map(id, frames))
    hit = _CACHE.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], frames, strict=True)):
        if len(_CACHE) > 32:  # the tables were edited many times: start afresh
            _CACHE.clear()
        hit = _CACHE[key] = (frames, build(*frames))
    return hit[1]


# --- cooperation modes (Table 1) ---------------------------------------------------------
def mode_table_rows(modes: pd.DataFrame) -> list[dict]:
    """Rows of the mode table: Table 1's cells, bullet items joined with "; "."""
    return [
        {
            "id": row.mode_id,
            "type": _TYPE_SHORT[row.type],
            "mode": row.mode,
            "connotation": row.connotation,
            "features": "; ".join(split_items(row.features)),
            "effect": "; ".join(split_items(row.effect)),
            "source": f"{row.seed_file}, Table 1",
        }
        for row in modes.itertuples(index=False)
    ]


def mode_passage(modes: pd.DataFrame, mode_id: str) -> html.Figure:
    """Table 1's row for ``mode_id`` as printed, with its seed file."""
    row = modes.set_index("mode_id").loc[mode_id]
    return passage(
        row["quote"],
        row["seed_file"],
        where="Table 1 (Industry alliance cooperation mode), the row as printed",
        label=f"{row['mode']}: {MODE_TYPES[row['type']]}",
    )


# --- countries x modes -------------------------------------------------------------------
def _lead_actor(models: pd.DataFrame) -> dict[str, str]:
    observed = models[(models["stance"] == "observed") & (models["lead_actor"] != "")]
    return {
        iso: " / ".join(_LEAD[a] for a in pd.unique(group["lead_actor"]))
        for iso, group in observed.groupby("iso2")
    }


def silent_countries(models: pd.DataFrame, modes: pd.DataFrame) -> list[str]:
    """Countries for which the paper names no cooperation mode (nor its type)."""
    evidence = _per_tables(country_mode_evidence, models, modes)
    levels = evidence.groupby("country", sort=False)["level"].max()
    return [country for country, level in levels.items() if level == 0]


def modes_matrix_figure(models: pd.DataFrame, modes: pd.DataFrame) -> go.Figure:
    """Countries x cooperation modes heatmap: 2 mode named, 1 type named, 0 nothing.

    Hover shows the passages (wrapped, the first two); a click opens them all (page).
    """
    evidence = _per_tables(country_mode_evidence, models, modes)
    countries = list(pd.unique(evidence["country"]))
    mode_ids = list(modes["mode_id"])
    cell = evidence.set_index(["country", "mode_id"])
    z, hover, text = [], [], []
    for country in countries:
        z_row, hover_row, text_row = [], [], []
        for mode_id in mode_ids:
            level = int(cell.at[(country, mode_id), "level"])
            passages = cell.at[(country, mode_id), "passages"]
            lines = [f"<i>{LEVEL_MEANING[level]}</i>"]
            lines += [f"“{hover_text(q, 64, 4)}”" for q in passages[:2]]
            if len(passages) > 2:
                lines.append(f"… and {len(passages) - 2} more")
            lines.append(f"<span style='color:#52606d'>{SEED_000}: click for the passages</span>")
            z_row.append(level)
            hover_row.append("<br>".join(lines))
            text_row.append({2: "named", 1: "type only", 0: "–"}[level])
        z.append(z_row)
        hover.append(hover_row)
        text.append(text_row)
    lead = _lead_actor(models)
    iso_of = {name: iso for iso, name in COUNTRIES.items()}
    ticktext = [
        f"<b>{c}</b><br><span style='font-size:11px;color:#52606d'>"
        f"{lead.get(iso_of.get(c, ''), 'lead not stated')}</span>"
        for c in countries
    ]
    labels = modes.set_index("mode_id")["mode"]
    fig = mark_matrix(
        z,
        [labels[m] for m in mode_ids],
        countries,
        hover,
        text,
        [LEVEL_COLORS[0], LEVEL_COLORS[1], LEVEL_COLORS[2]],
        textfont={"size": 12},
        hovertemplate="<b>%{y} × %{x}</b><br>%{customdata}<extra></extra>",
    )
    fig.update_xaxes(
        tickvals=[labels[m] for m in mode_ids],
        ticktext=[_MODE_TICKS.get(m, labels[m]) for m in mode_ids],
        side="top",
        showgrid=False,
    )
    fig.update_yaxes(tickvals=countries, ticktext=ticktext, autorange="reversed", showgrid=False)
    # the two types of Table 1 over their modes
    types = list(modes["type"])
    groups = []
    for kind in dict.fromkeys(types):
        span = [i for i, t in enumerate(types) if t == kind]
        groups.append((span[0], span[-1], _TYPE_SHORT[kind]))
    label_column_groups(fig, groups, (1.2, 1.21), 12)
    title = "Cooperation modes each country prefers, as seed 000 states them"
    matrix_layout(fig, title, 0.98, (130, 125))
    return fig


def country_statements(models: pd.DataFrame, iso2: str) -> list[html.Figure]:
    """Every statement of the paper about one country, as passages."""
    rows = models[models["iso2"] == iso2]
    return [_statement_passage(row) for row in rows.to_dict("records")]


def _all_about(models: pd.DataFrame, iso2: str, is_open: bool) -> html.Details:
    """Every passage about one country, folded unless ``is_open``."""
    others = country_statements(models, iso2)
    summary = f"Everything the paper says about {COUNTRIES[iso2]} ({len(others)} passages)"
    return html.Details([html.Summary(summary), *others], open=is_open, className="passage-more")


def _statement_passage(row: dict) -> html.Figure:
    label = []
    if row["stance"] == "recommended":
        label.append("what the paper recommends China should do")
    if row["scope"] == "group":
        label.append("said of several countries together")
    if row.get("example"):
        label.append(f"example: {row['example']}")
    return passage(
        row["quote"],
        row["seed_file"],
        note=row.get("note", ""),
        label=_sentence_case("; ".join(label)),
    )


def mode_cell_panel(models: pd.DataFrame, modes: pd.DataFrame, country: str, mode: str) -> list:
    """The side panel for one cell of the countries x modes matrix."""
    evidence = _per_tables(country_mode_evidence, models, modes)
    match = evidence[(evidence["country"] == country) & (evidence["mode"] == mode)]
    if match.empty:
        return [html.P("No such cell.", className="text-muted")]
    cell = match.iloc[0]
    by_id = models.set_index("statement_id")
    out: list = [
        html.H3(f"{country} × {mode}"),
        html.P(LEVEL_MEANING[int(cell["level"])].capitalize() + ".", className="panel-lead"),
    ]
    for statement_id in cell["statement_ids"]:
        out.append(_statement_passage({"statement_id": statement_id, **by_id.loc[statement_id]}))
    if not cell["statement_ids"]:
        silent = evidence[evidence["country"] == country]["level"].max() == 0
        out.append(
            html.P(
                f"The paper names no cooperation mode at all for {country}."
                if silent
                else f"No passage links {country} to this mode.",
                className="message",
            )
        )
    out.append(_all_about(models, cell["iso2"], is_open=not cell["statement_ids"]))
    return out


# --- partner types: the paper -------------------------------------------------------------
def paper_partners_figure(
    models: pd.DataFrame, shares: pd.DataFrame | None = None, data_label: str = ""
) -> go.Figure:
    """Countries x partner types the paper names (marks only where a passage names one).

    With ``shares`` (:func:`~app.analysis.cooperation.partner_type_shares` of the active
    dataset) each cell also prints what the patents show for that country and type, so
    the paper and the data stand side by side; the colour stays the paper's.
    """
    named = _per_tables(paper_partner_types, models)
    types = [t for t in PARTNER_TYPES if t != "other"]
    countries = list(COUNTRIES.values())
    found = {(r.country, r.partner_type): r.passages for r in named.itertuples(index=False)}
    data = {}
    if shares is not None:
        iso_of = {name: iso for iso, name in COUNTRIES.items()}
        indexed = shares.set_index(["country", "partner_type"])
        for country in countries:
            for t in types:
                key = (iso_of[country], t)
                if key in indexed.index:
                    row = indexed.loc[key]
                    data[(country, t)] = (int(row["patents"]), int(row["joint_patents"]))
    z, hover, text = [], [], []
    for country in countries:
        z.append([1 if (country, t) in found else 0 for t in types])
        text_row, row = [], []
        for t in types:
            quotes = found.get((country, t), ())
            if quotes:
                lines = [f"“{hover_text(q, 64, 3)}”" for q in quotes[:2]]
                if len(quotes) > 2:
                    lines.append(f"… and {len(quotes) - 2} more")
                lines.append("<span style='color:#52606d'>seed 000: click for the passages</span>")
            else:
                lines = ["<i>the paper names no such partner for the country</i>"]
            cell = ["named"] if quotes else []
            if shares is not None:
                count = data.get((country, t))
                figure = (
                    f"patents {count[0] / count[1]:.0%} ({count[0]}/{count[1]})"
                    if count
                    else "no joint patents"
                )
                cell.append(figure)
                lines.append(f"{data_label or 'Active dataset'}: {figure}")
            cell = " · ".join(cell)
            text_row.append(cell)
            row.append("<br>".join(lines))
        text.append(text_row)
        hover.append(row)
    fig = mark_matrix(
        z,
        types,
        countries,
        hover,
        text,
        [LEVEL_COLORS[0], "#6f8fb3"],
        textfont={"size": 11},
        hovertemplate="<b>%{y}: %{x}</b><br>%{customdata}<extra></extra>",
    )
    fig.update_xaxes(
        side="top",
        tickvals=types,
        ticktext=[
            f"<span style='color:{PARTNER_TYPE_COLORS[t]}'>■</span> {t.replace('/', '/<br>')}"
            for t in types
        ],
        showgrid=False,
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    title = "Partners the paper names per country (seed 000)"
    if shares is not None:
        title += (
            "<br><sup>beside each: the share of the country's joint patents of that type "
            "in the active dataset</sup>"
        )
    matrix_layout(fig, title, 0.95, (100, 110))
    return fig


def partner_cell_panel(models: pd.DataFrame, country: str, partner_type: str) -> list:
    """The side panel for one cell of the paper's partner-type matrix."""
    named = _per_tables(paper_partner_types, models)
    match = named[(named["country"] == country) & (named["partner_type"] == partner_type)]
    out: list = [html.H3(f"{country}: {partner_type}")]
    if match.empty:
        out.append(
            html.P(f"The paper names no {partner_type} partner for {country}.", className="message")
        )
    by_id = models.set_index("statement_id")
    for statement_id in match["statement_ids"].iloc[0] if len(match) else ():
        out.append(_statement_passage({"statement_id": statement_id, **by_id.loc[statement_id]}))
    iso2 = {name: iso for iso, name in COUNTRIES.items()}[country]
    out.append(_all_about(models, iso2, is_open=match.empty))
    return out


# --- partner types: the patents ------------------------------------------------------------
def partner_shares_figure(
    shares: pd.DataFrame, rules: pd.DataFrame, title_source: str, max_countries: int = 12
) -> go.Figure:
    """Stacked horizontal bars: each country's joint patents by partner type (shares in %).

    ``shares`` from :func:`~app.analysis.cooperation.partner_type_shares`, ``rules`` from
    :func:`~app.analysis.cooperation.joint_country_rules`; the first ``max_countries``
    countries (most joint patents first) are drawn.
    """
    countries = list(pd.unique(shares["country"]))[:max_countries]
    proxy = rules[rules["proxy"]].groupby("country")["applicants"].sum()
    entries = rules.groupby("country")["applicants"].sum()
    joint = shares.drop_duplicates("country").set_index("country")["joint_patents"]
    labels = {}
    for c in countries:
        few = " ⚠" if joint[c] < _MIN_JOINT else ""
        labels[c] = (
            f"<span style='color:{country_color(c)}'>■</span> {country_label(c)}"
            f" <span style='color:#52606d'>({joint[c]:,}{few})</span>"
        )
    fig = go.Figure()
    for partner_type in PARTNER_TYPES:
        part = shares[(shares["partner_type"] == partner_type) & shares["country"].isin(countries)]
        part = part.set_index("country").reindex(countries)
        caveats = [
            f"country by filing-office proxy for {int(proxy.get(c, 0))} of "
            f"{int(entries.get(c, 0))} applicant entries"
            for c in countries
        ]
        fig.add_bar(
            name=partner_type,
            y=[labels[c] for c in countries],
            x=(part["share"] * 100).round(1),
            orientation="h",
            marker={"color": PARTNER_TYPE_COLORS[partner_type], "line": {"width": 0}},
            customdata=list(zip(part["patents"], part["joint_patents"], caveats, strict=True)),
            text=[f"{s:.0%}" if s >= 0.08 else "" for s in part["share"]],
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate=(
                f"<b>%{{y}}</b><br>{partner_type}: %{{customdata[0]}} of %{{customdata[1]}} "
                "joint patents (%{x:.1f}%)<br><span style='color:#52606d'>%{customdata[2]}"
                "</span><extra></extra>"
            ),
        )
    fig.update_layout(
        barmode="stack",
        title={
            "text": "Joint patents by partner type, per applicant country"
            "<br><sup>Share of each country's joint patents (%); joint patents in brackets. "
            f"Source: {title_source}</sup>"
        },
        xaxis={"title": "Share of the country's joint patents (%)", "range": [0, 100]},
        yaxis={"autorange": "reversed", "title": ""},
        legend={
            "orientation": "h",
            "y": -0.18,
            "x": 0,
            "title": {"text": ""},
            "traceorder": "normal",
        },
        margin={"l": 180, "r": 15, "t": 70, "b": 80},
        uniformtext={"minsize": 10, "mode": "hide"},
    )
    return fig


def partner_notes(
    shares: pd.DataFrame,
    rules: pd.DataFrame,
    joint_total: int,
    patents_total: int,
    switch_link: dcc.Link | None,
    countries_hidden: int,
) -> list:
    """What the partner-type chart rests on: counts, small-sample warning, country proxy."""
    joint = shares.drop_duplicates("country").set_index("country")["joint_patents"]
    out: list = [
        html.P(
            [
                html.B(f"{joint_total:,}"),
                f" joint patents (two or more applicants) among {patents_total:,} patents in "
                "this view; by applicant country: ",
                ", ".join(f"{country_label(c)} {n:,}" for c, n in joint.items()) or "none",
                ". A patent counts once for each of its applicants' countries.",
            ]
        )
    ]
    if countries_hidden:
        out.append(
            html.P(
                f"{countries_hidden} more countries with fewer joint patents are not drawn "
                "(choose them in the country filter to see them).",
                className="source-note",
            )
        )
    few = [country_label(c) for c, n in joint.items() if n < _MIN_JOINT]
    if joint_total < 200 or few:
        text = [
            html.B("Few joint patents. "),
            f"Shares resting on fewer than {_MIN_JOINT} joint patents (⚠: "
            f"{', '.join(few) if few else 'none'}) can swing with a single patent. ",
        ]
        if switch_link is not None:
            text += ["For a larger sample, switch to ", switch_link, "."]
        out.append(html.P(text, className="message"))
    if len(rules):
        total = int(rules["applicants"].sum())
        by_rule = rules.groupby("country_rule")["applicants"].sum()
        proxy = int(rules.loc[rules["proxy"], "applicants"].sum())
        rule_text = ", ".join(
            f"{rule.replace('_', ' ')} {n / total:.0%}" for rule, n in by_rule.items() if n
        )
        out.append(
            html.P(
                [
                    html.B("Country caveat. "),
                    f"The country of {proxy:,} of {total:,} applicant entries on these joint "
                    f"patents ({proxy / total:.0%}) is inferred from a filing office (priority "
                    "office or jurisdiction), a proxy that is wrong for foreign filers. "
                    f"Country known by: {rule_text}. Hover a bar for its country's figure.",
                ],
                className="source-note",
            )
        )
    out.append(
        html.Details(
            [
                html.Summary("How joint patents are typed (counting rule)"),
                html.Pre(PARTNER_TYPE_RULE, className="rule-text"),
            ],
            className="passage-more",
        )
    )
    return out


def _sentence_case(text: str) -> str:
    """``text`` with its first letter upper-cased and the rest as written (names stay)."""
    return text[:1].upper() + text[1:]
