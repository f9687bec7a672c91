"""Report stage in a real browser: report.html -> headless Chromium (Debian's package) driven over the DevTools
protocol (tests/chromium.py): tables filter and sort, collapsed sections open, no console message, no request
outside the file, and the seeds page stays short with every section but the conflicts collapsed.

The report carries a Content-Security-Policy of `default-src 'none'` with its one script allowed by hash, so a
script it ran or a resource it tried to load from elsewhere would show up as a console message or a request.
A control test feeds a deliberately broken page to prove the detectors see such things.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
from chromium import Chromium, chromium_path
from PIL import Image
from report_frames import FLOOD, claims_frame, inputs

import chromium as chromium_module
from reconcile.report import render_report
from reconcile.report.evidence import anchor_id

pytestmark = pytest.mark.browser
STORY = anchor_id(FLOOD, "story")
# The seeds report at 1400 px wide, every section collapsed but the conflicts.
MAX_SEEDS_HEIGHT = 12_000


def chromium_binary() -> str:
    found = chromium_path()
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but Chromium is missing at {chromium_module.CHROMIUM}: run `make browser`")
    pytest.skip(f"headless Chromium not installed at {chromium_module.CHROMIUM}; `make browser` installs it")


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    return render_report(inputs(), tmp_path_factory.mktemp("report"))["report.html"]


@pytest.fixture(scope="module")
def browser(report_page, tmp_path_factory):
    with Chromium(tmp_path_factory.mktemp("profile"), chromium_binary()) as chromium:
        chromium.open(report_page)
        yield chromium


def visible_rows(browser, table_id: str) -> list[str]:
    return browser.evaluate(
        f"Array.from(document.querySelectorAll('#{table_id} tbody tr')).filter(r => !r.hidden)"
        ".map(r => r.cells[0].textContent.trim())")


def test_page_loads_with_no_console_message_and_no_outside_request(browser, report_page):
    browser.settle()
    assert browser.console_messages() == []
    assert set(browser.requests()) == {report_page.resolve().as_uri()}


def test_search_filters_a_table_to_the_matching_rows(browser):
    browser.evaluate("document.getElementById('claims').open = true")
    assert visible_rows(browser, "claims-table") == sorted(claims_frame()["claim_id"])[:25]
    browser.evaluate("(() => { const box = document.querySelector('#claims-table input');"
                     " box.value = 'ledger'; box.dispatchEvent(new Event('input')); })()")
    assert visible_rows(browser, "claims-table") == ["c03"]
    total = len(claims_frame())
    assert browser.evaluate("document.querySelector('#claims-table .dt-count').textContent") == f"1 of {total} rows"
    browser.evaluate("(() => { const box = document.querySelector('#claims-table input');"
                     " box.value = ''; box.dispatchEvent(new Event('input')); })()")


def test_a_column_filter_keeps_one_value(browser):
    pick = ("(() => { const s = document.querySelector('#claims-table select[aria-label=\"filter by subject\"]');"
            " s.value = '%s'; s.dispatchEvent(new Event('change')); })()")
    browser.evaluate(pick % "people missing")
    assert visible_rows(browser, "claims-table") == ["c02", "c08"]
    browser.evaluate(pick % "")


def test_clicking_a_header_sorts_by_that_column(browser):
    counts = claims_frame().query("kind == 'count'").sort_values(["value_low", "claim_id"], kind="mergesort")
    browser.evaluate("document.querySelectorAll('#claims-table th')[5].click()")  # figure, numeric
    ascending = [row for row in visible_rows(browser, "claims-table") if row in set(counts["claim_id"])]
    browser.evaluate("document.querySelectorAll('#claims-table th')[5].click()")
    descending = [row for row in visible_rows(browser, "claims-table") if row in set(counts["claim_id"])]
    figures = counts.set_index("claim_id")["value_low"]
    assert list(figures[ascending]) == sorted(figures) and list(figures[descending]) == sorted(figures)[::-1]


def test_a_collapsed_section_opens_on_click(browser):
    section = f"revisions-{STORY}"
    assert browser.evaluate(f"document.getElementById('{section}').open") is False
    browser.evaluate(f"document.querySelector('#{section} > summary').click()")
    assert browser.evaluate(f"document.getElementById('{section}').open") is True
    assert browser.evaluate(f"document.getElementById('{section}').getBoundingClientRect().height") > 80


def test_an_evidence_link_opens_the_texts_section(browser):
    assert browser.evaluate("document.getElementById('texts').open") is False
    browser.evaluate(f"document.querySelector('#conflicts-{STORY} .links a').click()")
    assert browser.evaluate("document.getElementById('texts').open") is True
    browser.settle()
    assert browser.console_messages() == []


def test_the_picture_renders_with_the_plot_colours(browser, tmp_path):
    browser.evaluate(f"document.getElementById('pictures-{STORY}').open = true")
    box = browser.evaluate(f"(() => {{ const r = document.querySelector('#pictures-{STORY} figure svg')"
                           ".getBoundingClientRect(); return [r.x, r.y + window.scrollY, r.width, r.height]; })()")
    assert box[2] > 300 and box[3] > 150
    shot = browser.screenshot(tmp_path / "picture.png", {"x": box[0], "y": box[1], "width": box[2],
                                                         "height": box[3]})
    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 20)
    # tab10's first two colours: the first two independent sources were drawn, not a blank figure.
    assert any(abs(r - 31) + abs(g - 119) + abs(b - 180) < 30 for _, (r, g, b) in colours)
    assert any(abs(r - 255) + abs(g - 127) + abs(b - 14) < 30 for _, (r, g, b) in colours)


@pytest.mark.slow
def test_seeds_page_is_short_with_every_section_but_the_conflicts_collapsed(seed_run, tmp_path):
    with Chromium(tmp_path / "profile", chromium_binary(), width=1400, height=900) as chromium:
        chromium.open(seed_run.paths["report.html"])
        opened = chromium.evaluate("Array.from(document.querySelectorAll('details.block'))"
                                   ".filter(d => d.open).map(d => d.id)")
        height = chromium.evaluate("document.documentElement.scrollHeight")
        chromium.settle()
        assert chromium.console_messages() == []
    assert all(section.startswith("conflicts-") for section in opened) and opened
    assert height < MAX_SEEDS_HEIGHT


@pytest.mark.parametrize("ci, outcome", [
    pytest.param("1", pytest.fail.Exception, id="ci-fails"),
    pytest.param(None, pytest.skip.Exception, id="local-skips"),
])
def test_missing_chromium_fails_in_ci_and_skips_locally(monkeypatch, ci, outcome):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(chromium_module, "CHROMIUM", "/nonexistent/chromium")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome):
        chromium_binary()


def test_detectors_see_console_errors_blocked_loads_and_requests(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="img-src data:"></head>'
        '<body><img src="https://example.invalid/x.png"><script>console.error("deliberate");'
        "missingFunction();</script></body></html>",
        encoding="utf-8",
    )
    with Chromium(tmp_path / "profile", chromium_binary()) as chromium:
        chromium.open(page)
        chromium.settle()
        messages = chromium.console_messages()
    assert any("deliberate" in m for m in messages)
    assert any("missingFunction" in m for m in messages)
    assert any(re.search("Content Security Policy", m) for m in messages)
