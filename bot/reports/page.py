"""The report as one self-contained HTML page: inline CSS, charts as base64 PNGs, no script and no link out.

Nothing on the page comes from a post except the masked examples of content gaps; every value is escaped.
"""

from __future__ import annotations

import base64
from html import escape
from typing import Any

from bot.reports.charts import HEIGHT, WIDTH

__all__ = ["render_html"]

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#222;padding:0 1rem}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.25rem .6rem;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
img{max-width:100%;height:auto;display:block;margin:.5rem 0}
.alert{background:#fdecea;border-left:4px solid #c44e52;padding:.5rem 1rem;margin:.3rem 0}
.muted{color:#666}blockquote{margin:.2rem 0 .2rem 1rem;color:#444;font-style:italic}
"""

_CHART_TITLES = {"label_mix": "Label mix per week", "precision": "Precision per label per week",
                 "queue": "Queue size and time to first action", "helpful": "Helpful rate",
                 "content_gaps": "Content gaps", "drift": "Drift signals"}


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(_fmt(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _img(name: str, png: bytes) -> str:
    data = base64.b64encode(png).decode("ascii")
    alt = escape(_CHART_TITLES.get(name, name))
    return (f'<figure><img id="chart-{escape(name)}" alt="{alt}" width="{WIDTH}" height="{HEIGHT}" '
            f'src="data:image/png;base64,{data}"></figure>')


def _minutes(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds / 60:.1f} min"


def render_html(report: dict[str, Any], charts: dict[str, bytes]) -> str:
    """The whole page for a report and its charts."""
    q, d, g, s = report["quality"], report["drift"], report["content_gaps"], report["service"]
    period = report["period"]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        'style-src \'unsafe-inline\'">',
        f"<title>Triage report {escape(period['since'][:10])} to {escape(period['until'][:10])}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>How Triage is doing</h1>",
        f"<p class=muted>{escape(period['since'][:16])} to {escape(period['until'][:16])} UTC · "
        f"{report['posts']} posts · model {escape(report['model_version'] or 'none')}</p>",
    ]
    parts.append("<h2>Alerts</h2>")
    if d["alerts"]:
        parts += [f"<div class=alert>{escape(a['message'])}</div>" for a in d["alerts"]]
    else:
        parts.append("<p>No drift signal crossed its bar.</p>")

    parts.append("<h2>Live quality</h2>")
    parts.append(f"<p>{q['decisions']} moderator decisions on a label, {q['audited']} of them from the random "
                 "audit sample (confidently handled posts).</p>")
    parts.append(_table(["model", "label", "right", "wrong", "missed", "precision", "audit precision"],
                        [[r["model_version"], r["label"], r["right"], r["wrong"], r["missed"], _pct(r["precision"]),
                          _pct(r["audit_precision"])] for r in q["precision"]]))
    rc, er = q["referral_coverage"], q["emergency_response"]
    parts.append(f"<p>Referral coverage: {rc['covered']} of {rc['confirmed_personal']} posts confirmed as personal "
                 f"symptoms got a referral notice ({_pct(rc['coverage'])}).</p>")
    fa = er["time_to_first_action"]
    parts.append(f"<p>Emergencies: {er['items']} · first moderator action median {_minutes(fa['median_s'])}, "
                 f"90th percentile {_minutes(fa['p90_s'])} · still waiting: {er['waiting']}.</p>")
    parts.append(_img("precision", charts["precision"]))

    parts.append("<h2>Drift</h2>")
    parts.append(_table(["week", "posts", "chi-square p", "below threshold", "mean top probability", "unknown words"],
                        [[w["week"], w["posts"], w["p_value"], _pct(w["below_threshold_share"]),
                          w["mean_top_probability"], _pct(w["oov_share"])] for w in d["weeks"]]))
    if d["training_mix"] is None:
        parts.append("<p class=muted>The training label mix is unknown for this model, so the label-mix test is "
                     "skipped (a retrain records it).</p>")
    parts.append(_img("label_mix", charts["label_mix"]))
    parts.append(_img("drift", charts["drift"]))

    parts.append("<h2>Content gaps</h2>")
    parts.append(f"<p>{g['posts']} posts the articles did not answer ({g['reasons']['no_match']} with no passage "
                 f"above the bar, {g['reasons']['not_helpful']} marked “Not helpful”).</p>")
    for topic in g["topics"]:
        closest = topic["closest_article"]
        parts.append(f"<h3>{escape(topic['suggestion'])} · {topic['posts']} posts</h3>")
        if closest:
            parts.append(f"<p class=muted>Closest article: {escape(closest['title'])} "
                         f"(score {closest['score']:.2f})</p>")
        parts += [f"<blockquote>{escape(example)}</blockquote>" for example in topic["examples"]]
    parts.append(_img("content_gaps", charts["content_gaps"]))

    parts.append("<h2>Service</h2>")
    h = s["helpful"]
    parts.append(f"<p>Helpful rate: {_pct(h['rate'])} ({h['helpful']} helpful, {h['not_helpful']} not helpful, "
                 f"{h['reports']} reports).</p>")
    parts.append(_table(["priority", "items", "open", "first action median", "first action p90",
                         "resolution median", "resolution p90"],
                        [[name, v["items"], v["open"], _minutes(v["first_action"]["median_s"]),
                          _minutes(v["first_action"]["p90_s"]), _minutes(v["resolution"]["median_s"]),
                          _minutes(v["resolution"]["p90_s"])] for name, v in s["response_times"].items()]))
    parts.append(_img("helpful", charts["helpful"]))
    parts.append(_img("queue", charts["queue"]))
    parts.append("</body></html>")
    return "\n".join(parts)
