from __future__ import annotations

from bot.pipeline import Outcome
from bot.shell import format_outcome
from classifier.labels import Label
from responses.compose import Citation, CitationKind, Reply
from responses.retrieval import PassageHit


def _outcome() -> Outcome:
    answer = PassageHit(1, "gout", "Gout", "Causes", "Uric acid crystals cause gout.", 0.8123, None)
    care = PassageHit(2, "gout", "Gout", "Warning signs", "A hot joint with fever needs a doctor.", 0.8123, None)
    reply = Reply(Label.PERSONAL_SYMPTOMS, citations=[Citation.from_hit(answer),
                                                      Citation.from_hit(care, kind=CitationKind.CARE)])
    return Outcome(post_id=1, label=Label.PERSONAL_SYMPTOMS, confidence=0.7, probabilities={"personal_symptoms": 0.7},
                   model_version="t", passages=[answer, care], reply=reply, reply_text="text", reply_id=1,
                   notices=[], queued=False, review_item_id=None, review_reasons=[], red_flags=[], personal_data=[])


def test_debug_shows_scores_on_the_documented_0_to_1_scale():
    text = format_outcome(_outcome(), debug=True)
    assert "0..1" in text and "0.25" in text  # the scale and the abstain bar are named
    lines = [line for line in text.splitlines() if line.strip().startswith("passage 0")]
    assert [line.split()[1] for line in lines] == ["0.81", "0.81"]
    assert all(0.0 <= float(line.split()[1]) <= 1.0 for line in lines)
    assert "when to get help" in lines[1] and "when to get help" not in lines[0]
    assert "passage" not in format_outcome(_outcome(), debug=False)
