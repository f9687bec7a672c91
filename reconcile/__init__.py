"""reconcile: claims with provenance from news articles, compared by source and date. Public API only.

Names are imported on first use (PEP 562), so `import reconcile` and `reconcile --help` stay fast: pandas,
spaCy and matplotlib load only when a function that needs them is called.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reconcile")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

_EXPORTS = {
    "CorpusError": "reconcile.corpus",
    "load_corpus": "reconcile.corpus",
    "summarise_inventory": "reconcile.corpus",
    "extract_claims": "reconcile.extract",
    "Reconciliation": "reconcile.pipeline",
    "RunResult": "reconcile.pipeline",
    "read_claims": "reconcile.pipeline",
    "reconcile_claims": "reconcile.pipeline",
    "run_report": "reconcile.pipeline",
    "FindingCards": "reconcile.report",
    "ReportInputs": "reconcile.report",
    "plot_positions": "reconcile.report",
    "render_report": "reconcile.report",
    "render_report_seconds": "reconcile.report",
    "ClaimSchema": "reconcile.schema",
    "DocumentSchema": "reconcile.schema",
    "EstimateSchema": "reconcile.schema",
    "FindingSchema": "reconcile.schema",
    "PairSchema": "reconcile.schema",
    "RelationSchema": "reconcile.schema",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reconcile' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
