"""The terminal face: type as a community member, see the reply as the bot would post it."""

from __future__ import annotations

import uuid

import click

from bot.app import TriageApp
from bot.pipeline import InvalidPost, Outcome, Post
from responses.compose import CitationKind
from responses.retrieval import MIN_SCORE, SCORE_SCALE

__all__ = ["run_shell", "format_outcome"]

BANNER = (
    "Triage shell: type a post as a community member would, and see the bot's reply.\n"
    "Commands: /debug (toggle details), /quit (or Ctrl-D). Posts are recorded like any other."
)


def format_outcome(outcome: Outcome, debug: bool = False) -> str:
    lines = []
    status = f"[{outcome.label} · confidence {outcome.confidence:.2f}"
    if outcome.queued:
        status += f" · queued for moderators as case #{outcome.review_item_id}"
    lines.append(status + "]")
    if debug:
        probs = ", ".join(f"{k} {v:.2f}" for k, v in sorted(outcome.probabilities.items(), key=lambda kv: -kv[1]))
        lines.append(f"  probabilities: {probs}")
        if outcome.passages:
            lines.append(f"  passage scores ({SCORE_SCALE}; answers below {MIN_SCORE:.2f} are not quoted):")
        care = {c.passage_id for c in (outcome.reply.citations if outcome.reply else []) if c.kind == CitationKind.CARE}
        for p in outcome.passages:
            added = " (added: when to get help)" if p.passage_id in care else ""
            lines.append(f"  passage {min(max(p.score, 0.0), 1.0):.2f} {p.article_title} › {p.section}{added}")
        if outcome.red_flags:
            lines.append(f"  red flags ({outcome.urgent_tier}): {', '.join(outcome.red_flags)}")
    lines.append(outcome.reply_text or "(no reply: the bot stays silent on this post)")
    return "\n".join(lines)


def run_shell(app: TriageApp, debug: bool = False, session: str | None = None) -> None:
    pipeline = app.pipeline
    session = session or uuid.uuid4().hex[:8]
    click.echo(BANNER)
    count = 0
    while True:
        try:
            text = input("you> ")
        except (EOFError, KeyboardInterrupt):
            click.echo("")
            break
        command = text.strip().lower()
        if command in {"/quit", "/exit", "quit", "exit"}:
            break
        if command == "/debug":
            debug = not debug
            click.echo(f"debug {'on' if debug else 'off'}")
            continue
        if not text.strip():
            continue
        count += 1
        try:
            outcome = pipeline.handle_post(Post(text=text, face="shell", external_id=f"{session}-{count}",
                                                author_id=f"shell:{session}"))
        except InvalidPost as exc:
            click.echo(f"triage> {exc}")
            continue
        click.echo("triage> " + format_outcome(outcome, debug).replace("\n", "\n        "))
