"""The moderators' report: live quality, drift, content gaps and service figures, as JSON, charts and a page.

``build.build_report(db, since, until, options)`` computes every figure from the store; ``charts.render_charts``
and ``page.render_html`` draw it; ``digest.digest_text`` summarises it for Discord; ``sources.report_options``
gathers what the figures need from a running app (the model's vocabulary, the retriever, the training mix).
Nothing is imported here, so a command that does not report never loads matplotlib.
"""
