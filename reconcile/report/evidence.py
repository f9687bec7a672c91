"""Report stage, evidence: a claim's span highlighted in its sentence (spaCy displacy, manual spans), document
texts with an anchor at every claim, and links to the article text and to the original article.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from reconcile.describe import is_missing, text_of
from reconcile.vocab import KINDS

HIGHLIGHT_COLOUR = "#fde68a"
# displacy's entity template, kept small so a highlighted sentence reads as running text; {label} is always one
# of the closed claim kinds, and displacy escapes {text} itself.
EVIDENCE_TEMPLATE = ('<mark class="ev" style="background: {bg}">{text}'
                     '<span class="ev-label">{label}</span></mark>')
LINK_SCHEMES = ("http", "https")


def highlight(sentence: object, document_text: object, start: int, end: int, kind: str = "count") -> Markup:
    """The evidence sentence, escaped, with the claim's document span [start, end) marked by displacy.

    Without the document (or when the sentence cannot be placed in it) the sentence is shown unmarked.

    >>> "At least 40</mark>" in str(highlight("At least 40 died.", "Storm. At least 40 died.", 7, 18))  # doctest: +SKIP
    True
    """
    sentence_text = text_of(sentence)
    if not sentence_text:
        return Markup("")
    offset = _sentence_offset(sentence_text, text_of(document_text), start, end)
    label = kind if kind in KINDS else "claim"
    spans = [] if offset is None else [{"start": start - offset, "end": end - offset, "label": label}]
    return Markup(_entity_renderer().render_ents(sentence_text, spans, None))


@lru_cache(maxsize=1)
def _entity_renderer():
    """displacy's entity renderer for manual spans, built once (building it looks up spaCy's registries)."""
    from spacy.displacy.render import EntityRenderer  # spaCy is heavy: load it only when evidence is drawn

    colours = {label.upper(): HIGHLIGHT_COLOUR for label in (*KINDS, "claim")}
    return EntityRenderer({"colors": colours, "template": EVIDENCE_TEMPLATE})


def _sentence_offset(sentence: str, document: str, start: int, end: int) -> int | None:
    """Where the evidence sentence sits in its document so that it covers the claim span; None if it cannot."""
    if not document or end <= start:
        return None
    position = document.find(sentence)
    while position != -1:
        if position <= start and end <= position + len(sentence):
            return position
        position = document.find(sentence, position + 1)
    # Extractors may normalise whitespace in the sentence: fall back to the span's words if they occur once.
    words = document[start:end]
    if words and sentence.count(words) == 1:
        return start - sentence.index(words)
    return None


def anchor_id(key: object, prefix: str = "doc") -> str:
    """An HTML id for a key: `anchor_id("wire 7") == "doc-wire-7-<hash>"`; plain keys stay readable."""
    raw = str(key)
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", raw).strip("-")
    if slug == raw and slug:
        return f"{prefix}-{slug}"
    return f"{prefix}-{slug}-{hashlib.sha1(raw.encode('utf-8')).hexdigest()[:8]}"


def safe_url(value: object) -> str | None:
    """A URL a report may link to: http(s) with a host, else None (no javascript:, data: or relative links).

    >>> safe_url("https://news.example/a"), safe_url("javascript:alert(1)")
    ('https://news.example/a', None)
    """
    text = text_of(value).strip()
    if not text or any(ch in text for ch in '"<> \t\r\n'):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def document_text_markup(doc_id: str, text: str, spans: list[tuple[int, int]]) -> Markup:
    """A document's text, escaped, with every claim span marked and an anchor at each claim's start."""
    anchor = anchor_id(doc_id)
    spans = [(s, e) for s, e in spans if 0 <= s < e <= len(text)]
    starts = sorted({s for s, _ in spans})
    cuts = sorted({0, len(text)} | set(starts) | {e for _, e in spans})
    pieces: list[Markup] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        if left in set(starts):
            pieces.append(Markup(f'<span class="at" id="{anchor}-{left}"></span>'))
        chunk = escape(text[left:right])
        marked = any(s <= left and right <= e for s, e in spans)
        pieces.append(Markup("<mark>") + chunk + Markup("</mark>") if marked else chunk)
    return Markup("").join(pieces)


PAGES_DIR = "report-pages"


class Linker:
    """Links to evidence: to the claim's place in its document text (in report.html, or on a page of texts in
    report-pages/ when the corpus is large), and to the original article's URL.

    Links are relative to report.html; the pages in report-pages/ set their base to report.html, so the same
    links work there.
    """

    def __init__(self, texts: dict[str, str], urls: dict[str, str], text_pages: dict[str, str] | None = None) -> None:
        self.texts, self.urls = texts, urls
        self.text_pages = text_pages or {}

    def text_link(self, doc_id: object, start: object = None) -> str | None:
        key = str(doc_id)
        if key not in self.texts:
            return None
        anchor = anchor_id(key)
        if not is_missing(start) and 0 <= int(start) < len(self.texts[key]):
            anchor = f"{anchor}-{int(start)}"
        page = self.text_pages.get(key)
        return f"{PAGES_DIR}/{page}#{anchor}" if page else f"#{anchor}"

    def url(self, doc_id: object) -> str | None:
        return self.urls.get(str(doc_id))
