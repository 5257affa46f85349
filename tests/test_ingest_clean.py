"""clean(): where the article ends, verbatim offsets, metadata and language."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.ingest import clean
from sitroom.ingest.boilerplate import find_tail
from sitroom.ingest.textclean import normalize, squash
from sitroom.records import Document, RawDoc, Rejection

SEED_NAMES = ["000_7575c4c884fa5496.txt", "001_baa6cd9bc47a7d5c.txt", "002_88c38817dd655cd0.txt",
              "003_0af68bd507a69611.txt", "004_58bbfa8ab6323023.txt"]


def _seed(seeds_dir, name) -> tuple[str, Document]:
    body = (seeds_dir / name).read_text(encoding="utf-8")
    doc = clean(RawDoc(str(seeds_dir / name), name, body))
    assert isinstance(doc, Document), doc
    return body, doc


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_clean_text_ends_where_the_article_ends(seeds_dir, seeds_gold, name):
    body, doc = _seed(seeds_dir, name)
    marker = seeds_gold["body_ends_at"][name]
    end = body.index(marker) if marker else len(body)
    clean_flat = squash(doc.text)
    for line in body[:end].splitlines():  # no article paragraph is cut
        if line.strip():
            assert squash(line) in clean_flat, line
    if marker:  # nothing at or after the marker survives
        assert squash(marker) not in clean_flat
        tail_lines = [squash(ln) for ln in body[end:].splitlines() if len(ln.split()) >= 3]
        assert not [ln for ln in tail_lines if ln in clean_flat]
        assert doc.cuts and doc.cuts[0].start == end
        assert body[doc.cuts[0].start:doc.cuts[0].end] == doc.cuts[0].text
    else:
        assert doc.cuts == [] and doc.text.endswith("– WSJ")


def test_seed_cut_keeps_byline_and_source(seeds_dir):
    _, doc = _seed(seeds_dir, "001_baa6cd9bc47a7d5c.txt")
    assert doc.text.endswith("Reporting by: Haytham Mustafa\n\nSource: ARA News")
    assert doc.cuts[0].reason == "comment-tail" and "BLEW" in doc.cuts[0].text


def test_seed_curly_quotes_and_paragraphs_are_kept(seeds_dir):
    body, doc = _seed(seeds_dir, "000_7575c4c884fa5496.txt")
    assert "“Syria is ready to participate" in doc.text
    assert "\n\n\n" not in doc.text and "\n\n" in doc.text
    assert doc.doc_id == __import__("hashlib").sha256(body.encode()).hexdigest()


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_clean_sentence_quotes_back_verbatim(seeds_dir, name):
    body, doc = _seed(seeds_dir, name)
    for m in re.finditer(r"[^.\n]+[.”]", doc.text):
        quote, a, b = doc.quote(m.start(), m.end())
        assert quote == body[a:b]
        assert squash(quote) == squash(m.group())


# -- the tail rule on text that is not the seeds ----------------------------------------------------
ARTICLE = ("Government shelling killed nine civilians in the town of Kafr Nabl on Monday, rescuers said.\n\n"
           "The Syrian Observatory for Human Rights said the toll could rise because many were badly hurt.\n\n"
           "Residents said the market had been crowded when the first shells landed shortly after noon.\n")


def test_flat_comment_thread_with_names_and_timestamps_is_cut():
    tail = ("3 thoughts on “Shelling kills nine”\n\nAbu Omar says:\nMarch 3, 2018 at 10:15 pm\n"
            "God help these people, the world is watching and doing nothing at all about it.\nReply\n\n"
            "Sarah K. says:\nMarch 4, 2018 at 8:02 am\nThis has to stop, how many more families must die?\nReply\n")
    doc = clean(RawDoc("x", "x.txt", ARTICLE + "\n" + tail))
    assert doc.text == squash(ARTICLE).replace(" The Syrian", "\n\nThe Syrian").replace(" Residents", "\n\nResidents")
    assert doc.cuts[0].reason == "comment-tail" and doc.cuts[0].text.startswith("3 thoughts on")


def test_share_bar_and_related_list_is_cut_as_furniture():
    tail = "Share this:\nFacebook\nTwitter\nWhatsApp\n\nRelated\nSyria: Idlib talks stall\nAleppo strikes resume\n"
    doc = clean(RawDoc("x", "x.txt", ARTICLE + "\n" + tail))
    assert doc.text.endswith("shortly after noon.") and doc.cuts[0].reason == "page-furniture"


def test_markers_inside_the_article_never_cut_it():
    body = ("Rebels shelled the government-held district of Hamadaniya on Sunday, state media said.\n\n"
            "Related stories\n\n"
            "At least four people were killed and eleven wounded when the rockets hit a residential block.\n\n"
            "Advertisement\n\n"
            "The Observatory said rebel groups had fired more than forty rockets into the western districts.\n\n"
            "Residents said they had been sheltering in basements since the early hours of the morning.\n")
    doc = clean(RawDoc("x", "x.txt", body))
    assert doc.cuts == [] and doc.text.endswith("early hours of the morning.")


def test_numbered_list_in_an_article_is_not_a_comment_thread():
    body = ARTICLE + ("\nThe monitor listed the dead:\n\n1. Ahmad al-Hassan, 34, a baker\n"
                      "2. Mariam Khalil, 12, a pupil at the town's school\n3. Yusuf Darwish, 60, a farmer\n")
    assert find_tail(body) is None


def test_whitespace_only_text_is_rejected():
    rej = clean(RawDoc("z.txt", "z.txt", "\u200b\u00a0\n\u2009\t\n"))
    assert isinstance(rej, Rejection) and rej.code == "E109"


# -- offsets: property test --------------------------------------------------------------------------
ALPHABET = st.sampled_from(list("abc XYZ.,“”’–\n\n\t\r") + ["\u00a0", "\u2009", "\u202f", "\u200b", "\ufeff", "  "])


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, min_size=1, max_size=200).map("".join), st.data())
def test_clean_spans_map_back_to_the_same_words(original, data):
    text, offsets = normalize(original)
    if not text:
        assert squash(original) == ""
        return
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    doc = Document("id", "n", "s", original, text, offsets)
    quote, oa, ob = doc.quote(a, b)
    assert quote == original[oa:ob]
    assert squash(quote) == squash(text[a:b])
    assert "\n\n\n" not in text and text == text.strip()
    assert all(line == line.strip() and "  " not in line for line in text.split("\n"))


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_only_whitespace_changes(original):
    text, _ = normalize(original)
    keep = lambda s: re.sub(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad\x1c-\x1f]", "", s)
    assert keep(text) == keep(original)
