"""The spaCy pipeline: sentences and entities, nothing more.

Reads: clean document text.  Writes: ``doc.sents`` and ``doc.ents`` (places carry the gazetteer id in
``ent.ent_id_``, actors the catalogue name).

Order matters: a gazetteer/actor entity ruler runs *before* the statistical NER, because the small
English model tags conflict places such as Palmyra or Tal Afar as PERSON. The tagger and parser are
not loaded: the extraction rules work on sentences, entities and lexicons, which keeps throughput
at about twice that of the full pipeline.
"""
from __future__ import annotations

import functools
import json
import warnings

import numpy as np
import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.strings import get_string_id

from ..errors import ExtractionError


@Language.component("sitroom_paragraphs")
def paragraph_boundaries(doc):
    """A blank line or a line break always starts a new sentence (headlines, bullet items, datelines)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


class IndexedEntityRuler(EntityRuler):
    """spaCy's EntityRuler with the same matches, found cheaper.

    Our token patterns are exact token sequences ("SDF", "Green Zone" as ORTH), yet spaCy's Matcher
    walks every token through every pattern: nine tenths of the ruler's time. While every token pattern
    is such a sequence, matches are found by looking the document's ORTH ids up, and listed in the
    Matcher's own order (by end token, then start, then pattern order); any other token pattern falls
    back to the Matcher. spaCy's ``_require_patterns`` also counts all ~7,000 patterns on every call
    only to warn when there are none: a cheaper test gives the same warning."""

    def __init__(self, *args, **kwargs):
        self._reset_index()
        super().__init__(*args, **kwargs)

    def _reset_index(self, plain: bool = True) -> None:
        self._rules: list[tuple[tuple[int, ...], int]] | None = [] if plain else None  # (ORTH ids, key), in order added
        self._by_first: dict[int, list[int]] = {}  # first ORTH id -> indexes into _rules
        self._firsts: np.ndarray | None = None  # the keys of _by_first, for np.isin

    def add_patterns(self, patterns) -> None:
        super().add_patterns(patterns)
        for entry in patterns:
            if isinstance(entry["pattern"], list) and self._rules is not None:
                self._index(entry)

    def _index(self, entry: dict) -> None:
        """Record one token pattern by its first ORTH id, or give the index up if it is not plain ORTH."""
        orths = _plain_orths(entry["pattern"])
        if orths is None:
            return self._reset_index(plain=False)
        label = self._create_label(entry["label"], entry["id"]) if "id" in entry else entry["label"]
        self._by_first.setdefault(orths[0], []).append(len(self._rules))
        self._rules.append((orths, self.matcher._normalize_key(label)))
        self._firsts = None

    def clear(self) -> None:
        super().clear()
        self._reset_index()

    def remove(self, ent_id: str) -> None:
        super().remove(ent_id)
        self._reset_index(plain=False)  # rare: the Matcher from now on

    def _require_patterns(self) -> None:
        if not any(self.token_patterns.values()) and not any(self.phrase_patterns.values()):
            super()._require_patterns()  # spaCy's warning, for a ruler with no patterns

    def _token_matches(self, doc) -> list[tuple[int, int, int]]:
        if self._rules is None:
            return list(self.matcher(doc))
        if self._firsts is None:
            self._firsts = np.fromiter(self._by_first, dtype=np.uint64, count=len(self._by_first))
        orths = doc.to_array("ORTH")
        found = []
        for i in np.flatnonzero(np.isin(orths, self._firsts)).tolist():
            for r in self._by_first[int(orths[i])]:
                seq, key = self._rules[r]
                if tuple(orths[i:i + len(seq)].tolist()) == seq:
                    found.append((i + len(seq), i, r, key))
        # the Matcher's order, and like it one (key, start, end) once
        return list(dict.fromkeys((key, start, end) for end, start, _, key in sorted(found)))

    def match(self, doc):
        """EntityRuler.match (spaCy 3.8) with the token matches found as above."""
        self._require_patterns()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            matches = self._token_matches(doc) + list(self.phrase_matcher(doc))
        final_matches = set([(m_id, start, end) for m_id, start, end in matches if start != end])
        return sorted(final_matches, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


def _plain_orths(pattern: list) -> tuple[int, ...] | None:
    """The ORTH ids of a pattern whose every token is matched on its exact ORTH alone, else None."""
    out = []
    for spec in pattern:
        (attr, value), = spec.items() if len(spec) == 1 else ((None, None),)
        if attr is None or attr.upper() != "ORTH" or not isinstance(value, str):
            return None
        out.append(get_string_id(value))
    return tuple(out) or None


@Language.factory("sitroom_entity_ruler", assigns=["doc.ents", "token.ent_type", "token.ent_iob"], default_config={
    "phrase_matcher_attr": None, "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"}, "validate": False,
    "overwrite_ents": False, "ent_id_sep": "||", "scorer": {"@scorers": "spacy.entity_ruler_scorer.v1"}})
def make_indexed_ruler(nlp: Language, name: str, phrase_matcher_attr, matcher_fuzzy_compare, validate: bool,
                     overwrite_ents: bool, ent_id_sep: str, scorer) -> IndexedEntityRuler:
    """The same configuration as spaCy's "entity_ruler" factory."""
    return IndexedEntityRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr,
                              matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate,
                              overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep, scorer=scorer)


def _ruler_patterns() -> list[dict]:
    from ..normalize.actors import ActorCatalogue
    from ..normalize.places import Gazetteer
    return list(Gazetteer.default().patterns()) + list(ActorCatalogue.default().patterns())


def build_nlp(model: str, disable: tuple[str, ...], sentences: str = "rules") -> Language:
    """The model's NER, a gazetteer/actor ruler before it, and sentence boundaries.

    The small model's NER carries its own token embedding; the shared ``tok2vec`` only feeds the
    statistical sentence splitter. Rule-based sentences (punctuation, abbreviations kept by the
    tokenizer, line breaks) let us skip that network entirely: about a third of the NLP time."""
    exclude = list(disable) + (["tok2vec", "senter"] if sentences == "rules" else [])
    try:
        nlp = spacy.load(model, exclude=exclude)
    except OSError as e:
        raise ExtractionError("E400", f"{model}: {e}") from e
    if sentences == "rules":
        nlp.add_pipe("sentencizer", first=True)
        nlp.add_pipe("sitroom_paragraphs", after="sentencizer")
    else:
        nlp.enable_pipe("senter")
        nlp.add_pipe("sitroom_paragraphs", after="senter")
    ruler = nlp.add_pipe("sitroom_entity_ruler", name="entity_ruler", before="ner",
                         config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    with nlp.select_pipes(enable=[]):  # building patterns must not run the pipeline on them
        ruler.add_patterns(_ruler_patterns())
    return nlp


@functools.lru_cache(maxsize=4)
def _cached(model: str, disable_json: str, sentences: str) -> Language:
    return build_nlp(model, tuple(json.loads(disable_json)), sentences)


def load_nlp(cfg: dict) -> Language:
    """One spaCy pipeline per process and configuration (workers call this, never unpickle models)."""
    nlp_cfg = cfg["nlp"]
    return _cached(nlp_cfg["model"], json.dumps(sorted(nlp_cfg["disable"])), nlp_cfg.get("sentences", "rules"))


def parse(nlp: Language, texts: list[str], needs_ner, batch_size: int = 32) -> list:
    """Sentences and ruler entities for every text; the statistical NER only on the sentences
    ``needs_ner`` accepts (those that may report an event), its entities then added to the document.

    Parse only what needs parsing: in casualty reporting about a third of the text is background
    that no rule reads the NER output of."""
    with nlp.select_pipes(disable=["ner"]):
        docs = list(nlp.pipe(texts, batch_size=batch_size))
    todo = [(d, s.start_char, s.text) for d in docs for s in d.sents if needs_ner(s.text)]
    with nlp.select_pipes(enable=["entity_ruler", "ner"]):
        parsed = nlp.pipe((t for _, _, t in todo), batch_size=batch_size * 8)
        found: dict[int, list] = {}
        for (d, off, _), sd in zip(todo, parsed):
            found.setdefault(id(d), []).extend((off + e.start_char, off + e.end_char, e.label_) for e in sd.ents)
    for d in docs:
        _add_ents(d, found.get(id(d), []))
    return docs


def _add_ents(doc, spans: list[tuple[int, int, str]]) -> None:
    taken = {i for e in doc.ents for i in range(e.start, e.end)}  # the ruler's entities stand
    new = []
    for a, b, label in spans:
        span = doc.char_span(a, b, label=label)
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            new.append(span)
            taken.update(range(span.start, span.end))
    if new:
        doc.ents = sorted(list(doc.ents) + new, key=lambda e: e.start)
