"""Writes the two notebooks from cell sources kept here, without outputs (run: .venv/bin/python scripts/make_notebooks.py)."""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parents[1] / "notebooks"

WALKTHROUGH = [
    new_markdown_cell(
        "# Walkthrough: reconciling the seed articles\n\n"
        "This notebook runs the whole pipeline on `seeds/` through the public API of `reconcile` and shows each table "
        "it produces. Nothing here is specific to the seeds: point `CORPUS` at another folder to read your own."
    ),
    new_code_cell(
        "from pathlib import Path\n\n"
        "import pandas as pd\n\n"
        "import reconcile as rc\n\n"
        "CORPUS = Path('..') / 'seeds'\n"
        "pd.set_option('display.max_colwidth', 80)"
    ),
    new_markdown_cell(
        "## Documents\n\nOne row per input file. `status` is `ok` or `skipped` (with a `reason`); `*_source` columns say "
        "whether each metadata value came from `manifest.csv`, was inferred from the text, or is unknown."
    ),
    new_code_cell(
        "documents = rc.load_corpus(CORPUS)\n"
        "documents[['doc_id', 'outlet', 'outlet_source', 'published', 'published_source', 'status', 'reason']]"
    ),
    new_markdown_cell(
        "## Claims\n\nEvery claim with its provenance: `kind` (count, date, place, route, quote), what it is about "
        "(`subject`, `status`), the interval the wording implies (`value_low`..`value_high` and `qualifier`), and who "
        "stands behind it (`speaker`, `source_org`, `source_country`, `via`). `start`/`end` index the document text."
    ),
    new_code_cell(
        "claims = rc.extract_claims(documents)\n"
        "claims['kind'].value_counts().sort_index()"
    ),
    new_markdown_cell("Filter like any DataFrame: here, counts of troops, with who said them and when."),
    new_code_cell(
        "counts = claims[claims['kind'] == 'count']\n"
        "counts[['doc_id', 'subject', 'status', 'qualifier', 'value_low', 'value_high', 'source_org', "
        "'source_country', 'via', 'stated_on']].head(20)"
    ),
    new_markdown_cell(
        "## Findings\n\n`reconcile_claims` collapses claims into positions (one source's figure about one subject at "
        "one date, whatever outlets carried it), orders each source's positions into timelines, compares positions of "
        "independent sources inside a snapshot window with an ordered ladder of rules (each with a `rule_id` and a "
        "readable `label`), and summarises them into findings: conflicts between camps of sources, revision chains, "
        "scope differences. Outlets that repeat one source are its witnesses, not more sources "
        "(`n_independent_l` / `n_independent_r`). The result shows itself as the report's cards:"
    ),
    new_code_cell("result = rc.reconcile_claims(claims)\nresult"),
    new_markdown_cell(
        "The findings are a DataFrame: filter it like any other. Here, the conflicts, with who stands on each side."
    ),
    new_code_cell(
        "conflicts = result.findings[result.findings['relation'] == 'conflict']\n"
        "conflicts[['rank', 'story', 'subject', 'status', 'value_l', 'sources_l', 'value_r', 'sources_r', "
        "'n_independent_l', 'n_independent_r']].head(10)"
    ),
    new_markdown_cell(
        "`FindingCards` shows any selection of findings as cards; given the documents, each claim is highlighted in "
        "its sentence (spaCy's displacy) and linked to the original article when its URL is known."
    ),
    new_code_cell("rc.FindingCards(conflicts, documents=documents, timelines=result.timelines, limit=2)"),
    new_markdown_cell(
        "## Who said what, when\n\nA position is what one source said about one subject at one date; outlets that "
        "carried it are its witnesses. The picture puts each position at its date (across) and figure (up): colour "
        "is the independent source, shape what was counted, a bar the interval the wording allows, an arrow an open "
        "bound, a line one source's figures over time, a red dashed line a conflict."
    ),
    new_code_cell(
        "timelines = result.timelines[result.timelines['kind'] == 'count']\n"
        "timelines[['subject', 'status', 'source', 'source_group', 'as_of', 'value', 'outlets', 'step']].head(10)"
    ),
    new_code_cell(
        "subject = timelines['subject'].value_counts().index[0]\n"
        "rc.plot_positions(result.timelines, result.relations, subject)"
    ),
    new_markdown_cell(
        "Estimates give, per subject, status and date, a low / best / high figure across independent sources "
        "(the `rule_id` column names the rule)."
    ),
    new_code_cell("result.estimates.head(10)"),
]

YOUR_OWN = [
    new_markdown_cell(
        "# Your own articles\n\n"
        "1. Put your articles (`.txt`, `.md` or `.html`) in a folder. Optionally add a `manifest.csv` with columns "
        "`doc_id,file,outlet,published,url,byline,story` (only `doc_id` and `file` are required).\n"
        "2. Set `CORPUS` below to that folder and run the notebook.\n"
        "3. Correct any claim in the table, save it, and reconcile the edited table again."
    ),
    new_code_cell(
        "from pathlib import Path\n"
        "import tempfile\n\n"
        "import reconcile as rc\n\n"
        "CORPUS = Path('..') / 'seeds'   # <- your folder here\n"
        "WORK = Path(tempfile.mkdtemp())  # where this notebook writes its files"
    ),
    new_code_cell(
        "documents = rc.load_corpus(CORPUS)\n"
        "print(rc.summarise_inventory(documents) or 'every document was read')\n"
        "claims = rc.extract_claims(documents)\n"
        "claims.to_csv(WORK / 'claims.csv', index=False)\n"
        "len(claims)"
    ),
    new_markdown_cell(
        "## Correct a claim\n\nSay the extractor misread the first count claim's figure. Edit it here, or open "
        "`claims.csv` in a spreadsheet and save it. The edited table is validated against the same contract as the "
        "extractor's output before it is reconciled."
    ),
    new_code_cell(
        "edited = rc.read_claims(WORK / 'claims.csv').valid\n"
        "first_count = edited.index[edited['kind'] == 'count'][0]\n"
        "edited.loc[first_count, ['value_low', 'value_high', 'qualifier']] = [5000.0, 5000.0, 'exact']\n"
        "edited.to_csv(WORK / 'claims_edited.csv', index=False)\n"
        "edited.loc[first_count, ['claim_id', 'subject', 'value_low', 'value_high', 'qualifier']]"
    ),
    new_markdown_cell("## Re-run the reconciliation on the edited claims, without extracting again"),
    new_code_cell(
        "validated = rc.read_claims(WORK / 'claims_edited.csv')\n"
        "print(len(validated.failures), 'rows failed validation')\n"
        "result = rc.reconcile_claims(validated.valid)\n"
        "result.findings[['rank', 'relation', 'subject', 'value_l', 'value_r', 'sources_l', 'sources_r']].head(10)"
    ),
    new_markdown_cell("Write the full report (HTML, Markdown, JSON and CSVs) for the edited table:"),
    new_code_cell(
        "run = rc.run_report(CORPUS, WORK / 'out', claims_path=WORK / 'claims_edited.csv')\n"
        "sorted(path.name for path in run.paths.values())"
    ),
    new_markdown_cell(
        "The report marks the edited value with what extraction found beside it (see `edited_values.csv`), and the "
        "run shows its leading findings here:"
    ),
    new_code_cell("import pandas as pd\n\npd.read_csv(WORK / 'out' / 'edited_values.csv')"),
    new_code_cell("run"),
]


def write(name: str, cells: list) -> None:
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"{name.split('_')[0]}-{index:02d}"  # stable ids: regenerating gives the same file
    nbformat.write(notebook, HERE / name)


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    write("01_walkthrough.ipynb", WALKTHROUGH)
    write("02_your_own_articles.ipynb", YOUR_OWN)
