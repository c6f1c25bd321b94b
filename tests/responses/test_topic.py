from __future__ import annotations

from responses.topic import key_terms, search_suggestion

RARITY = {"microgravity": 6.0, "bone": 4.0, "density": 4.5, "astronaut": 3.0, "effect": 0.5, "muscle": 1.0}


def test_key_terms_are_the_rarest_topic_words_with_neighbours_kept_as_phrases():
    post = "I'm writing an essay on how microgravity affects bone density in astronauts, any good sources?"
    terms = key_terms(post, RARITY.get)
    assert terms == ["microgravity", "bone density"]
    assert search_suggestion(terms) == 'microgravity AND "bone density"'


def test_research_words_and_everyday_words_are_never_the_topic():
    terms = key_terms("Need reliable sources for a school project, started it weeks ago", lambda t: None)
    assert terms == []
    assert search_suggestion([]) == ""


def test_words_the_articles_never_use_come_after_the_ones_they_use():
    assert key_terms("what bagpipes should I buy for my muscles", {"muscl": 1.0}.get, n=1) == ["muscles"]
    assert key_terms("what bagpipes should I buy for my muscles", {"muscl": 1.0}.get, n=2) == ["bagpipes", "muscles"]
