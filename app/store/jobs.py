"""Reading an untrusted file in a child process, under hard limits on memory, CPU and time.

An upload is parsed where it cannot hurt the server: in a child process (forked from a
small "fork server" started once per worker, so a job costs milliseconds, not an
interpreter start) that limits its own address space and CPU time, reads under the ingest
limits (:mod:`app.ingest.limits`: unpacked size, rows, columns, cells) and is killed by its
parent when it overruns the wall-clock limit. A worker that asks for an import only waits
for a file to appear; it never holds what the parse builds.

A job is a folder ``<cache_dir>/jobs/<job id>/``:

``job.json``       what to read and how (written by the parent before the child starts)
``input/``         the uploaded file, or a folder of PatentsView tables
``frames/``        the parsed corpus, a complete cache entry (child; only on success)
``problems.parquet``  every rejected row and warning (child), paged and downloadable
``result.json``    what happened (child, or the parent when the child was killed)
``progress.json``  the stage the child has reached and the rows read so far, if known

At most ``settings().import_slots`` jobs parse at once per cache folder (a lock file per
slot), so many simultaneous uploads queue instead of each taking its memory limit.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import multiprocessing
import os
import re
import resource
import secrets
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from app.config import settings
from app.i18n import _, format_int, use_language
from app.ingest import limits, names, progress
from app.ingest.limits import Limits
from app.ingest.readers import patentsview
from app.ingest.report import problems_frame
from app.ingest.schema import Corpus, ImportReport, Problem
from app.ingest.uploads import read_upload, safe_file_name
from app.store.cache import content_digests, fingerprint, write_frames

__all__ = [
    "CORPUS_FRAMES",
    "INGEST_VERSION",
    "PROBLEMS_FILE",
    "PROBLEMS_FRAME",
    "REJECTED_COLUMNS",
    "age_seconds",
    "corpus_fingerprint",
    "create",
    "folder_of",
    "frames_folder",
    "input_path",
    "problem_lists",
    "read_progress",
    "read_result",
    "read_spec",
    "rejected_part",
    "report_from_record",
    "report_record",
    "run",
    "source_files",
    "start",
    "started_at",
    "verdict_of",
    "write_entry",
]

log = logging.getLogger(__name__)

# Bump when a reader's output changes for the same input: every cached corpus then misses.
INGEST_VERSION = "2"
CORPUS_FRAMES = ("patents", "applicants", "ipc")
PROBLEMS_FILE = "problems.parquet"
PROBLEMS_FRAME = "problems"  # the same frame inside a cache entry
REJECTED_COLUMNS = ("row", "field", "reason", "value")
INPUT = "input"
TABLES = "tables"  # several uploaded files (PatentsView tables) go into input/tables/
_SPEC, _RESULT, _FRAMES, _PROGRESS = "job.json", "result.json", "frames", "progress.json"
_JOB_ID = re.compile(r"[0-9a-f]{32}")
_QUEUE_SECONDS = 600  # how long a job may wait for a free slot
_GRACE_SECONDS = 15  # after the wall-clock limit, before the parent kills the child
_REPORT_PROBLEMS = 100  # rejected rows and warnings kept in the stored report (all: the file)


# ---------------------------------------------------------------- what every parse records


def corpus_fingerprint(
    files: Sequence[Path],
    fmt: str,
    mapping: dict | None,
    sep: str | None,
    aliases: Path,
    digests: Mapping[Path, bytes] | None = None,
) -> str:
    """The cache key of a corpus read from ``files``: their content, the reader and its
    options, the alias table (when present) and :data:`INGEST_VERSION`. ``digests``: see
    :func:`~app.store.cache.fingerprint`."""
    options = json.dumps({"m": mapping, "s": sep}, sort_keys=True)
    dependencies = [*files, aliases] if aliases.exists() else list(files)
    return fingerprint(dependencies, f"{fmt}|{INGEST_VERSION}|{options}", digests)


def source_files(source: Path, fmt: str) -> list[Path]:
    """The files a source is read from (a PatentsView set has several)."""
    if fmt == "patentsview":
        return patentsview.source_files(source)
    return [source]


def verdict_of(report: ImportReport) -> str:
    """green (imported as it is), amber (imported with problems the user must accept) or
    red (refused): the report's verdict."""
    return report.verdict


def rejected_part(problems: pd.DataFrame | None) -> pd.DataFrame:
    """The rejected rows of a problems frame: row, field, reason, value."""
    if problems is None or problems.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in REJECTED_COLUMNS})
    rejected = problems[problems["kind"] == "rejected"]
    return rejected.loc[:, list(REJECTED_COLUMNS)].reset_index(drop=True)


def problem_lists(problems: pd.DataFrame) -> tuple[list[Problem], list[Problem]]:
    """The rejected rows and the warnings of a problems frame, as report lists."""
    rows = problems["row"].astype("object").where(problems["row"].notna(), None).tolist()
    made = [
        (kind, Problem(None if row is None else int(row), field, reason, value))
        for kind, row, field, reason, value in zip(
            problems["kind"],
            rows,
            problems["field"],
            problems["reason"],
            problems["value"],
            strict=True,
        )
    ]
    return [p for k, p in made if k == "rejected"], [p for k, p in made if k != "rejected"]


def report_record(report: ImportReport) -> dict:
    """The report as stored (JSON): the first rejected rows and warnings, with their totals
    (the verdict and counts stay those of the whole report)."""
    record = report.to_dict()
    record["rejected"] = record["rejected"][:_REPORT_PROBLEMS]
    record["warnings"] = record["warnings"][:_REPORT_PROBLEMS]
    record["rejected_total"] = report.rejected_count
    record["warnings_total"] = report.warning_count
    return record


def report_from_record(raw: dict) -> ImportReport:
    """An :class:`ImportReport` from its stored record (the first problems only)."""
    return ImportReport.from_dict(raw)


def write_entry(entry: Path, corpus: Corpus, report: ImportReport, fingerprint_value: str) -> None:
    """Write ``corpus`` as the cache entry ``entry`` (frames and their integer views, every
    rejected row, the report)."""
    from app.store.corpora import stored_frames  # corpora imports this module: import late

    frames = stored_frames(corpus)
    frames[PROBLEMS_FRAME] = problems_frame(report)
    info = {
        "patents": len(corpus.patents),
        "notes": list(corpus.meta.notes),
        "report": report_record(report),
        "written_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
    }
    write_frames(entry, frames, fingerprint_value, info=info)


# ---------------------------------------------------------------------------- job folders


def folder_of(root: Path, job_id: object) -> Path | None:
    """The folder of job ``job_id`` under ``root``; None for anything but a job id."""
    if not isinstance(job_id, str) or not _JOB_ID.fullmatch(job_id):
        return None
    return root / job_id


def create(
    root: Path,
    spec: dict,
    files: Sequence[tuple[str, bytes | Path]] = (),
    source: Path | None = None,
) -> Path:
    """A new job folder holding ``files`` (or naming ``source``, read in place) and ``spec``.

    ``files``: ``(name, content)``, the content as bytes (an upload) or the path of a file
    to copy (the command line: the kernel copies it, nothing passes through memory).

    ``spec`` says: ``format`` (None: recognise), ``mapping``, ``sep``, ``language`` and
    ``name`` (the file name shown to the user); the limits in force now are added to it.
    """
    cfg = settings()
    root.mkdir(parents=True, exist_ok=True)
    folder = root / secrets.token_hex(16)
    target = folder / INPUT / TABLES if len(files) > 1 else folder / INPUT
    try:
        target.mkdir(parents=True)
        for name, data in files:
            if isinstance(data, Path):
                shutil.copyfile(data, target / safe_file_name(name))
            else:
                (target / safe_file_name(name)).write_bytes(data)
        record = {
            **spec,
            "source": str(source) if source is not None else None,
            "aliases": str(names.alias_path()),
            "limits": asdict(cfg.ingest_limits()),
            "max_bytes": cfg.max_upload_bytes,
            "memory_bytes": cfg.import_memory_bytes,
            "seconds": cfg.import_seconds,
            "slots": cfg.import_slots,
        }
        _write_json(folder / _SPEC, record)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def read_spec(folder: Path) -> dict | None:
    """The job's ``job.json`` (None: no such job)."""
    return _read_json(folder / _SPEC)


def read_result(folder: Path) -> dict | None:
    """The job's ``result.json`` (None: still running, or no such job).

    Keys: ``verdict``; ``report`` (see :func:`report_record`; absent when the child was
    stopped at a limit); ``choices`` (column mapping choices, for a table in no known
    format); ``problem`` (a message for the user when there is no report).
    """
    return _read_json(folder / _RESULT)


def input_path(folder: Path, spec: dict) -> Path:
    """What the job reads: the named source, the tables folder, or the one uploaded file."""
    if spec.get("source"):
        return Path(spec["source"])
    entries = sorted((folder / INPUT).iterdir())
    return entries[0]


def _write_json(path: Path, record: dict) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    tmp.write_text(json.dumps(record, ensure_ascii=False, default=str))
    os.replace(tmp, path)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


# ------------------------------------------------------------------------- the child side


class _Stopped(BaseException):
    """The wall-clock alarm or a termination signal arrived while reading (a BaseException,
    so that no reader's "any other problem" handler takes it for a problem of the file)."""


def _stop(signum, _frame):
    raise _Stopped(signum)


def _restrict(spec: dict) -> None:
    """Limit this process's memory and CPU (and be nice to the web workers)."""
    memory = int(spec["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(spec["seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    with contextlib.suppress(OSError):
        os.nice(5)


@contextlib.contextmanager
def _slot(root: Path, slots: int) -> Iterator[bool]:
    """Hold one of ``slots`` parse slots (lock files in ``root``); False when none came free
    within the queue time."""
    deadline = time.monotonic() + _QUEUE_SECONDS
    while True:
        for i in range(max(1, slots)):
            handle = (root / f".slot-{i}").open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                handle.close()
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                continue
            try:
                yield True
            finally:
                handle.close()  # releases the lock
            return
        if time.monotonic() > deadline:
            yield False
            return
        time.sleep(0.2)


def _memory_problem(spec: dict) -> str:
    return _(
        "{file} needs more than {limit} MB of memory to read, the most one import may use; "
        "split it into smaller files"
    ).format(file=spec["name"], limit=format_int(spec["memory_bytes"] / 2**20))


def _time_problem(spec: dict) -> str:
    return _(
        "{file} took longer than {limit} seconds to read, the most one import may take; "
        "split it into smaller files"
    ).format(file=spec["name"], limit=format_int(spec["seconds"]))


def _parse(folder: Path, spec: dict) -> dict:
    source = input_path(folder, spec)
    aliases = Path(spec["aliases"])
    try:
        table = names.load_aliases(aliases)
    except names.AliasFileError as exc:
        table = names.AliasTable.empty(f"alias table not used: {exc}")

    def record(stage: str, rows: int | None) -> None:
        _write_json(folder / _PROGRESS, {"stage": stage, "rows": rows})

    record(progress.READING, None)
    # a file's digest (for the fingerprints) is hashed while it is parsed: hashlib releases
    # the GIL, and reading 600 MB again at the end would add a second to every import
    with (
        ThreadPoolExecutor(max_workers=1) as pool,
        limits.enforced(Limits(**spec["limits"])),
        progress.listening(record),
    ):
        digested = pool.submit(content_digests, [source] if source.is_file() else [])
        corpus, report, choices = read_upload(
            source,
            spec.get("format"),
            mapping=spec.get("mapping"),
            sep=spec.get("sep") or None,
            aliases=table,
            max_bytes=spec["max_bytes"],
        )
    report.file = spec["name"]
    problems_frame(report).to_parquet(folder / PROBLEMS_FILE, index=False)
    result = {
        "verdict": verdict_of(report),
        "report": report_record(report),
        "choices": asdict(choices) if choices is not None else None,
    }
    if corpus is not None:
        record(progress.STORING, report.rows_read)
        fmt = corpus.meta.format
        files = source_files(source, fmt)
        mapping, sep = spec.get("mapping"), spec.get("sep") or None
        digests = digested.result()
        if list(digests) != files:  # a set of tables (PatentsView)
            digests = content_digests(files)  # read once for both fingerprints
        key = corpus_fingerprint(files, fmt, mapping, sep, aliases, digests)
        write_entry(folder / _FRAMES, corpus, report, key)
        options = json.dumps({"m": mapping, "s": sep}, sort_keys=True)
        # what the file is, whatever the alias table: names the upload (see app.store.uploads)
        content = fingerprint(files, f"{fmt}|{options}", digests)
        result |= {"format": fmt, "content": content}
    return result


def _child_main(folder_name: str) -> None:
    """The child process: restrict itself, wait for a slot, read, write ``result.json``."""
    folder = Path(folder_name)
    spec = read_spec(folder)
    if spec is None:
        return
    signal.signal(signal.SIGTERM, _stop)
    with use_language(spec.get("language") or "en"):
        try:
            _restrict(spec)
            with _slot(folder.parent, int(spec.get("slots") or 1)) as got_slot:
                if not got_slot:
                    problem = _("the server is busy with other imports; try again in a few minutes")
                    result = {"verdict": "red", "problem": problem}
                else:
                    signal.signal(signal.SIGALRM, _stop)
                    signal.alarm(int(spec["seconds"]))
                    result = _parse(folder, spec)
                    signal.alarm(0)
        except MemoryError:
            result = {"verdict": "red", "problem": _memory_problem(spec)}
        except _Stopped as stopped:
            if stopped.args and stopped.args[0] == signal.SIGALRM:
                result = {"verdict": "red", "problem": _time_problem(spec)}
            else:
                result = {"verdict": "red", "problem": _interrupted(spec)}
        except Exception:  # logged for us; the user gets one plain sentence
            log.exception("import job %s failed", folder.name)
            result = {"verdict": "red", "problem": _crashed(spec)}
        _write_json(folder / _RESULT, result)


def _interrupted(spec: dict) -> str:
    return _("the server restarted while {file} was being read; upload it again").format(
        file=spec["name"]
    )


def _crashed(spec: dict) -> str:
    return _(
        "reading {file} stopped unexpectedly (the problem has been logged); check the file "
        "and try again"
    ).format(file=spec["name"])


# ------------------------------------------------------------------------ the parent side

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload([__name__])


def _problem_from_exit(spec: dict, exitcode: int | None) -> str:
    """What a child that died without a result most likely hit."""
    if exitcode in (-signal.SIGXCPU, -signal.SIGKILL, -signal.SIGALRM):
        return _time_problem(spec)
    if exitcode in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
        return _memory_problem(spec)  # allocations failing outside Python's reach
    return _crashed(spec)


def _watch(process, folder: Path, spec: dict, on_done: Callable[[Path], None] | None) -> None:
    timeout = _QUEUE_SECONDS + int(spec["seconds"]) + _GRACE_SECONDS
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
    if read_result(folder) is None and folder.exists():
        with use_language(spec.get("language") or "en"):
            problem = _problem_from_exit(spec, process.exitcode)
        log.warning("import job %s ended with %s", folder.name, process.exitcode)
        _write_json(folder / _RESULT, {"verdict": "red", "problem": problem})
    if on_done is not None:
        try:
            on_done(folder)
        except Exception:  # the next poll of the job retries
            log.exception("finishing import job %s failed", folder.name)


def start(folder: Path, on_done: Callable[[Path], None] | None = None) -> threading.Thread:
    """Start the job's child; a watcher thread stops it at its limit, writes a result if
    the child could not, then calls ``on_done(folder)``. Returns the watcher (join it to
    wait)."""
    spec = read_spec(folder)
    if spec is None:
        raise FileNotFoundError(folder)
    process = _context.Process(target=_child_main, args=(str(folder),), daemon=True)
    process.start()
    watcher = threading.Thread(
        target=_watch, args=(process, folder, spec, on_done), daemon=True, name="import-job"
    )
    watcher.start()
    return watcher


def read_progress(folder: Path) -> dict | None:
    """The stage the job's child has reached, ``{"stage": ..., "rows": ... or None}`` (see
    :mod:`app.ingest.progress`), or None before it starts reading."""
    return _read_json(folder / _PROGRESS)


def run(
    folder: Path,
    on_done: Callable[[Path], None] | None = None,
    on_progress: Callable[[dict], None] | None = None,
    poll_seconds: float = 0.5,
) -> dict:
    """Run the job to its end (the CLI, re-parses, tests); returns its result.

    ``on_progress(record)`` (see :func:`read_progress`) is called every ``poll_seconds``
    while the child reads, and once more at the end."""
    watcher = start(folder, on_done)
    while watcher.is_alive():
        watcher.join(poll_seconds)
        if on_progress is not None and (record := read_progress(folder)) is not None:
            on_progress(record)
    return read_result(folder) or {"verdict": "red", "problem": _crashed(read_spec(folder))}


def started_at(folder: Path) -> float | None:
    """When the job was created (its ``job.json`` is written once, then never changed), in
    seconds since the epoch; None when there is no such job."""
    try:
        return (folder / _SPEC).stat().st_mtime
    except OSError:
        return None


def frames_folder(folder: Path) -> Path:
    """Where a successful job left its cache entry."""
    return folder / _FRAMES


def age_seconds(folder: Path) -> float:
    """Seconds since the job's folder last changed (0 when it is gone)."""
    try:
        return time.time() - folder.stat().st_mtime
    except OSError:
        return 0.0
