"""Readers and bad input: every bad case is a coded one-line Rejection, the rest of the batch goes on."""
import gzip
import io
import json

import pytest

from sitroom.ingest import clean, ingest, iter_raw
from sitroom.ingest.metadata import find_dateline, url_date
from sitroom.records import Document, RawDoc, Rejection
from sitroom.store import open_store

ARTICLE = ("Two Russian soldiers were killed by artillery fire from ISIL in Syria's eastern province of "
           "Deir Ezzor, Russia's defence ministry said on Monday.\n\nOne serviceman was killed instantly and a "
           "second died from his wounds in hospital, according to a ministry statement.\n")

HTML = """<html><head><title>Shelling kills 5 in Idlib | Example News</title>
<meta property="article:published_time" content="2017-09-05T10:00:00Z">
<meta property="og:site_name" content="Example News"></head><body><nav>Home | World | Sport</nav>
<article><h1>Shelling kills 5 in Idlib</h1>
<p>Five civilians were killed on Tuesday when government shelling hit a market in the town of Maarat al-Numan,
the Syrian Observatory for Human Rights said.</p>
<p>The monitor said the toll could rise because several people were seriously wounded in the attack.</p>
<p>Rescue workers pulled bodies from the rubble for hours after the strike, local activists told reporters.</p>
</article><div id="comments" class="comments"><h3>2 comments</h3><ol>
<li class="comment"><p>This is terrible news, when will it end? Everyone should know about this.</p></li>
<li class="comment"><p>Praying for the people of Idlib tonight, this has to stop now.</p></li></ol></div>
<footer>Copyright 2017 Example News</footer></body></html>"""


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else lambda d: path.write_text(d, encoding="utf-8"))(data)
    return path


def _codes(items):
    return sorted(i.code for i in items if isinstance(i, Rejection))


def _warc(records: list[tuple[str, str]], compress: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for url, html in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    return buf.getvalue()


@pytest.mark.parametrize("name,data,code", [
    ("empty.txt", b"", "E101"),
    ("blank.txt", b"  \n\n \t", "E101"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "E102"),
    ("nuls.txt", b"text\x00\x00\x00more", "E102"),
    ("bad-bom.txt", b"\xef\xbb\xbfcaf\xe9 \xff\xfe\xfa broken after a UTF-8 BOM", "E104"),
    ("report.pdf", b"%PDF-1.4 whatever", "E108"),
    ("notes.docx", b"PK\x03\x04", "E108"),
    ("broken.html", b"<html><head><script>var a = 1;</script></head><body><div></div></body></html>", "E105"),
    ("junk.warc.gz", b"this is not a web archive at all\n" * 20, "E110"),
    ("invisible.txt", "\u200b\u200b\u00a0\n\ufeff\u200b".encode(), "E109"),
])
def test_bad_input_is_a_coded_rejection(tmp_path, name, data, code):
    path = _write(tmp_path / name, data)
    items = [clean(i) if isinstance(i, RawDoc) else i for i in iter_raw([str(path)])]
    assert _codes(items) == [code]
    rej = items[0]
    assert rej.source.startswith(str(path)) and "\n" not in rej.reason and rej.reason.startswith(f"[{code}]")


def test_missing_path_and_oversize_file(tmp_path):
    big = _write(tmp_path / "big.txt", ARTICLE * 50)
    items = list(iter_raw([str(tmp_path / "nope"), str(big)], max_bytes=1000))
    assert _codes(items) == ["E100", "E103"]


def test_legacy_encodings_decode(tmp_path):
    text = "Déjà, à Alep, l’armée a bombardé le quartier « Salaheddine » mardi, tuant douze civils. " * 3
    a = _write(tmp_path / "cp1252.txt", text.encode("cp1252"))
    b = _write(tmp_path / "utf16.txt", text.encode("utf-16"))
    c = _write(tmp_path / "bom.txt", b"\xef\xbb\xbf" + text.encode())
    bodies = [r.body for r in iter_raw([str(a), str(b), str(c)])]
    assert bodies == [text, text, text]
    assert clean(next(iter_raw([str(a)]))).language == "fr"  # stored and flagged, not rejected


def test_jsonl_names_formats_and_malformed_lines(tmp_path):
    lines = [json.dumps({"text": ARTICLE, "url": "https://ex.org/a", "outlet": "AFP", "published": "2017-09-04T08:00Z"}),
             "{not json",
             json.dumps({"html": HTML, "title": "Idlib"}),
             "",
             json.dumps({"url": "https://ex.org/none"})]
    path = _write(tmp_path / "feed.jsonl", "\n".join(lines))
    items = list(iter_raw([str(path)]))
    assert [type(i).__name__ for i in items] == ["RawDoc", "Rejection", "RawDoc", "Rejection"]
    assert items[0].name == "https://ex.org/a" and items[0].published == "2017-09-04"
    assert items[1].code == "E107" and items[1].source == f"{path}#L2"
    assert items[2].name == "feed.jsonl#L3" and items[2].fmt == "html"
    small = list(iter_raw([str(path)], max_bytes=len(lines[0]) + 10))  # the limit is per article
    assert [getattr(i, "code", "ok") for i in small] == ["ok", "E107", "E103", "E107"]
    doc = clean(items[0])
    assert (doc.published, doc.published_source, doc.outlet) == ("2017-09-04", "jsonl", "AFP")


def test_html_comments_kept_as_cut_and_metadata_read():
    doc = clean(RawDoc("p.html", "p.html", HTML, "html"))
    assert "Maarat al-Numan" in doc.text and "Praying" not in doc.text and "Home | World" not in doc.text
    cut = next(c for c in doc.cuts if c.reason == "html-comments")
    assert "Praying for the people" in cut.text and doc.original[cut.start:cut.end] == cut.text
    assert (doc.published, doc.published_source, doc.outlet) == ("2017-09-05", "html", "Example News")
    assert doc.title.startswith("Shelling kills 5")


def test_truncated_html_is_still_read():
    broken = HTML[: HTML.index("<p>Rescue")] + "<p>Rescue workers pulled bodies from the rubble for hours"
    doc = clean(RawDoc("t.html", "t.html", broken, "html"))
    assert isinstance(doc, Document) and "seriously wounded" in doc.text


@pytest.mark.parametrize("damage", [
    b"garbage that is not gzip at all\n" * 3,
    gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\nshort"),
])
def test_warc_records_and_a_corrupt_one(tmp_path, damage):
    good = _warc([("https://ex.org/1", HTML), ("https://ex.org/2", HTML.replace("Five", "Six"))])
    path = _write(tmp_path / "crawl.warc.gz", good + damage)
    items = list(iter_raw([str(path)]))
    docs = [i for i in items if isinstance(i, RawDoc)]
    assert [d.name for d in docs] == ["https://ex.org/1", "https://ex.org/2"] and docs[0].fmt == "html"
    assert _codes(items) == ["E106"]
    assert "Six civilians" in clean(docs[1]).text


def test_manifest_is_read_without_being_asked_and_explicit_one_wins(tmp_path):
    _write(tmp_path / "in" / "a.txt", ARTICLE)
    _write(tmp_path / "in" / "manifest.csv", "file,outlet,original_source,published,url\n"
                                             "a.txt,Ya Libnan,AP,2015-12-24,https://ya.example/a\n")
    raw = next(iter_raw([str(tmp_path / "in")]))
    assert (raw.outlet, raw.published, raw.url) == ("Ya Libnan", "2015-12-24", "https://ya.example/a")
    _write(tmp_path / "other.csv", "file,outlet,published\na.txt,ARA News,2016-04-20\n")
    raw = next(iter_raw([str(tmp_path / "in" / "a.txt")], manifest=str(tmp_path / "other.csv")))
    assert (raw.outlet, raw.published) == ("ARA News", "2016-04-20")
    doc = clean(raw)
    assert doc.published_source == "manifest"


def test_seed_folder_reads_its_manifest(seeds_dir):
    raws = list(iter_raw([str(seeds_dir)]))
    assert [r.name for r in raws] == sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert all(r.outlet and r.published for r in raws)


def test_a_bad_batch_goes_on_and_stores_its_rejections(tmp_path, db_path):
    _write(tmp_path / "in" / "good.txt", ARTICLE)
    _write(tmp_path / "in" / "empty.txt", b"")
    _write(tmp_path / "in" / "sub" / "bin.txt", b"\x00\x01\x02" * 100)
    _write(tmp_path / "in" / "sub" / "also-good.html", HTML)
    store = open_store(db_path)
    report = ingest([str(tmp_path / "in"), str(tmp_path / "missing")], store)
    assert report.added == 2 and _codes(report.rejected) == ["E100", "E101", "E102"]
    assert sorted(r["code"] for r in store.rejections()) == ["E100", "E101", "E102"]
    store.close()


@pytest.mark.parametrize("text,iso", [
    ("Tuesday, September 5, 2017\n\nUPDATED- Deir ez Zor", "2017-09-05"),
    ("Sun 10 Jul 2016 29 Syria Rebels Dead", "2016-07-10"),
    ("BEIRUT, 5 September 2017 (Reuters) - ", "2017-09-05"),
    ("Posted 2017-09-05 by staff", "2017-09-05"),
    ("Sept. 5, 2017 — Syrian troops", "2017-09-05"),
    ("Last updated at Jul 262016 BEIRUT", "2016-07-26"),
    ("21.08.2013Get short URL", "2013-08-21"),
    ("Published February 23 2015 A suicide bomber", "2015-02-23"),
])
def test_datelines(text, iso):
    assert find_dateline(text).date == iso


@pytest.mark.parametrize("text", ["UPDATE 1700 GMT: we saw footage", "In 2017 we counted 300 dead", "Killed 5, 2017 wounded"])
def test_not_datelines(text):
    assert find_dateline(text) is None


def test_dateline_is_the_last_resort_for_published():
    body = "Tuesday, September 5, 2017\n\nSyrian troops broke the siege of Deir ez-Zor on Tuesday, state TV said."
    doc = clean(RawDoc("d.txt", "d.txt", body))
    assert (doc.published, doc.published_source, doc.title) == ("2017-09-05", "dateline", doc.text.split("\n")[2])
    undated = clean(RawDoc("u.txt", "u.txt", body.split("\n\n", 1)[1]))
    assert (undated.published, undated.published_source) == (None, None)


@pytest.mark.parametrize("url, day, month", [
    ("https://www.enabbaladi.net/archives/2017/07/15/قصف-ادلب/", "2017-07-15", "2017-07"),
    ("https://example.com/news/2016-02-20-shelling-kills-five", "2016-02-20", "2016-02"),
    ("http://ar.iranefardanews.com/2017/07/القوات-العراقية/", None, "2017-07"),
    ("https://example.com/story?id=2017/07/15", None, None),  # a query's numbers are ids, not dates
    ("https://example.com/archives/2017/13/40/x", None, None),
    ("https://example.com/post/29094/x", None, None),
])
def test_a_date_in_the_articles_address(url, day, month):
    assert url_date(url) == (day, month)


def test_the_address_dates_an_article_nothing_else_dates():
    body = "Syrian troops broke the siege of Deir ez-Zor on Tuesday, state TV said."
    doc = clean(RawDoc("u.txt", "u.txt", body, url="https://example.com/2017/09/05/deir-ez-zor"))
    assert (doc.published, doc.published_source) == ("2017-09-05", "url")
    supplied = clean(RawDoc("u.txt", "u.txt", body, url="https://example.com/2017/09/05/x", published="2017-09-06"))
    assert (supplied.published, supplied.published_source) == ("2017-09-06", "manifest")
