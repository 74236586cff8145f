"""The patent datasets: built-in real corpora and uploaded exports, parsed once, cached.

A dataset is a source (file or PatentsView folder) plus how to read it. Three are built
in, found under ``settings().data_dir`` (EV_DATA_DIR, read-only):

- ``epo-h01m-2014`` (the default): the EPO's 2014 publications in CPC H01M, 2,196
  applications with every applicant, its country and the CPC codes (one year);
- ``lens-battery``: 797 Lens.org battery patents, 2014-2024, no IPC codes;
- ``ops-hydrogen``: 3,715 EPO OPS hydrogen and fuel-cell records with IPC/CPC codes.

Uploads (:func:`import_file`) are copied to ``<cache_dir>/uploads/<dataset_id>/`` with a
``meta.json``. Every dataset's canonical frames (and their integer views) are persisted as
Arrow IPC files in ``<cache_dir>/corpora/<dataset_id>/`` beside a fingerprint of the source
and of the alias table, so a restart does not re-parse and an edited source (or alias table)
does.
:func:`load_corpus` also keeps each corpus in memory per process (per gunicorn worker),
re-checking the source's size and modification time on every call (cheap) and its
content only when those change.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from app.config import settings
from app.i18n import N_
from app.ingest import names
from app.ingest.importer import ATTRIBUTION, import_export
from app.ingest.readers import patentsview
from app.ingest.schema import Corpus, CorpusMeta, ImportReport
from app.store.cache import fingerprint, read_frames, read_info, write_frames

__all__ = [
    "BUILTINS",
    "DEFAULT_DATASET",
    "DatasetError",
    "DatasetInfo",
    "alias_table",
    "dataset_report",
    "download_frames",
    "ensure_cached",
    "import_file",
    "list_datasets",
    "load_corpus",
    "register_corpus",
]

DEFAULT_DATASET = "epo-h01m-2014"
# Bump when a reader's output changes for the same input: every cached corpus then misses.
INGEST_VERSION = "2"
_FRAMES = ("patents", "applicants", "ipc")
_INDEX = "_index"  # suffix of the stored integer views of a frame (stored_frames)
_LABELS = "labels"
_INCIDENCE = "__"  # stored incidences: __<frame>__<column>__<scheme or _ALL>__indptr|indices
_ALL = "all"
_TABLES_FOLDER = "tables"  # where an upload's PatentsView tables are copied
CANONICAL = "canonical"  # format of a dataset registered as built frames (register_corpus)
_CANONICAL_FOLDER = "frames"


class DatasetError(Exception):
    """An unknown dataset, or one whose source is missing or unreadable (message for users)."""


@dataclass(frozen=True)
class _Spec:
    dataset_id: str
    source: Path
    format: str
    label: str
    attribution: str
    notes: tuple[str, ...] = ()
    builtin: bool = False
    mapping: dict | None = None
    sep: str | None = None  # generic: one separator for all columns (None: each its own)
    synthetic: bool = False  # generated data (benchmarks, tests): labelled, never shown as real


BUILTINS: dict[str, dict] = {
    "epo-h01m-2014": {
        "parts": ("patents_epo_h01m_2014_oceanumeric", "patent_H01M_2014.csv"),
        "format": "epo-linked",
        "label": "Battery patents at the EPO, CPC H01M, 2014 (EPO linked data)",
        "attribution": (
            "European Patent Office, EP bibliographic data (Linked Open Data); extract by "
            "github.com/oceanumeric/ININ-tutorial"
        ),
        "notes": (
            "Every EP publication of 2014 in CPC H01M (cells and batteries; fuel cells are "
            "H01M 8): 2,249 publications of 2,196 applications, with every applicant, its "
            "country as the EPO states it, and the inventive CPC codes. One year, one office: "
            "a slice of the field, not the field. Time series come from the Lens sample "
            "(2014-2024) and the OECD counts.",
        ),
    },
    "lens-battery": {
        "parts": ("patents_lens_hrd4317k", "raw_patents.csv"),
        "format": "lens",
        "label": N_("Battery patents, Lens.org sample"),  # translated where shown
        "attribution": "Lens.org (export by github.com/HRD4317k/battery-patent-analysis)",
        "notes": (
            "A real sample of 797 Lens.org battery patent records (US, CN, EP, JP, "
            "2014-2024), not a complete landscape.",
        ),
    },
    "ops-hydrogen": {
        "parts": ("patents_ops_hydrogen_josuecaldasv", "hydrogen_ops_biblio_flat.csv"),
        "format": "ops-flat",
        "label": N_("Hydrogen and fuel-cell patents (EPO OPS sample)"),
        "attribution": "EPO / Espacenet OPS (records from github.com/josuecaldasv)",
        "notes": (),
    },
}


@dataclass(frozen=True)
class DatasetInfo:
    """One entry of the dataset selector."""

    dataset_id: str
    label: str
    format: str
    source: str
    builtin: bool
    available: bool  # the source is present on this machine
    attribution: str = ""
    patents: int | None = None  # known once the dataset has been parsed and cached
    imported_at: str | None = None  # uploads only
    synthetic: bool = False  # generated data (benchmarks): never to be shown as real


def _uploads_dir() -> Path:
    return settings().cache_dir / "uploads"


def _entry(dataset_id: str) -> Path:
    return settings().cache_dir / "corpora" / dataset_id


def _builtin_spec(dataset_id: str) -> _Spec:
    spec = BUILTINS[dataset_id]
    return _Spec(
        dataset_id=dataset_id,
        source=settings().data_dir.joinpath(*spec["parts"]),
        format=spec["format"],
        label=spec["label"],
        attribution=spec["attribution"],
        notes=spec["notes"],
        builtin=True,
    )


def _upload_spec(dataset_id: str) -> _Spec | None:
    folder = _uploads_dir() / dataset_id
    try:
        meta = json.loads((folder / "meta.json").read_text())
    except (OSError, ValueError):
        return None
    return _Spec(
        dataset_id=dataset_id,
        source=folder / "source" / meta["source_name"],
        format=meta["format"],
        label=meta["label"],
        attribution=meta.get("attribution", ""),
        mapping=meta.get("mapping"),
        sep=meta.get("sep", ";"),
        synthetic=bool(meta.get("synthetic", False)),
    )


def _spec(dataset_id: str) -> _Spec:
    if dataset_id in BUILTINS:
        return _builtin_spec(dataset_id)
    spec = _upload_spec(dataset_id) if dataset_id.startswith("upload-") else None
    if spec is None:
        raise DatasetError(f"unknown dataset {dataset_id!r}")
    return spec


def _source_files(spec: _Spec) -> list[Path]:
    if spec.format == CANONICAL:
        return [spec.source / "fingerprint.json"]
    if spec.format == "patentsview":
        return patentsview.source_files(spec.source)
    return [spec.source]


def _dependencies(spec: _Spec) -> list[Path]:
    """Files whose content decides the corpus: the source and the alias table."""
    files = _source_files(spec)
    aliases = names.alias_path()
    return [*files, aliases] if aliases.exists() else files


def _signature(spec: _Spec) -> tuple:
    """Cheap change detector: sizes and modification times (the alias file's absence too)."""
    stats = []
    for path in [*_source_files(spec), names.alias_path()]:
        try:
            st = path.stat()
            stats.append((str(path), st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append((str(path), None, None))
    return tuple(stats)


def _fingerprint(spec: _Spec) -> str:
    options = json.dumps({"m": spec.mapping, "s": spec.sep}, sort_keys=True)
    return fingerprint(_dependencies(spec), extra=f"{spec.format}|{INGEST_VERSION}|{options}")


def _meta(spec: _Spec, info: dict | None) -> CorpusMeta:
    reader_notes = tuple((info or {}).get("notes", ()))
    patents = (info or {}).get("patents")
    label = spec.label
    if spec.builtin and patents is not None:
        label = f"{label} ({patents:,})"
    return CorpusMeta(
        dataset_id=spec.dataset_id,
        label=label,
        source=str(spec.source),
        format=spec.format,
        attribution=spec.attribution,
        notes=spec.notes + reader_notes,
        synthetic=spec.synthetic,
    )


_memo: dict[str, tuple[tuple, Corpus]] = {}
_lock = threading.Lock()


def ensure_cached(dataset_id: str = DEFAULT_DATASET) -> tuple[Corpus, bool]:
    """The corpus, and whether it had to be parsed (False: memory or the stored files)."""
    spec = _spec(dataset_id)
    if not spec.source.exists():
        raise DatasetError(
            f"{dataset_id}: source {spec.source} not found"
            + (" (set EV_DATA_DIR to the shared data folder)" if spec.builtin else "")
        )
    with _lock:
        signature = _signature(spec)
        hit = _memo.get(dataset_id)
        if hit is not None and hit[0] == signature:
            return hit[1], False
        entry = _entry(dataset_id)
        if spec.format == CANONICAL:  # already canonical: read straight from its folder
            entry = spec.source
            fp = (read_info(entry) or {}).get("fingerprint", "")
        else:
            fp = _fingerprint(spec)
        frames = read_frames(entry, fp)
        parsed = frames is None
        if parsed:
            corpus, report = import_export(
                spec.source, spec.format, mapping=spec.mapping, sep=spec.sep
            )
            if corpus is None:
                raise DatasetError(f"{dataset_id}: {report.error}")
            write_frames(entry, stored_frames(corpus), fp, info=_cache_info(corpus, report))
            frames = read_frames(entry, fp)  # the mapped copy, shared with other workers
        corpus = corpus_from_frames(frames, _meta(spec, read_info(entry)))
        _memo[dataset_id] = (signature, corpus)
        return corpus, parsed


def stored_frames(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """What the store writes for a corpus: its three frames and its integer views.

    The views (each child row's patent position, the coded columns, each patent's distinct
    values of the columns networks read; see :class:`~app.ingest.schema.Corpus`) are
    written as ``<frame>_index`` frames of plain integers, one ``labels`` frame and two
    one-column frames per incidence, so a worker maps them like the frames instead of
    recomputing them (seconds on a million-patent corpus).
    """
    frames = {name: getattr(corpus, name) for name in _FRAMES}
    for frame, arrays in corpus.index_arrays().items():
        frames[f"{frame}{_INDEX}"] = pd.DataFrame(arrays)
    labels = [
        pd.DataFrame({"frame": frame, "column": column, "label": pd.Series(values, dtype="str")})
        for (frame, column), values in corpus.index_labels().items()
    ]
    frames[_LABELS] = pd.concat(labels, ignore_index=True)
    for key in corpus.incidence_keys():
        indptr, indices = corpus.incidence(*key)
        name = _INCIDENCE.join(part or _ALL for part in key)
        frames[f"{_INCIDENCE}{name}{_INCIDENCE}indptr"] = pd.DataFrame({"v": indptr})
        frames[f"{_INCIDENCE}{name}{_INCIDENCE}indices"] = pd.DataFrame({"v": indices})
    return frames


def corpus_from_frames(frames: dict[str, pd.DataFrame], meta: CorpusMeta) -> Corpus:
    """The corpus :func:`stored_frames` wrote, read back (its integer views adopted)."""
    corpus = Corpus(**{name: frames[name] for name in _FRAMES}, meta=meta)
    if _LABELS in frames:
        grouped = frames[_LABELS].groupby(["frame", "column"], sort=False)["label"]
        labels = {key: np.asarray(values, dtype=object) for key, values in grouped}
        arrays = {
            frame: {column: frames[f"{frame}{_INDEX}"][column].to_numpy() for column in columns}
            for frame, columns in (
                (name[: -len(_INDEX)], frames[name].columns)
                for name in frames
                if name.endswith(_INDEX)
            )
        }
        corpus.seed_index(arrays, labels)
    for name in frames:
        if name.startswith(_INCIDENCE) and name.endswith("indptr"):
            frame, column, scheme = name.split(_INCIDENCE)[1:4]
            indices = frames[name.removesuffix("indptr") + "indices"]["v"].to_numpy()
            key = (frame, column, None if scheme == _ALL else scheme)
            corpus.seed_incidence(key, frames[name]["v"].to_numpy(), indices)
    return corpus


def _cache_info(corpus: Corpus, report: ImportReport) -> dict:
    return {
        "patents": len(corpus.patents),
        "notes": list(corpus.meta.notes),
        "report": report.to_dict(),
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def load_corpus(dataset_id: str = DEFAULT_DATASET) -> Corpus:
    """The dataset's canonical corpus (memory, then the stored files, then parse; in that order).

    Raises :class:`DatasetError` for an unknown dataset or a missing/unreadable source.
    """
    return ensure_cached(dataset_id)[0]


def dataset_report(dataset_id: str) -> ImportReport | None:
    """The import report of the dataset's cached parse (None before it is parsed)."""
    info = read_info(_entry(dataset_id))
    raw = (info or {}).get("report")
    return ImportReport.from_dict(raw) if raw else None


def list_datasets() -> list[DatasetInfo]:
    """Built-in datasets (whether or not present here), then uploads, newest first."""
    out = []
    for dataset_id in BUILTINS:
        spec = _builtin_spec(dataset_id)
        info = read_info(_entry(dataset_id)) or {}
        out.append(
            DatasetInfo(
                dataset_id=dataset_id,
                label=_meta(spec, info).label,
                format=spec.format,
                source=str(spec.source),
                builtin=True,
                available=spec.source.exists(),
                attribution=spec.attribution,
                patents=info.get("patents"),
            )
        )
    uploads = []
    root = _uploads_dir()
    for folder in sorted(root.iterdir()) if root.exists() else []:
        spec = _upload_spec(folder.name)
        if spec is None:
            continue
        meta = json.loads((folder / "meta.json").read_text())
        uploads.append(
            DatasetInfo(
                dataset_id=spec.dataset_id,
                label=spec.label,
                format=spec.format,
                source=meta.get("original", str(spec.source)),
                builtin=False,
                available=spec.source.exists(),
                attribution=spec.attribution,
                patents=meta.get("patents"),
                imported_at=meta.get("imported_at"),
                synthetic=spec.synthetic,
            )
        )
    uploads.sort(key=lambda d: d.imported_at or "", reverse=True)
    return out + uploads


def _stage_upload(path: Path, files: list[Path], meta: dict) -> Path:
    """Copy the source into a temporary folder beside the uploads (renamed into place later)."""
    root = _uploads_dir()
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    target = folder / "source" / meta["source_name"]
    if meta["source_name"] == _TABLES_FOLDER:
        target.mkdir(parents=True)
        for file in files:
            shutil.copy2(file, target / file.name)
    else:
        target.parent.mkdir()
        shutil.copy2(path, target)
    (folder / "meta.json").write_text(json.dumps(meta, indent=1))
    return folder


def import_file(
    path: Path | str,
    format: str | None = None,
    label: str | None = None,
    *,
    mapping: dict | None = None,
    sep: str | None = None,
    original: str | None = None,
    synthetic: bool = False,
) -> tuple[ImportReport, str | None]:
    """Import an export as a new dataset; returns the report and the dataset id.

    The file is read and checked first (size limit ``settings().max_upload_bytes``); only
    a successful import writes anything (a copy of the source under
    ``<cache_dir>/uploads`` and its stored frames). A failed import returns
    ``(report, None)`` and leaves every existing dataset and cache entry untouched.
    ``original`` names where the file came from (the Data page passes the browser's file
    name, since ``path`` is then a temporary copy); it is shown as the source and in the
    default label; default ``path``. ``synthetic`` marks generated data (benchmarks): the
    dashboard then labels it as not real wherever it is shown.
    """
    path = Path(path)
    corpus, report = import_export(
        path, format, mapping=mapping, sep=sep, max_bytes=settings().max_upload_bytes
    )
    if original:
        report.file = original
    if corpus is None:
        return report, None
    fmt = corpus.meta.format
    files = patentsview.source_files(path) if fmt == "patentsview" else [path]
    options = json.dumps({"m": mapping, "s": sep}, sort_keys=True)
    dataset_id = "upload-" + fingerprint(files, extra=f"{fmt}|{options}")[:12]
    as_folder = fmt == "patentsview" and (path.is_dir() or files != [path])
    meta = {
        "label": label or f"{original or path.name} ({len(corpus.patents):,} patents, uploaded)",
        "format": fmt,
        "source_name": _TABLES_FOLDER if as_folder else path.name,
        "original": original or str(path),
        "attribution": ATTRIBUTION.get(fmt, ""),
        "mapping": mapping,
        "sep": sep,
        "patents": len(corpus.patents),
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "synthetic": synthetic,
    }
    staged = _stage_upload(path, files, meta)
    final = _uploads_dir() / dataset_id
    with _lock:
        if final.exists():  # the same file again: replace its folder (new label)
            shutil.rmtree(final)
        staged.rename(final)
        _memo.pop(dataset_id, None)
    spec = _spec(dataset_id)
    info = _cache_info(corpus, report)
    write_frames(_entry(dataset_id), stored_frames(corpus), _fingerprint(spec), info=info)
    return report, dataset_id


def register_corpus(corpus: Corpus, label: str) -> str:
    """Add an already built corpus (a generated one, for benchmarks) as a dataset.

    Its frames are written once, in the store's own format, as the dataset's source
    (format ``canonical``): nothing is parsed. The dataset is listed like an upload and
    keeps ``corpus.meta.synthetic``. Returns the dataset id.
    """
    # a generator's corpus is named by its parameters (size, seed): same name, same frames
    key = f"{CANONICAL}|{corpus.meta.dataset_id}|{corpus.n_patents}|{label}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    dataset_id = "upload-" + digest[:12]
    root = _uploads_dir()
    root.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    info = {"patents": corpus.n_patents, "notes": list(corpus.meta.notes)}
    write_frames(staged / "source" / _CANONICAL_FOLDER, stored_frames(corpus), digest[:32], info)
    meta = {
        "label": label,
        "format": CANONICAL,
        "source_name": _CANONICAL_FOLDER,
        "original": corpus.meta.source,
        "attribution": corpus.meta.attribution,
        "patents": corpus.n_patents,
        "imported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "synthetic": corpus.meta.synthetic,
    }
    (staged / "meta.json").write_text(json.dumps(meta, indent=1))
    final = root / dataset_id
    with _lock:
        if final.exists():
            shutil.rmtree(final)
        staged.rename(final)
        _memo.pop(dataset_id, None)
    return dataset_id


def download_frames(dataset_id: str) -> dict[str, pd.DataFrame]:
    """The dataset's normalised frames for download: patents, applicants, ipc, aliases."""
    corpus = load_corpus(dataset_id)
    return {
        "patents": corpus.patents,
        "applicants": corpus.applicants,
        "ipc": corpus.ipc,
        "aliases": alias_table(dataset_id),
    }


def alias_table(dataset_id: str) -> pd.DataFrame:
    """The dataset's applicant names as an alias table users can read, correct and extend.

    One row per raw name, in the columns of ``data/applicant_aliases.csv``
    (``alias,name,name_zh,country,kind,note``) plus ``patents`` (records naming it) and
    ``country_rule``; most frequent first. ``name_zh`` is the name's Chinese name where the
    curated table gives one. ``note`` says where name, country and kind came from, so a
    curator sees which rows are proxies worth checking.
    """
    apps = load_corpus(dataset_id).applicants
    if apps.empty:
        return pd.DataFrame(columns=[*names.ALIAS_COLUMNS, "patents"])
    grouped = (
        apps.astype({"country": "str", "country_rule": "str", "kind": "str"})
        .groupby("name_raw", sort=False)
        .agg(
            name=("name", "first"),
            country=("country", "first"),
            kind=("kind", "first"),
            country_rule=("country_rule", "first"),
            patents=("patent_id", "nunique"),
        )
        .reset_index()
        .rename(columns={"name_raw": "alias"})
    )
    grouped["note"] = "country from " + grouped["country_rule"].str.replace("_", " ")
    chinese = grouped["name"].map(names.load_aliases().chinese_names)
    grouped["name_zh"] = chinese.where(chinese.notna(), "")
    grouped = grouped.sort_values(["patents", "alias"], ascending=[False, True])
    return grouped[[*names.ALIAS_COLUMNS, "patents", "country_rule"]]
