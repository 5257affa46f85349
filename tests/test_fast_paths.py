"""Each shortcut taken for speed gives exactly the answers of the slow path it replaces, on real articles:
the indexed entity ruler, the trigger pre-test, the deferred claim sources and the record-to-dict copy."""
import dataclasses
import random
import re

import pytest
import spacy

from sitroom.config import load_config
from sitroom.extract import claims as C
from sitroom.extract import triggers as T
from sitroom.extract.heads import HeadIndex, heads
from sitroom.ingest import iter_raw
from sitroom.ingest.fakes import load_fakes
from sitroom.nlp import pipeline as P
from sitroom.pipeline import Pipeline
from sitroom.records import Claim, Event, Location, Report, to_dict

_SENT = re.compile(r"(?<=[.!?:])[”\"]?\s+(?=[A-Z“\"‘])|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _SENT.finditer(text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    return spans + ([(pos, len(text))] if text[pos:].strip() else [])


@pytest.fixture(scope="module")
def articles(fakes_csv, seeds_dir) -> list[str]:
    seeds = [p.read_text("utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    return [raw.body for raw, _ in load_fakes(fakes_csv)][:150] + seeds


@pytest.fixture(scope="module")
def texts(articles) -> list[str]:
    """Sentences and clauses of real articles: what the trigger expressions are run on."""
    out = []
    for body in articles:
        for a, b in _sentences(body):
            out.append(body[a:b])
            out.extend(body[a:b][x:y] for x, y in T.clauses(body[a:b]))
    return out


# --------------------------------------------------------------------------- the entity ruler

def _stock_ruler(nlp_cfg: dict):
    nlp = spacy.load(nlp_cfg["model"], exclude=list(nlp_cfg["disable"]) + ["tok2vec", "senter", "ner"])
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(P._ruler_patterns())
    return nlp, ruler


def _ents(doc) -> list[tuple]:
    return [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]


def test_indexed_ruler_finds_what_spacys_ruler_finds(articles):
    nlp = P.load_nlp(load_config())
    ours = nlp.get_pipe("entity_ruler")
    assert isinstance(ours, P.IndexedEntityRuler) and ours._rules is not None  # the index is in use
    stock_nlp, stock = _stock_ruler(load_config()["nlp"])
    matched = 0
    for body in articles:
        a, b = stock_nlp.make_doc(body), nlp.make_doc(body)
        assert ours._token_matches(b) == list(stock.matcher(a))  # same matches, in the Matcher's order
        matched += bool(ours._token_matches(b))
        stock(a), ours(b)
        assert _ents(a) == _ents(b)
    assert matched > 20  # the token patterns ("U.S.", "SDF") do occur


def test_indexed_ruler_keeps_the_matchers_order_for_overlapping_sequences():
    """Patterns over the words of a real sentence, overlapping, repeated, of several lengths."""
    nlp = spacy.blank("en")
    doc = nlp.make_doc("The SDF said SDF fighters and U.S. forces took the Green Zone , the SDF said .")
    words, rng = [t.text for t in doc], random.Random(7)
    for _ in range(200):
        ruler = P.IndexedEntityRuler(nlp, "r")
        for _ in range(rng.randint(1, 8)):
            start = rng.randrange(len(words))
            seq = words[start:start + rng.randint(1, 3)]
            ruler.add_patterns([{"label": rng.choice(["ORG", "GPE"]), "pattern": [{"ORTH": w} for w in seq],
                                 **({"id": rng.choice(["a", "b"])} if rng.random() < 0.5 else {})}])
        assert ruler._token_matches(doc) == list(ruler.matcher(doc))


def test_a_pattern_other_than_exact_tokens_falls_back_to_the_matcher():
    nlp = spacy.blank("en")
    ruler = P.IndexedEntityRuler(nlp, "r")
    ruler.add_patterns([{"label": "ORG", "pattern": [{"ORTH": "SDF"}]},
                        {"label": "ORG", "pattern": [{"LOWER": "islamic"}, {"LOWER": "state"}]}])
    assert ruler._rules is None
    doc = nlp.make_doc("The SDF fought Islamic State in Raqqa.")
    assert ruler._token_matches(doc) == list(ruler.matcher(doc)) and len(ruler._token_matches(doc)) == 2


# --------------------------------------------------------------------------- the trigger pre-test

def _union():
    return re.compile("|".join(f"(?:{spec['re']})" for spec, _ in T.lexicon().triggers), re.I)


def _fire_all(text: str) -> list[tuple]:
    return [(spec["name"], m.start(), m.end()) for spec, rx in T.lexicon().triggers for m in rx.finditer(text)]


def test_trigger_pretest_changes_no_answer_on_real_sentences(texts):
    union = _union()
    for text in texts:
        assert T.may_report_event(text) == bool(union.search(text)), text
        assert [(t.name, t.start, t.end) for t in T._fire(text)] == _fire_all(text), text
    assert sum(map(T.may_report_event, texts)) > len(texts) / 4  # real events among them


def test_trigger_pretest_on_letters_that_fold_and_odd_strings():
    """re.I matches the Kelvin sign to k and the long s to s: such a text is not pre-tested."""
    union, rng = _union(), random.Random(3)
    pieces = ["kill", "KILLED", "\u212aILLED", "\u017fhelling", "air", " strike", "İ", "ı", "’", "-", " ", ",",
              "ed", "s"]
    odd = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    for text in odd + ["\u212aILLED in the raid", "The \u017fhelling went on"]:
        assert T.may_report_event(text) == bool(union.search(text)), text
        assert [(t.name, t.start, t.end) for t in T._fire(text)] == _fire_all(text), text


def test_heads_read_off_the_expression_or_give_up():
    assert heads(r"\b(kill(ed|s)?|dead)\b") == {"killed", "kills", "kill", "dead"}
    assert heads(r"\b(a|b)c?d") == {"acd", "ad", "bcd", "bd"}
    assert heads(r"\bgovernment\s+(jets|planes)") == {"governme"}  # HEAD characters at most
    assert heads(r"\bfoo|bar") is None  # "bar" may start inside a word
    assert heads(r"\b\w+ed") is None and heads(r"\b(?-i:Foo)") is None
    index = HeadIndex([re.compile(r"\bshell(ed|ing)", re.I), re.compile(r"\bfoo|bar", re.I)])
    assert index.candidates("Heavy SHELLING hit the town") == {0, 1} and index.candidates("nothing here") == {1}


# --------------------------------------------------------------------------- claims

def _claims_every_sentence(text: str, spans, outlet, ents) -> list:
    """find_claims as it was: sources and speech acts read for every sentence, figures looked for in all."""
    st, default, paras, out = C._State([]), C._outlet(outlet), {}, []
    norm = text.replace("’", "'").replace("‘", "'")
    for idx, (a, b) in enumerate(spans):
        s = norm[a:b]
        local = [e for e in sorted(ents or []) if a <= e[0] and e[1] <= b]
        para = C._paragraph(text, a, paras)
        for claim in C._sentence_claims(s, text[a:b], a, local, st, default, para, C._tokens(s)):
            claim.char_start, claim.char_end = a, b
            out.append((idx, claim))
    return out


def test_deferred_sources_give_the_claims_of_reading_every_sentence(articles):
    found = 0
    for body in articles:
        spans = _sentences(body)
        got = C.find_claims(body, spans, "Outlet")
        assert got == _claims_every_sentence(body, spans, "Outlet", None)
        found += len(got)
    assert found > 100


def test_a_reference_still_finds_its_claimant_sentences_back():
    text = ("The Syrian Observatory for Human Rights reported heavy clashes near the airport on Monday.\n"
            "Government forces advanced into two villages.\n"
            "It said at least 12 fighters were killed.\n"
            "The monitor is based in Britain.")
    got = C.find_claims(text, _sentences(text), "Outlet")
    assert [(c.count, c.claimant) for _, c in got] == [(12, "Syrian Observatory for Human Rights")]
    assert got == _claims_every_sentence(text, _sentences(text), "Outlet", None)


# --------------------------------------------------------------------------- records

def test_to_dict_is_dataclasses_asdict(seeds_dir):
    results = list(Pipeline.from_config(load_config()).process_many(iter_raw([str(seeds_dir)])))
    mentions = [m for _, ms in results for m in ms]
    records = [d for d, _ in results] + mentions + [c for m in mentions for c in m.claims]
    loc = Location("Raqqa", "Syria", lat=35.9, lon=39.0)
    records.append(Event("e1", "Battles", "Armed clash", "2017-04-16", None, "day", loc, "A", "B",
                         {"best": 3, "low": 2, "range": (2, 5), 7: {"x": [1.5, None, True]}},
                         [Claim(3, quote="q")], [Report("d", "q", 0, 1)], ["same place"], ["m1"]))
    assert len(records) > 50
    for rec in records:
        assert to_dict(rec) == dataclasses.asdict(rec)
    with pytest.raises(TypeError):
        to_dict({"not": "a record"})
