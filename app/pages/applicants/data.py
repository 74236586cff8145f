"""The applicant network's data: a view's memo key, the network drawn, the corpus behind it."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

import pandas as pd

from app import services
from app.analysis.filters import Filters
from app.analysis.network_view import (
    NetworkView,
    applicant_profile,
    applicant_ties,
    country_profile,
    describe,
    joint_patent_count,
    joint_patents,
)
from app.ingest.schema import Corpus
from app.ingest.values import map_unique
from app.store.knowledge import applicant_display_names
from app.ui import urlstate
from app.ui.charts import download_name
from app.ui.countries import country_label
from app.ui.kinds import kind_label

__all__ = [
    "NetworkKey",
    "corpus",
    "matrix",
    "network_key",
    "network_view",
    "node_facts",
    "note_facts",
    "stem",
    "tie_patents",
]


class NetworkKey(NamedTuple):
    """What the network of a view depends on (its memo key)."""

    dataset_id: str
    filters: Filters
    by: str  # "applicants" or "countries"
    top_n: int
    partners: bool  # the top N's direct partners drawn too
    layout: str


def network_key(view: dict) -> NetworkKey:
    """The memo key of a view: countries ignore N and partners (one graph for all)."""
    dataset_id, filters = services.view_filters(view)
    state = urlstate.view_params(view, ("an_by", "an_n", "an_inc", "an_lay"))
    if state["an_by"] == "countries":
        return NetworkKey(dataset_id, filters, "countries", 0, False, state["an_lay"])
    partners = state["an_inc"] == "partners"
    return NetworkKey(dataset_id, filters, "applicants", state["an_n"], partners, state["an_lay"])


def corpus(key: NetworkKey) -> Corpus:
    """The patents under the view's filters."""
    return services.filtered_corpus(key.dataset_id, key.filters)


@services.cache.memoize()
def _network(key: NetworkKey) -> NetworkView:
    """The network drawn for one view, language-free (memoised across workers)."""
    return describe(applicant_ties(corpus(key), key.top_n, key.partners, key.by), key.layout)


def network_view(key: NetworkKey) -> NetworkView:
    """The network drawn for one view, named in the request's language: applicants by
    their display name (宁德时代 for CATL in Chinese), countries by their name; the node
    table's country and kind columns in words. Node ids stay the names the data uses."""
    view = _network(key)
    nodes = view.nodes
    if key.by == "countries":
        labels = pd.Series([country_label(code) for code in nodes.index], index=nodes.index)
        shown = nodes.assign(label=labels)
    else:
        labels = applicant_display_names(pd.Series(nodes.index, index=nodes.index))
        shown = nodes.assign(
            label=labels,
            country_name=map_unique(nodes["country"].astype("str"), country_label).tolist(),
            kind_name=map_unique(nodes["kind"].astype("str"), kind_label).tolist(),
        )
    # the memoised network is shared: relabel a copy (its graph, when asked, says them too)
    network = replace(view.network, nodes=view.network.nodes.assign(label=labels))
    return replace(view, network=network, nodes=shown)


def stem(key: NetworkKey) -> str:
    """The download file name (without suffix) of a view's network."""
    if key.by == "countries":
        what = "countries"
    else:
        what = f"top {key.top_n}" + (" and partners" if key.partners else "")
    return download_name("applicants", f"network {what}", key.filters, key.dataset_id)


def matrix(_key: NetworkKey) -> None:
    """No matrix of its own: "Matrix CSV" writes the adjacency matrix."""
    return None


def note_facts(key: NetworkKey) -> tuple[int, int]:
    """Patents with two or more applicants, and all patents, under the view's filters."""
    patents = corpus(key)
    return joint_patent_count(patents), patents.n_patents


def node_facts(key: NetworkKey, node: str) -> dict:
    """What the card of applicant (or country) ``node`` says beyond the graph."""
    if key.by == "countries":
        return country_profile(corpus(key), node)
    return applicant_profile(corpus(key), node)


def tie_patents(key: NetworkKey, first: str, second: str) -> pd.DataFrame:
    """The joint patents of two applicants (or countries)."""
    column = "country" if key.by == "countries" else "name"
    return joint_patents(corpus(key), first, second, column)
