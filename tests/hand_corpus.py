"""A hand-made corpus whose networks can be worked out on paper (shared by the tests).

Patents per applicant: A 3 (P1-P3), B 3 (P1, P2, P5), C 2 (P2, P4), D 1, E 1. Joint
patents: A-B on P1 and P2, A-C and B-C on P2, C-D on P4. Years: P1 2010 ... P6 2015.
"""

from __future__ import annotations

import pandas as pd

from app.ingest.schema import (
    APPLICANT_COLUMNS,
    IPC_COLUMNS,
    PATENT_COLUMNS,
    Corpus,
    CorpusMeta,
    conform,
)

# patent: [(applicant, country, kind), ...]
APPLICANTS = {
    "P1": [("A", "CN", "firm"), ("B", "JP", "firm")],
    "P2": [("A", "CN", "firm"), ("B", "JP", "firm"), ("C", "US", "university")],
    "P3": [("A", "unknown", "firm")],
    "P4": [("C", "US", "university"), ("D", "unknown", "individual")],
    "P5": [("B", "JP", "firm"), ("B", "JP", "firm")],  # listed twice: still one patent
    "P6": [("E", "KR", "firm"), ("E", "CN", "research institute")],
}
# patent: [(scheme, code), ...]
CODES = {
    "P1": [("IPC", "H01M 10/0525"), ("IPC", "H01M 4/13")],
    "P2": [("IPC", "H01M 10/0525"), ("IPC", "H01M 10/052"), ("IPC", "B60L 53/00")],
    "P3": [("IPC", "H01M 4/13"), ("CPC", "Y02E 60/10")],
    "P5": [("IPC", "H01M 10/0525"), ("IPC", "H01M 10/0525")],
}


def hand_corpus() -> Corpus:
    """The corpus above: patents P1-P6 (publication numbers US-1 ...), applicants, codes."""
    ids = [f"P{i}" for i in range(1, 7)]
    patents = pd.DataFrame(
        {
            "patent_id": ids,
            "publication_number": [f"US-{i}" for i in range(1, 7)],
            "year": [2010, 2011, 2012, 2013, 2014, 2015],
            "title": [f"Battery {i}" for i in range(1, 7)],
        }
    )
    applicants = pd.DataFrame(
        [
            {"patent_id": p, "position": i, "name_raw": n, "name": n, "country": c, "kind": k}
            for p, rows in APPLICANTS.items()
            for i, (n, c, k) in enumerate(rows)
        ]
    )
    ipc = pd.DataFrame(
        [
            {
                "patent_id": p,
                "scheme": s,
                "code": code,
                "subclass": code[:4],
                "main_group": code.split("/")[0] + "/00",
            }
            for p, rows in CODES.items()
            for s, code in rows
        ]
    )
    return Corpus(
        patents=conform(patents, PATENT_COLUMNS),
        applicants=conform(applicants, APPLICANT_COLUMNS),
        ipc=conform(ipc, IPC_COLUMNS),
        meta=CorpusMeta("hand", "Hand-made test corpus", "tests", "synthetic", synthetic=True),
    )
