"""The shell without a browser: the dataset note in plain words, dataset names and the
filter summary in the reader's language, typed values that cannot be read."""

from __future__ import annotations

import re

import pytest
from conftest import component_text, require_shared

from app import services
from app.i18n import use_language
from app.ui.shell import _typed_values, dataset_note, dataset_options, filter_summary
from app.ui.urlstate import NORMALISERS, PARAMS, int_param

INTERNAL = re.compile(r"alias table|jurisdiction|parquet|EV_\w+|\.csv|\w_\w|applicant_parse")


@pytest.mark.parametrize("dataset", ["lens-battery", "ops-hydrogen"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_dataset_note_says_what_the_data_is_in_plain_words(dataset, language):
    require_shared("patents_lens_hrd4317k")
    summary = services.dataset_summary(dataset)
    with use_language(language):
        badge, _space, sentence, _space2, more = dataset_note(summary)
        text = component_text([sentence, more])
    assert not INTERNAL.search(text.replace(summary.meta.attribution, "")), text
    assert len(component_text(sentence)) < 140  # one short sentence, details behind "more"
    if language == "zh":
        assert "真实" in component_text(badge) and "详情" in text
        assert "申请人国家的来源" in text
    else:
        assert "not" in component_text(sentence) or "only some" in component_text(sentence)


def test_built_in_dataset_names_follow_the_reader():
    require_shared("patents_lens_hrd4317k")
    with use_language("zh"):
        chinese = {o["value"]: o["label"] for o in dataset_options()}
    english = {o["value"]: o["label"] for o in dataset_options()}
    assert chinese["lens-battery"].startswith("电池专利（Lens.org 样本）")
    assert english["lens-battery"].startswith("Battery patents, Lens.org sample")


def test_the_folded_filter_bar_names_the_filters_set():
    assert filter_summary({"c": ["CN"], "y": None, "t": "battery"}) == "CN · Battery codes"
    with use_language("zh"):
        assert filter_summary({}) == "无"
        assert filter_summary({"t": "battery"}) == "电池分类号"


def test_a_box_keeps_its_value_when_what_is_typed_cannot_be_read():
    int_param("doc_box", 10, 2, 50)
    view = {"doc_box": 12}
    assert _typed_values(["doc_box"], ["abc"], view) == {"doc_box": 12}
    assert _typed_values(["doc_box"], [""], view) == {"doc_box": 12}
    assert _typed_values(["doc_box"], ["7.6"], view) == {"doc_box": "7.6"}  # normalised later
    assert _typed_values(["doc_box"], [None], None) == {"doc_box": None}
    del PARAMS["doc_box"], NORMALISERS["int:doc_box"]
