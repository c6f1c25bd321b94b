"""The moderators' report: live quality, drift, content gaps and service figures, as JSON, charts and a page.

``build_report(db, since, until, options)`` computes every figure from the store; ``render_charts`` and
``render_html`` draw it; ``digest_text`` summarises it for Discord; ``report_options`` gathers what the figures
need from a running app (the model's vocabulary, the retriever, the training mix).
"""

from __future__ import annotations

from bot.reports.build import ReportOptions, build_report, default_since
from bot.reports.charts import render_charts
from bot.reports.digest import alert_text, digest_text
from bot.reports.page import render_html

__all__ = ["ReportOptions", "build_report", "default_since", "render_charts", "render_html", "digest_text",
           "alert_text"]
