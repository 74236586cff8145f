"""A firm's moves: the codes it entered and the partners it gained in the recent window.

For one applicant (its normalised name), a code (subclass or main group) is *entered*
when the applicant's first patent listing it falls in the recent window; a partner is
*gained* when the first patent the two file together falls there. Both are ranked by the
recent patents behind them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.analysis.early_warning.rows import (
    CODE_LEVELS,
    applicant_rows,
    best_country,
    code_rows,
    empty_frame,
    frame_records,
    ids_by_group,
)
from app.analysis.early_warning.windows import Windows
from app.ingest.schema import Corpus

__all__ = ["CODE_MOVE_COLUMNS", "PARTNER_MOVE_COLUMNS", "FirmMoves", "firm_moves"]

CODE_MOVE_COLUMNS = ["code", "level", "first_year", "patents", "patent_ids"]
PARTNER_MOVE_COLUMNS = ["name", "country", "kind", "first_year", "patents", "patent_ids"]


@dataclass(frozen=True)
class FirmMoves:
    """What one applicant started in the recent window."""

    name: str
    found: bool  # the applicant has patents in the corpus
    recent_patents: int  # its patents in the recent window
    codes: pd.DataFrame  # CODE_MOVE_COLUMNS
    partners: pd.DataFrame  # PARTNER_MOVE_COLUMNS

    def to_dict(self) -> dict:
        """Plain JSON-ready form (the CLI's ``firm_moves``)."""
        return {
            "name": self.name,
            "found": self.found,
            "recent_patents": self.recent_patents,
            "codes": frame_records(self.codes),
            "partners": frame_records(self.partners),
        }


def _first_in_recent(
    corpus: Corpus, rows: pd.DataFrame, key: str, windows: Windows
) -> pd.DataFrame:
    """Per ``key`` of ``rows`` (the firm's rows): first year, recent patents and their ids,
    for the keys first seen in the recent window."""
    first = rows.groupby(key, observed=True)["year"].min()
    fresh = first[first.between(*windows.recent)]
    recent = rows[rows[key].isin(fresh.index) & rows["year"].between(*windows.recent)]
    counts = recent.groupby(key, observed=True)["row"].nunique()
    out = pd.DataFrame({key: counts.index.astype("str"),
                        "first_year": fresh.reindex(counts.index).to_numpy(),
                        "patents": counts.to_numpy()})  # fmt: skip
    out = out.sort_values(["patents", "first_year", key], ascending=[False, True, True])
    out = out.reset_index(drop=True)
    out["patent_ids"] = ids_by_group(corpus, recent[key], recent["row"].to_numpy(), out[key])
    return out


def firm_moves(corpus: Corpus, windows: Windows, name: str) -> FirmMoves:
    """The codes entered and partners gained by applicant ``name`` in the recent window.

    ``codes`` has columns ``code``, ``level``, ``first_year`` (the firm's first patent with
    it), ``patents`` (its recent patents with it) and ``patent_ids``; ``partners`` has
    ``name``, ``country``, ``kind``, ``first_year`` (first joint patent), ``patents`` (recent
    joint patents) and ``patent_ids``. Both are empty when the windows are not ``ok``.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> from app.analysis.early_warning.windows import signal_windows
    >>> c = synthetic_corpus(3000, seed=4, year_range=(2008, 2021))
    >>> m = firm_moves(c, signal_windows(c, lag_months=18), "SYNTHETIC APPLICANT 3")
    >>> m.found, bool(m.codes["first_year"].between(2019, 2021).all())
    (True, True)
    """
    apps = applicant_rows(corpus)
    found = bool((apps["name"] == name).any())
    empty_codes = empty_frame(CODE_MOVE_COLUMNS)
    empty_partners = empty_frame(PARTNER_MOVE_COLUMNS)
    if not windows.ok or not found:
        return FirmMoves(name, found, 0, empty_codes, empty_partners)
    apps = apps[apps["year"] <= windows.last_complete_year]
    own_rows = apps.loc[apps["name"] == name, "row"].unique()
    own_recent = apps[(apps["name"] == name) & apps["year"].between(*windows.recent)]
    code_parts = []
    for level in CODE_LEVELS:
        codes = code_rows(corpus, level)
        codes = codes[np.isin(codes["row"].to_numpy(), own_rows)]
        codes = codes[codes["year"] <= windows.last_complete_year]
        if len(codes):
            code_parts.append(_first_in_recent(corpus, codes, "code", windows).assign(level=level))
    codes = (
        pd.concat(code_parts, ignore_index=True)[CODE_MOVE_COLUMNS] if code_parts else empty_codes
    )
    partner_rows = apps[np.isin(apps["row"].to_numpy(), own_rows) & (apps["name"] != name)]
    if partner_rows.empty:
        partners = empty_partners
    else:
        partners = _first_in_recent(corpus, partner_rows, "name", windows)
        partners = partners.merge(best_country(partner_rows), on="name", how="left")
        partners = partners[PARTNER_MOVE_COLUMNS]
    return FirmMoves(name, True, int(own_recent["row"].nunique()), codes, partners)
