from app.ingest.knowledge_schema import (
    COOPERATION_MODES,
    MODE_TYPES,
    SEGMENTS,
    STAGES,
    TABLES,
    normalise_passage,
    quote_occurs,
    split_items,
)


def test_line_end_hyphenation_is_joined_across_blank_lines():
    seed = normalise_passage(
        "controls \nor influences the ac-\n\nquired enterprise by pur-\nchasing"
    )
    assert seed == "controls or influences the acquired enterprise by purchasing"


def test_a_printed_hyphen_at_a_line_end_matches_either_spelling():
    seed = normalise_passage("combines the equity-based model and the non-equity-\nbased model")
    assert quote_occurs("the non-equity-based model", seed)
    assert quote_occurs("the nonequity-based model", seed)


def test_no_break_spaces_typographic_quotes_and_runs_of_space_are_neutral():
    seed = normalise_passage("Inner Mongolia\u00a0 \u00a0 Huayou, \u201cblade\u201d China\u2019s")
    assert quote_occurs("Inner Mongolia Huayou", seed)
    assert quote_occurs('"blade" China\'s', seed)


def test_case_digits_and_words_must_match():
    seed = normalise_passage("reached 12.1 Gwh in 2017")
    assert not quote_occurs("reached 12.1 GWh", seed)
    assert not quote_occurs("reached 12.2 Gwh", seed)
    assert not quote_occurs("reached Gwh", seed)
    assert not quote_occurs("  - ", seed)  # nothing left after normalising: never a match


def test_split_items_reads_the_list_separator():
    assert split_items("") == []
    assert split_items("a | b, c |  d") == ["a", "b, c", "d"]


def test_vocabularies_agree():
    assert set(COOPERATION_MODES.values()) == set(MODE_TYPES)
    assert [s for _, (_, segs) in STAGES.items() for s in segs] == list(SEGMENTS)
    assert all(SEGMENTS[s][0] == stage for stage, (_, segs) in STAGES.items() for s in segs)
    assert len(SEGMENTS) == 14
    for columns in TABLES.values():
        names = [c.name for c in columns]
        assert len(names) == len(set(names))
        assert {"seed_file", "quote"} <= set(names)
