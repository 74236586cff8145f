"""Series, fits and diagram data of the Life-cycle page, memoised on plain arguments.

Every memoised function here takes hashable arguments (source and domain ids, country codes,
the model choice, the dataset id and its Filters) so that services.cache can key its result;
the results are small (a few dozen years per group) and picklable. They hold no text in any
language (the analysis' reasons are :class:`~app.analysis.messages.Message` objects, said in
the reader's language when shown), so one fit serves both languages; what does hold text
(the country names of the selector) is keyed by the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from babel.core import get_global

from app import services
from app.analysis import lifecycle as lc
from app.analysis import lifecycle_view as lcv
from app.analysis.filters import IPC_THEMES, Filters
from app.config import settings
from app.i18n import _, country_name, current_language
from app.ui.countries import iso2_of

__all__ = [
    "GroupLifeCycle",
    "StageDiagram",
    "corpus_context",
    "group_label",
    "group_lifecycle",
    "indicator_country_options",
    "iso2_of_indicator",
    "stage_diagram_data",
]

WORLD = "WLD"
# Bump when what these functions return changes: memoised results outlive a restart (the
# cache is on disk or in Redis), and an old pickle would otherwise come back.
MEMO_VERSION = "2"


def _memo_name(name: str) -> str:
    return f"{name}:v{MEMO_VERSION}"


@dataclass(frozen=True)
class GroupLifeCycle:
    """One panel's data: the annual series and its life-cycle result(s), or that there is none."""

    source: str  # "oecd", "iea" or "corpus"
    group: str  # ISO3 (OECD/IEA), ISO2 or "all" (corpus)
    series: pd.DataFrame  # year, patents (and applicants for a corpus)
    results: tuple[lc.LifeCycleResult, ...]  # one per model set of lifecycle_view.MODEL_CHOICES
    model: str = "best"  # the model choice
    missing: bool = False  # the source has no series for this group in this domain


@dataclass(frozen=True)
class StageDiagram:
    """The stage-diagram points of a corpus and how they were cut."""

    points: pd.DataFrame  # lifecycle.stage_diagram columns
    groups: tuple[str, ...]
    last_complete_year: int | None
    lag_months: int


def iso2_of_indicator(iso3: str) -> str | None:
    """The ISO2 code of an OECD/IEA country (ISO3), from CLDR's code aliases; None for
    aggregates and codes CLDR does not map to one country.

    >>> iso2_of_indicator("KOR"), iso2_of_indicator("ANT"), iso2_of_indicator("WLD")
    ('KR', None, None)
    """
    known = iso2_of(iso3)
    if known != iso3:
        return known
    aliases = get_global("territory_aliases").get(iso3, [])
    return aliases[0] if len(aliases) == 1 else None


def group_label(source: str, group: str) -> str:
    """Name of a panel's group in the reader's language: "Korea", "韩国", "All applicants"."""
    if source == "corpus":
        if group == lcv.ALL_GROUP:
            return _("All applicants")
        if group in IPC_THEMES:
            return _(IPC_THEMES[group][0])
        return country_name(group) or group
    if group == WORLD:
        return _("World")
    iso2 = iso2_of_indicator(group)
    name = country_name(iso2) if iso2 else None
    return name or _indicator_names().get(group, group)


@lru_cache(maxsize=1)
def _indicator_names() -> dict[str, str]:
    from app.ingest.indicators import country_names

    return country_names(services.indicator_frame())


def indicator_country_options() -> tuple[tuple[str, str], ...]:
    """(ISO3, name) of every country in the OECD or IEA counts, in the reader's language:
    world, the seed paper's five, the rest by name."""
    return _indicator_country_options(current_language())


@lru_cache(maxsize=4)
def _indicator_country_options(language: str) -> tuple[tuple[str, str], ...]:
    # ``language`` keys the cache: the names are in it
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
            empty = pd.DataFrame({"year": [], "patents": []})
            return GroupLifeCycle(source, group, empty, (), model, missing=True)
        as_of, lag = int(series["year"].max()), settings().publication_lag_months
    results = lcv.fit_choice(
        series["year"], series["patents"], model, as_of_year=as_of, lag_months=lag
    )
    return GroupLifeCycle(source, group, series, results, model)


@services.cache.memoize(make_name=_memo_name)
def stage_diagram_data(
    dataset_id: str, filters: Filters, by: str, groups: tuple[str, ...] = ()
) -> StageDiagram:
    """Applicants-vs-patents points of the filtered corpus, by IPC theme or by the country
    ``groups`` of :func:`~app.analysis.lifecycle_view.corpus_groups` ("all" and ISO2)."""
    corpus = services.filtered_corpus(dataset_id, filters)
    as_of, lag = corpus_context(dataset_id)
    if by == "theme":
        points = lc.stage_diagram(corpus, by="theme", as_of_year=as_of, lag_months=lag)
    else:
        parts = []
        if lcv.ALL_GROUP in groups or not groups:
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
    found = tuple(dict.fromkeys(points["group"].astype("str")))
    return StageDiagram(points, found, last_ok, lag)
