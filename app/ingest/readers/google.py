"""Google Patents result CSV ("Download (CSV)"; docs/export-formats.md, section 4).

An optional first line ``search URL:,<the query URL>``, then ``id,title,assignee,
inventor/author,priority date,filing/creation date,publication date,grant date,result link``
(and, since about 2020, ``representative figure link``). One row per publication:
``US-12299796-B2`` (2025) or ``US5686888A`` (2017), the hyphens dropped.

Assignees and inventors are joined by ``", "`` in one cell, and legal names contain that
too (``"Genentech, Inc., F. Hoffmann-La Roche Ag"``, ``"Samsung Electronics Co., Ltd."``):
a piece that is a legal form (``Inc.``, ``Ltd.``, ``Llc`` ...), a phrase that only
continues a name (``Société Anonyme ...``, ``A Body Corporate``, ``represented by ...``)
or starts in lower case is joined back to the piece before it.

The export states no applicant country: the office of the publication number (``CN-``,
``US-``) is used as a weak proxy (country rule ``jurisdiction``); WO and EP publications
give none. Dates are ``M/D/YYYY``, ``M/D/YY`` or ISO; titles lose their trailing space.
"""

from __future__ import annotations

import re

import pandas as pd

from app.i18n import _
from app.ingest.assemble import ParsedExport
from app.ingest.readers.columns import Layout, find_keys, parse_columns
from app.ingest.table import Table
from app.ingest.values import extract, split_multi

__all__ = ["FORMAT", "matches", "parse", "split_legal_names"]

FORMAT = "google"
_SYNONYMS = {
    "patent_id": ("id",),
    "title": ("title",),
    "applicants": ("assignee",),
    "inventors": ("inventor/author",),
    "priority_date": ("priority date",),
    "filing_date": ("filing/creation date",),
    "publication_date": ("publication date",),
}
# A piece of a ", "-joined cell that cannot be a name of its own: it continues the one
# before it ("Co., Ltd." splits into "Co." and "Ltd.").
_LEGAL_FORM = (
    r"inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\.l\.c|llp|lp|l\.p|plc|"
    r"ag|gmbh|kg|kgaa|sa|s\.a|sas|s\.a\.s|sarl|spa|s\.p\.a|srl|s\.r\.l|nv|n\.v|bv|b\.v|ab|"
    r"as|a/s|oy|oyj|kk|k\.k|se|pty|jr|sr|ii|iii|iv"
)
_CONTINUATION = re.compile(
    rf"^(?:(?:{_LEGAL_FORM})\.?(?:[ ,]+(?:{_LEGAL_FORM})\.?)*"
    r"|soci[ée]t[ée] anonyme\b.*|a body corporate\b.*|national university corporation\b.*"
    r"|represented by\b.*|acting\b.*)$",
    re.IGNORECASE,
)


def matches(keys: set[str]) -> bool:
    """A Google Patents header: ``id``, ``title``, ``assignee``, ``inventor/author``.

    Examples
    --------
    >>> matches({"id", "title", "assignee", "inventor/author", "priority date"})
    True
    """
    return {"id", "title", "assignee", "inventor/author"} <= keys


def _continues(piece: str) -> bool:
    # a lower-case start ("and its subsidiaries") continues a name; CJK has no case
    return bool(_CONTINUATION.fullmatch(piece)) or piece[:1].islower()


def split_legal_names(cells: pd.Series) -> pd.DataFrame:
    """Names joined by ``", "`` in each cell, with legal forms kept in their name.

    Returns ``rec``, ``position``, ``value`` like :func:`~app.ingest.values.split_multi`.

    Examples
    --------
    >>> split_legal_names(pd.Series([
    ...     "Genentech, Inc., F. Hoffmann-La Roche Ag, Hoffmann-La Roche Inc.",
    ...     "Samsung Electronics Co., Ltd.",
    ...     "L'Air Liquide, Société Anonyme pour l'Etude et l'Exploitation",
    ... ]))["value"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['Genentech, Inc.', 'F. Hoffmann-La Roche Ag', 'Hoffmann-La Roche Inc.',
     'Samsung Electronics Co., Ltd.',
     "L'Air Liquide, Société Anonyme pour l'Etude et l'Exploitation"]
    """
    parts = split_multi(cells, ", ")
    if parts.empty:
        return parts
    # each distinct piece is judged once
    codes, uniques = pd.factorize(parts["value"])
    continues = pd.Series([_continues(u) for u in uniques]).to_numpy()[codes]
    continues &= parts["position"].to_numpy() > 0
    name_no = (~continues).cumsum()
    joined = parts.groupby(name_no, sort=False).agg(
        rec=("rec", "first"), value=("value", ", ".join)
    )
    joined["position"] = joined.groupby("rec").cumcount().astype("int16")
    return joined[["rec", "position", "value"]].reset_index(drop=True)


def parse(table: Table) -> ParsedExport:
    """Records, assignees and inventors; the office of the publication number as country."""
    table.require("Google Patents", ("id",), ("title",), ("assignee",))
    layout = Layout(
        format=FORMAT,
        unit="publication",
        keys=find_keys(table, _SYNONYMS),
        splitters={"applicants": split_legal_names, "inventors": split_legal_names},
        notes=(
            _(
                "Google Patents states no applicant country: the office of the publication "
                "number (CN-, US-, JP- ...) stands in for it, a weak proxy (rule "
                "'jurisdiction'); WO and EP publications get none."
            ),
        ),
    )
    parsed = parse_columns(table, layout)
    number = parsed.records["patent_id"].str.strip().str.replace("-", "", regex=False)
    parsed.records["patent_id"] = number
    parsed.records["publication_number"] = number
    parsed.records["jurisdiction"] = extract(number, r"^([A-Z]{2})").fillna("")
    parsed.records["title"] = parsed.records["title"].str.strip()
    return parsed
