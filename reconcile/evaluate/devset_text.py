"""Plain-text wording of a devset evaluation: DevsetEvaluation -> the summary (and details) `reconcile evaluate` prints."""

from __future__ import annotations

from reconcile.evaluate._tables import fmt_ratio
from reconcile.evaluate.fields import is_empty


# The gold/predicted cells shown for each wrong field.
_SHOWN = {
    "interval": ("value_low", "value_high"),
    "qualifier": ("qualifier",),
    "status": ("status",),
    "speaker": ("speaker",),
    "source_org": ("source_org",),
    "source_country": ("source_country",),
    "stated_on": ("stated_on",),
}


def evaluation_text(evaluation, details: bool = False) -> str:
    """The summary: counts, field accuracy, conflicts; with `details` every miss, false count, wrong field, conflict.

    `evaluation` is a DevsetEvaluation (not imported here: devset.py imports this module).
    """
    m = evaluation.metrics
    lines = [
        f"Devset story: {evaluation.story}",
        f"Counts: gold {m['count_gold']}, predicted {m['count_predicted']}, matched {m['count_matched']}; "
        f"recall {fmt_ratio(m['count_recall'])}, precision {fmt_ratio(m['count_precision'])}",
        "",
        "Field accuracy on matched counts",
        f"{'field':<16}{'right':>9}{'accuracy':>10}",
    ]
    for row in evaluation.fields.itertuples(index=False):
        note = "   (gold rows with a stated_on)" if row.field == "stated_on" else ""
        lines.append(f"{row.field:<16}{f'{row.correct}/{row.compared}':>9}{fmt_ratio(row.accuracy):>10}{note}")
    lines += [
        "",
        f"Conflicts: {m['conflicts_shown']} shown: {m['conflicts_real']} real, {m['conflicts_tolerated']} tolerated, "
        f"{m['conflicts_false']} false; precision {fmt_ratio(m['conflict_precision'])}, "
        f"top ten {fmt_ratio(m['top_ten_precision'])}; gold conflict pairs found "
        f"{m['gold_conflict_pairs_found']}/{m['gold_conflict_pairs']} (recall {fmt_ratio(m['conflict_recall'])})",
    ]
    lines += [f"problem: {problem}" for problem in evaluation.problems]
    if details:
        lines += _details(evaluation)
    return "\n".join(lines) + "\n"


def _details(evaluation) -> list[str]:
    lines = ["", f"Missed gold counts ({len(evaluation.missed_gold)})"]
    for row in evaluation.missed_gold.itertuples(index=False):
        lines.append(f"  {row.gold_id} {row.quote!r} [{row.subject}, {row.status}]")
    lines += ["", f"False counts ({len(evaluation.false_counts)})"]
    for row in evaluation.false_counts.itertuples(index=False):
        lines.append(f"  {row.doc_id} {row.claim_id} {row.span!r} [{_cell(row.subject)}, {_cell(row.status)}]")
    lines += ["", "Wrong fields on matched counts"]
    for row in evaluation.matched.to_dict(orient="records"):
        wrong = [name for name in _SHOWN if row[f"{name}_ok"] is False]
        if wrong:
            lines.append(f"  {row['gold_id']} {row['quote']!r} <- {row['span']!r}")
            lines += [f"      {name}: {_cells(row, name, 'g')} (gold) vs {_cells(row, name, 'p')}" for name in wrong]
    lines += ["", "Conflicts in report order"]
    for row in evaluation.conflicts.itertuples(index=False):
        lines.append(
            f"  #{_cell(row.rank)} {row.label:<9} {_cell(row.value_l)} ({_cell(row.sources_l)}) vs "
            f"{_cell(row.value_r)} ({_cell(row.sources_r)}): {_cell(row.position_l)} / {_cell(row.position_r)}"
        )
    lines += ["", f"Gold conflict pairs not found ({len(evaluation.missed_pairs)})"]
    lines += [f"  {row.position_a} / {row.position_b}: {row.why}" for row in evaluation.missed_pairs.itertuples()]
    return lines


def _cells(row: dict, name: str, side: str) -> str:
    return "..".join(_cell(row[f"{column}_{side}"]) for column in _SHOWN[name])


def _cell(value) -> str:
    if is_empty(value):
        return "-"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
