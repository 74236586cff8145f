"""The technology network's data: a view's memo key, the network and matrix, the corpus."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from app import services
from app.analysis.filters import Filters, theme_codes_only
from app.analysis.network_view import (
    NetworkView,
    co_classified_patents,
    describe,
    technology_ties,
)
from app.analysis.networks import corpus_incidence
from app.ingest.schema import Corpus
from app.ui import urlstate
from app.ui.charts import download_name

__all__ = [
    "NetworkKey",
    "corpus",
    "drawn_scheme",
    "matrix",
    "network",
    "network_key",
    "network_view",
    "node_facts",
    "note_facts",
    "stem",
    "subclass_count",
    "tie_patents",
]

PAGE = "technology"


class NetworkKey(NamedTuple):
    """What the network of a view depends on (its memo key)."""

    dataset_id: str
    filters: Filters
    scheme: str | None  # "IPC", "CPC" or None for both: the scheme drawn
    level: str  # "subclass", "main_group" or "code"
    top_k: int
    layout: str
    theme_only: bool = False  # draw only the codes of the active IPC theme
    scheme_asked: str | None = None  # the scheme chosen, when the dataset lacks it
    level_asked: str | None = None  # "subclass" when every code is in one subclass


def drawn_scheme(asked: str | None, available: tuple[str, ...]) -> str | None:
    """The scheme to draw: the one asked for, or the one the dataset has when it lacks it
    (a CPC-only corpus draws CPC, not an empty IPC network).

    Examples
    --------
    >>> drawn_scheme("IPC", ("CPC",)), drawn_scheme("IPC", ("CPC", "IPC")), drawn_scheme(None, ())
    ('CPC', 'IPC', None)
    """
    if asked is None or asked in available or len(available) != 1:
        return asked
    return available[0]


def network_key(view: dict) -> NetworkKey:
    """The memo key of a view's network."""
    dataset_id, filters = services.view_filters(view)
    state = urlstate.view_params(view, ("tn_lvl", "tn_k", "tn_sch", "tn_lay", "tn_in"))
    asked = None if state["tn_sch"] == "both" else state["tn_sch"]
    scheme = drawn_scheme(asked, services.dataset_summary(dataset_id).schemes)
    level = state["tn_lvl"]
    one_subclass = level == "subclass" and _subclasses(dataset_id, filters, scheme) == 1
    return NetworkKey(
        dataset_id,
        filters,
        scheme,
        "main_group" if one_subclass else level,
        state["tn_k"],
        state["tn_lay"],
        theme_only=state["tn_in"] == "theme" and filters.ipc_theme is not None,
        scheme_asked=asked if scheme != asked else None,
        level_asked="subclass" if one_subclass else None,
    )


def _subclasses(dataset_id: str, filters: Filters, scheme: str | None) -> int:
    """How many subclasses the codes under ``filters`` span: one (every code of the EPO's
    H01M corpus is in H01M) makes a network of one node, so main groups are drawn."""
    return subclass_count(services.filtered_corpus(dataset_id, filters), scheme)


def subclass_count(corpus: Corpus, scheme: str | None) -> int:
    """How many subclasses the codes of ``corpus`` (of ``scheme``; None: both) span.

    Read from the patents x subclasses incidence the subclass network is built from (rows
    selected from the stored one), not from the code rows' text: cutting a filtered
    corpus's code frame took 0.7 s for 700,000 of 1.5M patents.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> corpus = synthetic_corpus(300, seed=2)
    >>> subclass_count(corpus, "IPC") == corpus.ipc["subclass"].nunique()
    True
    """
    incidence, labels = corpus_incidence(corpus, "ipc", "subclass", scheme)
    return int(np.count_nonzero(np.bincount(incidence.indices, minlength=len(labels))))


def corpus(key: NetworkKey) -> Corpus:
    """The patents under the view's filters (with only the theme's codes when asked)."""
    if key.theme_only:
        return _theme_corpus(key.dataset_id, key.filters)
    return services.filtered_corpus(key.dataset_id, key.filters)


@lru_cache(maxsize=16)
def _theme_corpus(dataset_id: str, filters: Filters) -> Corpus:
    # kept per worker like the filtered corpus it is cut from
    return theme_codes_only(services.filtered_corpus(dataset_id, filters), filters.ipc_theme)


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
    return download_name(PAGE, what, key.filters, key.dataset_id)


def note_facts(key: NetworkKey) -> tuple[int, str]:
    """The number of patents under the view's filters, and the active dataset's name."""
    return corpus(key).n_patents, services.dataset_summary(key.dataset_id).meta.label


def node_facts(key: NetworkKey, node: str) -> int:
    """The patents listing code ``node`` (the matrix's diagonal)."""
    return int(matrix(key).loc[node, node])


def tie_patents(key: NetworkKey, first: str, second: str) -> pd.DataFrame:
    """The patents classified in both codes of a tie."""
    return co_classified_patents(corpus(key), first, second, key.level, key.scheme)
