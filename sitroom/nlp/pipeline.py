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

import spacy
from spacy.language import Language

from ..errors import ExtractionError


@Language.component("sitroom_paragraphs")
def paragraph_boundaries(doc):
    """A blank line or a line break always starts a new sentence (headlines, bullet items, datelines)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


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
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER",
                                                                  "overwrite_ents": True})
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
