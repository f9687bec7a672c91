"""Extract stage: documents (DocumentSchema, status ok) -> claims (ClaimSchema), counts and events with provenance.

Only the sentences that can hold a claim are parsed (see `chunks`), in batches through `nlp.pipe` so that
several processes can share the work; attribution memory comes from a cheap scan of each whole document.
"""

from __future__ import annotations

import hashlib
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pandas as pd

from reconcile.extract.attribution import AttributionContext, attribute_sentence, build_context
from reconcile.extract.carry import SourceCarrier, date_counts, name_unnamed_speakers, share_repeated_scopes
from reconcile.extract.chunks import Chunk, may_hold_claim, select_chunks
from reconcile.extract.counts import CountMemory, extract_count_claims, prime_memory
from reconcile.extract.events import extract_event_claims, is_event_candidate
from reconcile.extract.nlp import load_nlp
from reconcile.extract.scope import count_scope, is_whole_total, scoped_subject
from reconcile.extract.setting import document_setting, text_home
from reconcile.schema import ClaimSchema, columns_of
from reconcile.validation import Validated, split_valid

__all__ = ["extract_claims", "extract_claims_validated"]

CLAIM_COLUMNS = columns_of(ClaimSchema)
SORT_KEYS = ["doc_id", "start", "end", "kind", "claim_id"]
BATCH_SIZE = 64


def extract_claims(
    documents: pd.DataFrame, *, nlp=None, progress: bool = False, n_process: int = 1
) -> pd.DataFrame:
    """Claims of every readable document, validated; rejected rows are reported as a warning, never hidden.

    >>> extract_claims(load_corpus("seeds")).query("kind == 'count'").shape[0] > 0  # doctest: +SKIP
    True
    """
    validated = extract_claims_validated(documents, nlp=nlp, progress=progress, n_process=n_process)
    if len(validated.rejected):
        checks = "; ".join(sorted(set(validated.failures["check"].astype(str))))
        warnings.warn(f"{len(validated.rejected)} extracted claim(s) failed ClaimSchema ({checks})", stacklevel=2)
    return validated.valid


def extract_claims_validated(
    documents: pd.DataFrame, *, nlp=None, progress: bool = False, n_process: int = 1
) -> Validated:
    """Extract claims and split them into valid rows and rejected rows with their failing checks.

    >>> extract_claims_validated(documents).failures.columns.tolist()  # doctest: +SKIP
    ['row', 'id', 'column', 'check', 'failure_case']
    """
    claims = _claims_frame(list(_extract_rows(documents, nlp=nlp, progress=progress, n_process=n_process)))
    return split_valid(claims, ClaimSchema, "claim_id")


def _extract_rows(documents: pd.DataFrame, *, nlp, progress: bool, n_process: int) -> Iterator[dict]:
    if nlp is None:
        nlp = load_nlp()
    readable = _readable(documents)
    tasks = [readable[start : start + DOCS_PER_TASK] for start in range(0, len(readable), DOCS_PER_TASK)]
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(readable), desc="extracting", unit="doc")
    if n_process > 1 and len(tasks) > 1:
        results = _rows_in_processes(tasks, nlp, n_process)
    else:
        results = (_rows_of_documents(task, nlp) for task in tasks)
    for task, rows in zip(tasks, results, strict=True):
        if progress:
            bar.update(len(task))
        yield from rows
    if progress:
        bar.close()


# Whole documents go to worker processes (parse and extract there), so only small claim rows travel back:
# shipping parsed Docs to one process that extracts from them (nlp.pipe's n_process) left that process the
# bottleneck and cost more in pickling than the second core gained.
DOCS_PER_TASK = 8
_WORKER_NLP = None


def _rows_in_processes(tasks: list[list[dict]], nlp, n_process: int) -> Iterator[list[dict]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER_NLP
    _WORKER_NLP = nlp  # forked workers inherit the loaded pipeline instead of loading it again
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=n_process, mp_context=multiprocessing.get_context(method)) as pool:
        yield from pool.map(_rows_of_documents_in_worker, tasks)


def _rows_of_documents_in_worker(documents: list[dict]) -> list[dict]:
    nlp = _WORKER_NLP
    if nlp is None:  # a spawned worker: load the pipeline once per process
        nlp = load_nlp()
    return _rows_of_documents(documents, nlp)


def _rows_of_documents(documents: list[dict], nlp) -> list[dict]:
    jobs = [(index, chunk) for index, document in enumerate(documents) for chunk in _chunks_of(document)]
    parsed = nlp.pipe((chunk.text for _index, chunk in jobs), batch_size=BATCH_SIZE)
    per_document: dict[int, list] = {index: [] for index in range(len(documents))}
    for (index, chunk), doc in zip(jobs, parsed, strict=True):
        per_document[index].append((chunk, doc))
    rows: list[dict] = []
    for index, document in enumerate(documents):
        rows.extend(_document_rows(document, per_document[index]))
    return rows


def _readable(documents: pd.DataFrame) -> list[dict]:
    if documents is None or len(documents) == 0:
        return []
    ok = documents[documents["status"] == "ok"] if "status" in documents.columns else documents
    rows = []
    for record in ok.sort_values("doc_id", kind="stable").to_dict("records"):
        text = record.get("text")
        if isinstance(text, str) and text:
            rows.append(record)
    years = _years_by_story(rows)
    homes = _homes_by_story(rows)
    for record in rows:
        if _as_date(record.get("published")) is None:
            record["_year_hint"] = years.get(_story_of(record))
        record["_story_home"] = homes.get(_story_of(record))
    return rows


def _homes_by_story(records: list[dict]) -> dict:
    """The country each story is told from, as most of its articles name it: an article that names no country
    ("the state said", "the official count") is read in its story's (ties: the alphabetically first)."""
    votes: dict = {}
    for record in records:
        home = text_home(record["text"])
        if home:
            votes.setdefault(_story_of(record), Counter())[home] += 1
    return {story: min(counts, key=lambda country: (-counts[country], country)) for story, counts in votes.items()}


def _years_by_story(records: list[dict]) -> dict:
    """The year an undated article is read in: the median publication year of the dated articles of its story
    (of the corpus when no story is given). An article about a day "January 19" is filed with the others."""
    years: dict = {}
    for record in records:
        published = _as_date(record.get("published"))
        if published is not None:
            years.setdefault(_story_of(record), []).append(published.year)
    return {story: sorted(found)[(len(found) - 1) // 2] for story, found in years.items()}


def _story_of(record: dict):
    story = record.get("story")
    return story if isinstance(story, str) and story else None


def _chunks_of(document: dict) -> list[Chunk]:
    boilerplate = document.get("boilerplate_spans")
    return select_chunks(document["text"], boilerplate if isinstance(boilerplate, str) else None,
                         is_candidate=_is_candidate)


def _is_candidate(sentence: str) -> bool:
    return may_hold_claim(sentence) or is_event_candidate(sentence)


def _document_rows(document: dict, parsed: list) -> Iterator[dict]:
    text = document["text"]
    published = _as_date(document.get("published"))
    outlet = document.get("outlet") if isinstance(document.get("outlet"), str) else None
    setting = document_setting(text, [
        (chunk.start + ent.start_char, ent.text) for chunk, doc in parsed for ent in doc.ents
        if ent.label_ in ("GPE", "LOC")
    ], document.get("_story_home"))
    person_spans = [
        (chunk.start + ent.start_char, chunk.start + ent.end_char)
        for chunk, doc in parsed
        for ent in doc.ents
        if ent.label_ == "PERSON"
    ]
    context = build_context(text, published=published, outlet=outlet, person_spans=person_spans,
                            home_country=setting.home_country, year_hint=document.get("_year_hint"))
    memory: CountMemory = prime_memory(text)
    carrier = SourceCarrier()
    previous_scope: str | None = None
    rows: list[dict] = []
    for chunk, doc in parsed:
        doc.user_data["text_offset"] = chunk.start  # offsets of tokens in the document, for look-back by distance
        chunk_context = context.at(chunk.start)
        own_sources: dict[tuple[int, int], dict] = {}
        for sentence in doc.sents:
            paragraph = text.rfind("\n", 0, chunk.start + sentence.start_char)
            own = attribute_sentence(sentence, chunk_context)
            counts, memory = extract_count_claims(sentence, chunk_context, memory, text_offset=chunk.start)
            for row in counts:
                carrier.date_narrated(row, own)
                carrier.fill(row, paragraph)
                _with_scope(row, setting, previous_scope)
                previous_scope = row["scope"]
            carrier.update(own, paragraph)
            own_sources[(sentence.start_char, sentence.end_char)] = own.as_columns()
            rows.extend(counts)
        rows.extend(_event_rows(doc, chunk, chunk_context, published, own_sources))
    name_unnamed_speakers(rows, context)
    share_repeated_scopes(rows)
    day = published.isoformat() if published is not None else None
    for row in date_counts(rows, context.recollection, day):
        yield _finished(row, document, text)


def _with_scope(row: dict, setting, previous_scope: str | None) -> None:
    """The part of the story a count covers, and its subject without a nationality that went into the scope; a
    figure leaning on the one before it ("60 Jordanians died, up from an official count of 41") shares its part."""
    focus, parts, place, leans = row.pop("_focus"), row.pop("_parts"), row.pop("_place"), row["_leans"]
    row["scope"] = count_scope(focus, parts, place, setting, row.pop("_elliptical"))
    whole = leans and is_whole_total(focus)
    if whole and parts.nationality == "scope":
        parts = replace(parts, actor=None)  # the running total of every group, not of the group before it
    if leans and place is None and previous_scope and not whole:
        # "Egyptians accounted for 658 deaths — 630 of them unregistered": the part and its own qualifier
        own = row["scope"]
        base = previous_scope.split(", ")[0]
        if own is None:
            row["scope"] = previous_scope
        elif not own.endswith(" nationals") and base.endswith(" nationals") and not own.startswith(base):
            row["scope"] = f"{base}, {own}"
    row["subject"] = scoped_subject(parts, row["scope"])


def _event_rows(doc, chunk: Chunk, context: AttributionContext, published: date | None,
                own_sources: dict[tuple[int, int], dict]) -> list[dict]:
    def attribute(sentence):
        found = own_sources.get((sentence.start_char, sentence.end_char))
        return found if found is not None else attribute_sentence(sentence, context).as_columns()

    try:
        return extract_event_claims(doc, text_offset=chunk.start, published=published, attribute=attribute)
    except Exception as error:  # one extractor's bug must not lose the document's count claims
        warnings.warn(f"event extraction failed on a chunk at {chunk.start}: {error!r}", stacklevel=2)
        return []


def _finished(row: dict, document: dict, text: str) -> dict:
    claim = {column: row.get(column) for column in CLAIM_COLUMNS}
    claim["doc_id"] = document["doc_id"]
    claim["story"] = document.get("story") if isinstance(document.get("story"), str) else None
    claim["outlet"] = document.get("outlet") if isinstance(document.get("outlet"), str) else None
    claim["published"] = document.get("published") if isinstance(document.get("published"), str) else None
    claim["claim_id"] = _claim_id(claim)
    return claim


def _claim_id(claim: dict) -> str:
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
    return f"{claim['kind']}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


def _claims_frame(rows: list[dict]) -> pd.DataFrame:
    claims = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    if claims.empty:
        return claims
    # two extractors may report the very same claim (same kind, span, subject): keep one
    claims = claims.drop_duplicates("claim_id", keep="first")
    for column in ("value_low", "value_high", "leg"):
        claims[column] = pd.to_numeric(claims[column], errors="coerce").astype("float64")
    claims["is_increment"] = claims["is_increment"].astype("boolean")
    claims["start"] = claims["start"].astype("int64")
    claims["end"] = claims["end"].astype("int64")
    return claims.sort_values(SORT_KEYS, kind="stable").reset_index(drop=True)


def _as_date(value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
