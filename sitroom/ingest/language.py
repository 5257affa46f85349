"""Language identification with lingua, restricted to the languages conflict news arrives in.

Restricting the candidates makes lingua faster and surer; the detector is built once,
on first use, because building it loads the language models. Chinese, Japanese and Korean are
candidates so that such articles are named (and kept from the English extractor); text lingua
cannot place is "und" (undetermined) when its letters are mostly not Latin, since only Latin
script can be the English our extractor reads.
"""
from __future__ import annotations

from functools import lru_cache

LANGUAGES = ("ENGLISH", "ARABIC", "FRENCH", "GERMAN", "SPANISH", "RUSSIAN", "TURKISH", "PERSIAN",
             "ITALIAN", "DUTCH", "PORTUGUESE", "KURDISH", "HEBREW", "UKRAINIAN", "CHINESE", "JAPANESE",
             "KOREAN")
SAMPLE_CHARS = 600  # the opening paragraphs decide (lingua is sure from ~100 chars); whole articles only cost time
UNDETERMINED = "und"  # ISO 639-2's code for "cannot tell"


@lru_cache(maxsize=1)
def detector():
    from lingua import Language, LanguageDetectorBuilder
    # Kurdish (and any other name lingua lacks) is skipped, not an error.
    langs = [getattr(Language, name) for name in LANGUAGES if hasattr(Language, name)]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; "und" for non-Latin text lingua cannot place; None
    when lingua cannot tell a Latin-script text (treated as possibly English)."""
    sample = text[:SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    lang = detector().detect_language_of(sample)
    if lang is not None:
        return lang.iso_code_639_1.name.lower()
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    return None if latin * 2 >= len(letters) else UNDETERMINED
