"""Report stage in a real browser: report.html -> headless Chromium (DOM dump, screenshot, console log).

How console errors are caught: Chromium started with `--enable-logging=stderr --v=0` writes every console message
of the page to stderr as `[pid:tid:time:INFO:CONSOLE:line] "message", source: <url> (line)`, whatever the level
(console.error, uncaught exceptions, blocked loads). The report carries a Content-Security-Policy of
`default-src 'none'`, so any script it ran or remote resource it tried to load would also surface there as a CSP
violation. The report is meant to produce no console output at all and it is the only page loaded, so the check
is: no CONSOLE line at all (a multi-line message still starts with one). A control test feeds a deliberately
broken page to prove the detector sees such lines.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from reconcile.report import render_report
from reconcile.report.render import plotted_subjects

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
TIMEOUT_SECONDS = 120
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
SECTIONS = ["summary", "conflicts", "findings", "estimates", "timelines", "sources", "claims", "documents",
            "rejected", "texts"]
CONSOLE_LINE = re.compile(r"^\[[^\]]*:CONSOLE\b[^\]]*\] ?(?P<message>.*)$", flags=re.M)


def chromium_binary() -> str:
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).is_file() else None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but Chromium is missing at {CHROMIUM}: run `make browser` (apt-get install chromium)")
    pytest.skip(f"headless Chromium not installed at {CHROMIUM}; `make browser` installs it (required when CI is set)")


def run_chromium(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    command = [chromium_binary(), *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)


def console_messages(stderr: str) -> list[str]:
    """Console lines Chromium logged (any level: the log line does not say which)."""
    return [match["message"] for match in CONSOLE_LINE.finditer(stderr)]


class DomSummary(HTMLParser):
    """Element ids in document order, the tags seen, and each inline <svg>'s declared size."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.tags: set[str] = set()
        self.svg_sizes: list[tuple[float, float]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.tags.add(tag)
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "svg":
            self.svg_sizes.append((_length(values.get("width")), _length(values.get("height"))))


def _length(value: str | None) -> float:
    match = re.match(r"\s*([0-9.]+)", value or "")
    return float(match.group(1)) if match else 0.0


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> tuple[Path, int]:
    from test_report import inputs  # the same hostile, hand-made flood frames the unit tests use

    report_inputs = inputs()
    paths = render_report(report_inputs, tmp_path_factory.mktemp("report"))
    return paths["report.html"], len(plotted_subjects(report_inputs.claims))


@pytest.fixture(scope="module")
def dom_run(report_page, tmp_path_factory) -> tuple[DomSummary, str]:
    page, _ = report_page
    result = run_chromium(page, tmp_path_factory.mktemp("dom"), "--enable-logging=stderr", "--v=0", "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    summary = DomSummary()
    summary.feed(result.stdout)
    return summary, result.stderr


def test_sections_render_in_order(dom_run):
    summary, _ = dom_run
    positions = [summary.ids.index(section) for section in SECTIONS]
    assert positions == sorted(positions)


def test_inline_svg_plots_render_with_size(dom_run, report_page):
    summary, _ = dom_run
    _, n_plots = report_page
    assert len(summary.svg_sizes) == n_plots > 0
    assert all(width > 0 and height > 0 for width, height in summary.svg_sizes)


def test_hostile_text_creates_no_elements(dom_run):
    summary, _ = dom_run
    assert not summary.tags & {"script", "img", "iframe", "object"}


def test_report_logs_no_console_messages(dom_run):
    _, stderr = dom_run
    assert console_messages(stderr) == []


@pytest.mark.parametrize("ci, outcome", [
    pytest.param("1", pytest.fail.Exception, id="ci-fails"),
    pytest.param(None, pytest.skip.Exception, id="local-skips"),
])
def test_missing_chromium_fails_in_ci_and_skips_locally(monkeypatch, ci, outcome):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(f"{__name__}.CHROMIUM", "/nonexistent/chromium")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome):
        chromium_binary()


def test_console_detector_sees_errors_and_blocked_loads(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="img-src data:"></head>'
        '<body><img src="https://example.invalid/x.png"><script>console.error("deliberate");'
        "missingFunction();</script></body></html>",
        encoding="utf-8",
    )
    result = run_chromium(page, tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom")
    messages = console_messages(result.stderr)
    assert any("deliberate" in m for m in messages)
    assert any("missingFunction" in m for m in messages)
    assert any("Content Security Policy" in m for m in messages)


def test_screenshot_is_not_blank_and_shows_plot_colours(report_page, tmp_path):
    page, _ = report_page
    shot = tmp_path / "report.png"
    result = run_chromium(page, tmp_path, f"--screenshot={shot}", "--window-size=1280,4000")
    assert result.returncode == 0 and shot.is_file(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    white = sum(count for count, rgb in colours if min(rgb) >= 250)
    assert white < 0.97 * image.width * image.height
    # The timeline's first colours (tab10 blue and orange) must be on screen: the plots were drawn, not blank.
    assert any(abs(r - 31) + abs(g - 119) + abs(b - 180) < 30 for _, (r, g, b) in colours)
    assert any(abs(r - 255) + abs(g - 127) + abs(b - 14) < 30 for _, (r, g, b) in colours)
