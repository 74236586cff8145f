"""The Cooperation page's data: what the co-applications of a filtered dataset show.

The memoised result holds frames of codes and counts, no text, so one entry serves both
languages (labels are added when the page is drawn).
"""

from __future__ import annotations

from app import services
from app.analysis.cooperation import (
    count_joint_patents,
    joint_country_rules,
    partner_type_shares,
)
from app.analysis.filters import Filters

__all__ = [
    "partner_data",
]


@services.cache.memoize()
def partner_data(dataset_id: str, filters: Filters) -> dict:
    """Partner-type shares, country rules and counts of one filtered dataset (memoised)."""
    corpus = services.filtered_corpus(dataset_id, filters)
    return {
        "shares": partner_type_shares(corpus),
        "rules": joint_country_rules(corpus),
        "joint": count_joint_patents(corpus),
        "patents": corpus.n_patents,
    }
