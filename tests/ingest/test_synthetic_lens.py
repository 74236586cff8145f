"""The synthetic Lens export used by bench/ingest.py reads back as the Lens format."""

from app.ingest.importer import detect_format, import_export
from app.ingest.names import AliasTable
from app.synthetic import LENS_VARIANT_C_HEADER, write_synthetic_lens_csv


def test_synthetic_lens_export_round_trip(tmp_path):
    path = write_synthetic_lens_csv(tmp_path / "lens.csv", 400, seed=3)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + LENS_VARIANT_C_HEADER.encode() + b"\r\n")
    assert detect_format(path) == "lens"
    corpus, report = import_export(path, aliases=AliasTable.empty())
    assert (report.patents, report.rejected) == (400, [])
    per_patent = corpus.applicants.groupby("patent_id").size()
    assert per_patent.min() >= 1 and per_patent.max() <= 4
    codes = corpus.ipc[corpus.ipc["scheme"] == "IPC"].groupby("patent_id").size()
    assert len(codes) == 400 and codes.max() <= 8
    assert corpus.patents["priority_year"].between(2000, 2023).all()
    assert set(corpus.applicants["country"]) == {"CN", "JP", "KR", "US", "DE"}
    assert corpus.patents["title"].str.startswith("SYNTHETIC").all()


def test_same_seed_same_file(tmp_path):
    first = write_synthetic_lens_csv(tmp_path / "a.csv", 50, seed=9).read_bytes()
    assert first == write_synthetic_lens_csv(tmp_path / "b.csv", 50, seed=9).read_bytes()
    assert first != write_synthetic_lens_csv(tmp_path / "c.csv", 50, seed=10).read_bytes()
