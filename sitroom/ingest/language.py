"""Language identification with lingua, restricted to the languages conflict news arrives in.

Restricting the candidates makes lingua faster and surer; the detector is built once,
on first use, because building it loads the language models.
"""
from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("ENGLISH", "ARABIC", "FRENCH", "GERMAN", "SPANISH", "RUSSIAN", "TURKISH", "PERSIAN",
             "ITALIAN", "DUTCH", "PORTUGUESE", "KURDISH", "HEBREW", "UKRAINIAN")
SAMPLE_CHARS = 600  # the opening paragraphs decide (lingua is sure from ~100 chars); whole articles only cost time


@lru_cache(maxsize=1)
def detector():
    from lingua import Language, LanguageDetectorBuilder
    # Kurdish (and any other name lingua lacks) is skipped, not an error.
    langs = [getattr(Language, name) for name in LANGUAGES if hasattr(Language, name)]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when lingua cannot tell."""
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None
    lang = detector().detect_language_of(sample)
    return lang.iso_code_639_1.name.lower() if lang is not None else None
