"""Lexicons of the corpus stage: outlets, scraping debris, header lines, story grouping settings."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

import pandera.pandas as pa
from pandera.typing import Series

from reconcile.rules.files import LexiconError, load_lexicon

# === Corpus stage lexicons: outlets, scraping debris, header lines, story grouping =========================
# (one block, so the extraction lexicon schemas can land beside it without touching these)

# Metadata fields a header line can give (corpus_header_patterns.csv `field`).
HEADER_FIELDS = ("outlet", "published", "byline")


def expand_date_placeholders(pattern: str) -> str:
    """Expand {DATE}, {WEEKDAY} and {TIME} in a header pattern into the date shapes news pages print.

    >>> bool(re.search(expand_date_placeholders("^{DATE}$"), "Oct. 23, 2024"))
    True
    """
    # Month and weekday names come from the standard library, so no calendar is written out by hand here.
    months = "|".join(calendar.month_abbr[1:])
    weekdays = "|".join(calendar.day_abbr)
    month = rf"(?:{months})[a-z]*\.?"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    month_first = rf"{month}[ \t]+{day},?[ \t]+\d{{4}}"
    day_first = rf"{day}[ \t]+(?:of[ \t]+)?{month},?[ \t]+\d{{4}}"
    written = rf"(?:{month_first}|{day_first}|\d{{4}}-\d{{2}}-\d{{2}})"
    weekday = rf"(?:(?:{weekdays})[a-z]*\.?,?[ \t]+)?"
    time = r"(?:\d{1,2}[:.]\d{2}(?:[ \t]*[ap]\.?m\.?)?(?:[ \t]+[A-Z]{2,5})?,?[ \t]+)?"
    return pattern.replace("{DATE}", written).replace("{WEEKDAY}", weekday).replace("{TIME}", time)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(expand_date_placeholders(pattern))
    except re.error:
        return False
    return True


class OutletLexiconSchema(pa.DataFrameModel):
    """outlets.csv: canonical outlet name and one spelling of it per row."""

    outlet: Series[str] = pa.Field(str_length={"min_value": 1})
    alias: Series[str] = pa.Field(str_length={"min_value": 1})


class BoilerplateSchema(pa.DataFrameModel):
    """boilerplate.csv: one regex per kind of scraping debris."""

    pattern_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    pattern: Series[str]
    label: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.check("pattern", error="pattern must be a valid regular expression")
    def compiles(cls, patterns):  # noqa: N805 - pandera passes the class
        return patterns.map(_compiles)


class HeaderPatternSchema(BoilerplateSchema):
    """corpus_header_patterns.csv: which metadata field a header line gives, and where to look for it."""

    field: Series[str] = pa.Field(isin=HEADER_FIELDS)
    scope: Series[str] = pa.Field(isin=("head", "tail", "both"))


# story_grouping.csv: each setting's allowed range; a user's file may override any of them (the last row wins).
STORY_SETTING_RANGES = {
    "min_similarity": (0.0, 1.0),
    "noun_weight": (0.0, 10.0),
    "min_noun_count": (1.0, 1000.0),
    "min_noun_length": (1.0, 100.0),
    "id_names": (1.0, 10.0),
    "max_documents": (2.0, 1_000_000.0),
}


class StorySettingSchema(pa.DataFrameModel):
    """story_grouping.csv: the tunable settings of automatic story grouping, one per row, each within its range."""

    setting: Series[str] = pa.Field(isin=tuple(STORY_SETTING_RANGES))
    value: Series[float] = pa.Field(coerce=True)
    meaning: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.dataframe_check(error="value outside the setting's range (see STORY_SETTING_RANGES)")
    def in_range(cls, settings):  # noqa: N805
        low = settings["setting"].map(lambda name: STORY_SETTING_RANGES[name][0])
        high = settings["setting"].map(lambda name: STORY_SETTING_RANGES[name][1])
        return settings["value"].between(low, high)


def load_story_settings(extra_dirs: tuple[Path, ...] | None = None) -> dict[str, float]:
    """The story grouping settings, shipped values overridden by a user's story_grouping.csv.

    >>> 0 < load_story_settings()["min_similarity"] < 1
    True
    """
    settings = load_lexicon("story_grouping.csv", StorySettingSchema, extra_dirs)
    found = dict(zip(settings["setting"], settings["value"].astype(float)))
    missing = [name for name in STORY_SETTING_RANGES if name not in found]
    if missing:
        raise LexiconError(f"story_grouping.csv lacks setting(s): {', '.join(missing)}")
    return found
