"""``python -m app metrics``: one JSON object of UCINET's figures; errors exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from ucinet_oracles import CAMPNET_NAMES, campnet, g9_iso

from app.analysis.graph_io import to_gexf, to_graphml, to_pajek, to_ucinet_dl
from app.cli import main

KEYS = [
    "nodes",
    "edges",
    "components",
    "isolates",
    "density",
    "density_sd",
    "centralization_pct",
    "heterogeneity_pct",
    "clustering_overall",
    "clustering_weighted",
]


def run_metrics(capsys, *args) -> tuple[int, dict | None, str]:
    status = main(["metrics", *map(str, args)])
    captured = capsys.readouterr()
    return status, (json.loads(captured.out) if captured.out else None), captured.err


def florentine(tmp_path: Path, write=to_graphml, suffix=".graphml") -> Path:
    graph = nx.florentine_families_graph()
    graph.add_node("Pucci")
    path = tmp_path / f"padgm{suffix}"
    payload = write(graph)
    path.write_bytes(payload if isinstance(payload, bytes) else payload.encode())
    return path


@pytest.mark.parametrize(
    ("write", "suffix"),
    [(to_graphml, ".graphml"), (to_gexf, ".gexf"), (to_pajek, ".net"), (to_ucinet_dl, ".dl")],
)
def test_prints_one_json_object_with_the_ten_figures(capsys, tmp_path, write, suffix):
    status, out, err = run_metrics(capsys, florentine(tmp_path, write, suffix))
    assert status == 0 and err == ""
    assert list(out) == KEYS
    assert (out["nodes"], out["edges"], out["components"], out["isolates"]) == (16, 20, 2, 1)
    assert out["density"] == pytest.approx(40 / 240)  # full precision, not rounded
    assert out["centralization_pct"] == pytest.approx(100 * 56 / 210)
    assert out["clustering_weighted"] == pytest.approx(9 / 47)


def test_valued_and_weight_attribute(capsys, tmp_path):
    path = tmp_path / "edges.csv"
    path.write_text("from,to,joint\na,b,3\nb,c,1\n")
    _, binary, _ = run_metrics(capsys, path)
    assert binary["density"] == pytest.approx(4 / 6)  # every tie counts 1
    _, valued, _ = run_metrics(capsys, path, "--valued")
    assert valued["density"] == pytest.approx(8 / 6)  # CSV values go to "weight"
    assert valued["centralization_pct"] == pytest.approx(200.0)
    graphml = tmp_path / "joint.graphml"
    graphml.write_bytes(to_graphml(nx.Graph([("a", "b", {"joint": 3}), ("b", "c", {"joint": 1})])))
    _, by_attr, _ = run_metrics(capsys, graphml, "--valued", "--weight", "joint")
    assert by_attr == valued


def test_directed_input_is_symmetrised_by_maximum(capsys, tmp_path):
    path = tmp_path / "arcs.csv"
    path.write_text("source,target,weight\na,b,2\nb,a,5\nb,c,1\n")
    _, out, _ = run_metrics(capsys, path, "--valued")
    assert out["edges"] == 2
    assert out["density"] == pytest.approx((5 + 5 + 1 + 1) / 6)  # a-b = max(2, 5)


def test_campnet_as_ucinet_reads_it(capsys, tmp_path):
    # campnet written as UCINET would hold it: a directed DL full matrix
    path = tmp_path / "campnet.dl"
    rows = nx.to_numpy_array(campnet(), nodelist=CAMPNET_NAMES).astype(int)
    path.write_text(
        f"DL N=18\nFORMAT = FULLMATRIX\nLABELS:\n{','.join(CAMPNET_NAMES)}\nDATA:\n"
        + "\n".join(" ".join(map(str, row)) for row in rows)
    )
    _, out, _ = run_metrics(capsys, path)
    # UCINET's "Deg Centralization" of campnet (symmetrised): 0.074 (see test_metrics.py)
    assert f"{out['centralization_pct'] / 100:.3f}" == "0.074"
    assert out["edges"] == 35 and out["components"] == 1


def test_isolates_and_pendants(capsys, tmp_path):
    path = tmp_path / "g9_iso.net"
    path.write_text(to_pajek(g9_iso()))
    _, out, _ = run_metrics(capsys, path)
    assert (out["nodes"], out["edges"], out["components"], out["isolates"]) == (10, 7, 4, 3)
    assert f"{out['density']:.4f}" == "0.1556"  # 14 / 90


def test_undefined_figures_are_null(capsys, tmp_path):
    path = tmp_path / "pair.csv"
    path.write_text("a,b\n")
    _, out, _ = run_metrics(capsys, path)
    assert out["centralization_pct"] is None and out["clustering_overall"] is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.graphml", None, "cannot open"),
        ("broken.graphml", "<graphml><node", "not a readable graphml"),
        ("bad.csv", "a,b,1\nc,d,heavy\n", "line 2, weight"),
        ("header.csv", "source,target\n", "a header and no edges"),
        ("bad.dl", "dl n=2\ndata:\n0 1\n", "expected 2x2"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    status, out, err = run_metrics(capsys, path)
    assert status == 2 and out is None
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert name in err


def test_runs_as_a_module(tmp_path):
    path = florentine(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "app", "metrics", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0 and json.loads(done.stdout)["nodes"] == 16
