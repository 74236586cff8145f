import json
import sys
import types

import pytest
from conftest import require_shared

from app.cli import main
from app.synthetic import synthetic_corpus


def run(capsys, *argv):
    code = main(["lifecycle", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def shared_indicators():
    require_shared("oecd_envtech_patents", "PAT_DEV_MOD_SPEC.csv")
    require_shared("iea_energy_patents", "iea_energy_technology_patents.csv")


@pytest.mark.parametrize("country", ["JPN", "KOR", "CHN", "USA", "DEU"])
def test_oecd_batteries_print_one_stable_json_object(capsys, shared_indicators, country):
    argv = ("--source", "oecd", "--domain", "batteries", "--country", country)
    code, first, _ = run(capsys, *argv)
    assert code == 0
    out = json.loads(first)
    for key in ("model", "K", "inflection_year", "growth_time", "r2", "stage", "stage_range"):
        assert out[key] is not None, key
    assert out["country"] == country and out["basis"] == "TWO"
    assert out["excluded_years"] == [2019, 2020]
    assert out["K"] >= out["cumulative"] and out["r2"] > 0.9
    _, again, _ = run(capsys, *argv)
    assert again == first


def test_both_models_and_iea(capsys, shared_indicators):
    code, text, _ = run(
        capsys, "--source", "iea", "--domain", "storage", "--country", "kor", "--both"
    )
    out = json.loads(text)
    assert code == 0 and out["source"] == "IEA"
    assert out["excluded_years"] == [2020, 2021]
    assert set(out["fits"]) == {"logistic", "gompertz"}
    assert out["fits"][out["model"]]["aic"] == min(f["aic"] for f in out["fits"].values())
    assert set(out["ci"]) >= {"K", "inflection_year", "growth_time"}


def test_world_is_the_default(capsys, shared_indicators):
    code, text, _ = run(capsys, "--source", "oecd")
    out = json.loads(text)
    assert code == 0 and out["country"] == "WLD" and out["domain"] == "batteries"
    assert out["series"].startswith("sum over the 120 countries")


def test_unfittable_series_exit_1_with_reason(capsys, shared_indicators):
    code, text, _ = run(capsys, "--source", "oecd", "--domain", "fuel-cells", "--country", "JPN")
    out = json.loads(text)
    assert code == 1 and out["ok"] is False and out["K"] is None
    assert out["reason"].startswith("cannot fit: years are not annual")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--source", "oecd", "--domain", "batterie"), "unknown domain 'batterie'"),
        (("--source", "oecd", "--country", "XYZ"), "unknown country 'XYZ' for batteries; valid:"),
        (("--source", "iea", "--domain", "batteries"), "valid: e-mobility, storage"),
        (("--source", "oecd", "--basis", "SIX"), "unknown basis 'SIX'"),
    ],
)
def test_unknown_names_exit_2_with_one_line(capsys, shared_indicators, argv, message):
    code, text, err = run(capsys, *argv)
    assert code == 2 and text == ""
    assert message in err and err.count("\n") == 1


def test_missing_data_file_exit_2(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("EV_DATA_DIR", str(tmp_path))
    code, _, err = run(capsys, "--source", "iea")
    assert code == 2 and "PAT_DEV_MOD_SPEC.csv: file not found" in err


@pytest.fixture
def fake_corpus_store(monkeypatch):
    corpus = synthetic_corpus(3000, seed=11)
    loaded = []

    def load_corpus(dataset_id):
        loaded.append(dataset_id)
        if dataset_id not in ("lens-battery", "synthetic"):
            raise KeyError(f"unknown dataset {dataset_id!r}")
        return corpus

    module = types.ModuleType("app.store.corpora")
    module.load_corpus = load_corpus
    monkeypatch.setitem(sys.modules, "app.store.corpora", module)
    return loaded


def test_corpus_source(capsys, fake_corpus_store):
    code, text, _ = run(
        capsys, "--source", "corpus", "--countries", "CN,JP", "--theme", "battery", "--diagram"
    )
    out = json.loads(text)
    assert fake_corpus_store == ["lens-battery"]  # the default dataset
    assert code == 0, out["reason"]
    assert out["synthetic"] is True and out["countries"] == ["CN", "JP"]
    assert out["stage"] in ("emerging", "growth", "maturity", "saturation")
    points = out["diagram"]
    assert points[0]["step"] is None and all(p["step"] for p in points[1:])
    assert points[-1]["year"] == out["last_complete_year"]


def test_corpus_year_range_and_errors(capsys, fake_corpus_store):
    code, text, _ = run(
        capsys, "--source", "corpus", "--dataset", "synthetic", "--year-min", "2010"
    )
    assert code == 0 and json.loads(text)["start_year"] == 2010
    code, _, err = run(capsys, "--source", "corpus", "--countries", "FR")
    assert code == 2 and "unknown country 'FR'; valid: CN, DE, JP, KR, US" in err
    code, _, err = run(capsys, "--source", "corpus", "--theme", "nope")
    assert code == 2 and "unknown theme 'nope'" in err
    code, _, err = run(capsys, "--source", "corpus", "--dataset", "nope")
    assert code == 2 and "cannot load dataset 'nope'" in err


def test_corpus_store_absent(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "app.store.corpora", None)  # import raises ImportError
    code, _, err = run(capsys, "--source", "corpus")
    assert code == 2 and "corpus store" in err
