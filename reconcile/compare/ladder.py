"""The relation ladder: ordered rules (rule_id, label, relation, predicates) read from `relation_rules.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from reconcile.rules import shipped_path
from reconcile.vocab import RELATIONS, STATUSES

RULES_FILE = "relation_rules.yaml"


@dataclass(frozen=True)
class Rule:
    """One level of the ladder: the relation it gives when all of its predicates hold ("not x" negates x)."""

    rule_id: str
    label: str
    relation: str
    when: tuple[str, ...]


@dataclass(frozen=True)
class Ladder:
    """The ordered rules plus the documented tolerances and status families they rely on."""

    rules: tuple[Rule, ...]
    approx_relative: float
    quote_variant_min_ratio: float
    status_families: tuple[tuple[str, str], ...]
    place_filler_words: tuple[str, ...] = ()
    scope_gap_ratio: float = 50.0


def load_ladder(path: str | Path | None = None) -> Ladder:
    """Load and check the rule ladder (shipped `relation_rules.yaml` unless `path` is given).

    >>> load_ladder().rules[-1].relation
    'unrelated'
    """
    return _load_ladder_cached(str(path) if path is not None else str(shipped_path(RULES_FILE)))


@lru_cache(maxsize=8)
def _load_ladder_cached(path: str) -> Ladder:
    from reconcile.compare.predicates import PREDICATES  # the names a rule may use

    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rules = tuple(
        Rule(str(r["rule_id"]), str(r["label"]), str(r["relation"]), tuple(str(p) for p in r.get("when") or ()))
        for r in raw["ladder"]
    )
    problems = []
    seen: set[str] = set()
    for rule in rules:
        if rule.rule_id in seen:
            problems.append(f"duplicate rule_id {rule.rule_id}")
        seen.add(rule.rule_id)
        if rule.relation not in RELATIONS:
            problems.append(f"{rule.rule_id}: unknown relation {rule.relation!r}")
        for name in rule.when:
            if name.removeprefix("not ").strip() not in PREDICATES:
                problems.append(f"{rule.rule_id}: unknown predicate {name!r}")
    if not rules or rules[-1].when:
        problems.append("the last rule must be a fallback with an empty `when`")
    families = {str(k): str(v) for k, v in (raw.get("status_families") or {}).items()}
    problems += [f"status_families: unknown status {k!r}" for k in families if k not in STATUSES]
    if problems:
        raise ValueError(f"rule ladder {path} is invalid: " + "; ".join(problems))
    tolerances = raw.get("tolerances") or {}
    return Ladder(
        rules=rules,
        approx_relative=float(tolerances.get("approx_relative", 0.10)),
        quote_variant_min_ratio=float(tolerances.get("quote_variant_min_ratio", 85)),
        status_families=tuple(sorted(families.items())),
        place_filler_words=tuple(sorted(str(w).casefold() for w in raw.get("place_filler_words") or ())),
        scope_gap_ratio=float(tolerances.get("scope_gap_ratio", 50)),
    )
