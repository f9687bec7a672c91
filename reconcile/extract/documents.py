"""Extract stage, one document at a time: document rows -> their chunks parsed -> claim rows, or why a document failed.

Every document is extracted in isolation: a failure while parsing or reading one document (a parser error, text
the rules choke on) costs that document only, and comes back as a failure with its reason so that the inventory
can list the document as skipped. A chunk longer than the parser takes (spaCy's max_length, E088) or longer than
MAX_CHUNK_CHARS is parsed in pieces cut at sentence ends, so an article written on one long line still parses.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc

from reconcile.extract.attribution import AttributionContext, attribute_sentence, build_context
from reconcile.extract.carry import (
    SourceCarrier,
    carry_paragraph,
    is_list_item,
    date_counts,
    name_unnamed_speakers,
    share_repeated_scopes,
)
from reconcile.extract.chunks import Chunk, may_hold_claim, select_chunks, split_sentences
from reconcile.extract.counts import CountMemory, extract_count_claims, prime_memory
from reconcile.extract.events import DOCUMENT_COLUMNS, extract_event_claims, is_event_candidate
from reconcile.extract.kinds import kind_of
from reconcile.extract.lexicons import lexicons
from reconcile.extract.mentions import is_place_like
from reconcile.extract.nlp import entities_of, remember_text, sentences_of
from reconcile.extract.scope import (
    count_scope, foreign_nationals, is_whole_total, of_the_whole, said_of_the_whole, scoped_subject,
    source_place_scope,
)
from reconcile.extract.setting import document_setting
from reconcile.rules import pinned_lexicon_dirs
from reconcile.schema import ClaimSchema, columns_of

CLAIM_COLUMNS = columns_of(ClaimSchema)
# Chunks parsed per nlp.pipe batch: larger batches amortise the parser's per-batch cost (128 measured best on news).
BATCH_SIZE = 128
# News paragraphs are a few thousand characters; a longer run of sentences is parsed in pieces of this size at
# most, which bounds the parser's memory (about 1 GB per 100,000 characters) and stays under its max_length.
MAX_CHUNK_CHARS = 20_000
FAILURE_REASON_CHARS = 200


@dataclass(frozen=True)
class ParsedDocument:
    """A document row and its parsed chunks, in text order."""

    document: dict
    chunks: list[tuple[Chunk, Doc]]


def parse_documents(documents: list[dict], nlp) -> tuple[list[ParsedDocument], list[dict]]:
    """Parse the chunks of every document in one `nlp.pipe` stream; when the stream fails, parse document by
    document so that only the failing ones are lost. Returns the parsed documents and the failures."""
    limit = max(1, min(MAX_CHUNK_CHARS, nlp.max_length - 1))
    planned: list[tuple[dict, list[Chunk]]] = []
    failures: list[dict] = []
    with pinned_lexicon_dirs():
        for document in documents:
            try:
                planned.append((document, bounded_chunks(chunks_of(document), limit)))
            except Exception as error:  # noqa: BLE001 - one document's failure must not cost the others
                failures.append(failure(document, "chunking", error))
    try:
        return _parse_together(planned, nlp), failures
    except Exception:  # noqa: BLE001 - find which document breaks the parser, keep the others
        parsed = []
        for document, chunks in planned:
            try:
                parsed.extend(_parse_together([(document, chunks)], nlp))
            except Exception as error:  # noqa: BLE001
                failures.append(failure(document, "parsing", error))
        return parsed, failures


def _parse_together(planned: list[tuple[dict, list[Chunk]]], nlp) -> list[ParsedDocument]:
    texts = (chunk.text for _document, chunks in planned for chunk in chunks)
    docs = iter(nlp.pipe(texts, batch_size=BATCH_SIZE))
    parsed = []
    for document, chunks in planned:
        pairs = []
        for chunk in chunks:
            pairs.append((chunk, remember_text(next(docs), chunk.text)))
        parsed.append(ParsedDocument(document, pairs))
    return parsed


def claim_rows(parsed: list[ParsedDocument]) -> tuple[list[dict], list[dict]]:
    """Claim rows of every parsed document, and the documents whose extraction failed (with the reason). The
    lexicon folders are read once for the batch."""
    rows: list[dict] = []
    failures: list[dict] = []
    with pinned_lexicon_dirs():
        for item in parsed:
            try:
                rows.extend(document_rows(item))
            except Exception as error:  # noqa: BLE001 - one document's failure must not cost the others
                failures.append(failure(item.document, "extraction", error))
    return rows, failures


def extract_documents(documents: list[dict], nlp) -> tuple[list[dict], list[dict]]:
    """Parse and extract a batch of documents: (claim rows, failures)."""
    parsed, parse_failures = parse_documents(documents, nlp)
    rows, failures = claim_rows(parsed)
    return rows, parse_failures + failures


def failure(document: dict, step: str, error: Exception) -> dict:
    """One failed document: its id and a one-line reason ("extraction failed: ValueError: ...")."""
    message = " ".join(f"{type(error).__name__}: {error}".split())[:FAILURE_REASON_CHARS]
    return {"doc_id": document.get("doc_id"), "reason": f"{step} failed: {message}"}


def chunks_of(document: dict) -> list[Chunk]:
    """The chunks of a document worth parsing (sentences that may hold a count or an event)."""
    boilerplate = document.get("boilerplate_spans")
    return select_chunks(document["text"], boilerplate if isinstance(boilerplate, str) else None,
                         is_candidate=is_candidate)


def is_candidate(sentence: str) -> bool:
    """Whether a sentence may hold a count claim or an event claim."""
    return may_hold_claim(sentence) or is_event_candidate(sentence)


def bounded_chunks(chunks: list[Chunk], limit: int) -> list[Chunk]:
    """Chunks of at most `limit` characters: a longer one is cut at sentence ends (a longer sentence at a space)."""
    bounded: list[Chunk] = []
    for chunk in chunks:
        if len(chunk.text) <= limit:
            bounded.append(chunk)
            continue
        start = chunk.start
        for sentence_start, sentence_end in split_sentences(chunk.text):
            end = chunk.start + sentence_end
            if end - start > limit and chunk.start + sentence_start > start:
                bounded.extend(_pieces(chunk, start, chunk.start + sentence_start, limit))
                start = chunk.start + sentence_start
        bounded.extend(_pieces(chunk, start, chunk.end, limit))
    return bounded


def _pieces(chunk: Chunk, start: int, end: int, limit: int) -> list[Chunk]:
    pieces = []
    while start < end:
        stop = min(end, start + limit)
        if stop < end:
            space = chunk.text.rfind(" ", start - chunk.start + 1, stop - chunk.start)
            stop = chunk.start + space if space > 0 else stop
        text = chunk.text[start - chunk.start : stop - chunk.start]
        if text.strip():
            pieces.append(Chunk(start, stop, text))
        start = stop
    return pieces


def document_rows(parsed: ParsedDocument) -> list[dict]:
    """Count and event claim rows of one parsed document, with the document's columns and claim ids."""
    document = parsed.document
    text = document["text"]
    published = as_date(document.get("published"))
    outlet = document.get("outlet") if isinstance(document.get("outlet"), str) else None
    setting = document_setting(text, [
        (chunk.start + ent.start_char, ent.text) for chunk, doc in parsed.chunks for ent in entities_of(doc)
        if ent.label_ in ("GPE", "LOC")
    ], _text_or_none(document.get("_story_home")), _text_or_none(document.get("_story_regions")),
        _text_or_none(document.get("_article_place")), outlet, _text_or_none(document.get("_story_towns")),
        published.year if published is not None else _year_or_none(document.get("_year_hint")))
    person_spans = [
        (chunk.start + _with_given_names(ent).start_char, chunk.start + ent.end_char)
        for chunk, doc in parsed.chunks
        for ent in entities_of(doc)
        if ent.label_ == "PERSON" and not is_place_like(text, chunk.start + ent.start_char, chunk.start + ent.end_char)
    ]
    context = build_context(text, published=published, outlet=outlet, person_spans=person_spans,
                            home_country=setting.home_country, year_hint=_year_or_none(document.get("_year_hint")))
    memory: CountMemory = prime_memory(text)
    carrier = SourceCarrier()
    previous_scope: str | None = None
    rows: list[dict] = []
    for chunk, doc in parsed.chunks:
        doc.user_data["text_offset"] = chunk.start  # offsets of tokens in the document, for look-back by distance
        chunk_context = context.at(chunk.start)
        own_sources: dict[tuple[int, int], dict] = {}
        for sentence in sentences_of(doc):
            paragraph = carry_paragraph(text, chunk.start + sentence.start_char)
            own = attribute_sentence(sentence, chunk_context)
            counts, memory = extract_count_claims(sentence, chunk_context, memory, text_offset=chunk.start)
            for row in counts:
                carrier.date_narrated(row, own)
                carrier.fill(row, paragraph)
                _with_scope(row, setting, previous_scope)
                previous_scope = row["scope"]
            if not is_list_item(sentence.text):
                carrier.update(own, paragraph)
            own_sources[(sentence.start_char, sentence.end_char)] = own.as_columns()
            rows.extend(counts)
        rows.extend(_event_rows(doc, chunk, chunk_context, published, own_sources))
    name_unnamed_speakers(rows, context)
    share_repeated_scopes(rows)
    day = published.isoformat() if published is not None else None
    return [_finished(row, document) for row in date_counts(rows, context.recollection, day)]


def _with_given_names(ent):
    """A PERSON entity with the given names the model left out of it ("Émile" of "Émile Nkodo Abena", tagged
    "Nkodo Abena"): proper nouns right before it that the parse joins to the name."""
    tables = lexicons()
    start = ent.start
    while start > ent.sent.start and ent.doc[start - 1].pos_ == "PROPN" and ent.doc[start - 1].dep_ == "compound" \
            and ent.start <= ent.doc[start - 1].head.i < ent.end:
        word = ent.doc[start - 1].lower_.rstrip(".")
        if word in tables.roles or word in tables.honorifics or kind_of(word) is not None:
            break  # "Mayor Elena Quispe", "Interior Minister Rosa Villanueva": a title, not a given name
        start -= 1
    return ent.doc[start : ent.end]


def _with_scope(row: dict, setting, previous_scope: str | None) -> None:
    """The part of the story a count covers, and its subject without a nationality that went into the scope; a
    figure leaning on the one before it ("52 Chileans died, up from an official count of 30") shares its part."""
    focus, parts, place, leans = row.pop("_focus"), row.pop("_parts"), row.pop("_place"), row["_leans"]
    fate = row.pop("_fate", None)
    figure = row.pop("_figure")
    row["scope"] = count_scope(focus, parts, place, setting, row.pop("_elliptical"), figure)
    town = row.pop("_source_town", None)
    if row["scope"] is None and not leans and not said_of_the_whole(focus, figure):
        # what the source covers, where the figure does not say it is the whole ("more than 90 injured statewide"):
        # a body's region ("the Arkansas Division of Emergency Management"), else a foreign government's own
        # nationals ("South Korea's foreign ministry says one climber is missing", told from Pakistan)
        row["scope"] = (source_place_scope(row.get("source_org"), setting, town)
                        or foreign_nationals(row.get("source_kind"), row.get("source_country"), parts, setting))
    if row["scope"] is None and not leans and setting.article_place:
        row["scope"] = setting.article_place  # an article about another incident of its story, in another town
    whole = leans and (is_whole_total(focus) or of_the_whole(focus, figure))
    if whole and parts.nationality == "scope":
        parts = replace(parts, actor=None)  # the running total of every group, not of the group before it
    if leans and place is None and previous_scope and not whole:
        # "Chileans accounted for 412 deaths — 380 of them unregistered": the part and its own qualifier
        own = row["scope"]
        base = previous_scope.split(", ")[0]
        if own is None:
            row["scope"] = previous_scope
        elif not own.endswith(" nationals") and base.endswith(" nationals") and not own.startswith(base):
            row["scope"] = f"{base}, {own}"
    if fate:
        # "64 inmates escaped", "23 taken to hospital": one fate is a part of the people counted, as a subgroup is;
        # a figure leaning on another of another fate ("120 abducted; 30 escaped") keeps its place, not that fate
        fates = set(lexicons().fates.values())
        kept = [part for part in (row["scope"] or "").split(", ") if part and part not in fates]
        row["scope"] = ", ".join([*kept, fate])
    row["subject"] = scoped_subject(parts, row["scope"])


def _event_rows(doc: Doc, chunk: Chunk, context: AttributionContext, published: date | None,
                own_sources: dict[tuple[int, int], dict]) -> list[dict]:
    def attribute(sentence):
        found = own_sources.get((sentence.start_char, sentence.end_char))
        return found if found is not None else attribute_sentence(sentence, context).as_columns()

    try:
        return extract_event_claims(doc, text_offset=chunk.start, published=published, attribute=attribute)
    except Exception as error:  # noqa: BLE001 - one extractor's bug must not lose the document's count claims
        warnings.warn(f"event extraction failed on a chunk at {chunk.start}: {error!r}", stacklevel=2)
        return []


def _finished(row: dict, document: dict) -> dict:
    claim = {column: row.get(column) for column in CLAIM_COLUMNS}
    for column in DOCUMENT_COLUMNS[1:]:
        # the document's own columns (doc_id, outlet, published, story) travel with each of its claims
        value = document.get(column)
        claim[column] = value if column == "doc_id" or isinstance(value, str) else None
    claim["claim_id"] = claim_id(claim)
    return claim


def claim_id(claim: dict) -> str:
    """Same document, kind, span, leg and subject -> same id, whatever else changes in the corpus."""
    leg = claim.get("leg")
    parts = (
        claim["doc_id"],
        claim["kind"],
        claim["start"],
        claim["end"],
        leg or "",
        claim.get("subject") or "",
        claim.get("quote_text") or "",
    )
    key = "|".join(str(part) for part in parts)
    # a file name that is not UTF-8 reaches doc_id with surrogate escapes: hash them as they are
    return f"{claim['kind']}-{hashlib.sha1(key.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _year_or_none(value) -> int | None:
    # a year read back from a table may come as a float (or NaN when absent)
    return int(value) if isinstance(value, (int, float)) and value == value else None


def readable_records(documents) -> list[dict]:
    """The document rows worth extracting (status ok, with text), in doc_id order, as dicts."""
    ok = documents[documents["status"] == "ok"] if "status" in documents.columns else documents
    records = ok.sort_values("doc_id", kind="stable").to_dict("records")
    return [record for record in records if isinstance(record.get("text"), str) and record["text"]]


def as_date(value) -> date | None:
    """A publication date from a date or an ISO string; None when absent or unreadable."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
