"""Kernels: pure text parsers shared by the stages (no spaCy): quantities, dates, phrase matching, the gazetteer.

They read their lexicons through `reconcile.rules` and import nothing from the stages above them.
"""
