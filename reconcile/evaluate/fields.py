"""Evaluation rules for one field of a matched (gold, predicted) count: cell values in -> right or wrong.

Every rule takes the gold cell and the predicted cell (str, float, None or NaN) and says whether the prediction is
right. The rules, as documented in README.md ("Scoring against a devset"):

- Empty means None, NaN, or a string that is blank after stripping. Two empty cells agree.
- **interval**: value_low and value_high both equal (an empty bound equals only an empty bound); a vague amount the
  gold leaves without bounds is right when the prediction is vague too (the gold labels no interval for "dozens",
  while the extractor keeps its lexicon's reading of the word for the reconciler).
- **qualifier**, **status**: equal after case-folding and trimming.
- **speaker**: a cell may hold several people joined by ";". Names are compared after folding case, removing
  accents and turning punctuation (hyphens, dots, apostrophes) into spaces. Two names are one person when
  (1) the shorter name is the tail of the longer one, with a spelling tolerance (rapidfuzz ratio >= 90): a surname
  alone ("Krishna") or a name without its title or first name; or (2) their last words agree (ratio >= 90) and
  their first words start with the same letter ("Fahad Al-Jalajel" / "Fahd bin Abdurrahman Al-Jalajel"). The cells
  agree when both are empty, or when some gold person is some predicted person.
- **source_org** (loose): names are folded as for speakers, possessive "'s" and the words the/of/and/for/a/an are
  dropped and a final "s" of words longer than three letters is removed (prefectures / prefecture). Two names are
  one organisation when rapidfuzz's token_set_ratio is >= 90: one's words contained in the other's ("police" /
  "Lima police prefecture", "AFP" / "AFP (tally)") or nearly so ("Chile foreign ministry" / "Chilean foreign
  ministry"). Cells may hold several organisations joined by ";"; they agree when both are empty or some pair
  matches. An acronym is the name whose capitalised words it spells ("KNCHR" / "Kenya National Commission on Human
  Rights", "FSCD" / "Fire Service and Civil Defence"). An outlet named as the source of a figure the gold leaves
  unattributed is wrong.
- **source_country**: names folded as for speakers; ";"-joined lists agree when both are empty or share a country.
- **stated_on**: equal ISO dates; scored only on gold rows that have one (the devsets label it only where the text
  resolves it, so an empty gold cell means "not labelled").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable

from rapidfuzz import fuzz

NAME_SIMILARITY = 90  # rapidfuzz ratio (0-100) above which two spellings are one name: Rodriguez / Rodrigues
ORG_SIMILARITY = 90  # rapidfuzz token_set_ratio for organisations: word subsets score 100
ORG_FILLER_WORDS = frozenset({"the", "of", "and", "for", "a", "an"})
_NON_WORD = re.compile(r"[^0-9a-z]+")
_POSSESSIVE = re.compile(r"['\u2019]s\b")


def is_empty(cell) -> bool:
    """True for None, NaN, pd.NA and blank strings: `is_empty(" ")` -> True."""
    if cell is None:
        return True
    if isinstance(cell, float):
        return math.isnan(cell)
    if isinstance(cell, str):
        return not cell.strip()
    try:
        return bool(cell != cell)  # pd.NA and other missing markers compare unequal to themselves
    except TypeError:
        return True


def fold_name(text: str) -> str:
    """Case-folded, accent-free, punctuation as spaces: `fold_name("Gérald Darmanin")` -> "gerald darmanin"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return _NON_WORD.sub(" ", plain).strip()


def split_list(cell) -> list[str]:
    """The non-empty items of a ";"-joined cell: `split_list("A; B")` -> ["A", "B"]; empty cells give []."""
    if is_empty(cell):
        return []
    return [item.strip() for item in str(cell).split(";") if item.strip()]


def same_interval(gold_low, gold_high, pred_low, pred_high) -> bool:
    """Both bounds equal, an empty bound only equal to an empty bound: `same_interval(40, None, 40.0, nan)`."""
    return _same_number(gold_low, pred_low) and _same_number(gold_high, pred_high)


def same_amount(gold_low, gold_high, gold_qualifier, pred_low, pred_high, pred_qualifier) -> bool:
    """The interval rule, except that a vague amount the gold leaves without bounds ("dozens", "tens of
    thousands") is right when the prediction reads it as vague too, whatever bounds the lexicon gives it:
    `same_amount(None, None, "vague", 24.0, 99.0, "vague")` -> True."""
    if _plain(gold_qualifier) == "vague" and is_empty(gold_low) and is_empty(gold_high):
        return _plain(pred_qualifier) == "vague"
    return same_interval(gold_low, gold_high, pred_low, pred_high)


def same_label(gold, pred) -> bool:
    """Equal after trimming and case-folding (qualifier, status): `same_label("Exact", "exact")` -> True."""
    return _plain(gold) == _plain(pred)


def same_person(gold_name: str, pred_name: str) -> bool:
    """One person under two spellings or lengths: `same_person("Vaibhav Krishna", "Krishna")` -> True."""
    gold_words, pred_words = fold_name(gold_name).split(), fold_name(pred_name).split()
    if not gold_words or not pred_words:
        return False
    shorter, longer = sorted((gold_words, pred_words), key=len)
    if fuzz.ratio(" ".join(shorter), " ".join(longer[-len(shorter):])) >= NAME_SIMILARITY:
        return True
    same_surname = fuzz.ratio(shorter[-1], longer[-1]) >= NAME_SIMILARITY
    return len(shorter) > 1 and same_surname and shorter[0][0] == longer[0][0]


def same_speaker(gold, pred) -> bool:
    """Both empty, or some gold person is some predicted person: `same_speaker("A Bo; C Di", "Di")` -> True."""
    return _lists_agree(gold, pred, same_person)


def same_organisation(gold_name: str, pred_name: str) -> bool:
    """Loose organisation match: `same_organisation("police", "Lima police prefecture")` -> True."""
    gold_words, pred_words = _org_words(gold_name), _org_words(pred_name)
    if not gold_words or not pred_words:
        return False
    if _spells(gold_name, pred_name) or _spells(pred_name, gold_name):
        return True
    return fuzz.token_set_ratio(" ".join(gold_words), " ".join(pred_words)) >= ORG_SIMILARITY


_ACRONYM = re.compile(r"^[A-Z]{2,8}$")


def _spells(acronym: str, name: str) -> bool:
    """Whether an acronym spells the initials of a name's capitalised words: `_spells("FSCD", "Fire Service and
    Civil Defence")` -> True."""
    acronym = acronym.strip()
    initials = "".join(word[0] for word in re.findall(r"[^\W\d_][\w'’-]*", name) if word[0].isupper())
    return bool(_ACRONYM.match(acronym)) and len(initials) > 1 and initials == acronym


def same_source_org(gold, pred) -> bool:
    """Both empty, or some gold organisation loosely matches some predicted one."""
    return _lists_agree(gold, pred, same_organisation)


def same_country(gold, pred) -> bool:
    """Both empty, or the lists share a country: `same_country("France", "france")` -> True."""
    return _lists_agree(gold, pred, lambda a, b: fold_name(a) == fold_name(b))


def same_date(gold, pred) -> bool:
    """Equal ISO dates (the caller skips gold rows without one): `same_date("2024-06-23", "2024-06-23")`."""
    return not is_empty(pred) and _plain(gold) == _plain(pred)


def _lists_agree(gold, pred, same: Callable[[str, str], bool]) -> bool:
    gold_items, pred_items = split_list(gold), split_list(pred)
    if not gold_items or not pred_items:
        return not gold_items and not pred_items
    return any(same(g, p) for g in gold_items for p in pred_items)


def _org_words(name: str) -> list[str]:
    words = fold_name(_POSSESSIVE.sub("", name)).split()
    return [word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words if word not in ORG_FILLER_WORDS]


def _same_number(gold, pred) -> bool:
    if is_empty(gold) or is_empty(pred):
        return is_empty(gold) and is_empty(pred)
    return math.isclose(float(gold), float(pred), rel_tol=1e-9, abs_tol=0.0)


def _plain(cell) -> str:
    return "" if is_empty(cell) else str(cell).strip().casefold()
