"""Chunk selection (extract stage helper): document text -> the runs of sentences worth parsing, with offsets.

Parsing is the cost of extraction, so only sentences that can hold a claim are parsed: a digit, a number word, a
vague amount, a quote mark, or whatever the event extractor asks for. Neighbouring selected sentences of one
paragraph are parsed together so that the parser sees them in context; names in skipped text still reach the
attribution memory through a cheap scan of the whole document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reconcile.kernels.phrases import WORD_END, WORD_START, PhraseMatcher, alternation, phrase_matcher
from reconcile.rules import (
    AbbreviationSchema,
    ChunkWordSchema,
    NumberWordSchema,
    VagueQuantitySchema,
    load_lexicon,
    user_lexicon_dirs,
)

# A sentence ends at . ! ? (and a closing quote) before a capital, a digit or an opening quote; "Mr." and "U.S."
# style abbreviations (abbreviations.csv) and initials do not end one.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_QUOTE_MARK = re.compile(r"[\"“”]")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Chunk:
    """A run of text to parse: `text == document[start:end]`."""

    start: int
    end: int
    text: str


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Rough sentence spans of text[start:end]: `split_sentences("It rained. Then 3 died.")` -> [(0, 10), (11, 23)]."""
    end = len(text) if end is None else end
    spans = []
    cursor = start
    abbreviation = _abbreviation()
    for match in _SENTENCE_END.finditer(text, start, end):
        if abbreviation.search(text[max(cursor, match.start() - 12) : match.start() + 1]):
            continue
        stop = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
        if stop > cursor:
            spans.append((cursor, stop))
        cursor = match.end()
    if cursor < end and text[cursor:end].strip():
        spans.append((cursor, end))
    return spans


def select_chunks(
    text: str,
    boilerplate_spans: list[list[int]] | str | None = None,
    *,
    is_candidate: Callable[[str], bool] | None = None,
) -> list[Chunk]:
    """Chunks of `text` to parse: runs of candidate sentences within a paragraph, boilerplate left out.

    >>> [chunk.text for chunk in select_chunks("It rained.\\nAt least 3 died. Roads shut.")]
    ['At least 3 died.']
    """
    candidate = is_candidate or may_hold_claim
    chunks: list[Chunk] = []
    for para_start, para_end in _paragraphs(text, _spans(boilerplate_spans)):
        run: tuple[int, int] | None = None
        for start, end in split_sentences(text, para_start, para_end):
            if candidate(text[start:end]):
                run = (run[0], end) if run else (start, end)
                continue
            if run:
                chunks.append(Chunk(run[0], run[1], text[run[0] : run[1]]))
                run = None
        if run:
            chunks.append(Chunk(run[0], run[1], text[run[0] : run[1]]))
    return chunks


def may_hold_claim(sentence: str) -> bool:
    """Can this sentence hold a count claim? `may_hold_claim("Thousands fled.")` is True."""
    if _DIGIT.search(sentence) or _QUOTE_MARK.search(sentence):
        return True
    return _count_words().search(sentence)


def _count_words() -> PhraseMatcher:
    return _count_words_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _count_words_for(dirs) -> PhraseMatcher:
    numbers = load_lexicon("number_words.csv", NumberWordSchema, dirs)
    vague = load_lexicon("vague_quantities.csv", VagueQuantitySchema, dirs)
    cues = load_lexicon("chunk_words.csv", ChunkWordSchema, dirs)
    words = set(numbers["word"].str.lower()) | set(vague["phrase"].str.lower())
    words |= set(cues.loc[cues["effect"] == "select", "word"].str.lower())
    words -= set(cues.loc[cues["effect"] == "ignore", "word"].str.lower())
    return phrase_matcher(((word, word) for word in words), ignore_case=True, before=WORD_START, after=WORD_END)


def _abbreviation() -> re.Pattern:
    return _abbreviation_for(user_lexicon_dirs())


@lru_cache(maxsize=8)
def _abbreviation_for(dirs) -> re.Pattern:
    words = load_lexicon("abbreviations.csv", AbbreviationSchema, dirs)["word"]
    return re.compile(rf"(?:\b{alternation(words, spacing='exact')}|\b[A-Z](?:\.[A-Z])*)\.$")


def _spans(boilerplate_spans) -> list[tuple[int, int]]:
    if boilerplate_spans is None:
        return []
    if isinstance(boilerplate_spans, str):
        try:
            boilerplate_spans = json.loads(boilerplate_spans) if boilerplate_spans.strip() else []
        except json.JSONDecodeError:
            return []
    spans = []
    for pair in boilerplate_spans or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            spans.append((int(pair[0]), int(pair[1])))
    return sorted(spans)


def _paragraphs(text: str, skipped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraph spans (split at line breaks), with the skipped spans cut out."""
    paragraphs = []
    for match in re.finditer(r"[^\n]+", text):
        pieces = [(match.start(), match.end())]
        for skip_start, skip_end in skipped:
            pieces = [
                part
                for start, end in pieces
                for part in ((start, min(end, skip_start)), (max(start, skip_end), end))
                if part[0] < part[1]
            ]
        paragraphs.extend((start, end) for start, end in pieces if text[start:end].strip())
    return paragraphs
