"""The tables we wrote from the seed papers (data/*.csv), validated, and the China map.

:func:`load_knowledge` reads the tables of ``app.ingest.knowledge_schema.TABLES``
from ``settings().repo_data_dir`` once per process and per folder, checks each against its
layout (exact columns in order, required cells, vocabularies, numbers, unique keys) and
across tables (the value chain is complete and refers to known firms, ...), and raises
:class:`KnowledgeTableError` naming file, row and field at the first problem.

Quotes are checked against the seed papers by :func:`quote_problems` (tests and the
``check-knowledge`` command); the app itself does not need the seed files at run time.
The Chinese columns (``<column>_zh``) are checked for completeness, never against the seeds.

For the pages, in the reader's language: :func:`localised` (a table's display columns),
:func:`vocabulary_label` (the label of a vocabulary's value) and
:func:`applicant_display_names` (an applicant's Chinese name from the alias table).

:func:`china_provinces_geojson` reads the province boundaries from the shared data folder
(never copied into the repository); :func:`province_geo_join` maps Table 1's province names
to the map's features.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import pandas as pd

from app.config import settings
from app.i18n import country_name, current_language, use_language
from app.ingest.knowledge_schema import (
    COOPERATION_MODES,
    COUNTRIES,
    PASSAGE_COLUMNS,
    REGIONS,
    SEGMENTS,
    TABLES,
    VOCABULARY_LABELS,
    Column,
    normalise_passage,
    quote_occurs,
    split_ids,
    split_items,
)
from app.ingest.names import load_aliases

__all__ = [
    "GEOJSON_PATH",
    "GEO_NAME_ALIASES",
    "TRANSLATION_SUFFIX",
    "KnowledgeBase",
    "KnowledgeTableError",
    "applicant_display_name",
    "applicant_display_names",
    "china_provinces_geojson",
    "load_knowledge",
    "localised",
    "province_geo_join",
    "quote_problems",
    "read_table",
    "seeds_dir",
    "vocabulary_label",
]

# Under settings().data_dir; see china_provinces_geo/SOURCE.md.
GEOJSON_PATH = Path("china_provinces_geo") / "cn_atlas_provinces.geojson"

# Province names as seed 002 prints them -> the map's ``name`` property, where they differ.
GEO_NAME_ALIASES: dict[str, str] = {
    "Inner Mongolia": "Neimenggu",
    "Tibet": "Xizang",
    "Hong Kong": "HongKong",
    "Macau": "Aomen",
    "Macao": "Aomen",
}


class KnowledgeTableError(ValueError):
    """A knowledge table that does not follow its layout; says where and why."""

    def __init__(self, file: str, row: int | None, field: str | None, reason: str):
        self.file, self.row, self.field, self.reason = file, row, field, reason
        where = file + (f", row {row}" if row is not None else "")
        where += f", field {field!r}" if field else ""
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class KnowledgeBase:
    """The validated tables (see data/README.md for their columns)."""

    cooperation_modes: pd.DataFrame
    innovation_models: pd.DataFrame
    huizhou_firms: pd.DataFrame
    huizhou_value_chain: pd.DataFrame
    china_producer_regions: pd.DataFrame
    china_producers_by_province: pd.DataFrame
    paper_network_figures: pd.DataFrame
    market_facts: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name -> frame, in the order of ``TABLES``."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def load_knowledge(data_dir: Path | None = None) -> KnowledgeBase:
    """All knowledge tables from ``data_dir`` (default: the repository's data/), validated.

    Cached per process, keyed by the folder and its files' sizes and modification times
    (an edited table is read again); the frames are shared, do not modify them.
    """
    folder = (Path(data_dir) if data_dir is not None else settings().repo_data_dir).resolve()
    return _load_knowledge(folder, _stamp(folder))


def _stamp(folder: Path) -> tuple:
    stamp = []
    for name in TABLES:
        try:
            info = (folder / f"{name}.csv").stat()
            stamp.append((info.st_mtime_ns, info.st_size))
        except OSError:
            stamp.append(None)  # read_table reports it
    return tuple(stamp)


@lru_cache(maxsize=4)
def _load_knowledge(folder: Path, stamp: tuple) -> KnowledgeBase:
    # ``stamp`` is only part of the cache key: a changed file gives a new key
    kb = KnowledgeBase(**{name: read_table(folder / f"{name}.csv", name) for name in TABLES})
    _check_across(kb)
    return kb


def read_table(path: Path, name: str) -> pd.DataFrame:
    """One knowledge table, checked against ``TABLES[name]``.

    Empty cells read as "" in text columns and as <NA> in numeric ones. Rows are numbered
    as a spreadsheet shows them (header = row 1) in error messages.
    """
    columns = TABLES[name]
    file = path.name
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
    except FileNotFoundError:
        raise KnowledgeTableError(file, None, None, f"file not found in {path.parent}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeTableError(file, None, None, f"unreadable: {exc}") from None
    if not records:
        raise KnowledgeTableError(file, None, None, "empty file (no header)")
    header, body = records[0], records[1:]
    expected = [c.name for c in columns]
    if header != expected:
        raise KnowledgeTableError(
            file, 1, None, f"columns must be exactly {expected}, found {header}"
        )
    for row_number, record in enumerate(body, start=2):
        if len(record) != len(expected):
            raise KnowledgeTableError(
                file, row_number, None, f"{len(record)} cells, expected {len(expected)}"
            )
    frame = pd.DataFrame(body, columns=expected, dtype="str")
    for column in columns:
        frame[column.name] = _check_column(frame[column.name], column, file)
    by_name = {column.name: column for column in columns}
    for column in columns:
        if column.translates:
            _check_translation(frame, column, by_name[column.translates], file)
    return frame


def _check_column(values: pd.Series, column: Column, file: str) -> pd.Series:
    """``values`` checked (and converted for numbers) according to ``column``."""
    stripped = values.str.strip()
    for position in (stripped != values).to_numpy().nonzero()[0]:
        _fail(file, position, column, "leading or trailing spaces")
    for position in values.str.contains("\n", regex=False).to_numpy().nonzero()[0]:
        _fail(file, position, column, "line break inside a cell")
    empty = (values == "").to_numpy()
    if column.required:
        for position in empty.nonzero()[0]:
            _fail(file, position, column, "empty, but required")
    if column.kind in ("id", "enum") and column.choices:
        unknown = ~values.isin(column.choices).to_numpy() & ~empty
        for position in unknown.nonzero()[0]:
            _fail(file, position, column, f"{values.iloc[position]!r} not one of {column.choices}")
    if column.kind == "ids":
        for position, cell in enumerate(values):
            for item in split_ids(cell):
                if item not in column.choices:
                    _fail(file, position, column, f"{item!r} not one of {column.choices}")
    if column.kind == "id":
        for position in values.duplicated().to_numpy().nonzero()[0]:
            _fail(file, position, column, f"duplicate key {values.iloc[position]!r}")
    if column.kind in ("int", "float"):
        numbers = pd.to_numeric(values.where(~empty), errors="coerce")
        bad = numbers.isna().to_numpy() & ~empty
        if column.kind == "int":
            bad |= (numbers.notna() & (numbers % 1 != 0)).to_numpy()
        expected = "an integer" if column.kind == "int" else "a number"
        for position in bad.nonzero()[0]:
            _fail(file, position, column, f"{values.iloc[position]!r} is not {expected}")
        return numbers.astype("Int64" if column.kind == "int" else "Float64")
    return values


def _check_translation(frame: pd.DataFrame, chinese: Column, english: Column, file: str) -> None:
    """The Chinese column beside ``english``: filled exactly where the English is (unless
    it is a names column, ``complete=False``), with as many items in a list column, and one
    rendering per English cell throughout the table."""
    source, rendering = frame[english.name], frame[chinese.name]
    has_source, has_rendering = (source != "").to_numpy(), (rendering != "").to_numpy()
    if chinese.complete:
        for position in (has_source & ~has_rendering).nonzero()[0]:
            _fail(file, position, chinese, f"empty, but {english.name!r} is not: Chinese missing")
    for position in (has_rendering & ~has_source).nonzero()[0]:
        _fail(file, position, chinese, f"filled, but {english.name!r} is empty")
    if english.verbatim and english.name not in PASSAGE_COLUMNS:
        for position in (has_source & has_rendering).nonzero()[0]:
            items, expected = (
                len(split_items(rendering.iloc[position])),
                len(split_items(source.iloc[position])),
            )
            if items != expected:
                _fail(file, position, chinese, f"{items} items, {english.name!r} has {expected}")
    pairs = frame.loc[has_rendering, [english.name, chinese.name]].drop_duplicates()
    repeated = pairs[english.name].duplicated()
    if repeated.any():
        position = int(pairs.index[repeated.to_numpy()][0])
        text = source.iloc[position]
        _fail(file, position, chinese, f"{text!r} is rendered differently in an earlier row")


def _fail(file: str, position: int, column: Column, reason: str) -> None:
    raise KnowledgeTableError(file, int(position) + 2, column.name, reason)


def _check_across(kb: KnowledgeBase) -> None:
    """Consistency between tables and within rows (keys, completeness, stage of a segment)."""
    modes = kb.cooperation_modes
    for position, (mode_id, kind) in enumerate(zip(modes["mode_id"], modes["type"], strict=True)):
        if COOPERATION_MODES[mode_id] != kind:
            raise KnowledgeTableError(
                "cooperation_modes.csv",
                position + 2,
                "type",
                f"{mode_id} is of type {COOPERATION_MODES[mode_id]!r}, not {kind!r}",
            )
    models = kb.innovation_models
    for position, (iso2, country) in enumerate(zip(models["iso2"], models["country"], strict=True)):
        if COUNTRIES[iso2] != country:
            raise KnowledgeTableError(
                "innovation_models.csv",
                position + 2,
                "country",
                f"{iso2} is {COUNTRIES[iso2]}, not {country!r}",
            )

    file = "huizhou_value_chain.csv"
    chain, firms = kb.huizhou_value_chain, kb.huizhou_firms
    names = dict(zip(firms["firm_id"], firms["firm"], strict=True))
    names_zh = dict(zip(firms["firm_id"], firms["firm_zh"], strict=True))
    for position, row in enumerate(chain.itertuples(index=False), start=2):
        if row.firm_id not in names:
            raise KnowledgeTableError(file, position, "firm_id", f"{row.firm_id!r} not a firm")
        if names[row.firm_id] != row.firm:
            raise KnowledgeTableError(
                file, position, "firm", f"{row.firm_id} is {names[row.firm_id]!r}"
            )
        if names_zh[row.firm_id] != row.firm_zh:
            raise KnowledgeTableError(
                file, position, "firm_zh", f"{row.firm_id} is {names_zh[row.firm_id]!r}"
            )
        if SEGMENTS[row.segment][0] != row.stage:
            raise KnowledgeTableError(
                file, position, "stage", f"{row.segment} is in {SEGMENTS[row.segment][0]}"
            )
        if (row.status == "supported") != (row.quote != ""):
            raise KnowledgeTableError(
                file, position, "quote", "a supported cell needs a quote, an unsupported none"
            )
    pairs = chain.groupby(["firm_id", "segment"]).size()
    if (pairs > 1).any():
        firm_id, segment = pairs[pairs > 1].index[0]
        raise KnowledgeTableError(file, None, "segment", f"{firm_id} x {segment} appears twice")
    if len(pairs) != len(names) * len(SEGMENTS):
        raise KnowledgeTableError(
            file, None, None, f"{len(pairs)} firm x segment cells, expected every firm x segment"
        )

    file = "china_producers_by_province.csv"
    producers = kb.china_producers_by_province
    unsplit = producers["column_split"] == "ambiguous"
    for position in (unsplit != (producers["names_unsplit"] != "")).to_numpy().nonzero()[0]:
        raise KnowledgeTableError(
            file,
            int(position) + 2,
            "names_unsplit",
            "filled exactly when column_split is ambiguous",
        )
    file = "paper_network_figures.csv"
    figures = kb.paper_network_figures
    for position, row in enumerate(figures.itertuples(index=False), start=2):
        if float(row.printed.rstrip("%")) != row.value:
            raise KnowledgeTableError(file, position, "value", f"printed {row.printed!r}")
    repeated = figures.duplicated(["network", "figure"])
    if repeated.any():
        position = int(repeated.to_numpy().nonzero()[0][0]) + 2
        raise KnowledgeTableError(file, position, "figure", "this network's figure appears twice")

    missing = set(REGIONS) - set(kb.china_producer_regions["region_id"])
    if missing:
        raise KnowledgeTableError(
            "china_producer_regions.csv", None, "region_id", f"missing {sorted(missing)}"
        )


# --- quotes against the seed papers ------------------------------------------------------
def seeds_dir() -> Path:
    """The seed papers' folder: ``EV_SEEDS_DIR``, else ``seeds`` beside the data folder."""
    return Path(os.environ.get("EV_SEEDS_DIR", settings().data_dir.parent / "seeds"))


@lru_cache(maxsize=8)
def _normalised_seed(path: Path) -> str:
    return normalise_passage(path.read_text(encoding="utf-8"))


def quote_problems(kb: KnowledgeBase, seeds: Path | None = None) -> list[str]:
    """Every quote and verbatim cell that does not occur in its seed file, as messages.

    Each message names file, row and field; [] means every passage was found.
    """
    folder = seeds if seeds is not None else seeds_dir()
    problems = []
    for name, frame in kb.tables().items():
        verbatim = [c.name for c in TABLES[name] if c.verbatim]
        for position, row in enumerate(frame.to_dict("records"), start=2):
            path = folder / row["seed_file"]
            if not path.is_file():
                problems.append(f"{name}.csv, row {position}: seed file not found: {path}")
                continue
            text = _normalised_seed(path)
            for field in verbatim:
                # the quote is one passage; other verbatim cells are lists of items
                cell = row[field]
                items = ([cell] if cell else []) if field == "quote" else split_items(cell)
                problems.extend(
                    f"{name}.csv, row {position}, field {field!r}: not in {path.name}: {item!r}"
                    for item in items
                    if not quote_occurs(item, text)
                )
    return problems


# --- in the reader's language -------------------------------------------------------------
# Display columns whose Chinese comes from a vocabulary rather than a ``_zh`` column:
# table -> (display column, the id column it is named from, vocabulary or "country")
_LABELLED_COLUMNS: dict[str, tuple[str, str, str]] = {
    "innovation_models": ("country", "iso2", "country"),
    "china_producer_regions": ("region", "region_id", "region"),
}
TRANSLATION_SUFFIX = "_translation"


def localised(frame: pd.DataFrame, table: str, language: str | None = None) -> pd.DataFrame:
    """Rows of knowledge table ``table`` with their display columns in ``language``.

    ``language`` ("zh" or "en") defaults to the request's (:func:`app.i18n.current_language`).
    In Chinese, every column that has a ``_zh`` column beside it shows the Chinese (or the
    English where a names column has no Chinese: a firm whose Chinese name is not known),
    a statement's ``country`` its CLDR name and a ``region`` its Chinese label. The seed
    passages (``quote``, ``strategy_quote``) stay in English, the source; beside each,
    ``<passage>_translation`` holds its Chinese rendering in Chinese and "" in English, for
    the page to show marked as a translation (译文). The ``_zh`` columns are dropped; ids,
    vocabulary values and numbers are left as they are (:func:`vocabulary_label` names a
    vocabulary's value). ``frame`` may be any selection of the table's rows and columns;
    join and filter on the table as loaded (``province`` and ``firm`` are keys there) and
    localise the rows you show.

    Examples
    --------
    >>> modes = load_knowledge().cooperation_modes
    >>> chinese = localised(modes, "cooperation_modes", "zh").iloc[0]
    >>> chinese["mode"], chinese["quote"][:13], chinese["quote_translation"][:8]
    ('合资', 'Joint venture', '合资 由两家或两')
    >>> localised(modes, "cooperation_modes", "en").iloc[0][["mode", "quote_translation"]].tolist()
    ['Joint venture', '']
    """
    chinese = (language or current_language()) == "zh"
    out = frame.copy()
    for column in TABLES[table]:
        if not column.translates or column.name not in out or column.translates not in out:
            continue
        source, rendering = out[column.translates], out.pop(column.name)
        if column.translates in PASSAGE_COLUMNS:
            position = out.columns.get_loc(column.translates) + 1
            text = rendering if chinese else pd.Series("", index=out.index, dtype="str")
            out.insert(position, column.translates + TRANSLATION_SUFFIX, text)
        elif chinese:
            out[column.translates] = rendering.where(rendering != "", source)
    labelled = _LABELLED_COLUMNS.get(table)
    if chinese and labelled and labelled[0] in out and labelled[1] in out:
        display, key, vocabulary = labelled
        if vocabulary == "country":
            with use_language("zh"):
                out[display] = out[key].map(country_name).fillna(out[display])
        else:
            out[display] = out[key].map(lambda value: vocabulary_label(vocabulary, value, "zh"))
    return out


def vocabulary_label(vocabulary: str, value: str, language: str | None = None) -> str:
    """The label of ``value`` of a vocabulary of ``VOCABULARY_LABELS`` in ``language``
    (default: the request's); ``value`` itself when the vocabulary has no such value ("").

    Examples
    --------
    >>> vocabulary_label("segment", "anode", "zh"), vocabulary_label("segment", "anode", "en")
    ('负极材料', 'Anode material')
    >>> vocabulary_label("figure", "centralization_pct", "zh")
    '中心势'
    """
    labels = VOCABULARY_LABELS[vocabulary].get(value)
    if labels is None:
        return value
    return labels[1] if (language or current_language()) == "zh" else labels[0]


def applicant_display_names(names: pd.Series, language: str | None = None) -> pd.Series:
    """Applicant names (the ``name`` of the applicants frame) as a reader of ``language``
    should see them: in Chinese the applicant's Chinese name where the alias table gives one
    (宁德时代 for CATL), else the name itself. For display only: keys, filters, links and
    downloads keep ``name``.

    Examples
    --------
    >>> applicant_display_names(pd.Series(["CATL", "ACME BATTERY"]), "zh").tolist()
    ['宁德时代', 'ACME BATTERY']
    """
    if (language or current_language()) != "zh":
        return names.copy()
    chinese = names.map(load_aliases().chinese_names)
    return chinese.where(chinese.notna(), names)


def applicant_display_name(name: str, language: str | None = None) -> str:
    """One applicant's name as :func:`applicant_display_names` shows it.

    >>> applicant_display_name("BYD", "zh"), applicant_display_name("BYD", "en")
    ('比亚迪', 'BYD')
    """
    if (language or current_language()) != "zh":
        return name
    return load_aliases().chinese_names.get(name, name)


# --- the map -----------------------------------------------------------------------------
def china_provinces_geojson() -> dict:
    """The province boundaries (34 features), read once per process from the data folder.

    Features carry ``properties.name`` (pinyin short name) and ``properties.id`` (GB/T 2260
    code, "440000"); plotly joins on ``featureidkey="properties.id"``.
    """
    return _read_geojson(settings().data_dir / GEOJSON_PATH)


@lru_cache(maxsize=2)
def _read_geojson(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def province_geo_join(provinces: pd.Series, geojson: dict) -> pd.DataFrame:
    """Map province names (as seed 002 prints them) to the map's features.

    Returns one row per name: ``province``, ``geo_name`` (the feature's ``name``) and
    ``geo_id`` (its ``id``). Raises ``ValueError`` naming every province that has no
    feature, so a new table row cannot silently drop off the map.
    """
    by_name = {f["properties"]["name"]: f["properties"]["id"] for f in geojson["features"]}
    geo_names = provinces.map(lambda name: GEO_NAME_ALIASES.get(name, name))
    unmatched = sorted(set(provinces[~geo_names.isin(by_name)]))
    if unmatched:
        raise ValueError(f"provinces missing from the map: {', '.join(unmatched)}")
    return pd.DataFrame(
        {
            "province": provinces.to_numpy(),
            "geo_name": geo_names.to_numpy(),
            "geo_id": geo_names.map(by_name).to_numpy(),
        }
    )
