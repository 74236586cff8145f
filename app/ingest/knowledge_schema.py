"""The contract of the knowledge tables (data/*.csv) we wrote from the two seed papers.

Every row of every table states one fact from a seed paper and carries the passage it
rests on: ``seed_file`` (the file name in the seeds folder) and ``quote``, a short passage
that occurs in that file under the matching rule of :func:`normalise_passage`. Columns
marked ``verbatim`` hold text copied word for word from the paper (table cells); each of
their items is checked against the seed file by the same rule.

Vocabularies shared by the store (validation) and the analysis (grouping, ordering) live
here, so both sides read the same lists:

- cooperation modes (seed 000, Table 1) and their two types;
- the Huizhou value chain: 4 stages, 14 segments in the order of seed 002, Table 2;
- the regions of seed 002, Table 1;
- lead actors, statement scopes and stances of the country comparison (seed 000, 4.2).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.ingest.schema import APPLICANT_KINDS

__all__ = [
    "COOPERATION_MODES",
    "COUNTRIES",
    "FACT_CATEGORIES",
    "FIRM_STRATEGIES",
    "ID_SEP",
    "LEAD_ACTORS",
    "LIST_SEP",
    "MODE_TYPES",
    "NETWORK_FIGURES",
    "PAPER_NETWORKS",
    "PARTNER_KINDS",
    "PROVINCE_COLUMN_SPLITS",
    "REGIONS",
    "SEED_FILES",
    "SEGMENTS",
    "STAGES",
    "STATEMENT_SCOPES",
    "STATEMENT_STANCES",
    "TABLES",
    "VALUE_CHAIN_STATUSES",
    "Column",
    "normalise_passage",
    "quote_occurs",
    "split_ids",
    "split_items",
]

SEED_FILES = ("000_5dd285f0fd220e8f.txt", "002_d37a6817597c8311.txt")

# Separators inside one cell: verbatim text items (" | " never occurs in the seeds) and
# identifiers from a vocabulary.
LIST_SEP = " | "
ID_SEP = ";"

# --- the matching rule -----------------------------------------------------------------
_HYPHEN_CHARS = "-\u00ad\u2010\u2011"  # hyphen-minus, soft hyphen, hyphen, non-breaking
_LINE_END_HYPHEN = re.compile(rf"[{_HYPHEN_CHARS}][^\S\n]*\n\s*")
_HYPHEN = re.compile(rf"[{_HYPHEN_CHARS}]")
_WHITESPACE = re.compile(r"\s+")
_TYPOGRAPHIC_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise_passage(text: str) -> str:
    """The form in which a quote and a seed text are compared (the matching rule).

    Applied identically to both sides, in this order:

    1. Unicode NFKC (a no-break space becomes a space, ligatures split);
    2. typographic quotes folded to ASCII: ‘ ’ to ``'`` and “ ” to ``"``;
    3. end-of-line hyphenation joined: a hyphen followed by whitespace that contains a line
       break is deleted together with that whitespace (``vehi-\\ncle`` -> ``vehicle``,
       also across the blank lines of broken table cells: ``ac-\\n\\nquired``);
    4. every remaining hyphen deleted, so a hyphen the paper really printed at a line end
       (``non-equity-\\nbased``) matches a quote that keeps it (``non-equity-based``);
    5. every run of whitespace collapsed to one space, leading and trailing space removed.

    Case, digits and all other punctuation are compared as they are.

    Examples
    --------
    >>> normalise_passage("new energy vehi-\\ncle batteries")
    'new energy vehicle batteries'
    >>> normalise_passage("the non-equity-\\nbased  model") == normalise_passage(
    ...     "the non-equity-based model")
    True
    >>> normalise_passage("China\u2019s \u201cwhitelist\u201d")
    'China\\'s "whitelist"'
    """
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC_QUOTES)
    text = _LINE_END_HYPHEN.sub("", text)
    text = _HYPHEN.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def quote_occurs(quote: str, normalised_text: str) -> bool:
    """True when ``quote`` occurs in a text already passed through :func:`normalise_passage`.

    An empty quote (after normalisation) never occurs.

    Examples
    --------
    >>> seed = normalise_passage("Joint ven-\\nture \\n\\nA corporate entity")
    >>> quote_occurs("Joint venture A corporate", seed), quote_occurs("venture B", seed)
    (True, False)
    """
    needle = normalise_passage(quote)
    return bool(needle) and needle in normalised_text


def split_items(cell: str) -> list[str]:
    """The verbatim items of a cell (separated by ``LIST_SEP``); [] for an empty cell.

    >>> split_items("mining ore | anode material")
    ['mining ore', 'anode material']
    """
    return [item.strip() for item in cell.split(LIST_SEP.strip()) if item.strip()]


def split_ids(cell: str) -> list[str]:
    """The identifiers of a cell (separated by ``ID_SEP``); [] for an empty cell.

    >>> split_ids("joint_rd;strategic_cooperation")
    ['joint_rd', 'strategic_cooperation']
    """
    return [item.strip() for item in cell.split(ID_SEP) if item.strip()]


# --- vocabularies ----------------------------------------------------------------------
MODE_TYPES: dict[str, str] = {
    "equity": "Equity-based technology cooperation model",
    "non-equity": "Non-equity technology cooperation model",
}

# mode id -> type; labels and descriptions are in data/cooperation_modes.csv
COOPERATION_MODES: dict[str, str] = {
    "joint_venture": "equity",
    "mergers_acquisitions": "equity",
    "expert_visits": "non-equity",
    "joint_rd": "non-equity",
    "strategic_cooperation": "non-equity",
}

# ISO 3166-1 alpha-2 -> name as the paper writes it
COUNTRIES: dict[str, str] = {
    "CN": "China",
    "US": "United States",
    "DE": "Germany",
    "JP": "Japan",
    "KR": "South Korea",
}

LEAD_ACTORS = ("government", "enterprises")
STATEMENT_SCOPES = (
    "country",  # the passage speaks of this country alone
    "group",  # the passage speaks of this country together with others
)
STATEMENT_STANCES = (
    "observed",  # the paper describes what the country does
    "recommended",  # the paper says what the country should do
)
PARTNER_KINDS = tuple(k for k in APPLICANT_KINDS if k != "unknown")

# Seed 002, Table 2: stage id -> (label as printed, segment ids in printed order)
STAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "raw_materials": (
        "Raw materials and components",
        ("mining_ore", "anode", "cathode", "electrolyte", "separator", "other_materials"),
    ),
    "manufacturing": ("Battery manufacturing and assembling", ("cells_modules", "bms", "packs")),
    "supportive": ("Related and supportive industries", ("structural_components", "equipment")),
    "applications": (
        "Battery applications and usages",
        ("complete_evs", "stationary_storage", "reuse_recycling"),
    ),
}

# segment id -> (stage id, label as printed in Table 2)
SEGMENTS: dict[str, tuple[str, str]] = {
    "mining_ore": ("raw_materials", "Mining ore"),
    "anode": ("raw_materials", "Anode material"),
    "cathode": ("raw_materials", "Cathode material"),
    "electrolyte": ("raw_materials", "Electrolyte"),
    "separator": ("raw_materials", "Separator"),
    "other_materials": ("raw_materials", "Other (adhesive, binder, etc.)"),
    "cells_modules": ("manufacturing", "Cells and modules"),
    "bms": ("manufacturing", "BMS"),
    "packs": ("manufacturing", "Packs"),
    "structural_components": (
        "supportive",
        "Structural components (tabs, insulator, containers, etc.)",
    ),
    "equipment": ("supportive", "Equipment for cell and pack production"),
    "complete_evs": ("applications", "Complete electric vehicles (passenger and commercial)"),
    "stationary_storage": ("applications", "Stationary Energy storages"),
    "reuse_recycling": ("applications", "Reuse and recycling"),
}

VALUE_CHAIN_STATUSES = ("supported", "no evidence in our copy")
FIRM_STRATEGIES = ("vertical integrator", "segment specialist")

# Seed 002, Table 1: region id -> label as printed
REGIONS: dict[str, str] = {
    "eastern": "Eastern China",
    "central": "Central China",
    "northern": "Northern China",
    "southwestern": "Southwestern China",
    "northwestern": "Northwestern China",
    "northeastern": "Northeastern China",
    "southern": "Southern China",
}

# How the two name columns of a Table 1 row were told apart in the text copy, where the
# cells of a row are run together on one line.
PROVINCE_COLUMN_SPLITS = (
    "raw-material cell empty",  # the line ends with the empty-cell mark (a no-break space)
    "producer cells empty",  # the line has two empty-cell marks, then raw-material names
    "missing comma",  # the cells meet where the comma between two names is missing
    "ambiguous",  # no sign of the boundary: the whole run is kept in names_unsplit
)

FACT_CATEGORIES = (
    "capacity",
    "installation",
    "production_share",
    "price",
    "learning_rate",
    "demand_forecast",
    "cost_structure",
    "firm_count",
    "market_position",
    "sales",
    "investment",
    "efficiency",
    "patents",
)


# Seed 000, section 3: the two networks it reports UCINET figures for, and the figures
# (field names of app.analysis.metrics.NetworkStats).
PAPER_NETWORKS = ("applicants", "ipc")
NETWORK_FIGURES = (
    "edges",
    "density",
    "density_sd",
    "centralization_pct",
    "heterogeneity_pct",
    "clustering_overall",
    "clustering_weighted",
)


# --- table layouts ---------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One column of a knowledge table.

    ``kind``: ``text`` (free text), ``id`` (unique key of the table), ``enum`` (one of
    ``choices``), ``ids`` (``ID_SEP``-separated values from ``choices``), ``int``, ``float``.
    ``verbatim``: text items copied from the seed (``LIST_SEP``-separated), checked like
    quotes. ``required``: the cell may not be empty.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    verbatim: bool = False


def _source() -> tuple[Column, ...]:
    return (Column("seed_file", "enum", choices=SEED_FILES), Column("quote", verbatim=True))


TABLES: dict[str, tuple[Column, ...]] = {
    "cooperation_modes": (
        Column("mode_id", "id", choices=tuple(COOPERATION_MODES)),
        Column("type", "enum", choices=tuple(MODE_TYPES)),
        Column("type_label", verbatim=True),
        Column("mode", verbatim=True),
        Column("connotation", verbatim=True),
        Column("features", verbatim=True),
        Column("effect", verbatim=True),
        *_source(),
    ),
    "innovation_models": (
        Column("statement_id", "id"),
        Column("iso2", "enum", choices=tuple(COUNTRIES)),
        Column("country", "enum", choices=tuple(COUNTRIES.values())),
        Column("scope", "enum", choices=STATEMENT_SCOPES),
        Column("stance", "enum", choices=STATEMENT_STANCES),
        Column("lead_actor", "enum", required=False, choices=LEAD_ACTORS),
        Column("modes", "ids", required=False, choices=tuple(COOPERATION_MODES)),
        Column("mode_types", "ids", required=False, choices=tuple(MODE_TYPES)),
        Column("partner_kinds", "ids", required=False, choices=PARTNER_KINDS),
        Column("partners", required=False),
        Column("example", required=False),
        *_source(),
        Column("note", required=False),
    ),
    "huizhou_firms": (
        Column("firm_id", "id"),
        Column("firm", verbatim=True),
        Column("main_products", verbatim=True),
        Column("production_operation", required=False, verbatim=True),
        Column("market_sales", required=False, verbatim=True),
        Column("technology_development", required=False, verbatim=True),
        *_source(),
        Column("paper_strategy", "enum", required=False, choices=FIRM_STRATEGIES),
        Column("strategy_quote", required=False, verbatim=True),
        Column("note", required=False),
    ),
    "huizhou_value_chain": (
        Column("firm_id"),
        Column("firm"),
        Column("stage", "enum", choices=tuple(STAGES)),
        Column("segment", "enum", choices=tuple(SEGMENTS)),
        Column("status", "enum", choices=VALUE_CHAIN_STATUSES),
        Column("seed_file", "enum", choices=SEED_FILES),
        Column("quote", required=False, verbatim=True),
        Column("note", required=False),
    ),
    "china_producer_regions": (
        Column("region_id", "id", choices=tuple(REGIONS)),
        Column("region", "enum", choices=tuple(REGIONS.values())),
        Column("printed_total", "int"),
        *_source(),
    ),
    "china_producers_by_province": (
        Column("province", "id"),
        Column("region_id", "enum", choices=tuple(REGIONS)),
        Column("producers", "int", required=False),
        Column("exemplary_producers", required=False, verbatim=True),
        Column("raw_material_component_producers", required=False, verbatim=True),
        Column("names_unsplit", required=False, verbatim=True),
        Column("column_split", "enum", choices=PROVINCE_COLUMN_SPLITS),
        *_source(),
    ),
    "paper_network_figures": (
        Column("figure_id", "id"),
        Column("network", "enum", choices=PAPER_NETWORKS),
        Column("figure", "enum", choices=NETWORK_FIGURES),
        Column("value", "float"),
        Column("printed", verbatim=True),
        *_source(),
        Column("note", required=False),
    ),
    "market_facts": (
        Column("fact_id", "id"),
        Column("category", "enum", choices=FACT_CATEGORIES),
        Column("subject"),
        Column("geography"),
        Column("year", "int", required=False),
        Column("value", "float"),
        Column("value_high", "float", required=False),
        Column("unit"),
        *_source(),
        Column("note", required=False),
    ),
}
