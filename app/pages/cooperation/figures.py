"""The Cooperation page's figures and panels, built from the knowledge tables and the
partner-type analysis: pure functions of their inputs, tested without a running app.

Everything is in the request's language: the paper's statements through
:func:`app.store.knowledge.localised` (its passages stay in English, the source, with their
Chinese rendering beside them in Chinese), countries by their CLDR names, the vocabularies
through labels here. The matrices are drawn on ids (country codes, mode and partner-type
ids) with labels as tick texts, so a click names its cell in any language.
"""

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
from app.i18n import N_, _, country_name, format_int, format_percent_value
from app.ingest.knowledge_schema import COUNTRIES, split_items
from app.store.knowledge import TRANSLATION_SUFFIX, localised, vocabulary_label
from app.ui.charts import label_column_groups, mark_matrix, matrix_layout, report_meta
from app.ui.colors import PARTNER_TYPE_COLORS, country_color
from app.ui.countries import country_label
from app.ui.quotes import hover_text, passage, seed_label
from app.ui.report import source_line
from app.ui.shell import COUNTRY_RULE_WORDS

__all__ = [
    "LEVEL_COLORS",
    "LEVEL_MEANING",
    "PARTNER_TYPE_LABELS",
    "country_statements",
    "mode_cell_panel",
    "mode_passage",
    "mode_table_rows",
    "modes_matrix_figure",
    "paper_partners_figure",
    "partner_cell_panel",
    "partner_notes",
    "partner_shares_figure",
    "silent_countries",
]

LEVEL_MEANING = {
    2: N_("the paper names this mode for the country"),
    1: N_("the paper names only the mode's type (equity / non-equity) for the country"),
    0: N_("the paper says nothing about this mode for the country"),
}
LEVEL_MARKS = {2: N_("named"), 1: N_("type only"), 0: "–"}
LEVEL_COLORS = {0: "#eef1f5", 1: "#9ecae1", 2: "#1f5f8b"}
_LEAD = {"government": N_("government-led"), "enterprises": N_("enterprise-led")}
# mode id -> its label broken over lines for the matrix's top axis
_MODE_TICKS = {
    "joint_venture": N_("Joint<br>venture"),
    "mergers_acquisitions": N_("Mergers and<br>acquisitions"),
    "expert_visits": N_("Expert mutual<br>visits"),
    "joint_rd": N_("Joint R&D"),
    "strategic_cooperation": N_("Strategic<br>cooperation"),
}
_TYPE_SHORT = {"equity": N_("Equity-based"), "non-equity": N_("Non-equity")}
PARTNER_TYPE_LABELS = {
    "firm-firm": N_("firm with firm"),
    "firm-university/institute": N_("firm with university or institute"),
    "firm-government": N_("firm with government"),
    "with individuals": N_("with individuals"),
    "other": N_("other"),
}
_MIN_JOINT = 20  # below this a country's shares are marked as resting on few patents
_CACHE: dict[tuple, tuple] = {}


def _per_tables(build, *frames: pd.DataFrame):
    """``build(*frames)``, computed once per set of knowledge frames.

    The knowledge tables are shared, read-only frames (``load_knowledge``) and the paper's
    side of the page depends on nothing else; pandas on these tiny tables costs more than
    drawing them, so each result is kept while the same frames are in use. The results
    hold ids and the English passages only: labels are added in the reader's language.
    """
    key = (build.__name__, *map(id, frames))
    hit = _CACHE.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], frames, strict=True)):
        if len(_CACHE) > 32:  # the tables were edited many times: start afresh
            _CACHE.clear()
        hit = _CACHE[key] = (frames, build(*frames))
    return hit[1]


def country(iso2: str) -> str:
    """A country of the paper's comparison, by its name in the reader's language."""
    return country_name(iso2) or COUNTRIES.get(iso2, iso2)


def partner_type_label(partner_type: str) -> str:
    return _(PARTNER_TYPE_LABELS.get(partner_type, partner_type))


def _mode_labels(modes: pd.DataFrame) -> dict[str, str]:
    """mode id -> its name in the reader's language (Table 1's, or our rendering)."""
    shown = localised(modes[["mode_id", "mode", "mode_zh"]], "cooperation_modes")
    return dict(zip(shown["mode_id"], shown["mode"], strict=True))


def _translation(row) -> str:
    """A localised row's rendering of its passage ("" in English)."""
    return row.get("quote" + TRANSLATION_SUFFIX, "") or ""


# --- cooperation modes (Table 1) ---------------------------------------------------------
def mode_table_rows(modes: pd.DataFrame) -> list[dict]:
    """Rows of the mode table in the reader's language: Table 1's cells, items joined by "; "."""
    shown = localised(modes, "cooperation_modes")
    separator = _("; ")
    return [
        {
            "id": row["mode_id"],
            "type": _(_TYPE_SHORT[row["type"]]),
            "mode": row["mode"],
            "connotation": row["connotation"],
            "features": separator.join(split_items(row["features"])),
            "effect": separator.join(split_items(row["effect"])),
            "source": _("Table 1 of the study"),
        }
        for row in shown.to_dict("records")
    ]


def mode_passage(modes: pd.DataFrame, mode_id: str) -> html.Figure:
    """Table 1's row for ``mode_id`` as printed (with its rendering in Chinese)."""
    row = localised(modes, "cooperation_modes").set_index("mode_id").loc[mode_id]
    return passage(
        row["quote"],
        row["seed_file"],
        where=_("Table 1 (Industry alliance cooperation mode), the row as printed"),
        label=_("{mode}: {type}").format(
            mode=row["mode"], type=vocabulary_label("mode_type", row["type"])
        ),
        translation=row["quote" + TRANSLATION_SUFFIX],
    )


# --- countries x modes -------------------------------------------------------------------
def _lead_actor(models: pd.DataFrame) -> dict[str, str]:
    observed = models[(models["stance"] == "observed") & (models["lead_actor"] != "")]
    return {
        iso: " / ".join(_(_LEAD[a]) for a in pd.unique(group["lead_actor"]))
        for iso, group in observed.groupby("iso2")
    }


def silent_countries(models: pd.DataFrame, modes: pd.DataFrame) -> list[str]:
    """Countries (ISO2) for which the paper names no cooperation mode (nor its type)."""
    evidence = _per_tables(country_mode_evidence, models, modes)
    levels = evidence.groupby("iso2", sort=False)["level"].max()
    return [iso2 for iso2, level in levels.items() if level == 0]


def _quoted_lines(passages, translations: dict[str, str], width: int, lines: int) -> list[str]:
    """The first two passages for a hover label, each with its rendering (Chinese)."""
    out = []
    for quote in passages[:2]:
        out.append(f"“{hover_text(quote, width, lines)}”")
        if translations.get(quote):
            text = hover_text(translations[quote], width // 2, lines)
            out.append(_("Translation: {text}").format(text=text))
    if len(passages) > 2:
        out.append(_("… and {n} more").format(n=len(passages) - 2))
    return out


def _translations(models: pd.DataFrame) -> dict[str, str]:
    """English passage -> its rendering in the reader's language ({} in English)."""
    shown = localised(models[["quote", "quote_zh"]], "innovation_models")
    column = "quote" + TRANSLATION_SUFFIX
    return {q: t for q, t in zip(shown["quote"], shown[column], strict=True) if t}


def modes_matrix_figure(models: pd.DataFrame, modes: pd.DataFrame) -> go.Figure:
    """Countries x cooperation modes heatmap: 2 mode named, 1 type named, 0 nothing.

    Hover shows the passages (wrapped, the first two); a click opens them all (page).
    ``x`` are mode ids, ``y`` ISO2 codes; the axes show their names.
    """
    evidence = _per_tables(country_mode_evidence, models, modes)
    countries = list(pd.unique(evidence["iso2"]))
    mode_ids = list(modes["mode_id"])
    labels = _mode_labels(modes)
    translations = _translations(models)
    cell = evidence.set_index(["iso2", "mode_id"])
    z, hover, text = [], [], []
    for iso2 in countries:
        z_row, hover_row, text_row = [], [], []
        for mode_id in mode_ids:
            level = int(cell.at[(iso2, mode_id), "level"])
            passages = cell.at[(iso2, mode_id), "passages"]
            lines = [
                f"<b>{country(iso2)} × {labels[mode_id]}</b>",
                f"<i>{_(LEVEL_MEANING[level])}</i>",
            ]
            lines += _quoted_lines(passages, translations, 64, 4)
            lines.append(f"<span style='color:#52606d'>{_('Click for the passages')}</span>")
            z_row.append(level)
            hover_row.append("<br>".join(lines))
            text_row.append(_(LEVEL_MARKS[level]))
        z.append(z_row)
        hover.append(hover_row)
        text.append(text_row)
    lead = _lead_actor(models)
    ticktext = [
        f"<b>{country(iso2)}</b><br><span style='font-size:11px;color:#52606d'>"
        f"{lead.get(iso2, _('lead not stated'))}</span>"
        for iso2 in countries
    ]
    fig = mark_matrix(
        z,
        mode_ids,
        countries,
        hover,
        text,
        [LEVEL_COLORS[0], LEVEL_COLORS[1], LEVEL_COLORS[2]],
        textfont={"size": 12},
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.update_xaxes(
        tickvals=mode_ids,
        ticktext=[_(_MODE_TICKS[m]) if m in _MODE_TICKS else labels[m] for m in mode_ids],
        side="top",
        showgrid=False,
    )
    fig.update_yaxes(tickvals=countries, ticktext=ticktext, autorange="reversed", showgrid=False)
    # the two types of Table 1 over their modes
    types = list(modes["type"])
    groups = []
    for kind in dict.fromkeys(types):
        span = [i for i, t in enumerate(types) if t == kind]
        groups.append((span[0], span[-1], _(_TYPE_SHORT[kind])))
    label_column_groups(fig, groups, (1.2, 1.21), 12)
    title = _("Cooperation modes each country prefers, as the study states them")
    matrix_layout(fig, title, 0.98, (130, 125))
    return report_meta(fig, source_line(seed_label(modes["seed_file"].iloc[0])), False)


def country_statements(models: pd.DataFrame, iso2: str) -> list[html.Figure]:
    """Every statement of the paper about one country, as passages."""
    rows = localised(models[models["iso2"] == iso2], "innovation_models")
    return [_statement_passage(row) for row in rows.to_dict("records")]


def _all_about(models: pd.DataFrame, iso2: str, is_open: bool) -> html.Details:
    """Every passage about one country, folded unless ``is_open``."""
    others = country_statements(models, iso2)
    summary = _("Everything the paper says about {country} ({n} passages)").format(
        country=country(iso2), n=len(others)
    )
    return html.Details([html.Summary(summary), *others], open=is_open, className="passage-more")


def _statement_passage(row: dict) -> html.Figure:
    """One statement (a row of localised innovation_models) as a passage."""
    label = []
    if row["stance"] == "recommended":
        label.append(_("what the paper recommends China should do"))
    if row["scope"] == "group":
        label.append(_("said of several countries together"))
    if row.get("example"):
        label.append(_("example: {example}").format(example=row["example"]))
    return passage(
        row["quote"],
        row["seed_file"],
        note=row.get("note", ""),
        label=_sentence_case(_("; ").join(label)),
        translation=_translation(row),
    )


def _statements(models: pd.DataFrame, statement_ids) -> list[html.Figure]:
    shown = localised(models[models["statement_id"].isin(list(statement_ids))], "innovation_models")
    by_id = shown.set_index("statement_id", drop=False)
    return [_statement_passage(by_id.loc[s].to_dict()) for s in statement_ids]


def mode_cell_panel(models: pd.DataFrame, modes: pd.DataFrame, iso2: str, mode_id: str) -> list:
    """The side panel for one cell of the countries x modes matrix (ISO2, mode id)."""
    evidence = _per_tables(country_mode_evidence, models, modes)
    match = evidence[(evidence["iso2"] == iso2) & (evidence["mode_id"] == mode_id)]
    if match.empty:
        return [html.P(_("No such cell."), className="text-muted")]
    cell = match.iloc[0]
    name = country(iso2)
    out: list = [
        html.H3(f"{name} × {_mode_labels(modes)[mode_id]}"),
        html.P(
            _sentence_case(_(LEVEL_MEANING[int(cell["level"])])) + _("."), className="panel-lead"
        ),
        *_statements(models, cell["statement_ids"]),
    ]
    if not cell["statement_ids"]:
        silent = evidence[evidence["iso2"] == iso2]["level"].max() == 0
        out.append(
            html.P(
                _("The paper names no cooperation mode at all for {country}.").format(country=name)
                if silent
                else _("No passage links {country} to this mode.").format(country=name),
                className="message",
            )
        )
    out.append(_all_about(models, iso2, is_open=not cell["statement_ids"]))
    return out


# --- partner types: the paper -------------------------------------------------------------
def paper_partners_figure(
    models: pd.DataFrame, shares: pd.DataFrame | None = None, data_label: str = ""
) -> go.Figure:
    """Countries x partner types the paper names (marks only where a passage names one).

    With ``shares`` (:func:`~app.analysis.cooperation.partner_type_shares` of the active
    dataset) each cell also prints what the patents show for that country and type, so
    the paper and the data stand side by side; the colour stays the paper's. ``x`` are
    partner-type ids, ``y`` ISO2 codes.
    """
    named = _per_tables(paper_partner_types, models)
    types = [t for t in PARTNER_TYPES if t != "other"]
    countries = list(COUNTRIES)
    translations = _translations(models)
    found = {(r.iso2, r.partner_type): r.passages for r in named.itertuples(index=False)}
    data = {}
    if shares is not None:
        indexed = shares.set_index(["country", "partner_type"])
        for iso2 in countries:
            for t in types:
                if (iso2, t) in indexed.index:
                    row = indexed.loc[(iso2, t)]
                    data[(iso2, t)] = (int(row["patents"]), int(row["joint_patents"]))
    z, hover, text = [], [], []
    for iso2 in countries:
        z.append([1 if (iso2, t) in found else 0 for t in types])
        text_row, row = [], []
        for t in types:
            quotes = found.get((iso2, t), ())
            lines = [f"<b>{country(iso2)}: {partner_type_label(t)}</b>"]
            if quotes:
                lines += _quoted_lines(quotes, translations, 64, 3)
                lines.append(f"<span style='color:#52606d'>{_('Click for the passages')}</span>")
            else:
                lines.append(f"<i>{_('the paper names no such partner for the country')}</i>")
            cell = [_("named")] if quotes else []
            if shares is not None:
                count = data.get((iso2, t))
                figure = (
                    _("patents {share} ({n}/{total})").format(
                        share=format_percent_value(count[0] / count[1], 0),
                        n=count[0],
                        total=count[1],
                    )
                    if count
                    else _("no joint patents")
                )
                cell.append(figure)
                lines.append(f"{data_label or _('Patent dataset')}: {figure}")
            text_row.append(" · ".join(cell))
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
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.update_xaxes(
        side="top",
        tickvals=types,
        ticktext=[
            f"<span style='color:{PARTNER_TYPE_COLORS[t]}'>■</span> "
            + _tick_lines(partner_type_label(t))
            for t in types
        ],
        showgrid=False,
    )
    fig.update_yaxes(
        tickvals=countries,
        ticktext=[country(iso2) for iso2 in countries],
        autorange="reversed",
        showgrid=False,
    )
    title = _("Partners the paper names per country")
    if shares is not None:
        title += "<br><sup>{}</sup>".format(
            _("beside each: the share of the country's joint patents of that type in the dataset")
        )
    matrix_layout(fig, title, 0.95, (100, 110))
    paper = seed_label(models["seed_file"].iloc[0])
    if shares is None:
        return report_meta(fig, source_line(paper), depends_on_filters=False)
    both = _("{paper}; patents: {data}").format(paper=paper, data=data_label or _("dataset"))
    return report_meta(fig, source_line(both))


def _tick_lines(label: str, width: int = 16) -> str:
    """A long axis label on two lines (at the space nearest the middle)."""
    if len(label) <= width or " " not in label:
        return label
    middle = len(label) // 2
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return label[:cut] + "<br>" + label[cut + 1 :]


def partner_cell_panel(models: pd.DataFrame, iso2: str, partner_type: str) -> list:
    """The side panel for one cell of the paper's partner-type matrix (ISO2, type id)."""
    named = _per_tables(paper_partner_types, models)
    match = named[(named["iso2"] == iso2) & (named["partner_type"] == partner_type)]
    name, kind = country(iso2), partner_type_label(partner_type)
    out: list = [html.H3(f"{name}: {kind}")]
    if match.empty:
        out.append(
            html.P(
                _("The paper names no partner of this type ({kind}) for {country}.").format(
                    kind=kind, country=name
                ),
                className="message",
            )
        )
    else:
        out += _statements(models, match["statement_ids"].iloc[0])
    out.append(_all_about(models, iso2, is_open=match.empty))
    return out


# --- partner types: the patents ------------------------------------------------------------
def partner_shares_figure(
    shares: pd.DataFrame, rules: pd.DataFrame, title_source: str, max_countries: int = 12
) -> go.Figure:
    """Stacked horizontal bars: each country's joint patents by partner type (shares in %).

    ``shares`` from :func:`~app.analysis.cooperation.partner_type_shares`, ``rules`` from
    :func:`~app.analysis.cooperation.joint_country_rules`; the first ``max_countries``
    countries (most joint patents first) are drawn, on ISO2 codes with their names as
    tick labels.
    """
    countries = list(pd.unique(shares["country"]))[:max_countries]
    proxy = rules[rules["proxy"]].groupby("country")["applicants"].sum()
    entries = rules.groupby("country")["applicants"].sum()
    joint = shares.drop_duplicates("country").set_index("country")["joint_patents"]
    ticks = []
    for c in countries:
        few = " ⚠" if joint[c] < _MIN_JOINT else ""
        ticks.append(
            f"<span style='color:{country_color(c)}'>■</span> {country_label(c)}"
            f" <span style='color:#52606d'>({format_int(joint[c])}{few})</span>"
        )
    caveats = [
        _("country from a filing office for {n} of {total} applicant entries").format(
            n=int(proxy.get(c, 0)), total=int(entries.get(c, 0))
        )
        for c in countries
    ]
    names = [country_name(c) or country_label(c) for c in countries]
    fig = go.Figure()
    for partner_type in PARTNER_TYPES:
        part = shares[(shares["partner_type"] == partner_type) & shares["country"].isin(countries)]
        part = part.set_index("country").reindex(countries)
        label = partner_type_label(partner_type)
        hover = _("%{customdata[0]} of %{customdata[1]} joint patents (%{x:.1f}%)")
        fig.add_bar(
            name=label,
            y=countries,
            x=(part["share"] * 100).round(1),
            orientation="h",
            marker={"color": PARTNER_TYPE_COLORS[partner_type], "line": {"width": 0}},
            customdata=list(
                zip(part["patents"], part["joint_patents"], caveats, names, strict=True)
            ),
            text=[format_percent_value(s, 0) if s >= 0.08 else "" for s in part["share"]],
            textposition="inside",
            insidetextanchor="middle",
            hovertemplate=(
                f"<b>%{{customdata[3]}}</b><br>{label}: {hover}<br><span style='color:#52606d'>"
                "%{customdata[2]}</span><extra></extra>"
            ),
        )
    fig.update_layout(
        barmode="stack",
        title={
            "text": "{title}<br><sup>{sub}</sup>".format(
                title=_("Joint patents by partner type, per applicant country"),
                sub=_(
                    "Share of each country's joint patents (%); joint patents in brackets. "
                    "Source: {source}"
                ).format(source=title_source),
            )
        },
        xaxis={"title": _("Share of the country's joint patents (%)"), "range": [0, 100]},
        yaxis={
            "autorange": "reversed",
            "title": "",
            "tickvals": countries,
            "ticktext": ticks,
        },
        legend={
            "orientation": "h",
            "y": -0.24,
            "x": 0,
            "title": {"text": ""},
            "traceorder": "normal",
        },
        margin={"l": 150, "r": 15, "t": 70, "b": 80},
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
    by_country = _(", ").join(
        _("{country} {n}").format(country=country_label(c), n=format_int(n))
        for c, n in joint.items()
    )
    out: list = [
        html.P(
            [
                html.B(format_int(joint_total)),
                " ",
                _(
                    "joint patents (two or more applicants) among {patents} patents in this "
                    "view; by applicant country: {countries}. A patent counts once for each of "
                    "its applicants' countries."
                ).format(patents=format_int(patents_total), countries=by_country or _("none")),
            ]
        )
    ]
    if countries_hidden:
        out.append(
            html.P(
                _(
                    "{n} more countries with fewer joint patents are not drawn (choose them in "
                    "the country filter to see them)."
                ).format(n=countries_hidden),
                className="source-note",
            )
        )
    few = [country_label(c) for c, n in joint.items() if n < _MIN_JOINT]
    if joint_total < 200 or few:
        text = [
            html.B(_("Few joint patents.")),
            " ",
            _(
                "Shares resting on fewer than {n} joint patents (⚠: {countries}) can swing with "
                "a single patent."
            ).format(n=_MIN_JOINT, countries=_(", ").join(few) if few else _("none")),
        ]
        if switch_link is not None:
            text += [" ", _("For a larger sample, switch to:"), " ", switch_link]
        out.append(html.P(text, className="message"))
    if len(rules):
        total = int(rules["applicants"].sum())
        by_rule = rules.groupby("country_rule")["applicants"].sum()
        proxy = int(rules.loc[rules["proxy"], "applicants"].sum())
        rule_text = _(", ").join(
            _("{rule} {share}").format(
                rule=_(COUNTRY_RULE_WORDS.get(rule, rule)),
                share=format_percent_value(n / total, 0),
            )
            for rule, n in by_rule.items()
            if n
        )
        out.append(
            html.P(
                [
                    html.B(_("Country caveat.")),
                    " ",
                    _(
                        "The country of {proxy} of {total} applicant entries on these joint "
                        "patents ({share}) is inferred from a patent office (of first filing or "
                        "of publication), which is wrong for foreign filers. Country known from: "
                        "{rules}. Hover a bar for its country's figure."
                    ).format(
                        proxy=format_int(proxy),
                        total=format_int(total),
                        share=format_percent_value(proxy / total, 0),
                        rules=rule_text,
                    ),
                ],
                className="source-note",
            )
        )
    out.append(
        html.Details(
            [
                html.Summary(_("How joint patents are typed (counting rule)")),
                html.Pre(_(PARTNER_TYPE_RULE), className="rule-text"),
            ],
            className="passage-more",
        )
    )
    return out


def _sentence_case(text: str) -> str:
    """``text`` with its first letter upper-cased and the rest as written (names stay)."""
    return text[:1].upper() + text[1:]
