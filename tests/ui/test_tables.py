import pandas as pd

from app.ui.tables import csv_safe


def test_formula_cells_are_neutralised_and_numbers_kept():
    frame = pd.DataFrame(
        {
            "name": ["=HYPERLINK(1)", "+cmd", "@SUM(A1)", "plain", "\tx", None],
            "n": [-1, 2, 3, 4, 5, 6],
        }
    )
    out = csv_safe(frame)
    assert out["name"].tolist()[:5] == ["'=HYPERLINK(1)", "'+cmd", "'@SUM(A1)", "plain", "'\tx"]
    assert pd.isna(out["name"].iloc[5])
    assert out["n"].tolist() == [-1, 2, 3, 4, 5, 6]
