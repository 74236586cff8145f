"""The Huizhou value chain, China's producers by region, and the battery learning curve.

Pure functions on the knowledge tables (``app.store.knowledge``): the firms x segments
matrix of seed 002's Table 2 rebuilt from its supported cells, each firm classified as
vertical integrator or segment specialist by :data:`INTEGRATOR_RULE`, Table 1's province
counts summed by region against the printed region totals, and cost against cumulative
production capacity at the paper's learning rate.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from app.i18n import N_
from app.ingest.knowledge_schema import SEGMENTS, STAGES

__all__ = [
    "INTEGRATOR_RULE",
    "LEARNING_CURVE_ANCHOR",
    "LEARNING_CURVE_RULE",
    "classify_firms",
    "learning_curve",
    "learning_curve_cost",
    "region_totals",
    "value_chain_hover",
    "value_chain_matrix",
]

# The two rules in the words a page shows them (N_: translated where shown).
INTEGRATOR_RULE = N_(
    """\
A firm is a vertical integrator when it makes battery cells (a supported mark in "Cells and
modules") and has supported marks in at least two of the four stages of the value chain;
every other firm is a segment specialist.

Why: the paper (section 4.1) defines vertical integration as "controlling the whole EV
battery value chain as much as possible, from upstream activities of mining, materials
processing, cell component making, through cell, module, BMS production, to downstream pack
assembling and applications", names as its representatives "cell and pack makers like BYD,
EVE, Sunwoda, and Haopeng Technology", and says they build on "their core technology
expertise in cell production". Specialists are "smaller pack makers like E-Power and Desay
Blue Micro New Energy, and specialized product suppliers like Battery NM, Yinghe Technology,
and Kedali": E-Power makes cells, BMS and packs, all within one stage ("E-Power stays in the
segment of pouch batteries"), and Battery NM spans four material segments of one stage, so
counting stages, not segments, and requiring cell making follow the paper's own line.
A stage count alone (three of four stages) would make Sunwoda and Haopeng specialists,
against the paper. Marks come only from our copy's supported cells; a missing mark can
change a firm's class."""
)

LEARNING_CURVE_RULE = N_(
    """\
cost(Q) = c0 × (Q / Q0)^log2(1 − r): each doubling of cumulative production capacity Q
cuts the cost per kWh by the learning rate r = 18% (the paper: "18% cost reduction for every
doubling of battery production capacity"). Anchor (Q0, c0): the global EV battery production
capacity of 2021, 631 GWh ("In 2021, China represents 74% (465/631 Gwh) of global EV battery
production capacity"), and the global average pack price of the same year, 132 USD/kWh
("In 2021, China brought the global average battery pack price down to $132/kWh"). The
paper gives capacity (installed production lines), not cumulative output, so Q here is
that capacity, as the paper states its learning rate."""
)

# fact ids in data/market_facts.csv: (capacity Q0, price c0, learning rate r)
LEARNING_CURVE_ANCHOR = ("world_capacity_2021", "world_pack_price_2021", "learning_rate")


def value_chain_matrix(value_chain: pd.DataFrame) -> pd.DataFrame:
    """Firms x segments, 1 where the cell is supported, else 0.

    Rows are firms in table order (index ``firm``); columns a MultiIndex (stage label,
    segment label) in the order of seed 002's Table 2, so a heatmap can group by stage.

    Examples
    --------
    >>> chain = pd.DataFrame({
    ...     "firm": ["A", "A"], "segment": ["cells_modules", "bms"],
    ...     "status": ["supported", "no evidence in our copy"]})
    >>> m = value_chain_matrix(chain)
    >>> m.shape, int(m.loc["A", ("Battery manufacturing and assembling", "Cells and modules")])
    ((1, 14), 1)
    """
    marks = (value_chain["status"] == "supported").astype(int)
    return _by_segment(value_chain, marks, fill=0).astype(int)


def value_chain_hover(value_chain: pd.DataFrame) -> pd.DataFrame:
    """Same shape as :func:`value_chain_matrix`: the supporting quote, "" where unsupported."""
    quotes = value_chain["quote"].where(value_chain["status"] == "supported", "")
    return _by_segment(value_chain, quotes, fill="")


def _by_segment(value_chain: pd.DataFrame, values: pd.Series, fill) -> pd.DataFrame:
    firms = pd.unique(value_chain["firm"])
    wide = (
        pd.DataFrame({"firm": value_chain["firm"], "segment": value_chain["segment"], "v": values})
        .pivot(index="firm", columns="segment", values="v")
        .reindex(index=firms, columns=list(SEGMENTS))
        .fillna(fill)
    )
    wide.columns = pd.MultiIndex.from_tuples(
        [(STAGES[SEGMENTS[s][0]][0], SEGMENTS[s][1]) for s in SEGMENTS], names=["stage", "segment"]
    )
    wide.index.name = "firm"
    return wide


def classify_firms(value_chain: pd.DataFrame, firms: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each firm's class by :data:`INTEGRATOR_RULE`, beside the paper's own where given.

    Returns one row per firm (table order): ``firm_id``, ``firm``, ``segments`` and
    ``stages`` (supported counts), ``makes_cells``, ``classification``; with ``firms``
    (the huizhou_firms table) also ``paper_strategy`` ("" where the paper names none) and
    ``agrees_with_paper`` (<NA> where it names none).

    Examples
    --------
    >>> chain = pd.DataFrame({
    ...     "firm_id": ["a", "a", "b"], "firm": ["A", "A", "B"],
    ...     "stage": ["manufacturing", "applications", "manufacturing"],
    ...     "segment": ["cells_modules", "complete_evs", "cells_modules"],
    ...     "status": ["supported", "supported", "supported"]})
    >>> classify_firms(chain)[["firm", "stages", "classification"]].to_numpy().tolist()
    [['A', 2, 'vertical integrator'], ['B', 1, 'segment specialist']]
    """
    supported = value_chain[value_chain["status"] == "supported"]
    order = pd.unique(value_chain["firm_id"])
    out = (
        supported.groupby("firm_id")
        .agg(
            segments=("segment", "nunique"),
            stages=("stage", "nunique"),
            makes_cells=("segment", lambda s: bool((s == "cells_modules").any())),
        )
        .reindex(order)
        .fillna({"segments": 0, "stages": 0, "makes_cells": False})
        .astype({"segments": int, "stages": int, "makes_cells": bool})
        .rename_axis("firm_id")
        .reset_index()
    )
    names = value_chain.drop_duplicates("firm_id").set_index("firm_id")["firm"]
    out.insert(1, "firm", out["firm_id"].map(names))
    integrator = out["makes_cells"] & (out["stages"] >= 2)
    out["classification"] = np.where(integrator, "vertical integrator", "segment specialist")
    if firms is not None:
        paper = out["firm_id"].map(firms.set_index("firm_id")["paper_strategy"]).fillna("")
        out["paper_strategy"] = paper
        out["agrees_with_paper"] = pd.Series(
            (paper == out["classification"]).to_numpy(), dtype="boolean"
        ).mask((paper == "").to_numpy())
    return out


def region_totals(producers: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Table 1's province counts summed by region, against the region totals it prints.

    Returns one row per region (table order): ``region_id``, ``region``,
    ``printed_total``, ``province_sum`` (provinces with a printed count),
    ``provinces_counted``, ``provinces_without_count`` and ``difference``
    (province_sum - printed_total; 0 where they agree).

    Examples
    --------
    >>> regions = pd.DataFrame({"region_id": ["n"], "region": ["North"], "printed_total": [3]})
    >>> producers = pd.DataFrame({"region_id": ["n", "n", "n"],
    ...                           "producers": pd.array([1, 3, None], dtype="Int64")})
    >>> region_totals(producers, regions)[["province_sum", "difference"]].to_numpy().tolist()
    [[4, 1]]
    """
    counted = producers["producers"].notna()
    grouped = producers.assign(counted=counted).groupby("region_id")
    sums = pd.DataFrame(
        {
            "province_sum": grouped["producers"].sum(),
            "provinces_counted": grouped["counted"].sum(),
            "provinces_without_count": grouped["counted"].size() - grouped["counted"].sum(),
        }
    )
    out = regions[["region_id", "region", "printed_total"]].join(sums, on="region_id")
    out = out.fillna({"province_sum": 0, "provinces_counted": 0, "provinces_without_count": 0})
    out = out.astype(
        {
            "printed_total": int,
            "province_sum": int,
            "provinces_counted": int,
            "provinces_without_count": int,
        }
    )
    out["difference"] = out["province_sum"] - out["printed_total"]
    return out.reset_index(drop=True)


def learning_curve_cost(
    capacity: np.ndarray | float, c0: float, q0: float, learning_rate: float = 0.18
) -> np.ndarray:
    """Cost per unit at cumulative capacity ``capacity``: ``c0 * (Q / q0) ** log2(1 - r)``.

    Examples
    --------
    >>> learning_curve_cost([100.0, 200.0, 400.0], c0=100.0, q0=100.0).round(2).tolist()
    [100.0, 82.0, 67.24]
    """
    if not 0 < learning_rate < 1:
        raise ValueError(f"learning_rate must be between 0 and 1, got {learning_rate}")
    exponent = math.log2(1 - learning_rate)
    return c0 * (np.asarray(capacity, dtype=float) / q0) ** exponent


def learning_curve(facts: pd.DataFrame, capacities: np.ndarray | None = None) -> pd.DataFrame:
    """Cost per kWh along capacity, anchored as :data:`LEARNING_CURVE_RULE` states.

    ``facts`` is the market_facts table (the anchor is read from it by fact id, so the
    curve follows the data file). ``capacities`` in GWh; by default 64 points from 1/16 to
    8 times the anchor capacity on a log scale. Returns ``capacity_gwh``,
    ``cost_usd_per_kwh`` and ``doublings`` (log2 of capacity over the anchor's).

    Examples
    --------
    >>> facts = pd.DataFrame({
    ...     "fact_id": ["world_capacity_2021", "world_pack_price_2021", "learning_rate"],
    ...     "value": [631.0, 132.0, 18.0], "unit": ["GWh", "USD/kWh", "%"]})
    >>> learning_curve(facts, np.array([631.0, 1262.0]))["cost_usd_per_kwh"].round(2).tolist()
    [132.0, 108.24]
    """
    by_id = facts.set_index("fact_id")
    q_id, c_id, r_id = LEARNING_CURVE_ANCHOR
    expected_units = {q_id: "GWh", c_id: "USD/kWh", r_id: "%"}
    for fact_id, unit in expected_units.items():
        if fact_id not in by_id.index:
            raise KeyError(f"market facts lack {fact_id!r}, the learning curve's anchor")
        if by_id.at[fact_id, "unit"] != unit:
            raise ValueError(f"{fact_id} is in {by_id.at[fact_id, 'unit']}, expected {unit}")
    q0 = float(by_id.at[q_id, "value"])
    c0 = float(by_id.at[c_id, "value"])
    rate = float(by_id.at[r_id, "value"]) / 100
    if capacities is None:
        capacities = q0 * np.logspace(-4, 3, 64, base=2.0)
    capacities = np.asarray(capacities, dtype=float)
    return pd.DataFrame(
        {
            "capacity_gwh": capacities,
            "cost_usd_per_kwh": learning_curve_cost(capacities, c0, q0, rate),
            "doublings": np.log2(capacities / q0),
        }
    )
