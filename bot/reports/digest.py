"""The report in a few lines for the moderators' channel (one Discord message, well under 2,000 characters)."""

from __future__ import annotations

from typing import Any

__all__ = ["digest_text", "alert_text", "MESSAGE_LIMIT"]

MESSAGE_LIMIT = 2000


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _minutes(seconds: float | None) -> str:
    return "n/a" if seconds is None else f"{seconds / 60:.0f} min"


def alert_text(report: dict[str, Any]) -> str | None:
    """The drift alerts of the report's latest week with enough posts, or None when nothing crossed a bar."""
    alerts = report["drift"]["alerts"]
    if not alerts:
        return None
    latest = max(a["week"] for a in alerts)
    lines = [f"⚠️ Drift: {a['message']}" for a in alerts if a["week"] == latest]
    return "\n".join(lines)[:MESSAGE_LIMIT]


def digest_text(report: dict[str, Any]) -> str:
    """A summary: posts, live precision, referral coverage, emergencies, helpful rate, queue, gaps, alerts."""
    q, s, g = report["quality"], report["service"], report["content_gaps"]
    precision = ", ".join(
        f"{r['label']} {_pct(r['precision'])}" for r in q["precision"]
        if r["model_version"] == report["model_version"] and r["precision"] is not None) or "no decisions yet"
    er = q["emergency_response"]
    queue_now = s["queue_size"][-1]["open"] if s["queue_size"] else 0
    lines = [
        f"**Triage report** {report['period']['since'][:10]} → {report['period']['until'][:10]} · "
        f"{report['posts']} posts · model {report['model_version'] or 'none'}",
        f"Precision (current model): {precision}",
        f"Referral coverage: {_pct(q['referral_coverage']['coverage'])} · emergencies: {er['items']}, first action "
        f"median {_minutes(er['time_to_first_action']['median_s'])}, waiting {er['waiting']}",
        f"Helpful rate: {_pct(s['helpful']['rate'])} · open in queue: {queue_now}",
    ]
    if g["topics"]:
        lines.append("Content gaps: " + "; ".join(f"{t['suggestion']} ({t['posts']})" for t in g["topics"][:3]))
    alert = alert_text(report)
    if alert:
        lines.append(alert)
    return "\n".join(lines)[:MESSAGE_LIMIT]
