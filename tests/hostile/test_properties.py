"""Property-based tests of what reads untrusted input (hypothesis): whatever the bytes, the
readers answer with a table, a report or a message for the user, never another exception."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import callback_guard, services
from app.config import settings as app_settings
from app.ingest import limits
from app.ingest.importer import import_export
from app.ingest.names import AliasTable
from app.ingest.table import InputError, decode, read_table
from app.ingest.uploads import check_upload, read_upload, safe_file_name

NO_ALIASES = AliasTable.empty()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
# text that looks like a delimited export: separators, quotes, line breaks, odd characters
csv_text = st.text(
    alphabet=st.sampled_from(list(',;\t|"\r\n ab1Lens ID\x00\ufeffé专利')), max_size=400
)


def _file(data: bytes, suffix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hyp-"))
    path = folder / f"upload{suffix}"
    path.write_bytes(data)
    return path


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_gives_text_or_a_message(data):
    try:
        text, warnings = decode(data, "f.csv")
    except InputError as exc:
        assert str(exc)
        return
    assert isinstance(text, str) and "\x00" not in text and isinstance(warnings, list)


@SETTINGS
@given(csv_text)
def test_read_table_gives_a_consistent_table_or_a_message(text):
    path = _file(text.encode("utf-8"), ".csv")
    try:
        with limits.enforced(app_settings().ingest_limits()):
            table = read_table(path, lambda keys: "lens id" in keys)
    except InputError:
        return
    assert len(table.rows) == len(table.frame)
    assert all(r.row > table.header_row for r in table.rejected)
    assert list(table.rows) == sorted(table.rows)


@SETTINGS
@given(csv_text, st.sampled_from([None, "lens", "espacenet", "ops-flat", "generic"]))
def test_import_never_raises(text, fmt):
    path = _file(text.encode("utf-8"), ".csv")
    corpus, report = import_export(path, fmt, aliases=NO_ALIASES, mapping=None)
    assert (corpus is None) == (report.error is not None)


@SETTINGS
@given(
    st.dictionaries(
        st.sampled_from(
            ["g_patent.tsv", "xl/workbook.xml", "a.csv", "../x.tsv", "g_ipc_at_issue.tsv"]
        ),
        st.binary(max_size=300),
        max_size=4,
    ),
    st.sampled_from([".zip", ".xlsx"]),
    st.integers(0, 3),
)
def test_archives_never_raise(members, suffix, flag):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    data = bytearray(buffer.getvalue())
    if flag and len(data) > 40:  # damage a byte of the headers
        data[6 + 7 * flag] ^= 0xFF
    path = _file(bytes(data), suffix)
    with limits.enforced(app_settings().ingest_limits()):
        corpus, report, _choices = read_upload(path, aliases=NO_ALIASES)
    assert (corpus is None) == (report.error is not None)


@SETTINGS
@given(st.lists(st.tuples(st.text(max_size=300), st.binary(max_size=200)), max_size=3))
def test_upload_check_answers_in_words(files):
    problem = check_upload(files, 10_000)
    assert problem is None or (isinstance(problem, str) and problem)


@SETTINGS
@given(st.text(max_size=400))
def test_safe_file_names(name):
    safe = safe_file_name(name)
    assert safe and "/" not in safe and "\x00" not in safe and not safe.startswith(".")
    assert len(safe.encode()) <= 150


@SETTINGS
@given(json_values)
def test_view_values_from_the_browser_never_raise(value):
    assert services.year_span(value) is None or len(services.year_span(value)) == 2
    assert isinstance(services.country_codes(value), tuple)


@SETTINGS
@given(json_values)
def test_callback_requests_of_any_shape_are_judged(body):
    from app.main import app

    assert callback_guard.is_well_formed(app.callback_map, body) in (True, False)
