"""The Arabic path: Arabic articles read natively into the records the English path writes.

text (folding, proclitics) -> matcher (lexicon and catalogue phrases) -> numbers, dates, places,
catalogues (actors, claimants) -> extract (``Mention`` records with their claims). No translation and
no model downloaded at run time: spaCy's blank Arabic tokenizer and sentencizer, data files shipped in
``sitroom/data`` (docs/arabic.md says where each came from).
"""
from .extract import extract_mentions

__all__ = ["extract_mentions"]
