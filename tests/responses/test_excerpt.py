from __future__ import annotations

from classifier.labels import Label
from responses.compose import Citation, Reply, render_text
from responses.excerpt import best_sentence, excerpt, split_sentences
from responses.retrieval import PassageHit

# Our own passage, shaped like the one the issue reports: the sentences that matter come last.
FACE = (
    "Thinning of the cheek and temple muscles happens less often than wasting of an arm or a leg. "
    "It can follow an injury to the nerve that moves the face, a viral palsy or an operation near the ear. "
    "Several rare conditions, some inherited, waste one half of the face slowly over years. "
    "Fat under the skin of the face can also shrink with age or with some long-term medicines, which looks "
    "much the same. Because the reasons range from harmless to serious, a face that is newly hollow or "
    "lopsided should be checked by a doctor. Sudden drooping of one side of the face is different: it can be "
    "a sign of stroke and needs emergency help at once."
)


def test_sentences_split_at_ends_not_at_abbreviations_without_a_capital():
    assert split_sentences("One ends here. Two ends here! e.g. three. 4 is a number.") == [
        "One ends here.", "Two ends here! e.g. three.", "4 is a number."]


def test_the_answering_sentence_is_found_and_kept():
    query = "my face looks hollow and lopsided, should a doctor check it?"
    focus = best_sentence(FACE, query)
    assert split_sentences(FACE)[focus].startswith("Because the reasons range")
    short = excerpt(FACE, 300, focus)
    assert len(short) <= 300
    assert "should be checked by a doctor" in short


def test_an_excerpt_is_whole_sentences_and_keeps_the_warning():
    cut = excerpt(FACE, 400, focus=0)
    assert len(cut) <= 400
    assert cut.startswith("Thinning of the cheek")
    assert "sign of stroke" in cut  # a when-to-get-help sentence stays whenever it fits
    for piece in cut.replace(" … ", "\n").removesuffix(" …").splitlines():
        assert piece.endswith((".", "!", "?")), piece


def test_short_text_is_untouched_and_a_giant_sentence_is_cut_at_a_word():
    assert excerpt("Short one.", 100) == "Short one."
    giant = "word " * 100
    out = excerpt(giant, 60)
    assert len(out) <= 60 and out.endswith("…")


def test_render_text_quotes_the_focus_sentence():
    hit = PassageHit(7, "face", "Facial wasting", "Causes", FACE, 0.7, None)
    reply = Reply(Label.GENERAL_INFO, citations=[Citation.from_hit(hit, "is a hollow lopsided face a worry?")])
    text = render_text(reply)
    assert "should be checked by a doctor" in text and "sign of stroke" in text
