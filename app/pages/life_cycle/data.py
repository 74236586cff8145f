"""Series, fits and diagram data of the Life-cycle page, memoised on plain arguments.

Every function here takes hashable arguments (source and domain ids, country codes, the
model choice, the dataset id and its Filters) so that services.cache can key its result; the
results are small (a few dozen years per group) and picklable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from app import services
from app.analysis import lifecycle as lc
from app.analysis import lifecycle_view as lcv
from app.analysis.filters import IPC_THEMES, Filters
from app.config import settings
from app.ingest.indicators import default_basis
from app.ui.countries import country_label, country_name, iso2_of

__all__ = [
    "GroupLifeCycle",
    "StageDiagram",
    "corpus_context",
    "group_label",
    "group_lifecycle",
    "indicator_country_options",
    "stage_diagram_data",
]

WORLD = "WLD"
# Bump when what these functions return changes: memoised results outlive a restart (the
# cache is on disk or in Redis), and an old pickle would otherwise come back.
MEMO_VERSION = "1"


def _memo_name(name: str) -> str:
    return f"{name}:v{MEMO_VERSION}"


@dataclass(frozen=True)
class GroupLifeCycle:
    """One panel's data: the annual series and its life-cycle result(s), or why there is none."""

    source: str  # "oecd", "iea" or "corpus"
    group: str  # ISO3 (OECD/IEA), ISO2 or "all" (corpus)
    series: pd.DataFrame  # year, patents (and applicants for a corpus)
    results: tuple[lc.LifeCycleResult, ...]  # one per model set of lifecycle_view.MODEL_CHOICES
    model: str = "best"  # the model choice
    problem: str | None = None  # no series at all (unknown country for this domain, ...)


@dataclass(frozen=True)
class StageDiagram:
    """The stage-diagram points of a corpus and how they were cut."""

    points: pd.DataFrame  # lifecycle.stage_diagram columns
    groups: tuple[str, ...]
    last_complete_year: int | None
    lag_months: int


def group_label(source: str, group: str) -> str:
    """Display name of a panel's group: "China (CHN)", "CN China", "All applicants"."""
    if source == "corpus":
        if group == lcv.ALL_GROUP:
            return "All applicants"
        return IPC_THEMES[group][0] if group in IPC_THEMES else country_label(group)
    if group == WORLD:
        return "World"
    iso2 = iso2_of(group)
    names = _indicator_names()
    name = country_name(iso2) if iso2 != group else names.get(group, group)
    return f"{name} ({group})"


@lru_cache(maxsize=1)
def _indicator_names() -> dict[str, str]:
    from app.ingest.indicators import country_names

    return country_names(services.indicator_frame())


@lru_cache(maxsize=1)
def indicator_country_options() -> tuple[tuple[str, str], ...]:
    """(ISO3, label) of every country in the OECD or IEA counts: world, seed five, the rest."""
    frame = services.indicator_frame()
    codes = set(frame.loc[~frame["aggregate"], "iso3"].astype("str")) - {WORLD}
    first = [WORLD, *(c for c in lcv.SEED_COUNTRIES_ISO3 if c in codes)]
    rest = sorted(codes - set(first), key=lambda c: group_label("oecd", c))
    return tuple((code, group_label("oecd", code)) for code in first + rest)


def corpus_context(dataset_id: str) -> tuple[int | None, int]:
    """(as-of year, publication lag) of a dataset, from the whole, unfiltered corpus.

    A year filter must not move the "as of" year: the data stay complete to the corpus's
    own latest year whatever years are shown.
    """
    full = services.filtered_corpus(dataset_id, Filters())
    return lc.corpus_as_of(full), lc.corpus_lag_months(full, settings().publication_lag_months)


@services.cache.memoize(make_name=_memo_name)
def group_lifecycle(
    source: str, domain: str, group: str, model: str, dataset_id: str, filters: Filters
) -> GroupLifeCycle:
    """The series and fits of one group; ``dataset_id``/``filters`` matter for the corpus only."""
    if source == "corpus":
        corpus = services.filtered_corpus(dataset_id, filters)
        as_of, lag = corpus_context(dataset_id)
        series = lcv.group_series(corpus, group)
    else:
        publisher = lcv.SOURCES[source]
        try:
            series = lc.indicator_series(
                services.indicator_frame(), source=publisher, domain=domain, country=group
            )
        except KeyError:
            basis = default_basis(publisher, domain)
            return GroupLifeCycle(
                source,
                group,
                pd.DataFrame({"year": [], "patents": []}),
                (),
                model,
                problem=f"{publisher} has no {domain} counts ({basis}) for {group}",
            )
        as_of, lag = int(series["year"].max()), settings().publication_lag_months
    results = lcv.fit_choice(
        series["year"], series["patents"], model, as_of_year=as_of, lag_months=lag
    )
    return GroupLifeCycle(source, group, series, results, model)


@services.cache.memoize(make_name=_memo_name)
def stage_diagram_data(dataset_id: str, filters: Filters, by: str) -> StageDiagram:
    """Applicants-vs-patents points of the filtered corpus, by country group or IPC theme."""
    corpus = services.filtered_corpus(dataset_id, filters)
    as_of, lag = corpus_context(dataset_id)
    if by == "theme":
        points = lc.stage_diagram(corpus, by="theme", as_of_year=as_of, lag_months=lag)
    else:
        present = [code for code, _ in services.dataset_summary(dataset_id).countries]
        groups = lcv.corpus_groups(filters.countries, present)
        parts = []
        if lcv.ALL_GROUP in groups:
            parts.append(lc.stage_diagram(corpus, by="all", as_of_year=as_of, lag_months=lag))
        countries = [g for g in groups if g != lcv.ALL_GROUP]
        if countries:
            parts.append(
                lc.stage_diagram(
                    corpus, by="country", groups=countries, as_of_year=as_of, lag_months=lag
                )
            )
        points = pd.concat(parts, ignore_index=True)
    last_ok = lc.last_complete_year(as_of, lag) if as_of is not None else None
    groups = tuple(dict.fromkeys(points["group"].astype("str")))
    return StageDiagram(points, groups, last_ok, lag)
