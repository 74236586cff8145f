"""The patent datasets: built-in real corpora and uploaded exports, parsed once, cached.

A dataset is a source (file or PatentsView folder) plus how to read it. Three are built
in, found under ``settings().data_dir`` (EV_DATA_DIR, read-only):

- ``epo-h01m-2014`` (the default): the EPO's 2014 publications in CPC H01M, 2,196
  applications with every applicant, its country and the CPC codes (one year);
- ``lens-battery``: 797 Lens.org battery patents, 2014-2024, no IPC codes;
- ``ops-hydrogen``: 3,715 EPO OPS hydrogen and fuel-cell records with IPC/CPC codes.

Uploads, whose they are and what state they are in, are kept by :mod:`app.store.uploads`.
Every dataset's canonical frames (and their integer views) are persisted as Arrow IPC files
in ``<cache_dir>/corpora/<dataset_id>/`` beside a fingerprint of the source and of the alias
table, so a restart does not re-parse and an edited source (or alias table) does; an
upload is parsed again only in a child process under the upload limits
(:mod:`app.store.jobs`). A dataset id is looked up among the known ones before it names
any folder.
:func:`load_corpus` also keeps each corpus in memory per process (per gunicorn worker),
re-checking the source's size and modification time on every call (cheap) and its
content only when those change.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from app.config import settings
from app.i18n import N_, _
from app.ingest import names
from app.ingest.importer import import_export
from app.ingest.report import problems_frame
from app.ingest.schema import Corpus, CorpusMeta, ImportReport
from app.store import jobs, uploads
from app.store.cache import read_frame, read_frames, read_info, replace_folder, write_frames

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
    "problems",
    "register_corpus",
    "rejected_rows",
    "visible",
]

DEFAULT_DATASET = "epo-h01m-2014"
_FRAMES = jobs.CORPUS_FRAMES
_INDEX = "_index"  # suffix of the stored integer views of a frame (stored_frames)
_LABELS = "labels"
_INCIDENCE = "__"  # stored incidences: __<frame>__<column>__<scheme or _ALL>__indptr|indices
_ALL = "all"
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
        "label": N_("Battery patents at the EPO, CPC H01M, 2014 (EPO linked data)"),
        # who published the records, as a chart's source line names them (translated)
        "publisher": N_("European Patent Office, EP bibliographic data"),
        "attribution": (
            "European Patent Office, EP bibliographic data (Linked Open Data); extract by "
            "github.com/oceanumeric/ININ-tutorial"
        ),
        "notes": (
            N_(
                "Every EP publication of 2014 in CPC H01M (cells and batteries; fuel cells are "
                "H01M 8): 2,249 publications of 2,196 applications, with every applicant, its "
                "country as the EPO states it, and the inventive CPC codes. One year, one "
                "office: a slice of the field, not the field. Time series come from the Lens "
                "sample (2014-2024) and the OECD counts."
            ),
        ),
    },
    "lens-battery": {
        "parts": ("patents_lens_hrd4317k", "raw_patents.csv"),
        "format": "lens",
        "label": N_("Battery patents, Lens.org sample"),  # translated where shown
        "attribution": "Lens.org (export by github.com/HRD4317k/battery-patent-analysis)",
        "notes": (
            N_(
                "A real sample of 797 Lens.org battery patent records (US, CN, EP, JP, "
                "2014-2024), not a complete landscape."
            ),
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
    deletable: bool = False  # an upload of the owner who asked for the list
    pending: bool = False  # imported with problems: waits for its owner's keep or discard


def _entry(dataset_id: str) -> Path:
    """The cache entry of a known dataset (ids from anywhere else never name a folder)."""
    if dataset_id not in BUILTINS and not uploads.is_upload_id(dataset_id):
        raise _unknown(dataset_id)
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


def _upload_spec(upload: uploads.Upload) -> _Spec:
    return _Spec(
        dataset_id=upload.dataset_id,
        source=uploads.source_path(upload),
        format=upload.format,
        label=upload.label,
        attribution=upload.attribution,
        mapping=upload.mapping,
        sep=upload.sep,
        synthetic=upload.synthetic,
    )


def _spec(dataset_id: object) -> _Spec:
    if isinstance(dataset_id, str) and dataset_id in BUILTINS:
        return _builtin_spec(dataset_id)
    upload = uploads.get(dataset_id)
    if upload is None:
        raise _unknown(dataset_id)
    return _upload_spec(upload)


def _unknown(dataset_id: object) -> DatasetError:
    shown = repr(str(dataset_id)[:60])  # whatever was asked for, quoted and short
    return DatasetError(_("unknown dataset {dataset}").format(dataset=shown))


def _source_files(spec: _Spec) -> list[Path]:
    if spec.format == CANONICAL:
        return [spec.source / "fingerprint.json"]
    return jobs.source_files(spec.source, spec.format)


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
    return jobs.corpus_fingerprint(
        _source_files(spec), spec.format, spec.mapping, spec.sep, names.alias_path()
    )


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
    """The corpus, and whether it had to be parsed (False: memory or Parquet cache)."""
    spec = _spec(dataset_id)
    if not spec.source.exists():
        if not spec.builtin:
            raise DatasetError(_("the uploaded file of this dataset is missing"))
        raise DatasetError(
            f"{dataset_id}: source {spec.source} not found (set EV_DATA_DIR to the shared "
            "data folder)"
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
            if spec.format == CANONICAL:
                raise DatasetError(_("the stored frames of this dataset cannot be read"))
            (_parse_builtin if spec.builtin else _parse_upload)(spec, entry, fp)
            frames = read_frames(entry, fp)  # the mapped copy, shared with other workers
            if frames is None:
                raise DatasetError(_("the parsed data of this dataset cannot be read back"))
        corpus = corpus_from_frames(frames, _meta(spec, read_info(entry)))
        _memo[dataset_id] = (signature, corpus)
        return corpus, parsed


def _parse_builtin(spec: _Spec, entry: Path, fp: str) -> None:
    """Parse a built-in dataset here (trusted data, and too large for the upload limits)."""
    corpus, report = import_export(spec.source, spec.format, mapping=spec.mapping, sep=spec.sep)
    if corpus is None:
        raise DatasetError(f"{spec.dataset_id}: {report.error}")
    jobs.write_entry(entry, corpus, report, fp)


def _parse_upload(spec: _Spec, entry: Path, fp: str) -> None:
    """Parse an upload again (a new reader version or alias table) as it was first parsed:
    in a child process, under the upload limits."""
    job_spec = {
        "format": spec.format,
        "mapping": spec.mapping,
        "sep": spec.sep,
        "name": spec.source.name,
        "language": "en",
    }
    folder = jobs.create(settings().cache_dir / "jobs", job_spec, source=spec.source)
    try:
        result = jobs.run(folder)
        frames = jobs.frames_folder(folder)
        if not frames.exists():
            raise DatasetError(result.get("problem") or result["report"]["error"])
        if (read_info(frames) or {}).get("fingerprint") != fp:
            raise DatasetError(_("the uploaded file changed while it was read"))
        replace_folder(frames, entry)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


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
    keys = corpus.incidence_keys()
    # two at a time: sorting millions of pairs releases the GIL (the coded columns they
    # read were all computed above, so the threads share them instead of racing for them)
    with ThreadPoolExecutor(max_workers=2) as pool:
        incidences = list(pool.map(lambda key: corpus.incidence(*key), keys))
    for key, (indptr, indices) in zip(keys, incidences, strict=True):
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


def load_corpus(dataset_id: str = DEFAULT_DATASET) -> Corpus:
    """The dataset's canonical corpus (memory, then Parquet, then parse; in that order).

    Raises :class:`DatasetError` for an unknown dataset or a missing/unreadable source.
    """
    return ensure_cached(dataset_id)[0]


def dataset_report(dataset_id: str) -> ImportReport | None:
    """The import report of the dataset's cached parse (None before it is parsed).

    Its ``rejected`` holds the first rejected rows only: :func:`rejected_rows` has them all.
    """
    info = read_info(_entry(dataset_id))
    raw = (info or {}).get("report")
    return jobs.report_from_record(raw) if raw else None


def problems(dataset_id: str) -> pd.DataFrame:
    """Every rejected row and warning of the dataset's parse: kind, row, field, value, reason
    (empty before it is parsed)."""
    found = read_frame(_entry(dataset_id), jobs.PROBLEMS_FRAME)
    return found if found is not None else problems_frame(ImportReport("", ""))


def rejected_rows(dataset_id: str) -> pd.DataFrame:
    """Every rejected row of the dataset's parse: row, field, reason, value."""
    return jobs.rejected_part(problems(dataset_id))


def visible(dataset_id: object, owner: str) -> bool:
    """May ``owner`` open ``dataset_id``? Built-ins present here, and active uploads that
    are theirs or shared."""
    if isinstance(dataset_id, str) and dataset_id in BUILTINS:
        return _builtin_spec(dataset_id).source.exists()
    return uploads.visible(dataset_id, owner) is not None


def list_datasets(owner: str = uploads.SHARED, *, pending: bool = False) -> list[DatasetInfo]:
    """Built-in datasets (whether or not present here), then the uploads ``owner`` sees,
    newest first (pending ones too when ``pending``). Reads no upload folder."""
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
    for upload in uploads.listed(owner, pending=pending):
        out.append(
            DatasetInfo(
                dataset_id=upload.dataset_id,
                label=upload.label,
                format=upload.format,
                source=upload.original,
                builtin=False,
                available=True,
                attribution=upload.attribution,
                patents=upload.patents,
                imported_at=upload.imported_at,
                synthetic=upload.synthetic,
                deletable=upload.owner == owner,
                pending=upload.state == uploads.PENDING,
            )
        )
    return out


def import_file(
    path: Path | str,
    format: str | None = None,
    label: str | None = None,
    *,
    mapping: dict | None = None,
    sep: str | None = None,
    original: str | None = None,
    synthetic: bool = False,
    owner: str = uploads.SHARED,
    on_progress: Callable[[dict], None] | None = None,
) -> tuple[ImportReport, str | None]:
    """Import an export as a new dataset and wait for it; returns the report and the id.

    For scripted use (the command line, benchmarks): the file is read like an upload (in a
    child process, under the upload limits: ``settings().max_upload_bytes`` and the rest)
    and stored for ``owner`` (default: every visitor) without a quota; an import with
    problems is kept (the caller has the report). A failed import returns ``(report,
    None)`` and leaves every existing dataset and cache entry untouched. ``original`` names
    where the file came from (shown as the source and in the default label; default
    ``path``). ``synthetic`` marks generated data: the dashboard then labels it as not
    real wherever it is shown. ``on_progress(record)``: called about twice a second while
    the file is read with the stage reached and the rows read so far (see
    :func:`app.store.jobs.read_progress`).
    """
    path = Path(path)
    options = uploads.ImportOptions(format, label, mapping, sep, original or str(path), synthetic)
    state = uploads.import_now(path, owner, options, on_progress=on_progress)
    report = state.report or ImportReport(file=original or str(path), format=format or "unknown")
    if state.problem and not report.error:
        report.error = state.problem
    if state.dataset_id is not None and state.verdict == "amber":
        uploads.confirm(owner, state.dataset_id)
    return report, state.dataset_id


def register_corpus(corpus: Corpus, label: str) -> str:
    """Add an already built corpus (a generated one, for benchmarks) as a dataset.

    Its frames are written once, in the store's own format, as the dataset's source
    (format ``canonical``): nothing is parsed. The dataset is listed like an upload every
    visitor sees and keeps ``corpus.meta.synthetic``. Returns the dataset id.
    """
    # a generator's corpus is named by its parameters (size, seed): same name, same frames
    key = f"{CANONICAL}|{corpus.meta.dataset_id}|{corpus.n_patents}|{label}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    dataset_id = "upload-" + digest[:12]
    staged = uploads.staging_folder()
    info = {"patents": corpus.n_patents, "notes": list(corpus.meta.notes)}
    write_frames(staged / "source" / _CANONICAL_FOLDER, stored_frames(corpus), digest[:32], info)
    upload = uploads.Upload(
        dataset_id=dataset_id,
        owner=uploads.SHARED,
        state=uploads.ACTIVE,
        label=label,
        format=CANONICAL,
        source_name=_CANONICAL_FOLDER,
        original=corpus.meta.source,
        bytes=0,  # shared: no one's quota
        patents=corpus.n_patents,
        imported_at=uploads.now(),
        attribution=corpus.meta.attribution,
        synthetic=corpus.meta.synthetic,
    )
    uploads.add(staged, upload)
    with _lock:
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
