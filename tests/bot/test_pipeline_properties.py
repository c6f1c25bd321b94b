"""Property-based: whatever a member types, the pipeline answers within Discord's limits and never pings."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.pipeline import InvalidPost, Post

_counter = itertools.count()

NASTY = st.sampled_from([
    "@everyone", "@here", "<@123456789012345678>", "<@&987654321098765432>", "<#111>", "\u200b", "\u202e",
    "\u200f", "```python\nprint('x')\n```", "**bold** __under__ ~~strike~~", "> quote", "https://example.com/x?y=1",
    "\x00", "\x1b[31m", "\ufeff", "𝔪𝔲𝔰𝔠𝔩𝔢", "🦵💪", "\r\n", "\t", "||spoiler||", "[link](https://e.x)",
])
WORDS = st.sampled_from(["muscle", "atrophy", "my", "leg", "weak", "cast", "what", "causes", "research",
                         "thanks", "doctor", "space", "I", "have", "pain", "?", "!", "sarcopenia"])
TEXT = st.lists(st.one_of(NASTY, WORDS, st.text(min_size=0, max_size=40)), min_size=0, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_no_exception_escapes_and_replies_stay_within_limits(app, text):
    pipeline = app.pipeline
    external_id = f"p{next(_counter)}"
    try:
        outcome = pipeline.handle_post(Post(text=text, face="prop", external_id=external_id))
    except InvalidPost as exc:  # nothing to answer (empty, only mentions or control characters): said clearly
        assert str(exc) and "\n" not in str(exc)
        assert app.db.execute("SELECT COUNT(*) FROM posts WHERE external_id = ?", [external_id]).fetchone()[0] == 0
        return
    if outcome.reply_text is not None:
        assert 0 < len(outcome.reply_text) <= 2000
        assert "@everyone" not in outcome.reply_text and "@here" not in outcome.reply_text
        assert "<@" not in outcome.reply_text
    stored = app.db.execute("SELECT status FROM posts WHERE id = ?", [outcome.post_id]).fetchone()[0]
    assert stored in {"answered", "silent"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(min_value=5_000, max_value=150_000), filler=st.sampled_from(["a", "muscle ", "🦵", "\u200b"]))
def test_enormous_posts_are_answered_or_refused_clearly(app, size, filler):
    text = (filler * (size // len(filler) + 1))[:size]
    try:
        outcome = app.pipeline.handle_post(Post(text=text, face="prop", external_id=f"big{next(_counter)}"))
    except InvalidPost as exc:
        assert str(exc)
        return
    assert outcome.reply_text is None or len(outcome.reply_text) <= 2000


@pytest.mark.parametrize("text", ["@everyone what causes muscle atrophy? <@&42> <@1>",
                                  "```\n@everyone\n``` what is sarcopenia"])
def test_discord_embed_from_any_reply_fits_discords_limits(app, text):
    from bot.discord.ui.embeds import reply_embed

    outcome = app.pipeline.handle_post(Post(text=text, face="prop", external_id=f"e{next(_counter)}"))
    embed = reply_embed(outcome.reply)
    assert len(embed) <= 6000 and len(embed.description or "") <= 4096 and len(embed.fields) <= 25
    assert all(len(f.value) <= 1024 and len(f.name) <= 256 for f in embed.fields)
