"""``python -m app early-warning`` on Lens exports with planted signals, a stationary export
(both written at test time, synthetic) and the real Lens sample."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import require_shared
from planted_lens import (
    BURST_CODE,
    BURST_YEARS,
    NEWCOMER,
    NEWCOMER_PATENTS,
    RISING_CODE,
    write_planted_lens_export,
)

from app.cli import main


def run(capsys, *argv):
    code = main(["early-warning", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return write_planted_lens_export(tmp_path_factory.mktemp("ew") / "lens-planted.csv", seed=3)


def test_planted_signals_come_first(capsys, planted):
    code, text, err = run(capsys, str(planted), "--json")
    assert code == 0 and err == ""
    out = json.loads(text)
    assert out["format"] == "lens"
    assert out["windows"]["recent"] == [2021, 2023] and out["windows"]["baseline"] == [2016, 2020]
    assert out["windows"]["lag_months"] == 18 and out["windows"]["as_of_year"] == 2025

    entrant = out["new_entrants"][0]
    assert (entrant["name"], entrant["first_year"]) == (NEWCOMER, 2021)
    assert entrant["patents"] == NEWCOMER_PATENTS == len(entrant["patent_ids"])
    foreign = out["foreign_entrants"][0]
    assert (foreign["office"], foreign["name"], foreign["country"]) == ("US", NEWCOMER, "CN")

    rising = out["rising_codes"][0]
    assert (rising["code"], rising["level"]) == (RISING_CODE, "main_group")
    assert rising["recent_share"] > 3 * rising["baseline_share"]
    assert rising["patents"] == len(rising["patent_ids"]) > 0
    assert [r["code"] for r in out["rising_codes"]] == [RISING_CODE]  # nothing unplanted

    top = {(b["name"], b["start"], b["end"]) for b in out["bursts"][:3]}
    assert (BURST_CODE, *BURST_YEARS) in top
    assert (RISING_CODE, 2021, 2023) in top
    assert (NEWCOMER, 2021, 2023) in top
    assert len(out["bursts"]) == 3  # nothing unplanted either
    burst = next(b for b in out["bursts"] if b["name"] == BURST_CODE)
    assert burst["patents"] == len(burst["patent_ids"]) and not burst["recent"]

    assert len(out["concentration"]) == 16
    assert {"cr4", "cr8", "hhi", "patents", "top"} <= set(out["concentration"][0])
    assert isinstance(out["new_ties"], list)


@pytest.mark.parametrize("seed", [0, 1])
def test_a_stationary_export_raises_no_burst_and_no_rising_code(capsys, tmp_path, seed):
    path = write_planted_lens_export(tmp_path / "lens-stationary.csv", seed=seed, plant=False)
    code, text, _ = run(capsys, str(path), "--json")
    out = json.loads(text)
    assert code == 0
    assert out["rising_codes"] == [] and out["bursts"] == []
    # a fixed pool of applicants: a rare one may first show up late, with a patent or two
    assert all(e["patents"] <= 3 for e in out["new_entrants"])


def test_text_summary_and_window_options(capsys, planted):
    code, text, _ = run(capsys, str(planted), "--recent", "2", "--baseline", "4")
    assert code == 0
    assert "windows: baseline 2018-2021, recent 2022-2023" in text
    assert "publication lag 18 months" in text
    assert f"{NEWCOMER}" in text and RISING_CODE in text


def test_a_firms_moves_on_request(capsys, planted):
    code, text, _ = run(capsys, str(planted), "--json", "--firm", NEWCOMER)
    moves = json.loads(text)["firm_moves"]
    assert code == 0 and moves["found"] and moves["recent_patents"] == NEWCOMER_PATENTS
    assert {c["code"] for c in moves["codes"]} == {"H01M", "H01M 10/00"}


def test_too_short_a_corpus_says_what_data_would_do(capsys, planted):
    code, text, err = run(capsys, str(planted), "--json", "--baseline", "20")
    out = json.loads(text)
    assert code == 1 and out["windows"]["ok"] is False
    shortfall = out["windows"]["shortfall"]
    assert shortfall["reason"] == "too_few_years" and shortfall["needed_from"] == 2001
    assert shortfall["max_baseline"] == 13
    assert out["new_entrants"] == [] and len(out["concentration"]) == 16
    assert err == f"error: {shortfall['message']}\n"
    assert "shorten the baseline to 13 years" in err


@pytest.mark.parametrize(
    ("argv", "message", "status"),
    [
        (("no-such-dataset",), "unknown dataset 'no-such-dataset': not a file either", 2),
        (("lens-battery", "--recent", "0"), "--recent must be at least 1 year", 2),
        (("lens-battery", "--s", "1"), "--s must exceed 1", 2),
        (("lens-battery", "--alpha", "0"), "--alpha must lie in (0, 1]", 2),
    ],
)
def test_bad_input_is_one_line_and_an_exit_status(capsys, argv, message, status):
    code, text, err = run(capsys, *argv)
    assert code == status and text == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_unreadable_export_is_one_line(capsys, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("just,some\ncolumns,here\n")
    code, text, err = run(capsys, str(path))
    assert code == 1 and text == ""
    assert err.startswith("error: notes.csv: the header") and err.count("\n") == 1


def test_module_entry_point_prints_no_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "app", "early-warning", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: unknown dataset")


def test_lens_sample(capsys):
    require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    code, text, _ = run(capsys, "lens-battery", "--json", "--limit", "5")
    out = json.loads(text)
    assert code == 0 and out["dataset"] == "lens-battery" and out["has_codes"] is False
    # dated by publication year: no lag; 2014-2024
    assert out["windows"]["recent"] == [2022, 2024] and out["windows"]["lag_months"] == 0
    assert [c["year"] for c in out["concentration"]] == list(range(2014, 2025))
    entrants = out["new_entrants"]
    assert len(entrants) == 5 and all(e["first_year"] >= 2022 for e in entrants)
    assert [e["patents"] for e in entrants] == sorted(
        (e["patents"] for e in entrants), reverse=True
    )
    assert entrants[0]["patents"] >= 5 and entrants[0]["country"] != "unknown"
    assert out["rising_codes"] == []  # no codes in the Lens sample
    assert all(b["kind"] == "applicant" for b in out["bursts"])
