"""Kinds of source (extract stage helper): the words of a source phrase or title -> its kind, whether it is domestic,
and the body a title speaks for.

The kind ladder is `source_kinds.csv`, the same file the compare stage falls back on for claims without a kind, so
the two never disagree: the first row whose words all occur in the phrase wins ("police sources" is anonymous
before "police" is police). A domestic kind (a ministry, the police, a union, unnamed security sources) belongs to
the country the story is told from when the phrase names none; a diplomat or an international body does not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reconcile.kernels.gazetteer import place_country
from reconcile.rules import source_kind_pattern, source_kind_rules, user_lexicon_dirs

# A minister speaks for a ministry ("Interior Minister X" -> interior ministry); a head of government for nobody's
# ministry ("Prime Minister").
_MINISTER = "minister"
_NOT_A_MINISTRY = ("prime", "first", "chief")
# Kinds whose body is named by the kind word itself in a title ("police officer" speaks for the police).
_TITLE_BODY_KINDS = ("police", "military")


def kind_of(phrase: str) -> str | None:
    """The kind of body a phrase names, or None: `kind_of("the hardline SUT union") == "organisers"`."""
    return _first_rung(phrase, user_lexicon_dirs())[0]


def is_domestic(phrase: str | None) -> bool:
    """Whether the body a phrase names belongs to the story's country when the phrase names none: "the
    prefecture" and "security sources" do, "diplomats" do not. `is_domestic("police") is True`."""
    return bool(phrase) and _first_rung(phrase, user_lexicon_dirs())[1]


@lru_cache(maxsize=4096)
def _first_rung(phrase: str, dirs) -> tuple[str | None, bool]:
    """(kind, domestic) of the first ladder row the phrase matches; an article asks of the same few phrases
    again and again."""
    for pattern, kind, domestic in _ladder_for(dirs):
        if pattern.search(phrase):
            return kind, domestic
    return None, False


def body_of_title(title: str) -> str | None:
    """The body an unregistered person's title speaks for: 'Interior Minister' -> 'Interior ministry',
    'Senior police officer' -> 'police'; None when the title names no body ('mayor')."""
    words = title.split()
    lowered = [word.lower().strip(".,") for word in words]
    if _MINISTER in lowered:
        at = lowered.index(_MINISTER)
        start = at
        while start > 0 and words[start - 1][:1].isalpha() and not words[start - 1].endswith("."):
            start -= 1  # "13:40 - Interior Minister": a live blog's time is no word of the ministry
        if start < at and lowered[at - 1] not in _NOT_A_MINISTRY:
            return " ".join(words[start:at] + ["ministry"])
        return None
    for pattern, kind, _domestic in _ladder():
        if kind in _TITLE_BODY_KINDS:
            found = pattern.search(title)
            if found:
                return found.group(0).lower()
    return None


# The words that tie a post to the body it serves: "head of", "a spokeswoman for", "a doctor at", "an official with".
TITLE_LINK = re.compile(r"\s(?:of|for|at|with)\s", re.IGNORECASE)


def named_body_of(title: str) -> str | None:
    """'Chairman of the Riverside Growers' Association' -> the association: a proper name of two or more words
    after "of" that is not a place ("Mayor of Santa Cruz" names a town, not a body)."""
    link = TITLE_LINK.search(title)
    if link is None:
        return None
    named = re.sub(r"^the\s+", "", title[link.end():].strip(), flags=re.IGNORECASE)
    # "of the Tumbi State Emergency Agency (TSEMA)": the bracketed acronym is not one of the name's words
    words = _UNCLOSED_ACRONYM.sub("", _ACRONYM.sub("", named)).split()
    acronym = len(words) == 1 and len(words[0]) > 1 and words[0].isupper()  # "Executive Secretary of TSEMA"
    if not acronym and (len(words) < 2 or not all(word[:1].isupper() or word.lower() in ("and", "of", "for", "&")
                                                  for word in words)):
        return None
    return None if place_country(named) else body_name(named)


_MINISTRY_OF = re.compile(
    r"^(?:the\s+)?ministry\s+of\s+(?:the\s+)?([A-Za-z]+)(?:\s+(?:and|&)\s+[A-Za-z]+)*(?:\s+affairs)?"
    r"(?:\s+(?:and|&)\s+[A-Za-z]+)*$", re.IGNORECASE)
_ACRONYM = re.compile(r"\(([A-Z][A-Z0-9&]{1,9})\)")
_UNCLOSED_ACRONYM = re.compile(r"\(\s*([A-Z][A-Z0-9&]{1,9})\s*$")


def body_name(name: str) -> str:
    """A body's name in the form news copy shortens it to: "Ministry of the Interior" -> "Interior ministry",
    "Ministry of Foreign Affairs and Expatriates" -> "Foreign ministry", "National Federation of Dockers (FND)"
    -> "FND"; otherwise the name without a leading article."""
    name = " ".join(name.split())
    acronym = _ACRONYM.search(name)
    if acronym:
        return acronym.group(1)
    unclosed = _UNCLOSED_ACRONYM.search(name)
    if unclosed:
        return unclosed.group(1)  # "Tumbi State Emergency Management Agency (TSEMA": the parse cut the bracket
    stripped = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    stripped = re.sub(r"\s*['’]s$", "", stripped)  # "Radio Brisa's newsroom": the entity holds the possessive
    ministry = _MINISTRY_OF.match(stripped)
    if ministry:
        return f"{ministry.group(1)} ministry"
    return stripped


def _ladder() -> tuple[tuple[re.Pattern, str, bool], ...]:
    return _ladder_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _ladder_for(dirs) -> tuple[tuple[re.Pattern, str, bool], ...]:
    rules = source_kind_rules()
    domestic = rules["domestic"] if "domestic" in rules.columns else ["true"] * len(rules)
    return tuple(
        (re.compile(source_kind_pattern(str(words)), re.IGNORECASE), kind, flag != "false")
        for words, kind, flag in zip(rules["words"], rules["kind"], domestic, strict=True)
    )

