"""Applicant names: one spelling per applicant, its kind, and the curated alias table.

Normalisation (:func:`normalize_name`) makes the spellings of one applicant meet:
Unicode compatibility forms (full-width letters), upper case, punctuation to spaces, the
residence suffix ``[CN]``, and legal forms (``CO LTD``, ``INC``, ``GMBH``, ``KK``,
``株式会社``, ``有限公司`` ...) stripped. Then the alias table ``data/applicant_aliases.csv``
(columns ``alias,name,name_zh,country,kind,note``, curated by hand) maps known forms to one
display name: ``CONTEMPORARY AMPEREX TECHNOLOGY CO LTD`` and ``NINGDE CONTEMPORARY AMPEREX
TECH CO LTD`` to ``CATL``; ``name_zh`` is the applicant's Chinese name where one is publicly
known (宁德时代), for display in Chinese only. Both sides are normalised before matching, so
the table needs one row per spelling *after* normalisation, not per punctuation variant.

The kind of applicant (firm, university, research institute, government, individual) is
read from the name by rules (:func:`applicant_kinds`); the alias table's kind wins when it
gives one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from app.config import settings
from app.i18n import _
from app.ingest.countries import country_codes
from app.ingest.schema import APPLICANT_KINDS, Problem
from app.ingest.values import broadcast, map_unique

__all__ = [
    "ALIAS_COLUMNS",
    "AliasTable",
    "alias_path",
    "applicant_kind",
    "applicant_kinds",
    "load_aliases",
    "normalize_name",
    "normalize_names",
]

ALIAS_COLUMNS = ("alias", "name", "name_zh", "country", "kind", "note")
# a file written before the Chinese names were added still loads (without them)
_OPTIONAL_ALIAS_COLUMNS = ("name_zh",)

# Legal forms, written as they look after punctuation became spaces ("S.P.A." -> "S P A").
# Longer forms first so the alternation prefers them.
_LEGAL_FORMS = (
    r"GMBH & CO KG",
    r"& CO KG",
    r"LIMITED LIABILITY COMPANY",
    r"CO LTD",
    r"CO LIMITED",
    r"COMPANY LIMITED",
    r"LIMITED COMPANY",
    r"KABUSHIKI KAISHA",
    r"YUGEN KAISHA",
    r"K K",
    r"S P A",
    r"S A S",
    r"S A R L",
    r"S R L",
    r"S A",
    r"B V",
    r"N V",
    r"L L C",
    r"P L C",
    r"A S",
    r"& CO",
    r"LTDA",
    r"LTD",
    r"LIMITED",
    r"INCORPORATED",
    r"INC",
    r"CORPORATION",
    r"CORP",
    r"LLC",
    r"LLP",
    r"LP",
    r"PLC",
    r"GMBH",
    r"KGAA",
    r"KG",
    r"AG",
    r"KK",
    r"SAS",
    r"SARL",
    r"SPA",
    r"SRL",
    r"SA",
    r"BV",
    r"NV",
    r"ASA",
    r"AS",
    r"AB",
    r"OYJ",
    r"OY",
    r"SE",
    r"PTY",
    r"ULC",
    r"COMPANY",
    r"CO",
)
_FORMS = "|".join(f.replace(" ", r"\s+") for f in _LEGAL_FORMS)
_LEGAL_TAIL = re.compile(rf"(?:\s+(?:{_FORMS}))+$")
_LEGAL_HEAD = re.compile(r"^(?:THE|KABUSHIKI\s+KAISHA|KK)\s+")
_LEGAL_ANY = re.compile(rf"(?:^|\s)(?:{_FORMS})(?=\s|$)")
_CJK_LEGAL_TAIL = re.compile(
    r"(?:股份有限公司|有限责任公司|有限責任公司|有限公司|株式会社|有限会社|公司|주식회사)$"
)
_CJK_LEGAL_HEAD = re.compile(r"^(?:株式会社|有限会社|주식회사|\(株\))\s*")
_RESIDENCE = re.compile(r"\s*\[[A-Za-z]{2}\]\s*$")  # Espacenet "NAME [CC]"
_PUNCT = re.compile(r"[^\w&\s]|_")


def _clean(raw: str) -> str:
    """Upper case, compatibility forms folded, punctuation to spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKC", raw)
    text = _RESIDENCE.sub("", text).upper()
    text = _PUNCT.sub(" ", text.replace("&", " & "))
    return " ".join(text.split())


def _strip_legal(text: str) -> str:
    stripped = _LEGAL_TAIL.sub("", text)
    stripped = _LEGAL_HEAD.sub("", stripped)
    stripped = _CJK_LEGAL_HEAD.sub("", _CJK_LEGAL_TAIL.sub("", stripped)).strip()
    return stripped or text  # a name that is only a legal form keeps it


def normalize_name(raw: str) -> str:
    """The normalised form of one applicant name (the key the alias table is matched on).

    Examples
    --------
    >>> normalize_name("Contemporary Amperex Technology Co., Ltd.")
    'CONTEMPORARY AMPEREX TECHNOLOGY'
    >>> normalize_name("TOYOTA MOTOR CORP"), normalize_name("TOYOTA JIDOSHA KK")
    ('TOYOTA MOTOR', 'TOYOTA JIDOSHA')
    >>> normalize_name("SIEMENS GAMESA RENEWABLE ENERGY A/S [DK]")
    'SIEMENS GAMESA RENEWABLE ENERGY'
    >>> normalize_name("比亚迪股份有限公司"), normalize_name("株式会社デンソー")
    ('比亚迪', 'デンソー')
    """
    return _strip_legal(_clean(raw))


def normalize_names(raw: pd.Series) -> pd.Series:
    """Vectorised :func:`normalize_name` (each distinct name computed once)."""
    return map_unique(raw.fillna(""), normalize_name, dtype="str")


# --- applicant kind -------------------------------------------------------------------

_UNIVERSITY = re.compile(
    r"\b(?:UNIV|UNIVERSITY|UNIVERSITE|UNIVERSITAET|UNIVERSITAT|UNIVERSIDAD|UNIVERSIDADE|"
    r"UNIVERSITA|UNIVERSITEIT|COLLEGE|COLLEGES|HOCHSCHULE|POLYTECHNIC|POLYTECH|POLITECNICO|"
    r"ECOLE|REGENTS)\b|\bINST(?:ITUTE)?\s+(?:OF\s+)?TECH(?:NOLOGY|NOLOGIE)?\b"
    r"|大学|大學|(?<!科)学院|대학"
)
_INSTITUTE = re.compile(
    r"\b(?:INST|INSTITUTE|INSTITUT|INSTITUTT|INSTITUTO|ISTITUTO|ACAD|ACADEMY|ACADEMIE|"
    r"CAS|FRAUNHOFER|CNRS|COMMISSARIAT|RES\s+CT|RES\s+CTR|RESEARCH\s+CENT(?:ER|RE)|"
    r"NAT\s+LAB|NATIONAL\s+LABORATORY|LABORATOIRE)\b|研究院|研究所|科学院|研究中心|연구원|연구소"
)
_GOVERNMENT = re.compile(
    r"\b(?:GOV|GOVT|GOVERNMENT|MINISTRY|MINISTERE|MINISTERIUM|MINISTER|NAVY|ARMY|"
    r"AIR\s+FORCE|SECRETARY|DEPT\s+OF|DEPARTMENT\s+OF|US\s+DEPT|STATE\s+OF|REPUBLIC|"
    r"BUNDESREPUBLIK|ETAT\s+FRANCAIS|COMMONWEALTH\s+OF|CITY\s+OF|COUNTY\s+OF|PROVINCE\s+OF|"
    r"AS\s+REPRESENTED\s+BY|ADMINISTRATION|AGENCY)\b|政府"
)
# Words that make a short name an organisation rather than a "SURNAME GIVEN" person.
# fmt: off
_ORG_WORDS = frozenset({
    "TECH", "TECHNOLOGY", "TECHNOLOGIES", "TECHNOLOGIE", "IND", "INDUSTRY", "INDUSTRIES",
    "INDUSTRIAL", "ENERGY", "POWER", "MOTOR", "MOTORS", "ELECTRIC", "ELECTRICAL", "ELECTRONIC",
    "ELECTRONICS", "ELECTRO", "BATTERY", "BATTERIES", "SYSTEM", "SYSTEMS", "GROUP", "HOLDING",
    "HOLDINGS", "INT", "INTERNATIONAL", "CHEM", "CHEMICAL", "CHEMICALS", "MFG",
    "MANUFACTURING", "MATERIAL", "MATERIALS", "MAT", "SOLAR", "AUTO", "AUTOMOTIVE", "NEW",
    "LAB", "LABS", "ENG", "ENGINEERING", "SCIENCE", "SCIENCES", "SCI", "DEV", "DEVELOPMENT",
    "PREC", "SOLUTION", "SOLUTIONS", "GLOBAL", "NETWORKS", "SERVICES", "PRODUCTS", "DEVICES",
    "OPERATIONS", "ENTERPRISE", "ENTERPRISES", "VENTURES", "PARTNERS", "INNOVATION",
    "INNOVATIONS", "CELL", "CELLS", "FUEL", "HYDROGEN", "GAS", "OIL", "STEEL", "METAL",
    "METALS", "MINING", "AEROSPACE", "AIRCRAFT", "VEHICLE", "VEHICLES", "AMERICA", "AMERICAS",
    "CHINA", "JAPAN", "KOREA", "EUROPE", "ASIA", "PHARMA", "BIO", "MEDICAL", "SEMICONDUCTOR",
    "DISPLAY", "OPTICS", "NANO", "GRAPHENE", "LITHIUM", "TRUST", "FOUNDATION", "ASSOCIATION",
    "CENTER", "CENTRE", "HOSPITAL", "FUND", "BANK", "CAPITAL", "GRID", "WIND", "NUCLEAR",
    "EQUIP", "ELECTR", "FRANCE", "GERMANY", "DEUTSCHLAND", "USA", "UK", "CANADA", "ITALIA",
    "ITALY", "ESPANA", "SPAIN", "NEDERLAND", "BELGIUM", "SCHWEIZ", "SUISSE", "AUSTRIA",
    "SWEDEN", "NORWAY", "DENMARK", "FINLAND", "INDIA", "TAIWAN", "AUSTRALIA",
})
_PARTICLES = frozenset({
    "VAN", "VON", "DER", "DEN", "DE", "DU", "DA", "DI", "DOS", "DEL", "LA", "LE", "JR", "SR",
    "II", "III",
})
# fmt: on
_CJK_PERSON = re.compile(r"[\u4e00-\u9fff]{2,4}")
_CJK_ORG = re.compile(r"公司|大学|学院|研究|院|所|厂|集团|中心|局|部|会|社|株式|有限")


def applicant_kind(raw: str, is_inventor: bool = False) -> str:
    """The kind of applicant a name denotes, by rules on the name.

    In order: a university word (``UNIV``, ``大学``) makes a university, a research word
    (``INST``, ``ACADEMY``, ``CAS``, ``研究院``) a research institute, a public-body word
    (``MINISTRY``, ``NAVY``, ``GOVERNMENT``) a government, unless the name ends in a
    company's legal form (``... RES INSTITUTE CO LTD`` is a firm). Then any legal form makes
    a firm. A name that is also one of the record's inventors, or that looks like
    ``SURNAME GIVEN`` (two or three plain words, no legal form, no business word), is an
    individual: Lens lists inventors among the applicants. Other one-word names are firms
    (brands such as ``IBM``); longer unexplained names are unknown.

    State-owned enterprises (``STATE GRID CORP CHINA``) come out as firms: they are
    companies. The alias table can say otherwise.

    Examples
    --------
    >>> [applicant_kind(n) for n in ["UNIV TSINGHUA", "NAT UNIV CORP YOKOHAMA NAT UNIV",
    ...   "DALIAN INST CHEM & PHYSICS CAS", "US NAVY", "STATE GRID CORP CHINA",
    ...   "KIMURA KENJI", "WANG JIA-PING", "IBM", "AERI TIANJIN RES INSTITUTE CO LTD"]]
    ['university', 'university', 'research institute', 'government', 'firm', 'individual', \
'individual', 'firm', 'firm']
    """
    text = _clean(raw)
    if not text:
        return "unknown"
    company_tail = bool(_LEGAL_TAIL.search(text)) or bool(_CJK_LEGAL_TAIL.search(text))
    legal_any = company_tail or bool(_LEGAL_ANY.search(text))
    if is_inventor and not legal_any:
        return "individual"
    for pattern, kind in (
        (_UNIVERSITY, "university"),
        (_INSTITUTE, "research institute"),
        (_GOVERNMENT, "government"),
    ):
        if pattern.search(text):
            return "firm" if company_tail else kind
    if legal_any:
        return "firm"
    if _CJK_PERSON.fullmatch(text):
        return "unknown" if _CJK_ORG.search(text) else "individual"
    tokens = text.split()
    if any(t in _ORG_WORDS or not t.isalpha() or not t.isascii() for t in tokens):
        return "firm"
    core = [t for t in tokens if t not in _PARTICLES]
    if 2 <= len(core) <= 3:
        return "individual"
    return "firm" if len(tokens) == 1 else "unknown"


def applicant_kinds(raw: pd.Series, is_inventor: pd.Series | None = None) -> pd.Series:
    """Vectorised :func:`applicant_kind` (each distinct name and flag computed once)."""
    codes, uniques = pd.factorize(raw.fillna(""))
    flag = (
        np.zeros(len(raw), dtype=np.int64)
        if is_inventor is None
        else is_inventor.fillna(False).to_numpy(dtype=np.int64)
    )
    pair_codes, pairs = pd.factorize(codes.astype(np.int64) * 2 + flag)
    names = uniques.tolist()  # indexing an Arrow-backed array costs microseconds a value
    kinds = [applicant_kind(names[p // 2], bool(p % 2)) for p in pairs.tolist()]
    return broadcast(kinds, pair_codes, "str", raw.index)


# --- alias table ----------------------------------------------------------------------


class AliasFileError(ValueError):
    """The alias file cannot be used (wrong columns): the message names the file."""


@dataclass(frozen=True)
class AliasTable:
    """The curated alias table, keyed by normalised name.

    ``frame`` has columns ``key`` (normalised alias), ``name`` (display name), ``name_zh``
    (its Chinese name, "" where none is known), ``country`` (ISO alpha-2 or missing),
    ``kind`` (one of APPLICANT_KINDS or missing), ``note``. ``chinese_names``: display name
    -> Chinese name, for the names that have one.
    """

    frame: pd.DataFrame
    path: Path | None = None
    warnings: tuple[Problem, ...] = field(default_factory=tuple)
    chinese_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls, warning: str | None = None) -> AliasTable:
        """A table that maps nothing; ``warning`` says why (it goes into import reports)."""
        frame = pd.DataFrame({c: pd.Series([], dtype="str") for c in ("key", *ALIAS_COLUMNS)})
        return cls(frame=frame, warnings=(Problem(None, "", warning),) if warning else ())

    def __len__(self) -> int:
        return len(self.frame)

    def lookup(self, keys: pd.Series) -> pd.DataFrame:
        """``name``, ``name_zh``, ``country``, ``kind`` for each normalised key (missing where
        unknown; ``name_zh`` also where the applicant has no Chinese name)."""
        table = self.frame.drop_duplicates("key").set_index("key")
        table = table.assign(name_zh=table["name_zh"].replace("", None))
        out = pd.DataFrame(index=keys.index)
        position = table.index.get_indexer(keys.astype("str"))
        for column in ("name", "name_zh", "country", "kind"):
            # a trailing None is what unmatched keys (position -1) pick
            values = np.append(table[column].to_numpy(dtype=object), None)
            out[column] = pd.Series(values[position], index=keys.index, dtype="str")
        return out


def alias_path() -> Path:
    """Where the curated alias table lives: ``data/applicant_aliases.csv`` in the repo."""
    return settings().repo_data_dir / "applicant_aliases.csv"


def load_aliases(path: Path | None = None) -> AliasTable:
    """Read and check the alias table (cached per file version).

    A missing file gives an empty table and a warning: names are still normalised, only
    no aliases are applied. A file without the columns ``alias,name,country,kind,note``
    raises :class:`AliasFileError` (``name_zh`` may be missing: no Chinese names then).
    Bad cells (unknown kind, a country that is not a two-letter code, an alias that two rows
    send to different names, a second Chinese name for one name) are dropped with a warning
    naming the row.
    """
    path = Path(path) if path is not None else alias_path()
    if not path.exists():
        return AliasTable.empty(
            _("alias table {path} not found: names normalised without aliases").format(path=path)
        )
    return _load_aliases(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_aliases(path: Path, _mtime: int) -> AliasTable:
    try:
        raw = pd.read_csv(path, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError) as exc:
        raise AliasFileError(f"{path}: cannot be read as UTF-8 CSV ({exc})") from None
    raw.columns = [c.strip().lower() for c in raw.columns]
    for column in _OPTIONAL_ALIAS_COLUMNS:
        if column not in raw.columns:
            raw[column] = ""
    missing = [c for c in ALIAS_COLUMNS if c not in raw.columns]
    if missing:
        raise AliasFileError(
            f"{path}: missing column(s) {', '.join(missing)}; expected {','.join(ALIAS_COLUMNS)}"
        )
    frame = raw[list(ALIAS_COLUMNS)].apply(lambda s: s.str.strip())
    frame["row"] = np.arange(len(frame)) + 2  # spreadsheet row, header = 1
    warnings: list[Problem] = []

    def field_of(column: str) -> str:
        return f"{path.name}: {column}"

    empty = (frame["alias"] == "") | (frame["name"] == "")
    reason = _("alias or name empty; row ignored")
    warnings += [Problem(int(row), field_of("alias"), reason) for row in frame.loc[empty, "row"]]
    frame = frame[~empty]

    country = country_codes(frame["country"])
    bad_country = (frame["country"] != "") & country.isna()
    reason = _("not an ISO alpha-2 country code")
    warnings += [
        Problem(int(row), field_of("country"), reason, value)
        for row, value in frame.loc[bad_country, ["row", "country"]].itertuples(index=False)
    ]
    frame["country"] = country

    kind = frame["kind"].str.lower()
    bad_kind = (kind != "") & ~kind.isin(APPLICANT_KINDS)
    reason = _("not a known kind of applicant")
    warnings += [
        Problem(int(row), field_of("kind"), reason, value)
        for row, value in frame.loc[bad_kind, ["row", "kind"]].itertuples(index=False)
    ]
    frame["kind"] = kind.where((kind != "") & ~bad_kind, pd.NA)
    frame["name_zh"] = _one_chinese_name_per_name(frame, path.name, warnings)

    # each alias, and each display name itself, is a key
    by_alias = frame.assign(key=normalize_names(frame["alias"]))
    by_name = frame.assign(key=normalize_names(frame["name"]))
    keyed = pd.concat([by_alias, by_name], ignore_index=True)
    keyed = keyed[keyed["key"] != ""]
    first_name = keyed.groupby("key", sort=False)["name"].transform("first")
    clash = keyed[(keyed["name"] != first_name)].drop_duplicates("key")
    for row, key, name, other in (
        clash[["row", "key", "name"]].assign(other=first_name[clash.index]).itertuples(index=False)
    ):
        reason = _("{key} already maps to {other}; this name is ignored").format(
            key=key, other=other
        )
        warnings.append(Problem(int(row), field_of("name"), reason, name))
    keyed = keyed[keyed["name"] == first_name].drop_duplicates("key")
    chinese = frame[frame["name_zh"] != ""].drop_duplicates("name")
    return AliasTable(
        frame=keyed[["key", *ALIAS_COLUMNS]].reset_index(drop=True).astype("str"),
        path=path,
        warnings=tuple(warnings),
        chinese_names=dict(zip(chinese["name"], chinese["name_zh"], strict=True)),
    )


def _one_chinese_name_per_name(
    frame: pd.DataFrame, file: str, warnings: list[Problem]
) -> pd.Series:
    """Each row's Chinese name: the first one given for its display name (a row may leave it
    empty); a different one on a later row is reported and ignored."""
    given = frame[frame["name_zh"] != ""]
    first = given.groupby("name", sort=False)["name_zh"].first()
    clash = given[given["name_zh"] != given["name"].map(first)]
    for row, name, value in clash[["row", "name", "name_zh"]].itertuples(index=False):
        reason = _("{name} already has the Chinese name {first}; this one is ignored").format(
            name=name, first=first[name]
        )
        warnings.append(Problem(int(row), f"{file}: name_zh", reason, value))
    return frame["name"].map(lambda name: first.get(name, ""))
