"""Uploaded datasets: whose they are, where they live, and what state they are in.

Under ``<cache_dir>/uploads/``:

``index.json``        every upload, id -> record: the one file a listing reads (and only when
                      it changed), however many uploads there are
``<dataset id>/``     ``meta.json`` (the record again, to rebuild the index from) and
                      ``source/`` (the file, or ``tables/`` of PatentsView tables)

The parsed frames live in ``<cache_dir>/corpora/<dataset id>/`` like every dataset's, and
an import runs as a job (:mod:`app.store.jobs`).

An upload belongs to an **owner**: an opaque string naming a browser's private workspace
(:mod:`app.workspace`), or :data:`SHARED` for uploads every visitor sees (imports from the
command line, generated benchmark corpora, and every upload when ``EV_SHARED_UPLOADS`` is
set). An owner sees the built-in datasets and the uploads that are theirs or shared; only
the owner deletes an upload. Dataset ids are checked against the index before anything
touches the disk, so an id from a browser can never name a path.

An upload is **active** (offered in the dataset selector) or **pending**: an import with
problems (verdict amber) waits for its owner to keep or discard it. A red import stores
nothing. Quotas (count and bytes per owner) are checked when an import starts and again
when it is stored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import pandas as pd

from app.config import settings
from app.i18n import _, current_language, format_int
from app.ingest import progress
from app.ingest.importer import ATTRIBUTION
from app.ingest.readers import patentsview
from app.ingest.schema import ImportReport
from app.ingest.table import InputError
from app.ingest.uploads import MappingChoices, shown_name
from app.store import jobs
from app.store.cache import file_lock, replace_folder

__all__ = [
    "ACTIVE",
    "PENDING",
    "SHARED",
    "ImportOptions",
    "ImportProgress",
    "ImportState",
    "QuotaError",
    "Upload",
    "add",
    "clean_debris",
    "clean_jobs",
    "confirm",
    "delete",
    "get",
    "import_now",
    "import_with_mapping",
    "is_upload_id",
    "job_problems",
    "job_progress",
    "job_state",
    "listed",
    "now",
    "rebuild_index",
    "source_path",
    "staging_folder",
    "start_import",
    "visible",
]

log = logging.getLogger(__name__)

SHARED = "*"
ACTIVE, PENDING = "active", "pending"
_UPLOAD_ID = re.compile(r"upload-[0-9a-f]{12}")
_INDEX, _META = "index.json", "meta.json"
_SOURCE = "source"
_JOB_KEEP_SECONDS = 3600  # a finished job's report stays readable this long
_DEBRIS_SECONDS = 3600  # hidden temporary folders older than this are leftovers of a crash


class QuotaError(Exception):
    """The owner has no room for another upload (the message is for the user)."""


@dataclass(frozen=True)
class Upload:
    """One uploaded dataset, as the index records it."""

    dataset_id: str
    owner: str
    state: str  # ACTIVE or PENDING
    label: str
    format: str
    source_name: str  # the file in source/, or jobs.TABLES
    original: str  # the name the user gave the file
    bytes: int  # the uploaded source's size (counts against the quota)
    patents: int
    imported_at: str
    verdict: str = "green"
    attribution: str = ""
    mapping: dict | None = None
    sep: str | None = None  # generic: one separator for every column (None: each its own)
    synthetic: bool = False


@dataclass(frozen=True)
class ImportState:
    """Where an import job stands, for the page that started it."""

    name: str  # the file as the user named it (shortened for messages)
    done: bool
    verdict: str | None = None  # green / amber / red once done
    report: ImportReport | None = None
    problem: str | None = None  # why it was refused when there is no report to say it
    dataset_id: str | None = None  # stored as this (active when green, pending when amber)
    choices: MappingChoices | None = None  # a table in no known format: offer a mapping


@dataclass(frozen=True)
class ImportProgress:
    """How far a running import has got, for the page that started it."""

    stage: str | None  # one of app.ingest.progress.STAGES; None: not reading yet (queued)
    rows: int | None  # rows read so far, once the file has been read
    seconds: float  # since the job started (its queueing included)


def _root() -> Path:
    return settings().cache_dir / "uploads"


def _lock() -> Path:
    """Held while the index or an upload folder changes (every thread, worker and instance
    sharing the cache folder)."""
    return settings().cache_dir / "locks" / "uploads.lock"


def _jobs_root() -> Path:
    return settings().cache_dir / "jobs"


def _corpora_root() -> Path:
    return settings().cache_dir / "corpora"


def is_upload_id(value: object) -> bool:
    """Is ``value`` shaped like an upload's dataset id (``upload-`` and 12 hex digits)?

    Examples
    --------
    >>> is_upload_id("upload-0123456789ab"), is_upload_id("upload-x/../../uploads/victim")
    (True, False)
    """
    return isinstance(value, str) and _UPLOAD_ID.fullmatch(value) is not None


# ------------------------------------------------------------------------------- the index

_index_memo: dict[str, tuple[tuple, dict[str, Upload], dict[str, list[Upload]]]] = {}


def _record(raw: dict) -> Upload | None:
    known = {f.name for f in fields(Upload)}
    try:
        upload = Upload(**{k: v for k, v in raw.items() if k in known})
    except TypeError:
        return None
    return upload if is_upload_id(upload.dataset_id) else None


def _loaded() -> tuple[dict[str, Upload], dict[str, list[Upload]]]:
    """The index (id -> upload) and the uploads by owner; read again only when it changed."""
    path = _root() / _INDEX
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}, {}
    key = (st.st_ino, st.st_mtime_ns, st.st_size)
    memo = _index_memo.get(str(path))
    if memo is not None and memo[0] == key:
        return memo[1], memo[2]
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError):
        log.warning("upload index %s unreadable: rebuilding it", path)
        return _loaded_after(rebuild_index)
    by_id = {u.dataset_id: u for r in raw.get("uploads", []) if (u := _record(r)) is not None}
    by_owner: dict[str, list[Upload]] = {}
    for upload in by_id.values():
        by_owner.setdefault(upload.owner, []).append(upload)
    for owned in by_owner.values():
        owned.sort(key=lambda u: u.imported_at, reverse=True)
    _index_memo[str(path)] = (key, by_id, by_owner)
    return by_id, by_owner


def _loaded_after(action) -> tuple[dict[str, Upload], dict[str, list[Upload]]]:
    action()
    _index_memo.clear()
    path = _root() / _INDEX
    return _loaded() if path.exists() else ({}, {})


def _write_index(by_id: dict[str, Upload]) -> None:
    """Replace the index (call with the lock held)."""
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{_INDEX}.{secrets.token_hex(4)}"
    records = sorted((asdict(u) for u in by_id.values()), key=lambda r: r["dataset_id"])
    tmp.write_text(json.dumps({"uploads": records}, ensure_ascii=False, indent=0))
    os.replace(tmp, root / _INDEX)


def rebuild_index() -> int:
    """Rebuild the index from every upload folder's ``meta.json``; returns how many.

    Run at start-up (a crash may have stored a folder without updating the index). Uploads
    stored before owners existed were listed for every visitor: they stay shared.
    """
    root = _root()
    if not root.exists():
        return 0
    with file_lock(_lock()):
        found = {}
        for folder in root.iterdir():
            if not is_upload_id(folder.name):
                continue
            try:
                meta = json.loads((folder / _META).read_text())
            except (OSError, ValueError):
                continue
            meta = {"owner": SHARED, "state": ACTIVE, "bytes": 0, "patents": 0} | meta
            meta |= {"dataset_id": folder.name, "imported_at": meta.get("imported_at") or ""}
            upload = _record(meta)
            if upload is not None:
                found[upload.dataset_id] = upload
        _write_index(found)
    return len(found)


def get(dataset_id: object) -> Upload | None:
    """The upload with this id (None: not an upload id, or no such upload)."""
    if not is_upload_id(dataset_id):
        return None
    return _loaded()[0].get(dataset_id)


def _may_see(upload: Upload, owner: str) -> bool:
    return upload.owner in (owner, SHARED)


def visible(dataset_id: object, owner: str) -> Upload | None:
    """The active upload ``dataset_id`` if ``owner`` may see it, else None."""
    upload = get(dataset_id)
    if upload is None or upload.state != ACTIVE or not _may_see(upload, owner):
        return None
    return upload


def listed(owner: str, *, pending: bool = False) -> list[Upload]:
    """The uploads ``owner`` sees (their own, then shared ones), newest first; active only
    unless ``pending``. Costs one ``stat`` of the index when nothing changed."""
    by_owner = _loaded()[1]
    found = [*by_owner.get(owner, [])]
    if owner != SHARED:
        found += by_owner.get(SHARED, [])
    return [u for u in found if pending or u.state == ACTIVE]


def source_path(upload: Upload) -> Path:
    """Where the upload's source is kept (a file, or a folder of PatentsView tables)."""
    return _root() / upload.dataset_id / _SOURCE / upload.source_name


def _entry(dataset_id: str) -> Path:
    return _corpora_root() / dataset_id


# ------------------------------------------------------------------------------ importing


def _quota_problem(owner: str, adding_bytes: int, replacing: str | None = None) -> str | None:
    cfg = settings()
    mine = [u for u in _loaded()[1].get(owner, []) if u.dataset_id != replacing]
    if len(mine) >= cfg.upload_quota:
        return _(
            "you already keep {count} uploads, the most one browser may keep; delete one on "
            "the Data page first"
        ).format(count=format_int(len(mine)))
    total = sum(u.bytes for u in mine) + adding_bytes
    if total > cfg.upload_quota_bytes:
        return _(
            "your uploads would take {size} MB, over the {limit} MB one browser may keep; "
            "delete one on the Data page first"
        ).format(size=format_int(total / 2**20), limit=format_int(cfg.upload_quota_bytes / 2**20))
    return None


@dataclass(frozen=True)
class ImportOptions:
    """How to read and name one import."""

    format: str | None = None  # one of app.ingest.importer.FORMATS; None: recognise it
    label: str | None = None  # name in the dataset list (default: the file name)
    mapping: dict | None = None  # generic format: field -> column
    sep: str | None = None  # generic: one separator for every column (None: each its own)
    original: str | None = None  # the file's name as the user knows it
    synthetic: bool = False  # generated data: labelled as not real wherever shown


def start_import(
    files: Sequence[tuple[str, bytes]],
    owner: str,
    options: ImportOptions = ImportOptions(),
    *,
    quota: bool = True,
) -> str:
    """Start importing uploaded ``(name, bytes)`` files for ``owner``; returns the job id.

    The import runs in the background (:mod:`app.store.jobs`); follow it with
    :func:`job_state`. A green import becomes an active dataset, an amber one a pending
    one, a red one stores nothing. Raises :class:`QuotaError` when ``owner`` has no room
    (``quota=False``: the command line, which imports for everyone).
    """
    folder = _new_job(files, owner, options, quota)
    jobs.start(folder, on_done=_finish)
    return folder.name


def import_now(
    path: Path,
    owner: str = SHARED,
    options: ImportOptions = ImportOptions(),
    *,
    quota=False,
    on_progress: Callable[[dict], None] | None = None,
) -> ImportState:
    """Import the file (or PatentsView folder) at ``path`` and wait for the outcome (the
    command line, benchmarks, tests); the job leaves nothing behind. The state's report
    holds every rejected row and warning (a stored report keeps the first ones only).
    ``on_progress``: called with the job's progress while it runs (see
    :func:`app.store.jobs.run`)."""
    files = [(f.name, f) for f in _files_to_read(Path(path))]  # copied, not read, here
    folder = _new_job(files, owner, options, quota)
    try:
        jobs.run(folder, on_done=_finish, on_progress=on_progress)
        state = job_state(owner, folder.name)
        problems = job_problems(owner, folder.name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # nobody will ask for this job again
    assert state is not None and state.done  # the job folder was ours and had finished
    if state.report is not None and problems is not None:
        state.report.rejected, state.report.warnings = jobs.problem_lists(problems)
        state.report.rejected_total = state.report.warnings_total = None
    return state


def _new_job(
    files: Sequence[tuple[str, bytes | Path]], owner: str, options: ImportOptions, quota: bool
) -> Path:
    if quota:
        size = sum(d.stat().st_size if isinstance(d, Path) else len(d) for _name, d in files)
        problem = _quota_problem(owner, size)
        if problem:
            raise QuotaError(problem)
    clean_jobs()
    original = options.original or files[0][0]
    spec = asdict(options) | {
        "owner": owner,
        "sep": options.sep or None,
        "name": shown_name(original),
        "original": original,
        "quota": quota,
        "language": current_language(),
    }
    return jobs.create(_jobs_root(), spec, files)


def _files_to_read(path: Path) -> list[Path]:
    """The file, or every PatentsView table beside (or in) it."""
    try:
        if patentsview.is_table_set(path):
            return patentsview.source_files(path)
    except InputError:
        pass  # the job reports what is wrong with it
    if path.is_dir():
        return sorted(f for f in path.iterdir() if f.is_file())
    return [path]


def _finished(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "finished.json").read_text())
    except (OSError, ValueError):
        return None


def _finish(folder: Path) -> dict | None:
    """Store a finished job's dataset (once, whoever calls first); returns the outcome."""
    with file_lock(_lock()):
        done = _finished(folder)
        if done is not None:
            return done
        spec, result = jobs.read_spec(folder), jobs.read_result(folder)
        if spec is None or result is None:
            return None
        outcome = {"dataset_id": None, "problem": None}
        if result.get("verdict") in ("green", "amber") and result.get("content"):
            dataset_id = (
                "upload-"
                + hashlib.sha256(f"{spec['owner']}|{result['content']}".encode()).hexdigest()[:12]
            )
            source = jobs.input_path(folder, spec)
            size = sum(f.stat().st_size for f in jobs.source_files(source, result["format"]))
            problem = _quota_problem(spec["owner"], size, dataset_id) if spec["quota"] else None
            if problem:
                outcome["problem"] = problem
            else:
                _store(folder, spec, result, dataset_id, size)
                outcome["dataset_id"] = dataset_id
        tmp = folder / ".finished.json"
        tmp.write_text(json.dumps(outcome, ensure_ascii=False))
        os.replace(tmp, folder / "finished.json")
        return outcome


def _store(folder: Path, spec: dict, result: dict, dataset_id: str, size: int) -> None:
    """Move the job's source and frames into place and record the upload (lock held)."""
    source = jobs.input_path(folder, spec)
    report = result["report"]
    fmt = result["format"]
    upload = Upload(
        dataset_id=dataset_id,
        owner=spec["owner"],
        state=ACTIVE if result["verdict"] == "green" else PENDING,
        label=spec.get("label")
        or _("{file} ({patents} patents, uploaded)").format(
            file=spec["name"], patents=format_int(report["patents"])
        ),
        format=fmt,
        source_name=jobs.TABLES if source.is_dir() else source.name,
        original=spec["original"],
        bytes=size,
        patents=int(report["patents"]),
        imported_at=now(),
        verdict=result["verdict"],
        attribution=ATTRIBUTION.get(fmt, ""),
        mapping=spec.get("mapping"),
        sep=spec.get("sep") or None,
        synthetic=bool(spec.get("synthetic")),
    )
    staged = staging_folder()
    (staged / _SOURCE).mkdir()
    source.rename(staged / _SOURCE / upload.source_name)
    replace_folder(jobs.frames_folder(folder), _entry(dataset_id))
    _add(staged, upload)


def now() -> str:
    """The time an upload is stored, as the index records it (ISO 8601, UTC)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())


def staging_folder() -> Path:
    """A new hidden folder beside the uploads, to prepare one in (see :func:`add`)."""
    root = _root()
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".staging-", dir=root))


def add(staged: Path, upload: Upload) -> None:
    """Put the upload prepared in ``staged`` (its ``source/``) in place and in the index,
    replacing one with the same id (benchmarks register generated corpora this way)."""
    with file_lock(_lock()):
        _add(staged, upload)


def _add(staged: Path, upload: Upload) -> None:
    """:func:`add` with the lock held."""
    (staged / _META).write_text(json.dumps(asdict(upload), ensure_ascii=False, indent=1))
    replace_folder(staged, _root() / upload.dataset_id)
    by_id = dict(_loaded()[0])
    by_id[upload.dataset_id] = upload
    _write_index(by_id)


def job_state(owner: str, job_id: object) -> ImportState | None:
    """Where ``owner``'s import ``job_id`` stands (None: no such job of theirs)."""
    folder = jobs.folder_of(_jobs_root(), job_id)
    spec = jobs.read_spec(folder) if folder is not None else None
    if spec is None or spec.get("owner") != owner:
        return None
    result = jobs.read_result(folder)
    if result is None:
        return ImportState(name=spec["name"], done=False)
    outcome = _finished(folder) or _finish(folder) or {}
    raw = result.get("report")
    report = jobs.report_from_record(raw) if raw else None
    problem = outcome.get("problem") or result.get("problem")
    verdict = "red" if outcome.get("problem") else result.get("verdict")
    choices = MappingChoices(**result["choices"]) if result.get("choices") else None
    return ImportState(
        name=spec["name"],
        done=True,
        verdict=verdict,
        report=report,
        problem=problem,
        dataset_id=outcome.get("dataset_id"),
        choices=choices,
    )


def job_progress(owner: str, job_id: object) -> ImportProgress | None:
    """How far ``owner``'s import ``job_id`` has got (None: no such job of theirs).

    The stage and rows are what the job's child last recorded (:func:`app.store.jobs.
    read_progress`); before it starts reading (waiting for a free slot) the stage is None.
    A finished job keeps its last record: ask :func:`job_state` whether it is done.
    """
    folder = jobs.folder_of(_jobs_root(), job_id)
    spec = jobs.read_spec(folder) if folder is not None else None
    if spec is None or spec.get("owner") != owner:
        return None
    started = jobs.started_at(folder)
    seconds = max(0.0, time.time() - started) if started is not None else 0.0
    record = jobs.read_progress(folder) or {}
    stage = record.get("stage") if record.get("stage") in progress.STAGES else None
    rows = record.get("rows")
    rows = rows if isinstance(rows, int) and not isinstance(rows, bool) and rows >= 0 else None
    return ImportProgress(stage=stage, rows=rows if stage is not None else None, seconds=seconds)


def import_with_mapping(
    owner: str, job_id: object, mapping: dict[str, str], sep: str | None, label: str | None
) -> str | None:
    """Import the file of ``owner``'s finished job ``job_id`` again, as a generic table with
    ``mapping`` (the column-mapping form); returns the new job's id (None: no such file of
    theirs waiting, e.g. after an hour). The file then waits in the new job (a mapping that
    fails can be corrected again). Raises :class:`QuotaError` like :func:`start_import`."""
    folder = jobs.folder_of(_jobs_root(), job_id)
    spec = jobs.read_spec(folder) if folder is not None else None
    if spec is None or spec.get("owner") != owner or _finished(folder) is None:
        return None
    source = jobs.input_path(folder, spec)
    if not source.is_file():
        return None
    options = ImportOptions("generic", label, mapping, sep, spec["original"])
    job = start_import([(source.name, source.read_bytes())], owner, options)
    shutil.rmtree(source.parent, ignore_errors=True)  # the new job has its own copy
    return job


def job_problems(owner: str, job_id: object) -> pd.DataFrame | None:
    """Every rejected row and warning of ``owner``'s import ``job_id`` (None: no such job
    of theirs, or not read yet)."""
    folder = jobs.folder_of(_jobs_root(), job_id)
    spec = jobs.read_spec(folder) if folder is not None else None
    if spec is None or spec.get("owner") != owner:
        return None
    try:
        return pd.read_parquet(folder / jobs.PROBLEMS_FILE)
    except (OSError, ValueError):
        return None


# ------------------------------------------------------------------- keep, discard, delete


def _change(owner: str, dataset_id: object, action) -> bool:
    upload = get(dataset_id)
    if upload is None or upload.owner != owner:
        return False
    with file_lock(_lock()):
        by_id = dict(_loaded()[0])
        upload = by_id.get(upload.dataset_id)
        if upload is None or upload.owner != owner:
            return False
        action(by_id, upload)
        _write_index(by_id)
    return True


def confirm(owner: str, dataset_id: object) -> bool:
    """Keep ``owner``'s pending upload: it becomes active. False: nothing to confirm."""

    def activate(by_id: dict[str, Upload], upload: Upload) -> None:
        kept = Upload(**(asdict(upload) | {"state": ACTIVE}))
        meta = _root() / upload.dataset_id / _META
        tmp = meta.with_name(f".{_META}.{secrets.token_hex(4)}")
        tmp.write_text(json.dumps(asdict(kept), ensure_ascii=False, indent=1))
        os.replace(tmp, meta)
        by_id[upload.dataset_id] = kept

    return _change(owner, dataset_id, activate)


def delete(owner: str, dataset_id: object) -> bool:
    """Remove ``owner``'s upload (active or pending) with its frames. False: not theirs."""

    def remove(by_id: dict[str, Upload], upload: Upload) -> None:
        del by_id[upload.dataset_id]
        for folder in (_root() / upload.dataset_id, _entry(upload.dataset_id)):
            if folder.exists():
                aside = Path(tempfile.mkdtemp(prefix=".deleted-", dir=folder.parent))
                folder.rename(aside / "gone")
                shutil.rmtree(aside, ignore_errors=True)

    return _change(owner, dataset_id, remove)


# --------------------------------------------------------------------------------- debris


def clean_jobs(max_age: float = _JOB_KEEP_SECONDS) -> int:
    """Remove import jobs older than ``max_age`` seconds (their report has been read or
    abandoned; a job still running is younger than its limits); returns how many."""
    root = _jobs_root()
    if not root.exists():
        return 0
    limit = max(max_age, settings().import_seconds + 900)
    removed = 0
    for folder in root.iterdir():
        if jobs.folder_of(root, folder.name) is None:
            continue
        if jobs.age_seconds(folder) > limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def clean_debris(max_age: float = _DEBRIS_SECONDS) -> int:
    """Remove what crashed or killed processes left behind; returns how many folders.

    Hidden temporary folders (staged uploads, half-written cache entries, entries moved
    aside) older than ``max_age`` seconds, finished jobs, the old ``incoming/`` staging
    area, and frames of uploads no longer in the index. Then the index is rebuilt from the
    upload folders. Run at start-up (:func:`app.main.create_app`, ``python -m app prepare``).
    """
    cache_dir = settings().cache_dir
    cutoff = time.time() - max_age
    removed = 0
    for parent in (_root(), _corpora_root()):
        if not parent.exists():
            continue
        for folder in parent.iterdir():
            try:
                stale = folder.is_dir() and folder.name.startswith(".")
                stale = stale and folder.stat().st_mtime < cutoff
            except OSError:
                continue
            if stale:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    incoming = cache_dir / "incoming"
    if incoming.exists():
        shutil.rmtree(incoming, ignore_errors=True)
        removed += 1
    removed += clean_jobs()
    rebuild_index()
    _index_memo.clear()
    known = _loaded()[0]
    corpora_root = _corpora_root()
    if corpora_root.exists():
        for entry in corpora_root.iterdir():
            if is_upload_id(entry.name) and entry.name not in known:
                try:
                    old = entry.stat().st_mtime < cutoff
                except OSError:
                    continue
                if old:  # a store interrupted between its two moves
                    shutil.rmtree(entry, ignore_errors=True)
                    removed += 1
    return removed
