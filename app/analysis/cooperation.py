"""Cooperation: what seed 000 says countries do, and what co-applications show.

- :func:`partner_type_shares`: for each applicant country, how its joint (multi-applicant)
  patents split by partner type, from ``applicants.kind`` (rule: :data:`PARTNER_TYPE_RULE`).
- :func:`country_mode_evidence` / :func:`country_mode_matrix`: the countries x cooperation
  modes matrix of seed 000's section 4.2 (data/innovation_models.csv), each cell with the
  statements and passages it rests on.
- :func:`paper_partner_types`: the partner types the paper names per country, in the same
  vocabulary as :func:`partner_type_shares`, so the two can stand side by side.
- :func:`joint_country_rules`: how the country of each applicant on a joint patent was
  known (stated, curated, or a filing-office proxy), so a page can say how far the
  per-country shares rest on a proxy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.i18n import N_
from app.ingest.knowledge_schema import COUNTRIES, ID_SEP
from app.ingest.schema import COUNTRY_RULES, UNKNOWN_COUNTRY, Corpus

__all__ = [
    "PARTNER_TYPES",
    "PARTNER_TYPE_RULE",
    "PROXY_COUNTRY_RULES",
    "count_joint_patents",
    "country_mode_evidence",
    "country_mode_matrix",
    "joint_country_rules",
    "paper_partner_types",
    "partner_type_shares",
]

PARTNER_TYPES = (
    "firm-firm",
    "firm-university/institute",
    "firm-government",
    "with individuals",
    "other",
)

# The counting rule of partner_type_shares in the words a page shows it (N_: translated
# where shown).
PARTNER_TYPE_RULE = N_(
    """\
A joint patent has two or more different applicants. Its partner type follows from the
kinds of its applicants:
  firm with government: a firm and a government body among them;
  firm with university or institute: a firm and a university or research institute, no
    government body;
  firm with firm: every applicant a firm;
  with individuals: a private person among them, and none of the types above;
  other: anything else (no firm and no private person, such as a university with an
    institute; or a firm with an applicant of unknown kind).
Each joint patent has exactly one type, so a country's shares add up to 100%. A patent
counts once for each country among its applicants (applicants of unknown country are left
out); a country's share of a type = its joint patents of that type / all its joint patents."""
)

_OTHER = PARTNER_TYPES.index("other")

# country rules (``applicants.country_rule``) that infer the country from a filing office
PROXY_COUNTRY_RULES = ("priority_office", "jurisdiction")

# partner kind named in the paper -> the partner type it forms with a firm
_KIND_TO_TYPE = {
    "firm": "firm-firm",
    "university": "firm-university/institute",
    "research institute": "firm-university/institute",
    "government": "firm-government",
    "individual": "with individuals",
}


def partner_type_shares(corpus: Corpus, counting: str = "exclusive") -> pd.DataFrame:
    """Share of each country's joint patents by partner type (see :data:`PARTNER_TYPE_RULE`).

    Returns a tidy frame ``country``, ``partner_type``, ``patents``, ``joint_patents``,
    ``share``: every partner type for every country with a joint patent (zeros included),
    countries by joint patents (most first), types in the order of ``PARTNER_TYPES``.
    The kinds come from ``applicants.kind``. With ``counting="any"`` the types are not
    exclusive: a patent counts for every type whose pair it contains (firm-firm: two or
    more firms; firm-university/institute: a firm and a university or institute;
    firm-government; with individuals: any individual; other: none of these), and a
    country's shares can add up to more than 1. Counting runs on integer codes (factorised
    names and countries, ``np.bincount`` per patent and per country), never a loop over
    patents.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> shares = partner_type_shares(synthetic_corpus(300, seed=1))
    >>> list(shares.columns)
    ['country', 'partner_type', 'patents', 'joint_patents', 'share']
    >>> bool(shares.groupby("country")["share"].sum().round(9).eq(1).all())
    True
    """
    if counting not in ("exclusive", "any"):
        raise ValueError(f"counting must be 'exclusive' or 'any', got {counting!r}")
    apps = corpus.applicants
    n_patents, n_types = len(corpus.patents), len(PARTNER_TYPES)
    name = apps["name"].fillna("")
    name = name.where(name != "", apps["name_raw"].fillna(""))
    name_code = pd.factorize(name)[0]
    patent = corpus.applicant_rows
    valid = (patent >= 0) & (name != "").to_numpy()
    # an applicant listed twice on a patent is one applicant: keep its first row
    pair = patent.astype(np.int64) * (int(name_code.max(initial=0)) + 1) + name_code
    keep = valid & ~pd.Series(np.where(valid, pair, -1)).duplicated().to_numpy()

    def per_patent(*kinds: str) -> np.ndarray:
        """Applicants of these kinds on each patent."""
        hit = apps["kind"].isin(kinds).to_numpy(dtype=bool)
        return np.bincount(patent[keep], weights=hit[keep], minlength=n_patents)

    applicants = np.bincount(patent[keep], minlength=n_patents)
    firms = per_patent("firm")
    flags = _type_flags(
        applicants,
        firms,
        academic=per_patent("university", "research institute") > 0,
        government=per_patent("government") > 0,
        individual=per_patent("individual") > 0,
        counting=counting,
    )

    # each (joint patent, country) once; the "unknown" country is no country
    country_code, countries = pd.factorize(apps["country"])
    known = (country_code >= 0) & ~apps["country"].isin([UNKNOWN_COUNTRY]).to_numpy(dtype=bool)
    member = keep & known & (applicants >= 2)[np.maximum(patent, 0)]
    membership = pd.DataFrame({"p": patent[member], "c": country_code[member]}).drop_duplicates()
    m_patent, m_country = membership["p"].to_numpy(), membership["c"].to_numpy()
    joint_patents = np.bincount(m_country, minlength=len(countries))
    row, type_index = np.nonzero(flags[m_patent])
    counts = np.bincount(
        m_country[row] * n_types + type_index, minlength=len(countries) * n_types
    ).reshape(len(countries), n_types)

    labels = np.asarray(countries, dtype=object)
    present = np.flatnonzero(joint_patents > 0)
    present = present[np.lexsort((labels[present].astype(str), -joint_patents[present]))]
    out = pd.DataFrame(
        {
            "country": pd.array(np.repeat(labels[present], n_types), dtype="str"),
            "partner_type": pd.array(np.tile(PARTNER_TYPES, len(present)), dtype="str"),
            "patents": counts[present].ravel().astype(int),
            "joint_patents": np.repeat(joint_patents[present], n_types).astype(int),
        }
    )
    out["share"] = out["patents"] / out["joint_patents"]
    return out


def count_joint_patents(corpus: Corpus) -> int:
    """Patents with two or more distinct applicants (by normalised name), any country.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> corpus = synthetic_corpus(300, seed=1)
    >>> 0 < count_joint_patents(corpus) <= len(corpus.patents)
    True
    """
    return int((_applicant_entries(corpus).groupby("patent").size() >= 2).sum())


def _applicant_entries(corpus: Corpus) -> pd.DataFrame:
    """One row per distinct applicant of a patent (its first row): patent position, name,
    country and country rule; applicants without any name are left out."""
    apps = corpus.applicants
    name = apps["name"].fillna("")
    name = name.where(name != "", apps["name_raw"].fillna(""))
    entries = pd.DataFrame(
        {
            "patent": corpus.applicant_rows,
            "name": name.to_numpy(),
            "country": apps["country"].astype("str").to_numpy(),
            "country_rule": apps["country_rule"].astype("str").to_numpy(),
        }
    )
    entries = entries[(entries["patent"] >= 0) & (entries["name"] != "")]
    return entries.drop_duplicates(["patent", "name"])


def joint_country_rules(corpus: Corpus) -> pd.DataFrame:
    """How the country of the applicants on joint patents was known, per country.

    Counts applicant entries (one per distinct applicant on a joint patent, the patents
    :func:`partner_type_shares` counts) by ``country`` and ``country_rule``; ``proxy`` is
    True for the filing-office rules of :data:`PROXY_COUNTRY_RULES`. The "unknown"
    country is left out, as in :func:`partner_type_shares`. Columns: ``country``,
    ``country_rule``, ``proxy``, ``applicants``; countries by applicant entries (most
    first), rules in the order of ``COUNTRY_RULES``.

    Examples
    --------
    >>> from app.synthetic import synthetic_corpus
    >>> rules = joint_country_rules(synthetic_corpus(300, seed=1))
    >>> list(rules.columns)
    ['country', 'country_rule', 'proxy', 'applicants']
    >>> bool((rules["applicants"] > 0).all())
    True
    """
    entries = _applicant_entries(corpus)
    joint = entries.groupby("patent")["name"].transform("size") >= 2
    entries = entries[joint & (entries["country"] != UNKNOWN_COUNTRY)]
    counts = entries.groupby(["country", "country_rule"]).size().rename("applicants")
    out = counts.reset_index()
    totals = out.groupby("country")["applicants"].transform("sum")
    rule_order = out["country_rule"].map({r: i for i, r in enumerate(COUNTRY_RULES)})
    out = (
        out.assign(_total=-totals, _rule=rule_order)
        .sort_values(["_total", "country", "_rule"])
        .drop(columns=["_total", "_rule"])
        .reset_index(drop=True)
    )
    out.insert(2, "proxy", out["country_rule"].isin(PROXY_COUNTRY_RULES).to_numpy(dtype=bool))
    return out.astype({"applicants": int})


def _type_flags(
    applicants: np.ndarray,
    firms: np.ndarray,
    academic: np.ndarray,
    government: np.ndarray,
    individual: np.ndarray,
    counting: str,
) -> np.ndarray:
    """Patents x ``PARTNER_TYPES`` booleans: the type(s) of each patent if it is joint."""
    has_firm = firms > 0
    firm_firm = (firms == applicants) if counting == "exclusive" else (firms >= 2)
    flags = np.column_stack(
        [has_firm & firm_firm, has_firm & academic, has_firm & government, individual]
    )
    if counting == "exclusive":
        # one type each, by precedence: government, university/institute, all firms,
        # individuals, else other
        precedence = [2, 1, 0, 3]
        chosen = np.select([flags[:, t] for t in precedence], precedence, default=_OTHER)
        return np.arange(len(PARTNER_TYPES)) == chosen[:, None]
    return np.column_stack([flags, ~flags.any(axis=1)])


def country_mode_evidence(
    models: pd.DataFrame, modes: pd.DataFrame, include_recommended: bool = False
) -> pd.DataFrame:
    """Countries x cooperation modes, long form, with the statements behind each cell.

    ``level``: 2 where a statement names the mode for the country, 1 where it names only
    the mode's type (equity / non-equity), 0 where the paper says nothing. Statements with
    stance "recommended" (what a country should do) count only with
    ``include_recommended``. Columns: ``iso2``, ``country``, ``mode_id``, ``mode``,
    ``mode_type``, ``level``, ``statement_ids`` and ``passages`` (tuples, mode-naming
    statements first).

    Examples
    --------
    >>> modes = pd.DataFrame({"mode_id": ["joint_venture", "joint_rd"],
    ...                       "mode": ["Joint venture", "Joint R&D"],
    ...                       "type": ["equity", "non-equity"]})
    >>> models = pd.DataFrame({"statement_id": ["s1"], "iso2": ["DE"], "country": ["Germany"],
    ...     "stance": ["observed"], "modes": ["joint_venture"], "mode_types": ["non-equity"],
    ...     "quote": ["Germany prefers Joint venture"]})
    >>> country_mode_evidence(models, modes)[["mode_id", "level"]].to_numpy().tolist()
    [['joint_venture', 2], ['joint_rd', 1]]
    """
    if not include_recommended:
        models = models[models["stance"] == "observed"]
    named = _explode_ids(models, "modes").rename(columns={"modes": "mode_id"})
    named["level"] = 2
    typed = _explode_ids(models, "mode_types").merge(
        modes[["mode_id", "type"]], left_on="mode_types", right_on="type"
    )
    typed["level"] = 1
    links = pd.concat(
        [
            named[["iso2", "mode_id", "level", "statement_id", "quote"]],
            typed[["iso2", "mode_id", "level", "statement_id", "quote"]],
        ],
        ignore_index=True,
    ).sort_values("level", ascending=False, kind="stable")
    grouped = links.groupby(["iso2", "mode_id"], sort=False).agg(
        level=("level", "max"), statement_ids=("statement_id", tuple), passages=("quote", tuple)
    )
    countries = [iso for iso in COUNTRIES if iso in set(models["iso2"])]
    grid = pd.MultiIndex.from_product([countries, modes["mode_id"]], names=["iso2", "mode_id"])
    out = grouped.reindex(grid).reset_index()
    out["level"] = out["level"].fillna(0).astype(int)
    for column in ("statement_ids", "passages"):
        out[column] = [value if isinstance(value, tuple) else () for value in out[column]]
    out.insert(1, "country", out["iso2"].map(COUNTRIES))
    labels = modes.set_index("mode_id")
    out.insert(3, "mode", out["mode_id"].map(labels["mode"]))
    out.insert(4, "mode_type", out["mode_id"].map(labels["type"]))
    return out


def country_mode_matrix(evidence: pd.DataFrame, value: str = "level") -> pd.DataFrame:
    """Wide countries x modes view of :func:`country_mode_evidence`.

    ``value="level"`` gives the 0/1/2 levels (a heatmap's z); ``value="passages"`` the
    passages joined by blank lines (its hover text). Rows: country names; columns: mode
    labels, in table order.
    """
    if value not in ("level", "passages"):
        raise ValueError(f"value must be 'level' or 'passages', got {value!r}")
    cells = evidence[value] if value == "level" else evidence["passages"].map("\n\n".join)
    wide = evidence.assign(cell=cells).pivot(index="country", columns="mode", values="cell")
    return wide.reindex(index=pd.unique(evidence["country"]), columns=pd.unique(evidence["mode"]))


def paper_partner_types(models: pd.DataFrame, include_recommended: bool = False) -> pd.DataFrame:
    """The partner types the paper names per country, in :data:`PARTNER_TYPES` terms.

    A statement naming a partner kind (``partner_kinds``) is read as a tie between the
    country's firms and that kind. Returns ``iso2``, ``country``, ``partner_type``,
    ``statement_ids`` and ``passages`` (tuples), one row per named country and type.

    Examples
    --------
    >>> models = pd.DataFrame({"statement_id": ["j1"], "iso2": ["JP"], "stance": ["observed"],
    ...     "partner_kinds": ["university;research institute"], "quote": ["cooperates"]})
    >>> paper_partner_types(models)[["iso2", "partner_type"]].to_numpy().tolist()
    [['JP', 'firm-university/institute']]
    """
    if not include_recommended:
        models = models[models["stance"] == "observed"]
    kinds = _explode_ids(models, "partner_kinds")
    kinds["partner_type"] = kinds["partner_kinds"].map(_KIND_TO_TYPE)
    kinds = kinds.drop_duplicates(["iso2", "partner_type", "statement_id"])
    out = (
        kinds.groupby(["iso2", "partner_type"])
        .agg(statement_ids=("statement_id", tuple), passages=("quote", tuple))
        .reset_index()
    )
    out.insert(1, "country", out["iso2"].map(COUNTRIES))
    type_order = {t: i for i, t in enumerate(PARTNER_TYPES)}
    country_order = {iso: i for i, iso in enumerate(COUNTRIES)}
    return out.sort_values(
        ["iso2", "partner_type"],
        key=lambda s: s.map(country_order if s.name == "iso2" else type_order),
    ).reset_index(drop=True)


def _explode_ids(models: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per identifier in ``column`` (``ID_SEP``-separated); empty cells dropped."""
    ids = models[column].fillna("").str.split(ID_SEP)
    long = models.assign(**{column: ids}).explode(column)
    long[column] = long[column].str.strip()
    return long[long[column] != ""].reset_index(drop=True)
