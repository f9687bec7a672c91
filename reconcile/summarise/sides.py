"""The two sides of a finding: positions -> who stands behind them, which outlets carried them, the evidence."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from reconcile.schema import complete_claims


@dataclass(frozen=True)
class Candidate:
    """A finding before it is worded: its relation and rule, the timeline rows on each side, and its weight."""

    relation: str
    rule_id: str
    label: str
    left: tuple[int, ...]
    right: tuple[int, ...]
    severity: float
    steps: tuple[str, ...] = ()


class SideBook:
    """Looks up, for a set of positions, the sources, outlets, intermediaries, claims and evidence behind them."""

    def __init__(self, timelines: pd.DataFrame, claims: pd.DataFrame) -> None:
        self.timelines = timelines.reset_index(drop=True)
        evidence = complete_claims(claims)[["claim_id", "doc_id", "via", "text", "start", "end"]]
        self.claims = evidence.drop_duplicates("claim_id").set_index("claim_id")

    def side(self, rows: tuple[int, ...]) -> dict[str, object]:
        """Everything a finding says about one side, in sorted lists so reruns agree."""
        positions = self.timelines.iloc[list(rows)]
        claim_ids = sorted({c for ids in positions["claim_ids"] for c in ids})
        known = [c for c in claim_ids if c in self.claims.index]
        via = self.claims.loc[known, "via"].dropna().astype(str) if known else pd.Series(dtype=object)
        lead = positions.sort_values(["n_outlets", "n_claims", "position_id"], ascending=[False, False, True],
                                     kind="mergesort").iloc[0]
        lead_claim = sorted(lead["claim_ids"])[0]
        evidence = self.claims.loc[lead_claim] if lead_claim in self.claims.index else None
        return {
            "position_ids": sorted(positions["position_id"]),
            "claim_ids": claim_ids,
            "value": " / ".join(dict.fromkeys(positions.sort_values("position_id")["value"])),
            "as_of": lead["as_of"],
            "sources": sorted(set(positions["source"])),
            "via": sorted({v for v in via if v.strip()}),
            "outlets": sorted({o for outlets in positions["outlets"] for o in outlets}),
            "n_independent": int(positions["source_group"].nunique()),
            "n_outlets": len({o for outlets in positions["outlets"] for o in outlets}),
            "doc_id": str(evidence["doc_id"]) if evidence is not None else "",
            "evidence": str(evidence["text"]) if evidence is not None else "",
            "start": int(evidence["start"]) if evidence is not None else 0,
            "end": int(evidence["end"]) if evidence is not None else 0,
        }


def distance(timelines: pd.DataFrame, left: tuple[int, ...], right: tuple[int, ...], points: np.ndarray,
             day_numbers: np.ndarray) -> float:
    """How far apart two sides are: orders of magnitude for counts, log10(1 + days) for dates; at least 0.1."""
    kind = timelines["kind"].iloc[left[0]]
    if kind == "count":
        a, b = _extreme(points, left, np.max), _extreme(points, right, np.max)
        value = abs(np.log10(max(a, 1e-9) / max(b, 1e-9))) if np.isfinite(a) and np.isfinite(b) else 0.0
    elif kind == "date":
        a, b = _extreme(day_numbers, left, np.min), _extreme(day_numbers, right, np.min)
        value = np.log10(1 + abs(a - b)) if np.isfinite(a) and np.isfinite(b) else 0.0
    else:
        value = 0.0
    return float(max(value, 0.1))


def _extreme(values: np.ndarray, rows: tuple[int, ...], pick) -> float:
    known = values[list(rows)]
    known = known[np.isfinite(known)]
    return float(pick(known)) if len(known) else float("nan")
