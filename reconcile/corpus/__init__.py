"""Corpus stage: a folder of articles (or a list of files) -> documents (DocumentSchema), one row per entry.

The rooms, in the order a file goes through them: `walk` (which entries, which doc_ids), `decode` (bytes -> text),
`metadata` (manifest.csv and what the text prints), `boilerplate` (scraping debris), `stories` (which event each
article is about), tied together by `load`. `articles_table` reads one Parquet/JSON Lines table of articles
lazily instead of a folder, and `claims_table` reads an analyst's edited claims table under the claims contract.
"""

from reconcile.corpus.boilerplate import boilerplate_spans, find_boilerplate
from reconcile.corpus.load import CorpusWarning, load_corpus, summarise_inventory
from reconcile.corpus.metadata import infer_metadata
from reconcile.corpus.walk import CorpusError

__all__ = [
    "CorpusError",
    "CorpusWarning",
    "boilerplate_spans",
    "find_boilerplate",
    "infer_metadata",
    "load_corpus",
    "summarise_inventory",
]
