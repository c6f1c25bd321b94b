"""The report page in a real headless browser (Debian's ``chromium``): every chart renders, no console message.

Skipped when /usr/bin/chromium is absent (``apt-get install chromium``). Two browser runs of about 2-3 s each:
one on the page as shipped (console log and a screenshot), one on a copy with a checking script added (the page
itself has no script, and its Content-Security-Policy would block one).
"""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from bot.reports.build import ReportOptions, build_report
from bot.reports.charts import CHARTS, HEIGHT, WIDTH, render_charts
from bot.reports.gaps import ClosestArticle
from bot.reports.page import render_html
from data.db import open_memory_db
from tests.bot.reports.seeded import REPORT_NOW, seed_store

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")

CHECK = """<script>
window.addEventListener('load', () => {
  const images = [...document.images];
  const drawn = images.filter(i => i.complete && i.naturalWidth === WIDTH && i.naturalHeight === HEIGHT);
  document.title = 'CHECKED ' + images.length + ' ' + drawn.length;
});
</script></body>""".replace("WIDTH", str(WIDTH)).replace("HEIGHT", str(HEIGHT))


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=3000", *args],
        capture_output=True, text=True, timeout=90, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    db = open_memory_db()
    seed_store(db)
    figures = build_report(db, datetime(2026, 3, 2, tzinfo=UTC), REPORT_NOW,
                           ReportOptions(closest_article=lambda _text: ClosestArticle("Tendon care", 0.3)))
    db.close()
    path = tmp_path_factory.mktemp("browser") / "report.html"
    path.write_text(render_html(figures, render_charts(figures)), encoding="utf-8")
    return path


def test_page_renders_with_no_console_message_and_a_plausible_screenshot(page, tmp_path):
    shot = tmp_path / "shot.png"
    run = _chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--window-size=1000,2400",
                    f"--screenshot={shot}", page.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []  # a blocked script, a blocked fetch or a broken image would be logged here
    image = Image.open(io.BytesIO(shot.read_bytes()))
    assert image.size == (1000, 2400)
    colours = image.convert("RGB").resize((100, 240)).getcolors(maxcolors=100_000)
    assert shot.stat().st_size > 50_000 and colours is not None and len(colours) > 50  # charts, not a blank page


def test_every_chart_is_decoded_at_full_size(page, tmp_path):
    html = page.read_text(encoding="utf-8")
    checked = tmp_path / "checked.html"
    checked.write_text(html.replace("style-src 'unsafe-inline'", "style-src 'unsafe-inline'; script-src 'unsafe-inline'")
                       .replace("</body>", CHECK), encoding="utf-8")
    run = _chromium(tmp_path, "--dump-dom", checked.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    title = re.search(r"<title>([^<]*)</title>", run.stdout)
    assert title is not None and title.group(1) == f"CHECKED {len(CHARTS)} {len(CHARTS)}"
