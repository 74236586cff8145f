"""``python -m app lifecycle``: fit the technology life cycle of one series, print one JSON object.

Sources: ``oecd`` and ``iea`` (country x year counts, see :mod:`app.ingest.indicators`) or
``corpus`` (a patent corpus from the store, optionally filtered). Exit status 0 when a curve
was fitted, 1 when the series was read but cannot be fitted (the JSON says why), 2 for an
unknown source, domain, country, theme or dataset, or an unreadable file.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from app.analysis import lifecycle as lc
from app.analysis.filters import IPC_THEMES
from app.cli.json_output import rounded
from app.config import settings
from app.ingest.indicators import (
    IEA_SOURCE,
    INDICATOR_DOMAINS,
    OECD_SOURCE,
    IndicatorFileError,
    country_names,
    default_basis,
    domain_ids,
)

NAME = "lifecycle"
HELP = "Fit the technology life cycle (S-curve, stage) of a country/domain series; prints JSON."

_SOURCES = {"oecd": OECD_SOURCE, "iea": IEA_SOURCE}
_DEFAULT_DOMAIN = {"oecd": "batteries", "iea": "e-mobility"}
DEFAULT_DATASET = "lens-battery"


class UsageError(Exception):
    """Bad argument value: printed as one line, exit status 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sub-command's options."""
    parser.add_argument("--source", choices=("oecd", "iea", "corpus"), default="oecd")
    parser.add_argument(
        "--domain", help="oecd: batteries, energy-storage, ...; iea: e-mobility, storage, ..."
    )
    parser.add_argument("--country", default="WLD", help="ISO3 (oecd/iea); WLD = world")
    parser.add_argument("--basis", help="oecd family size TWO or FOUR (default: the annual one)")
    parser.add_argument("--dataset", default=DEFAULT_DATASET, help="corpus dataset id")
    parser.add_argument("--countries", default="", help="corpus: applicant countries, CN,JP")
    parser.add_argument("--year-min", type=int)
    parser.add_argument("--year-max", type=int)
    parser.add_argument("--theme", help=f"corpus IPC theme: {', '.join(IPC_THEMES)}")
    parser.add_argument(
        "--as-of", type=int, help="data complete to the end of this year (default: latest year)"
    )
    parser.add_argument(
        "--include-incomplete", action="store_true", help="fit the publication-lag years too"
    )
    parser.add_argument("--both", action="store_true", help="report both models")
    parser.add_argument(
        "--diagram", action="store_true", help="corpus: add the applicants-vs-patents points"
    )


def _indicator_series(args: argparse.Namespace) -> tuple[dict, object]:
    from app.store.indicators import indicators

    source = _SOURCES[args.source]
    domain = args.domain or _DEFAULT_DOMAIN[args.source]
    if domain not in domain_ids(source):
        raise UsageError(
            f"unknown domain {domain!r} for --source {args.source}; "
            f"valid: {', '.join(domain_ids(source))}"
        )
    bases = [d.basis for d in INDICATOR_DOMAINS if d.source == source and d.domain == domain]
    basis = args.basis or default_basis(source, domain)
    if basis not in bases:
        raise UsageError(f"unknown basis {basis!r} for {domain}; valid: {', '.join(bases)}")
    frame = indicators()
    rows = frame[
        (frame["source"] == source) & (frame["domain"] == domain) & (frame["basis"] == basis)
    ]
    country = args.country.upper()
    valid = sorted(set(rows["iso3"].astype(str)) | {"WLD"})
    if country not in valid:
        raise UsageError(f"unknown country {country!r} for {domain}; valid: {', '.join(valid)}")
    series = lc.indicator_series(frame, source=source, domain=domain, country=country, basis=basis)
    names = country_names(rows)
    header = {
        "source": source,
        "domain": domain,
        "domain_label": str(rows["domain_label"].iloc[0]),
        "basis": basis,
        "country": country,
        "country_name": names.get(country, "World"),
        "series": series.attrs.get("description", ""),
    }
    as_of = args.as_of if args.as_of is not None else int(rows["year"].max())
    lag = settings().publication_lag_months
    return header, (series["year"], series["patents"], as_of, lag)


def _corpus_series(args: argparse.Namespace) -> tuple[dict, object, object]:
    try:
        from app.store.corpora import load_corpus
    except ImportError:
        raise UsageError("the corpus store (app.store.corpora) is not available") from None
    try:
        corpus = load_corpus(args.dataset)
    except (KeyError, ValueError, OSError) as exc:
        raise UsageError(f"cannot load dataset {args.dataset!r}: {exc}") from None
    countries = tuple(c.strip().upper() for c in args.countries.split(",") if c.strip())
    present = sorted(set(corpus.applicants["country"].dropna().astype(str)))
    unknown = [c for c in countries if c not in present]
    if unknown:
        raise UsageError(f"unknown country {unknown[0]!r}; valid: {', '.join(present)}")
    if args.theme and args.theme not in IPC_THEMES:
        raise UsageError(f"unknown theme {args.theme!r}; valid: {', '.join(IPC_THEMES)}")
    series = lc.corpus_series(corpus, countries=countries, theme=args.theme)
    if args.year_min is not None:
        series = series[series["year"] >= args.year_min]
    if args.year_max is not None:
        series = series[series["year"] <= args.year_max]
    as_of = args.as_of if args.as_of is not None else lc.corpus_as_of(corpus)
    lag = lc.corpus_lag_months(corpus, settings().publication_lag_months)
    header = {
        "source": "corpus",
        "dataset": corpus.meta.dataset_id,
        "dataset_label": corpus.meta.label,
        "synthetic": corpus.meta.synthetic,
        "countries": list(countries),
        "theme": args.theme,
        "year_min": args.year_min,
        "year_max": args.year_max,
    }
    return header, (series["year"], series["patents"], as_of, lag), series


def run(args: argparse.Namespace) -> int:
    """Fit, print the JSON object, return the exit status."""
    series = None
    try:
        if args.source == "corpus":
            header, (years, counts, as_of, lag), series = _corpus_series(args)
        else:
            header, (years, counts, as_of, lag) = _indicator_series(args)
    except (UsageError, IndicatorFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = lc.fit_lifecycle(
        years,
        counts,
        as_of_year=as_of,
        lag_months=lag,
        include_incomplete=args.include_incomplete,
    )
    out = {**header, **result.to_dict(both=args.both)}
    if args.diagram and series is not None:
        last_ok = None if args.include_incomplete else result.last_complete_year
        kept = series if last_ok is None else series[series["year"] <= last_ok]
        diagram = lc.diagram_points(kept)
        out["diagram"] = [
            {
                "year": int(row.year),
                "applicants": int(row.applicants),
                "patents": int(row.patents),
                "step": None if pd.isna(row.step) else str(row.step),
            }
            for row in diagram.itertuples()
        ]
    print(json.dumps(rounded(out), ensure_ascii=False, indent=2))
    return 0 if result.ok else 1
