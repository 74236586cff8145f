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

The tables are bilingual: beside every column a reader sees in English stands its Simplified
Chinese rendering, ``<column>_zh`` (:func:`bilingual`), written by us; the loader requires it
wherever the English cell is filled. The quotes stay in English (they are the source); their
``_zh`` columns are translations shown beside them, never checked against the seeds. The
values of the vocabularies have an English and a Chinese label (:data:`VOCABULARY_LABELS`).
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
    "PASSAGE_COLUMNS",
    "PROVINCE_COLUMN_SPLITS",
    "REGIONS",
    "SEED_FILES",
    "SEGMENTS",
    "STAGES",
    "STATEMENT_SCOPES",
    "STATEMENT_STANCES",
    "TABLES",
    "VALUE_CHAIN_STATUSES",
    "VOCABULARY_LABELS",
    "ZH_SUFFIX",
    "Column",
    "bilingual",
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


# --- labels of the vocabularies, in both languages ---------------------------------------
def _labels(english: dict[str, str], chinese: dict[str, str]) -> dict[str, tuple[str, str]]:
    """value -> (English label, Chinese label); both dicts must name the same values."""
    if list(english) != list(chinese):
        raise ValueError(f"labels in two languages differ: {list(english)} / {list(chinese)}")
    return {value: (english[value], chinese[value]) for value in english}


def _as_is(values: tuple[str, ...]) -> dict[str, str]:
    """English labels that are the values themselves, capitalised."""
    return {value: value[:1].upper() + value[1:] for value in values}


# vocabulary -> value -> (English label, Chinese label). The English labels are those the
# paper prints where it prints one (stages, segments, regions, mode types).
VOCABULARY_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "mode_type": _labels(
        MODE_TYPES,
        {"equity": "股权式技术合作模式", "non-equity": "非股权式技术合作模式"},
    ),
    "stage": _labels(
        {stage: label for stage, (label, _segments) in STAGES.items()},
        {
            "raw_materials": "原材料及零部件",
            "manufacturing": "电池制造与组装",
            "supportive": "相关及配套产业",
            "applications": "电池应用",
        },
    ),
    "segment": _labels(
        {segment: label for segment, (_stage, label) in SEGMENTS.items()},
        {
            "mining_ore": "矿石开采",
            "anode": "负极材料",
            "cathode": "正极材料",
            "electrolyte": "电解液",
            "separator": "隔膜",
            "other_materials": "其他（胶黏剂、粘结剂等）",
            "cells_modules": "电芯与模组",
            "bms": "电池管理系统（BMS）",
            "packs": "电池包",
            "structural_components": "结构件（极耳、绝缘件、壳体等）",
            "equipment": "电芯及电池包生产设备",
            "complete_evs": "电动汽车整车（乘用车与商用车）",
            "stationary_storage": "固定式储能",
            "reuse_recycling": "梯次利用与回收",
        },
    ),
    "region": _labels(
        REGIONS,
        {
            "eastern": "华东地区",
            "central": "华中地区",
            "northern": "华北地区",
            "southwestern": "西南地区",
            "northwestern": "西北地区",
            "northeastern": "东北地区",
            "southern": "华南地区",
        },
    ),
    "status": _labels(
        _as_is(VALUE_CHAIN_STATUSES),
        {"supported": "有依据", "no evidence in our copy": "我们的文本副本中无依据"},
    ),
    "strategy": _labels(
        _as_is(FIRM_STRATEGIES),
        {"vertical integrator": "垂直一体化企业", "segment specialist": "细分专业化企业"},
    ),
    "lead_actor": _labels(_as_is(LEAD_ACTORS), {"government": "政府", "enterprises": "企业"}),
    "scope": _labels(
        {"country": "This country alone", "group": "Together with other countries"},
        {"country": "仅就该国而言", "group": "与其他国家并提"},
    ),
    "stance": _labels(
        {"observed": "Observed", "recommended": "Recommended for China"},
        {"observed": "现状", "recommended": "对中国的建议"},
    ),
    "partner_kind": _labels(
        {
            "firm": "Firms",
            "university": "Universities",
            "research institute": "Research institutes",
            "government": "Government",
            "individual": "Individuals",
        },
        {
            "firm": "企业",
            "university": "高校",
            "research institute": "科研院所",
            "government": "政府",
            "individual": "个人",
        },
    ),
    "fact_category": _labels(
        {
            "capacity": "Production capacity",
            "installation": "Installation",
            "production_share": "Share of production capacity",
            "price": "Price",
            "learning_rate": "Learning rate",
            "demand_forecast": "Demand forecast",
            "cost_structure": "Cost structure",
            "firm_count": "Number of firms",
            "market_position": "Market position",
            "sales": "Sales",
            "investment": "Investment",
            "efficiency": "Efficiency",
            "patents": "Patents",
        },
        {
            "capacity": "产能",
            "installation": "装机量",
            "production_share": "产能份额",
            "price": "价格",
            "learning_rate": "学习率",
            "demand_forecast": "需求预测",
            "cost_structure": "成本结构",
            "firm_count": "企业数量",
            "market_position": "市场地位",
            "sales": "销售",
            "investment": "投资",
            "efficiency": "效率",
            "patents": "专利",
        },
    ),
    "network": _labels(
        {"applicants": "Co-applicant network", "ipc": "IPC co-occurrence network"},
        {"applicants": "专利申请人合作网络", "ipc": "IPC 分类号共现网络"},
    ),
    # UCINET's terms as the Chinese UCINET literature writes them
    "figure": _labels(
        {
            "edges": "Edges",
            "density": "Density",
            "density_sd": "Standard deviation of density",
            "centralization_pct": "Centralization",
            "heterogeneity_pct": "Heterogeneity",
            "clustering_overall": "Overall clustering coefficient",
            "clustering_weighted": "Weighted overall clustering coefficient",
        },
        {
            "edges": "边数",
            "density": "网络密度",
            "density_sd": "标准差",
            "centralization_pct": "中心势",
            "heterogeneity_pct": "异质性",
            "clustering_overall": "整体聚类系数",
            "clustering_weighted": "加权整体聚类系数",
        },
    ),
    "column_split": _labels(
        _as_is(PROVINCE_COLUMN_SPLITS),
        {
            "raw-material cell empty": "原材料及零部件生产商一栏为空",
            "producer cells empty": "电池生产商两栏为空",
            "missing comma": "两栏在缺失的逗号处分开",
            "ambiguous": "无法区分两栏",
        },
    ),
}


# --- table layouts ---------------------------------------------------------------------
ZH_SUFFIX = "_zh"

# The seed passages a page shows as quotes: their Chinese rendering is a translation shown
# beside the English source (marked as such), never instead of it.
PASSAGE_COLUMNS = ("quote", "strategy_quote")


@dataclass(frozen=True)
class Column:
    """One column of a knowledge table.

    ``kind``: ``text`` (free text), ``id`` (unique key of the table), ``enum`` (one of
    ``choices``), ``ids`` (``ID_SEP``-separated values from ``choices``), ``int``, ``float``.
    ``verbatim``: text items copied from the seed (``LIST_SEP``-separated), checked like
    quotes. ``required``: the cell may not be empty.

    ``translates``: set on a Chinese column (``<name>_zh``), the English column it renders.
    It must be filled exactly where the English cell is, with as many ``LIST_SEP`` items,
    and the same English cell must read the same in Chinese throughout the table; unless
    ``complete`` is False (names: given only where a Chinese name is known), then it may be
    empty.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    verbatim: bool = False
    translates: str = ""
    complete: bool = True


def bilingual(column: Column, complete: bool = True) -> tuple[Column, Column]:
    """``column`` and its Chinese rendering beside it, ``<name>_zh``.

    >>> [c.name for c in bilingual(Column("note", required=False))]
    ['note', 'note_zh']
    """
    chinese = Column(
        column.name + ZH_SUFFIX, required=False, translates=column.name, complete=complete
    )
    return column, chinese


def _source() -> tuple[Column, ...]:
    return (
        Column("seed_file", "enum", choices=SEED_FILES),
        *bilingual(Column("quote", verbatim=True)),
    )


TABLES: dict[str, tuple[Column, ...]] = {
    "cooperation_modes": (
        Column("mode_id", "id", choices=tuple(COOPERATION_MODES)),
        Column("type", "enum", choices=tuple(MODE_TYPES)),
        *bilingual(Column("type_label", verbatim=True)),
        *bilingual(Column("mode", verbatim=True)),
        *bilingual(Column("connotation", verbatim=True)),
        *bilingual(Column("features", verbatim=True)),
        *bilingual(Column("effect", verbatim=True)),
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
        *bilingual(Column("partners", required=False)),
        *bilingual(Column("example", required=False)),
        *_source(),
        *bilingual(Column("note", required=False)),
    ),
    "huizhou_firms": (
        Column("firm_id", "id"),
        *bilingual(Column("firm", verbatim=True), complete=False),
        *bilingual(Column("main_products", verbatim=True)),
        *bilingual(Column("production_operation", required=False, verbatim=True)),
        *bilingual(Column("market_sales", required=False, verbatim=True)),
        *bilingual(Column("technology_development", required=False, verbatim=True)),
        *_source(),
        Column("paper_strategy", "enum", required=False, choices=FIRM_STRATEGIES),
        *bilingual(Column("strategy_quote", required=False, verbatim=True)),
        *bilingual(Column("note", required=False)),
    ),
    "huizhou_value_chain": (
        Column("firm_id"),
        *bilingual(Column("firm"), complete=False),
        Column("stage", "enum", choices=tuple(STAGES)),
        Column("segment", "enum", choices=tuple(SEGMENTS)),
        Column("status", "enum", choices=VALUE_CHAIN_STATUSES),
        Column("seed_file", "enum", choices=SEED_FILES),
        *bilingual(Column("quote", required=False, verbatim=True)),
        *bilingual(Column("note", required=False)),
    ),
    "china_producer_regions": (
        Column("region_id", "id", choices=tuple(REGIONS)),
        Column("region", "enum", choices=tuple(REGIONS.values())),
        Column("printed_total", "int"),
        *_source(),
    ),
    "china_producers_by_province": (
        # province_zh: the full Chinese name the province map gives it (its 地名)
        *bilingual(Column("province", "id")),
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
        *bilingual(Column("note", required=False)),
    ),
    "market_facts": (
        Column("fact_id", "id"),
        Column("category", "enum", choices=FACT_CATEGORIES),
        *bilingual(Column("subject")),
        *bilingual(Column("geography")),
        Column("year", "int", required=False),
        Column("value", "float"),
        Column("value_high", "float", required=False),
        *bilingual(Column("unit")),
        *_source(),
        *bilingual(Column("note", required=False)),
    ),
}
