"""Screenshots for the README: the seeds report (docs/report.png) and its who-said-what-when picture
(docs/positions.png), taken in headless Chromium (`make browser`). Run: .venv/bin/python scripts/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from chromium import Chromium  # noqa: E402  (the browser driver the tests use)

from reconcile.pipeline import run_report  # noqa: E402

WIDTH = 1400
REPORT_HEIGHT = 1500


def main() -> None:
    os.chdir(ROOT)  # the report names its corpus as given: "seeds", not this machine's path to it
    with tempfile.TemporaryDirectory() as work:
        run = run_report("seeds", Path(work) / "out")
        with Chromium(Path(work) / "profile", width=WIDTH, height=1000) as browser:
            browser.open(run.paths["report.html"])
            whole_width = {"x": 0, "y": 0, "width": WIDTH, "height": REPORT_HEIGHT}
            browser.screenshot(ROOT / "docs" / "report.png", whole_width)
            browser.evaluate("document.querySelector('details[id^=\"pictures-\"]').open = true")
            box = browser.evaluate("(() => { const r = document.querySelector('details[id^=\"pictures-\"] figure')"
                                   ".getBoundingClientRect(); return [r.x, r.y + window.scrollY, r.width, r.height]; })()")
            browser.screenshot(ROOT / "docs" / "positions.png",
                               {"x": box[0] - 8, "y": box[1] - 8, "width": box[2] + 16, "height": box[3] + 16})
    print("wrote docs/report.png and docs/positions.png")


if __name__ == "__main__":
    main()
