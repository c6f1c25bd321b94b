"""The report's charts as PNG bytes, drawn with matplotlib's Agg backend (no display, no pyplot state).

Every chart is drawn from the report dict alone and has the same size (:data:`WIDTH` x :data:`HEIGHT` pixels), so
the page lays out evenly and Discord shows them as a set. A chart with no data says so instead of drawing axes
over nothing. Figures are built with ``matplotlib.figure.Figure`` directly: no global pyplot state, so charts
can be drawn from a worker thread.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

__all__ = ["CHARTS", "render_charts", "WIDTH", "HEIGHT", "DPI"]

DPI = 100
WIDTH, HEIGHT = 900, 420
_LABEL_COLOURS = {"research_help": "#4c72b0", "personal_symptoms": "#dd8452", "general_info": "#55a868",
                  "other": "#8c8c8c"}


def _figure(title: str, *, legend_outside: bool = False, left: float = 0.08) -> tuple[Figure, Any]:
    """One chart with fixed margins (``tight_layout`` drew every chart twice: half the time of the report)."""
    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=left, right=0.78 if legend_outside else 0.97, bottom=0.12, top=0.9)
    ax = fig.add_subplot(1, 1, 1)
    ax.set_title(title)
    return fig, ax


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)  # no bbox_inches="tight": every chart keeps the same size
    return buffer.getvalue()


def _empty(ax: Any, text: str = "no data in this period") -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#666666")
    ax.set_xticks([])
    ax.set_yticks([])


def _short(week: str) -> str:
    return week[5:]  # "2026-03-02" -> "03-02"


def label_mix(report: dict[str, Any]) -> bytes:
    """Share of each predicted label per week, stacked, with the training mix as the last bar."""
    fig, ax = _figure("Label mix per week (predictions)", legend_outside=True)
    weeks = [w for w in report["drift"]["weeks"] if w["posts"]]
    if not weeks:
        _empty(ax)
        return _png(fig)
    names = [_short(w["week"]) for w in weeks]
    shares = {label: [w["label_share"][label] or 0 for w in weeks] for label in _LABEL_COLOURS}
    mix = report["drift"]["training_mix"]
    if mix:
        total = sum(mix.values()) or 1
        names.append("training")
        for label in shares:
            shares[label].append(mix.get(label, 0) / total)
    bottom = [0.0] * len(names)
    for label, values in shares.items():
        ax.bar(names, values, bottom=bottom, label=label, color=_LABEL_COLOURS[label])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of posts")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
    return _png(fig)


def precision(report: dict[str, Any]) -> bytes:
    """Live precision per predicted label per week, from moderators' decisions."""
    fig, ax = _figure("Precision per label per week (moderators' decisions)")
    by_week = report["quality"]["precision_by_week"]
    weeks = list(by_week)
    drawn = False
    for label, colour in _LABEL_COLOURS.items():
        values = [by_week[w].get(label) for w in weeks]
        if any(v is not None for v in values):
            xs = [_short(w) for w, v in zip(weeks, values, strict=True) if v is not None]
            ax.plot(xs, [v for v in values if v is not None], marker="o", label=label, color=colour)
            drawn = True
    if not drawn:
        _empty(ax, "no moderator decisions in this period")
        return _png(fig)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("precision")
    ax.legend(loc="lower left", fontsize="small")
    return _png(fig)


def queue(report: dict[str, Any]) -> bytes:
    """Open review items over time (left) and median time to first action per priority (right)."""
    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.06, right=0.97, bottom=0.15, top=0.9, wspace=0.45)
    left, right = fig.add_subplot(1, 2, 1), fig.add_subplot(1, 2, 2)
    left.set_title("Queue size (open items)")
    points = report["service"]["queue_size"]
    left.plot([p["at"][5:10] for p in points], [p["open"] for p in points], color="#4c72b0")
    step = max(1, len(points) // 6)
    left.set_xticks(range(0, len(points), step))
    left.set_xticklabels([points[i]["at"][5:10] for i in range(0, len(points), step)], rotation=30)
    left.set_ylim(bottom=0)
    left.yaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_title("Median minutes to first action")
    times = {name: v["first_action"]["median_s"] for name, v in report["service"]["response_times"].items()
             if v["first_action"]["median_s"] is not None}
    if times:
        right.barh(list(times), [s / 60 for s in times.values()], color="#dd8452")
        right.invert_yaxis()
        right.set_xlabel("minutes")
    else:
        _empty(right, "no moderator actions yet")
    return _png(fig)


def helpful(report: dict[str, Any]) -> bytes:
    """Members' helpful rate per week (bars) with the number of presses above each bar."""
    fig, ax = _figure("Helpful rate from members' buttons")
    weeks = [w for w in report["service"]["helpful_by_week"] if w["rate"] is not None]
    if not weeks:
        _empty(ax, "no feedback in this period")
        return _png(fig)
    names = [_short(w["week"]) for w in weeks]
    bars = ax.bar(names, [w["rate"] for w in weeks], color="#55a868")
    for bar, w in zip(bars, weeks, strict=True):
        ax.annotate(f"n={w['helpful'] + w['not_helpful']}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center", va="bottom", fontsize="small")
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("helpful / (helpful + not helpful)")
    return _png(fig)


def content_gaps(report: dict[str, Any]) -> bytes:
    """Unanswered posts per topic, largest first."""
    fig, ax = _figure("Content gaps: unanswered posts per topic", left=0.33)
    topics = report["content_gaps"]["topics"]
    if not topics:
        _empty(ax, "no unanswered posts in this period")
        return _png(fig)
    ax.barh([t["topic"][:40] for t in topics], [t["posts"] for t in topics], color="#c44e52")
    ax.invert_yaxis()
    ax.set_xlabel("posts")
    return _png(fig)


def drift(report: dict[str, Any]) -> bytes:
    """The weekly drift signals against their bars (dashed)."""
    fig, ax = _figure("Drift signals per week (dashed: alert bars)", legend_outside=True)
    weeks = [w for w in report["drift"]["weeks"] if w["posts"]]
    if not weeks:
        _empty(ax)
        return _png(fig)
    bars = report["drift"]["bars"]
    names = [_short(w["week"]) for w in weeks]
    for key, colour in (("below_threshold_share", "#c44e52"), ("mean_top_probability", "#4c72b0"),
                        ("oov_share", "#8172b3")):
        values = [w[key] for w in weeks]
        if all(v is None for v in values):
            continue
        ax.plot(names, [float("nan") if v is None else v for v in values], marker="o", color=colour,
                label=key.replace("_", " "))
        ax.axhline(bars[key], color=colour, linestyle="--", linewidth=1)
    ax.set_ylim(0, 1.05)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
    return _png(fig)


#: Every chart, by the file name stem it is saved and uploaded under, in the order they are shown.
CHARTS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "label_mix": label_mix,
    "precision": precision,
    "queue": queue,
    "helpful": helpful,
    "content_gaps": content_gaps,
    "drift": drift,
}


def render_charts(report: dict[str, Any]) -> dict[str, bytes]:
    """Every chart of the report as PNG bytes."""
    return {name: draw(report) for name, draw in CHARTS.items()}
