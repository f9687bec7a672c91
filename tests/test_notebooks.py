"""The notebooks, executed fresh with nbclient as a user would run them: no cell fails, and the walkthrough shows
the report's cards and at least one rendered picture (an image output, not "<Figure ...>")."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
IMAGES = ("image/svg+xml", "image/png")


def executed(name: str) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return notebook


def outputs(notebook: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


@pytest.fixture(scope="module")
def walkthrough() -> nbformat.NotebookNode:
    return executed("01_walkthrough.ipynb")


def test_walkthrough_runs_without_errors(walkthrough):
    assert not [output for output in outputs(walkthrough) if output.output_type == "error"]


def test_walkthrough_shows_a_rendered_picture(walkthrough):
    images = [output for output in outputs(walkthrough) if set(output.get("data", {})) & set(IMAGES)]
    assert images, "no image/svg+xml or image/png output"
    assert not [output for output in outputs(walkthrough)
                if output.get("data", {}).get("text/plain", "").startswith("<Figure") and
                not set(output.get("data", {})) & set(IMAGES)]


def test_walkthrough_shows_the_report_cards(walkthrough):
    html = [output["data"]["text/html"] for output in outputs(walkthrough) if "text/html" in output.get("data", {})]
    assert any('class="finding"' in page and 'class="rc-cards"' in page for page in html)
    assert any('<mark class="ev"' in page for page in html)


def test_your_own_articles_runs_without_errors():
    notebook = executed("02_your_own_articles.ipynb")
    assert not [output for output in outputs(notebook) if output.output_type == "error"]
    html = [output["data"]["text/html"] for output in outputs(notebook) if "text/html" in output.get("data", {})]
    assert any("<td>value_low</td>" in page and "5000" in page for page in html)  # the edit, beside extraction
