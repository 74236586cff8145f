"""``python -m app metrics FILE``: UCINET's whole-network figures of a network file.

Reads GraphML, GEXF, Pajek .net, UCINET DL (fullmatrix, edgelist1) or an edge-list CSV
(``source,target[,weight]``, header optional) and prints one JSON object with the ten
figures of ``docs/network-metrics.md`` at full precision (undefined ones are null).

Without ``--valued`` every tie counts 1; with it, tie values come from the edge
attribute ``--weight`` (default "weight"; Pajek, DL and CSV values are stored there).
Directed input is symmetrised by the larger of the two directions, which is what UCINET
does by default (its logs say "Data automatically symmetrized by maximum"); repeated
edges between the same ordered pair add up first. Self-loops never count, and a tie
value of zero or less is no tie. An edge-list CSV cannot hold isolates: use another
format when they matter (they count as nodes in density and centralization).
An unreadable file prints a one-line error on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.analysis.graph_io import NetworkFileError, read_network
from app.analysis.metrics import network_stats

NAME = "metrics"
HELP = "Whole-network statistics of a network file, as UCINET computes them (JSON)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="GraphML, GEXF, Pajek .net, DL or CSV")
    parser.add_argument(
        "--valued", action="store_true", help="use tie values (default: every tie counts 1)"
    )
    parser.add_argument(
        "--weight", default="weight", metavar="ATTR", help="edge attribute holding tie values"
    )


def run(args: argparse.Namespace) -> int:
    try:
        graph = read_network(args.file)
        stats = network_stats(graph, weight=args.weight, valued=args.valued)
    except (NetworkFileError, ValueError) as exc:
        message = str(exc).replace("\n", " ")
        if args.file not in message:
            message = f"{args.file}: {message}"
        print(f"error: {message}", file=sys.stderr)
        return 2
    print(json.dumps(stats.to_dict()))
    return 0
