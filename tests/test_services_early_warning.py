"""services.early_warning_signals: memoised by its arguments, windows fixed by the whole
dataset whatever the filters."""

from __future__ import annotations

import pytest
from conftest import require_shared
from flask import Flask

from app import services
from app.analysis.early_warning import Thresholds
from app.analysis.filters import Filters


@pytest.fixture
def app_context():
    server = Flask(__name__)
    services.init_cache(server)
    with server.app_context():
        yield


def test_memoised_by_dataset_filters_windows_and_thresholds(app_context, monkeypatch):
    require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    calls = []
    real = services.early_warning

    def counting(*args, **kwargs):
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "early_warning", counting)
    first = services.early_warning_signals("lens-battery", Filters(), 3, 5, Thresholds())
    again = services.early_warning_signals("lens-battery", Filters(), 3, 5, Thresholds())
    assert len(calls) == 1
    assert again.new_entrants["name"].tolist() == first.new_entrants["name"].tolist()
    services.early_warning_signals("lens-battery", Filters(), 2, 5, Thresholds())
    services.early_warning_signals("lens-battery", Filters(), 3, 5, Thresholds(alpha=0.05))
    services.early_warning_signals("lens-battery", Filters(countries=("CN",)), 3, 5, Thresholds())
    assert len(calls) == 4


def test_the_windows_end_at_the_data_or_at_the_last_year_filtered(app_context):
    require_shared("patents_lens_hrd4317k", "raw_patents.csv")
    later = services.early_warning_signals("lens-battery", Filters(year_min=2018), 3, 5,
                                           Thresholds())  # fmt: skip
    # the dataset runs to 2024 (publication years, no lag): a first-year filter leaves the
    # windows where they are, and 2018-2024 cannot fill the baseline 2017-2021
    assert later.windows.recent == (2022, 2024)
    assert later.windows.shortfall.reason == "too_few_years"
    assert later.windows.shortfall.max_baseline == 4
    back = services.early_warning_signals(
        "lens-battery", Filters(year_max=2020), 3, 5, Thresholds()
    )
    # as of 2020: recent 2018-2020, baseline 2013-2017 (the data start in 2014)
    assert back.windows.recent == (2018, 2020) and back.windows.shortfall.max_baseline == 4
    back = services.early_warning_signals(
        "lens-battery", Filters(year_max=2020), 3, 4, Thresholds()
    )
    assert back.windows.ok and back.new_entrants["first_year"].between(2018, 2020).all()
