"""A count's part of a group (extract stage helper, for the scope step): partitives ("Nineteen of them", "45 out of
60 passengers") and the running period a perfect verb's adverbial names ("850 have died on the route this year").
"""

from __future__ import annotations

from spacy.tokens import Token

from reconcile.extract.status import PARTITIVE_PREPOSITIONS


# Pronouns by which a partitive count points back to the group it is a part of ("Nineteen of them died at home").
_PARTITIVE_PRONOUNS = ("them", "those", "these")


def is_partitive(figure: Token) -> bool:
    """Whether the figure is "N of them", "N of those", "N of the dead", "N out of 60 passengers", "Of the dead, N
    had ...": a part of a group counted as a whole."""
    preps = [child for child in figure.children if child.dep_ == "prep" and child.lower_ in PARTITIVE_PREPOSITIONS]
    # "Of the dead, 11 had gunshot wounds": the group fronted before the figure's clause, on its verb
    preps += [child for child in (figure.head.children if figure.dep_ in ("nsubj", "nsubjpass") else ())
              if child.dep_ == "prep" and child.lower_ == "of" and child.i < figure.i]
    preps += [inner for child in figure.children if child.dep_ == "prep" and child.lower_ == "out"
              for inner in child.children if inner.dep_ == "prep" and inner.lower_ == "of"]
    for child in preps:
        for target in (grandchild for grandchild in child.children if grandchild.dep_ == "pobj"):
            if child.head.lower_ == "out" or any(d.dep_ == "nummod" for d in target.children):
                return True  # "45 out of 60 passengers", "2,400 of the 9,000 marchers"
            if target.lower_ in _PARTITIVE_PRONOUNS:
                return True
            # "of the deaths", "of the dead"; not "three of its soldiers", which is all the soldiers it lost
            if _is_definite(target) and (target.tag_ in ("NNS", "NNPS", "VBN") or target.pos_ == "ADJ"):
                return True
    return False


def _is_definite(noun: Token) -> bool:
    """"the dead", "those victims": a group the copy has already set out."""
    return any(child.dep_ == "det" and child.lower_ in ("the", "these", "those") for child in noun.children)


def is_among_a_whole(figure: Token) -> bool:
    """Whether the figure's clause sets what it counts among a larger group: "Nine children were among the dead",
    "There were 660 Egyptians among the dead", "Four residents were among the victims": a part of that group."""
    noun = figure.head if figure.dep_ in ("nummod", "quantmod") else figure
    holders = [noun] + ([noun.head] if noun.dep_ in ("nsubj", "nsubjpass", "attr") else [])
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == "among" and any(
                    target.dep_ == "pobj" and (target.lower_ in _PARTITIVE_PRONOUNS or _is_definite(target))
                    for target in child.children):
                return True
    return False


# Determiners that make a period the one a running total covers: "this year", "so far this year", "the past year".
_RUNNING_DETERMINERS = ("this", "last", "past")


def running_period(verb: Token, words: dict[str, tuple[str, str]]) -> str | None:
    """The scope of a running total: a period word as the adverbial of a perfect verb or of the verbs joined to
    it ("850 have died on the route this year", "had died or gone missing ... this year"). Not a simple past
    ("68 died during the pilgrimage this year": the year names the event) nor a year inside another phrase
    ("the pilgrimage, which this year fell ...")."""
    if not any(child.dep_ == "aux" and child.lemma_.lower() == "have" for child in verb.children):
        return None
    verbs = [verb, *(child for child in verb.children if child.dep_ == "conj")]
    adverbials = [child for each in verbs for child in each.children]
    # "missing in the desert crossing this year": the parse may hang the period on the verb's place noun
    adverbials += [part for child in adverbials if child.dep_ == "prep" for target in child.children
                   if target.dep_ == "pobj" for part in target.children]
    for child in adverbials:
        entry = words.get(child.lower_)
        if entry is None or entry[0] != "period" or child.dep_ != "npadvmod":
            continue
        if any(part.lower_ in _RUNNING_DETERMINERS for part in child.children if part.dep_ in ("det", "amod")):
            return entry[1]
    return None
