"""Rules of the compare stage: source kinds and groups, the relation ladder with its measures and tolerances."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import pandas as pd
import pandera.pandas as pa
import yaml
from pandera.typing import Series

from reconcile.vocab import RELATIONS, SOURCE_KINDS, STATUSES
from reconcile.rules.files import LexiconError, _validated, load_lexicon, shipped_path

# ---------------------------------------------------------------------------------------------------------------
# Lexicons of the compare stage


class SourceKindSchema(pa.DataFrameModel):
    """`source_kinds.csv`: an ordered ladder of name words -> the kind of body a source is."""

    rule_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z_]+\.[a-z_]+$")
    words: Series[str] = pa.Field(str_length={"min_value": 1})
    kind: Series[str] = pa.Field(isin=SOURCE_KINDS)
    # Whether a body so named that names no country belongs to the country the story is told from (optional in a
    # user's file: true when absent).
    domestic: Optional[Series[str]] = pa.Field(isin=("true", "false"))
    label: Series[str] = pa.Field(str_length={"min_value": 1})


class SourceGroupSchema(pa.DataFrameModel):
    """`source_groups.csv`: sources the user declares to speak as one voice (or apart) by naming their group."""

    source: Series[str] = pa.Field(str_length={"min_value": 1})
    group: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str]


# A "*" in a row's words stands for up to this many words of a name ("national * agency").
WILDCARD_WORDS = 4


def source_kind_pattern(words: str) -> str:
    """The whole-word pattern of a row's words, in order; "*" matches up to a few words between them."""
    pattern = ""
    for word in words.split():
        if word == "*":
            pattern += rf"(?:\s+\S+){{0,{WILDCARD_WORDS}}}?"
        else:
            pattern += (r"\s+" if pattern else "") + re.escape(word)
    return r"\b" + pattern + r"\b"


def source_kind_rules() -> pd.DataFrame:
    """The source-kind ladder, shipped rows then the user's: `source_kind_rules().iloc[0]["kind"] == "anonymous"`."""
    return load_lexicon("source_kinds.csv", SourceKindSchema)


def source_group_rules() -> pd.DataFrame:
    """Declared independence groups (source name -> group); empty unless the user adds rows."""
    return load_lexicon("source_groups.csv", SourceGroupSchema)


class LadderRuleSchema(pa.DataFrameModel):
    """One rung of `relation_rules.yaml`'s ladder: a stable id, a label for the report, a relation, predicates."""

    rule_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z_]+\.[a-z_]+$")
    label: Series[str] = pa.Field(str_length={"min_value": 1})
    relation: Series[str] = pa.Field(isin=RELATIONS)
    # Predicate names joined by ", " ("not " negates one); empty for the fallback.
    when: Series[str]

    @pa.dataframe_check(error="the last rule must be a fallback with an empty `when`")
    def ends_with_fallback(cls, rules):  # noqa: N805
        return pd.Series([bool(len(rules)) and rules["when"].iloc[-1] == ""] * len(rules), index=rules.index)


class MeasureSchema(pa.DataFrameModel):
    """One status of a count: its family, whether it grows, its snapshot window and revision-chain gap in days."""

    status: Series[str] = pa.Field(unique=True, isin=STATUSES)
    family: Series[str] = pa.Field(str_length={"min_value": 1})
    grows: Series[bool]
    window_days: Series[int] = pa.Field(ge=0, le=366)
    chain_gap_days: Series[float] = pa.Field(nullable=True, ge=0, le=366)


@dataclass(frozen=True)
class RelationRules:
    """`relation_rules.yaml`, validated: the ladder and the measures as frames, tolerances, place filler words."""

    ladder: pd.DataFrame
    measures: pd.DataFrame
    tolerances: dict[str, float]
    place_filler_words: tuple[str, ...]
    event_subjects: tuple[str, ...] = ()
    unnamed_fate_subjects: tuple[str, ...] = ()
    shrinking_subjects: tuple[str, ...] = ()
    changing_fates: tuple[str, ...] = ()
    local_posts: tuple[str, ...] = ()
    findings_per_document: float = 2.0


RELATION_RULES_FILE = "relation_rules.yaml"
TOLERANCES = {"approx_relative": 0.10, "exact_relative": 0.03, "quote_variant_min_ratio": 85.0,
              "same_statement_min_ratio": 80.0, "scope_gap_ratio": 50.0, "part_gap_ratio": 20.0,
              "same_moment_days": 1.0, "event_window_days": 1.0, "round_estimate_from": 10000.0,
              "handful_most": 10.0, "handful_gap_ratio": 5.0}


def load_relation_rules(path: str | Path | None = None) -> RelationRules:
    """Read and validate the relation rules (the shipped file unless `path` is given).

    >>> load_relation_rules().ladder["rule_id"].iloc[-1]
    'any.no_rule'
    """
    return _relation_rules(str(path) if path is not None else str(shipped_path(RELATION_RULES_FILE)))


@lru_cache(maxsize=8)
def _relation_rules(path: str) -> RelationRules:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not raw.get("measures") and Path(path) != shipped_path(RELATION_RULES_FILE):
        # A user's ladder may keep the shipped measures (families, growth, windows) and change only the rules.
        raw["measures"] = _relation_rules(str(shipped_path(RELATION_RULES_FILE))).measures.set_index("status").to_dict("index")
    ladder = pd.DataFrame(
        [{"rule_id": str(r.get("rule_id", "")), "label": str(r.get("label", "")),
          "relation": str(r.get("relation", "")), "when": ", ".join(str(p) for p in r.get("when") or ())}
         for r in raw.get("ladder") or ()],
        columns=["rule_id", "label", "relation", "when"],
    )
    measures = pd.DataFrame(
        [{"status": str(status), **{k: v for k, v in (spec or {}).items()}} for status, spec in
         (raw.get("measures") or {}).items()],
        columns=["status", "family", "grows", "window_days", "chain_gap_days"],
    )
    unknown = sorted(set(raw.get("tolerances") or {}) - set(TOLERANCES))
    if unknown:
        raise LexiconError(f"relation rules {path}: unknown tolerance(s) {', '.join(unknown)}")
    tolerances = {**TOLERANCES, **{k: float(v) for k, v in (raw.get("tolerances") or {}).items()}}
    return RelationRules(
        ladder=_validated(ladder, LadderRuleSchema, Path(path)),
        measures=_validated(measures, MeasureSchema, Path(path)),
        tolerances=tolerances,
        place_filler_words=tuple(sorted(str(w).casefold() for w in raw.get("place_filler_words") or ())),
        event_subjects=tuple(sorted(str(w).casefold() for w in raw.get("event_subjects") or ())),
        unnamed_fate_subjects=tuple(sorted(str(w).casefold() for w in raw.get("unnamed_fate_subjects") or ())),
        shrinking_subjects=tuple(sorted(str(w).casefold() for w in raw.get("shrinking_subjects") or ())),
        changing_fates=tuple(sorted(str(w).casefold() for w in raw.get("changing_fates") or ())),
        local_posts=tuple(sorted(str(w).casefold() for w in raw.get("local_posts") or ())),
        findings_per_document=float(raw.get("findings_per_document", 2)),
    )


def known_outlets() -> frozenset[str]:
    """Every outlet name and alias the lexicons know (outlets.csv, and outlet rows of sources.csv), casefolded.

    A figure credited to one of them ("Reuters counted 39 bodies") is a media source's own count.
    """
    outlets = load_lexicon("outlets.csv")
    registry = load_lexicon("sources.csv")
    registry = registry[registry["kind"].str.strip().eq("outlet")]
    names = [*outlets["outlet"], *outlets["alias"], *registry["alias"], *registry["name"]]
    return frozenset(str(n).strip().casefold().removeprefix("the ").strip() for n in names if str(n).strip())
