"""The technology network's data: a view's memo key, the network and matrix, the corpus."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from app import services
from app.analysis.filters import Filters
from app.analysis.network_view import (
    NetworkView,
    co_classified_patents,
    describe,
    technology_ties,
)
from app.ingest.schema import Corpus
from app.ui import urlstate
from app.ui.charts import download_name

__all__ = [
    "NetworkKey",
    "corpus",
    "matrix",
    "network",
    "network_key",
    "network_view",
    "node_facts",
    "note_facts",
    "source",
    "stem",
    "tie_patents",
]

PAGE = "technology"


class NetworkKey(NamedTuple):
    """What the network of a view depends on (its memo key)."""

    dataset_id: str
    filters: Filters
    scheme: str | None  # "IPC", "CPC" or None for both
    level: str  # "subclass", "main_group" or "code"
    top_k: int
    layout: str


def network_key(view: dict) -> NetworkKey:
    """The memo key of a view's network."""
    dataset_id, filters = services.view_filters(view)
    state = urlstate.view_params(view, ("tn_lvl", "tn_k", "tn_sch", "tn_lay"))
    scheme = None if state["tn_sch"] == "both" else state["tn_sch"]
    return NetworkKey(dataset_id, filters, scheme, state["tn_lvl"], state["tn_k"], state["tn_lay"])


def corpus(key: NetworkKey) -> Corpus:
    """The patents under the view's filters."""
    return services.filtered_corpus(key.dataset_id, key.filters)


@services.cache.memoize()
def network(key: NetworkKey) -> tuple[NetworkView, pd.DataFrame]:
    """The network drawn for one view, and its K x K matrix (memoised across workers)."""
    network, cooccurrence = technology_ties(corpus(key), key.level, key.top_k, key.scheme)
    return describe(network, key.layout), cooccurrence


def network_view(key: NetworkKey) -> NetworkView:
    """The network drawn for one view."""
    return network(key)[0]


def matrix(key: NetworkKey) -> pd.DataFrame:
    """The co-occurrence matrix of the codes drawn, patents per code on the diagonal."""
    return network(key)[1]


def stem(key: NetworkKey) -> str:
    """The download file name (without suffix) of a view's network."""
    what = f"{key.scheme or 'IPC+CPC'} {key.level.replace('_', ' ')} top {key.top_k}"
    return download_name(PAGE, what, key.filters.key())


def note_facts(key: NetworkKey) -> tuple[int, str]:
    """The number of patents under the view's filters, and the active dataset's name."""
    return corpus(key).n_patents, services.dataset_summary(key.dataset_id).meta.label


def node_facts(key: NetworkKey, node: str) -> int:
    """The patents listing code ``node`` (the matrix's diagonal)."""
    return int(matrix(key).loc[node, node])


def source(key: NetworkKey) -> str:
    """The source line of the view's charts (marked when the data are synthetic)."""
    meta = services.dataset_summary(key.dataset_id).meta
    return ("SYNTHETIC data — " if meta.synthetic else "") + (meta.attribution or meta.label)


def tie_patents(key: NetworkKey, first: str, second: str) -> pd.DataFrame:
    """The patents classified in both codes of a tie."""
    return co_classified_patents(corpus(key), first, second, key.level, key.scheme)
