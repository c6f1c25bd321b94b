from __future__ import annotations

import pytest

from responses.importer import import_articles
from responses.question_types import detect_question_types
from responses.retrieval import Retriever

ATROPHY = """---
title: Muscle atrophy
source: https://example.org/atrophy
---
# Muscle atrophy

## What is muscle atrophy?
Muscle atrophy is the loss of muscle tissue and strength. Muscles get smaller and weaker over time.

## Causes
Disuse, nerve damage, malnutrition and long illness all cause muscles to waste. Bed rest is a common cause.

## Weightlessness
Astronauts in microgravity lose muscle in their calves and back because their legs carry no weight in space.

## Treatment
Exercise, physical therapy, a protein-rich diet and electrical stimulation help rebuild muscle.
"""
KIDNEY = """---
title: Kidney stones
---
# Kidney stones

## Causes
Kidney stones form when minerals in urine crystallise. Not drinking enough water is a common cause.

## Treatment
Small kidney stones pass on their own with water and pain relief; larger ones may need a procedure.
"""


@pytest.fixture
def retriever(fresh_db, tmp_path):
    (tmp_path / "muscle-atrophy.md").write_text(ATROPHY)
    (tmp_path / "kidney-stones.md").write_text(KIDNEY)
    import_articles(fresh_db, [tmp_path])
    return Retriever(fresh_db)


def test_question_type_picks_the_section(retriever):
    hits = retriever.search("What causes muscle atrophy?", k=3)
    assert (hits[0].article_title, hits[0].section) == ("Muscle atrophy", "Causes")
    assert hits[0].url == "https://example.org/atrophy"
    hits = retriever.search("how are kidney stones treated", k=1)
    assert (hits[0].article_slug, hits[0].section) == ("kidney-stones", "Treatment")


def test_space_question_finds_weightlessness(retriever):
    """Synonyms carry "space" and "astronauts" to the Weightlessness section: the first stage ranks it first;
    the re-ranker may put the article's overview beside it (no question type asked), never drop it."""
    assert retriever.candidates("muscle loss in astronauts in space").rows.size
    first = retriever._current_index().sections[int(retriever.candidates("muscle loss in astronauts in space").rows[0])]
    assert first == "Weightlessness"
    assert "Weightlessness" in [h.section for h in retriever.search("muscle loss in astronauts in space", k=2)]


def test_scores_are_probabilities(retriever):
    hits = retriever.search("what causes kidney stones", k=5)
    assert hits and all(0.0 <= h.score <= 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_an_off_topic_post_that_shares_a_word_falls_below_the_abstain_bar(retriever):
    from responses.retrieval import MIN_SCORE

    off = retriever.search("which bagpipes should I buy for a beginner, and do the bags need much water?", k=3)
    assert off and all(h.score < MIN_SCORE for h in off)  # ("water" is in the kidney article)
    on = retriever.search("why do kidney stones form, is it from not drinking water?", k=1)
    assert on[0].article_slug == "kidney-stones" and on[0].score >= MIN_SCORE


def test_unrelated_question_scores_low(retriever):
    hits = retriever.search("best pizza toppings in naples", k=3)
    assert all(h.score < 0.12 for h in hits)


def test_index_follows_new_imports(retriever, fresh_db, tmp_path):
    assert not retriever.search("gout uric acid", k=1)
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "gout.md").write_text("# Gout\n\n## Causes\nGout comes from uric acid crystals in a joint.\n")
    import_articles(fresh_db, [extra])
    assert retriever.search("gout uric acid", k=1)[0].article_slug == "gout"


@pytest.mark.parametrize("text", ["", "   ", '"unbalanced quote', "-- OR 1=1", "NEAR(a b)", "*"])
def test_odd_queries_never_raise(retriever, text):
    retriever.search(text)


def test_detect_question_types():
    assert "causes" in detect_question_types("why do people get sarcopenia")
    assert "treatment" in detect_question_types("can atrophy be reversed")
    assert "research" in detect_question_types("sources for my school project")


@pytest.mark.parametrize(("post", "kind"), [
    ("my ankle clicks when I walk downstairs, is that normal?", "normal"),
    ("should I be worried about a rash that keeps spreading", "doctor"),
    ("is it serious if a cut stays red for a week", "doctor"),
    ("how long until a pulled hamstring heals", "duration"),
    ("when will this cough finally go away", "duration"),
    ("can I take antacids together with my iron tablets?", "interaction"),
    ("what does the word sarcopenia mean?", "definition"),
])
def test_consumer_question_cues(post, kind):
    assert kind in detect_question_types(post)


def test_an_interaction_question_lands_on_the_interactions_section(fresh_db, tmp_path):
    (tmp_path / "iron.md").write_text(
        "# Iron tablets\n\n## Overview\nIron tablets treat low iron and anaemia from blood loss.\n\n"
        "## Side effects\nIron tablets can upset the stomach and darken stools.\n\n"
        "## Interactions with other medicines\nSome stomach remedies and tea lower how much iron is absorbed: "
        "leave two hours between them.\n")
    import_articles(fresh_db, [tmp_path])
    hit = Retriever(fresh_db).search("can I take iron tablets with my heartburn pills?", k=1)[0]
    assert hit.section == "Interactions with other medicines"


def test_index_cache_gives_identical_results_and_survives_a_corrupt_cache(fresh_db, tmp_path):
    from data.paths import SHIPPED_ARTICLES_DIR
    from responses.importer import import_articles
    from responses.retrieval import Retriever

    import_articles(fresh_db, [SHIPPED_ARTICLES_DIR])
    cache = tmp_path / "index"
    fresh = Retriever(fresh_db, cache_dir=cache).search("how do astronauts keep their muscles in space", k=5)
    assert list(cache.glob("bm25-*.npz"))
    cached = Retriever(fresh_db, cache_dir=cache).search("how do astronauts keep their muscles in space", k=5)
    assert [(h.passage_id, h.score) for h in cached] == [(h.passage_id, h.score) for h in fresh]
    for path in cache.glob("bm25-*-meta.json"):
        path.write_text("{broken")
    rebuilt = Retriever(fresh_db, cache_dir=cache).search("how do astronauts keep their muscles in space", k=5)
    assert [h.passage_id for h in rebuilt] == [h.passage_id for h in fresh]


def test_bm25_weights_match_a_hand_computation():
    import math

    import numpy as np

    from responses.bm25 import K1, B, BM25Index

    index = BM25Index.build(["Gout", "Asthma"], ["Causes", "Causes"],
                            ["gout gout crystals", "airways narrow inhaler"], np.array([0, 1]))
    col = index.vocabulary["gout"]
    scores = index.scores(np.array([col]))
    idf = math.log1p((2 - 1 + 0.5) / (1 + 0.5))
    length, avg = 3, 3
    expected = idf * 2 * (K1 + 1) / (2 + K1 * (1 - B["text"] + B["text"] * length / avg))
    assert scores.text[0] == pytest.approx(expected, rel=1e-5) and scores.text[1] == 0
    assert scores.title[0] > 0 and scores.title[1] == 0  # the title field, broadcast to the article's passages


def test_a_long_post_is_scored_on_its_rarest_terms(retriever):
    bm25 = retriever._current_index().bm25
    terms = ["astronaut", "space", "weightlessness", "calves", "muscle", "kidney", "water"]
    every = bm25.columns(terms, 100)
    kept = bm25.columns(terms, 3)
    assert len(kept) == 3 < len(every)
    assert sorted(bm25.text_idf[kept].tolist(), reverse=True) == pytest.approx(
        sorted(bm25.text_idf[every].tolist(), reverse=True)[:3])


def test_every_change_to_the_corpus_bumps_its_version(fresh_db, tmp_path):
    from responses.retrieval import _corpus_version

    before = _corpus_version(fresh_db)
    (tmp_path / "gout.md").write_text("# Gout\n\n## Causes\nUric acid crystals.\n")
    import_articles(fresh_db, [tmp_path])
    after_import = _corpus_version(fresh_db)
    assert after_import > before
    fresh_db.execute("DELETE FROM articles")
    assert _corpus_version(fresh_db) > after_import


def test_care_passage_is_the_articles_warning_section(fresh_db, tmp_path):
    (tmp_path / "gout.md").write_text("# Gout\n\n## Causes\nGout comes from uric acid crystals in a joint.\n\n"
                                      "## Warning signs\nA hot joint with a fever needs a doctor the same day.\n")
    (tmp_path / "kidney-stones.md").write_text(KIDNEY)
    import_articles(fresh_db, [tmp_path])
    retriever = Retriever(fresh_db)
    kidney, gout = retriever.search("kidney stones causes", k=1)[0], retriever.search("gout uric acid", k=1)[0]
    care = retriever.care_passage([kidney, gout])  # the kidney article has none: the next article's is used
    assert care is not None and care.section == "Warning signs" and care.article_slug == "gout"
    assert care.score == gout.score and "same day" in care.text
    assert retriever.care_passage([kidney]) is None


def test_term_rarity_is_the_idf_of_words_the_articles_use(retriever):
    assert retriever.term_rarity("bagpip") is None
    assert retriever.term_rarity("kidney") > retriever.term_rarity("muscl")


@pytest.mark.parametrize("question", ["Can someone tell me what cachexia actually is?", "what is cachexia"])
def test_a_question_about_a_topic_lands_on_the_section_named_for_it(fresh_db, question):
    """The shipped muscle-atrophy article has a subsection named for cachexia under "Causes", and an overview of
    the types of atrophy that mentions it in passing. Asked what cachexia is, the section named for it comes
    first: its parent's kind ("Causes") does not make it the wrong kind of answer (``_names_topic``)."""
    from data.paths import SHIPPED_ARTICLES_DIR

    import_articles(fresh_db, [SHIPPED_ARTICLES_DIR])
    hits = Retriever(fresh_db).search(question, k=3)
    assert (hits[0].article_slug, hits[0].section) == ("muscle-atrophy", "Causes: Cachexia")


def test_heading_types_read_labels_and_question_headings():
    from responses.question_types import heading_types

    assert heading_types("Causes") == {"causes"}
    assert "treatment" in heading_types("How is gout treated?")
    assert "definition" in heading_types("What is gout?")
    assert heading_types("Answer 1") == frozenset() and heading_types("Gout in the big toe") == frozenset()
    assert heading_types("Why it matters") == frozenset()  # ("why" alone does not make a causes section)


def test_a_named_topic_needs_every_word_of_the_heading_in_the_post():
    from responses.retrieval import _names_topic
    from responses.text_analysis import analyze_query

    terms = set(analyze_query("what is cachexia and is it the same as sarcopenia"))
    assert _names_topic("Causes: Cachexia", terms)
    assert not _names_topic("Causes: Nerve damage", terms)  # (no word of it in the post)
    assert not _names_topic("Types of cachexia", terms)  # ("types" is not in the post)
    assert not _names_topic("Causes", set(analyze_query("what causes it")))  # (a kind of question, not a topic)


def test_matches_read_the_candidates_rows_of_each_field():
    import numpy as np

    from responses.bm25 import BM25Index

    index = BM25Index.build(["Gout", "Asthma"], ["Causes: gout", "Treatment", "Causes"],
                            ["uric acid crystals", "inhaler for gout", "airways narrow"], np.array([0, 0, 1]))
    columns = np.array([index.vocabulary["gout"], index.vocabulary["airway"]])
    text, heading, title = index.matches(np.array([2, 0, 1]), index.slices(columns))
    assert text.tolist() == [[False, True], [False, False], [True, False]]
    assert (heading[:, 0] > 0).tolist() == [False, True, False] and not heading[:, 1].any()
    assert title.tolist() == [[False, False], [True, False], [True, False]]  # rows 0 and 1 share the Gout title
