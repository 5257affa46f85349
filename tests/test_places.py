"""Places: gazetteer lookups, spelling variants, choosing an event location, GeoNames import."""
from __future__ import annotations

import csv
import math
import zipfile
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from sitroom.normalize.cli import gazetteer as gazetteer_cli
from sitroom.normalize.gazetteer_import import count_places, import_geonames
from sitroom.normalize.actors import ActorCatalogue
from sitroom.normalize.places import (Gazetteer, _case_sensitive, curated_places, governorate_of, name_key,
                                      orth_pattern, skeleton, surface_forms)
from sitroom.store import open_store

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "fa-kes-dev" / "articles.csv"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def resolve(gaz: Gazetteer, sentence: str, names: list[str], doc_places=None):
    return gaz.resolve([(n, sentence.index(n)) for n in names], sentence, doc_places)


# -- lookups ------------------------------------------------------------------------------------

DEIR = (35.336, 40.141)
SPELLINGS = [  # (as written in reporting, expected place id, reference coordinates)
    ("Deir ez-Zor", "sy.dez", DEIR), ("Deir el-Zour", "sy.dez", DEIR), ("Deir Ezzor", "sy.dez", DEIR),
    ("Deir Ezzour", "sy.dez", DEIR), ("Deir al-Zour", "sy.dez", DEIR), ("Dayr az Zawr", "sy.dez", DEIR),
    ("Deir ez Zor", "sy.dez", DEIR), ("DeZ", "sy.dez", DEIR), ("DEIR EZZOR", "sy.dez", DEIR),
    ("DeirEzzor", "sy.dez", DEIR),
    ("al-Baghiliyah", "sy.baghiliyah", (35.37, 40.07)), ("al Boghaliyyah", "sy.baghiliyah", (35.37, 40.07)),
    ("Baghaliyah", "sy.baghiliyah", (35.37, 40.07)),
    ("Albu Kamal", "sy.albukamal", (34.45, 40.92)), ("Abu Kamal", "sy.albukamal", (34.45, 40.92)),
    ("Palmyra", "sy.palmyra", (34.56, 38.27)), ("Tadmur", "sy.palmyra", (34.56, 38.27)),
    ("Kobani", "sy.kobani", (36.89, 38.35)), ("Ayn al-Arab", "sy.kobani", (36.89, 38.35)),
    ("Tal Afar", "iq.talafar", (36.377, 42.45)), ("Ayadiya", "iq.ayadiya", (36.48, 42.40)),
    ("Ma'arrat al-Nu'man", "sy.maarat", (35.64, 36.67)), ("Kafranbel", "sy.kafrnabl", (35.61, 36.56)),
    ("T4", "sy.t4", (34.52, 37.63)), ("Brigade 137", "sy.dez.brigade137", (35.31, 40.08)),
    ("Mosul", "iq.mosul", (36.34, 43.13)), ("Erbil", "iq.erbil", (36.19, 44.01)),
    ("Hawija", "iq.hawija", (35.32, 43.78)), ("Jurf al-Sakhar", "iq.jurf", (32.87, 44.15)),
]


@pytest.mark.parametrize("written,pid,coords", SPELLINGS)
def test_listed_transliterations_resolve(gaz, written, pid, coords):
    best = gaz.lookup(written)[0]
    assert best.id == pid
    assert km((best.lat, best.lon), coords) < 5


@pytest.mark.parametrize("written,pid", [
    ("Deir Al Zour", "sy.dez"), ("Dayr al-Zawr", "sy.dez"), ("Al-Boghaliyah", "sy.baghiliyah"),
    ("Dair el-Zor", "sy.dez"), ("Deir-Ezzour", "sy.dez"), ("el-Mayadeen", "sy.mayadin"),
    ("Jisr el-Shoghour", "sy.jisr"), ("Khan Sheikhun", "sy.khansheikhoun"), ("Qusayr", "sy.qusayr"),
    ("Al-Shaddadeh", "sy.shaddadi"), ("Tell Tamer", "sy.taltamr"), ("Suleimaniya", "iq.sulaymaniyah"),
])
def test_unseen_systematic_spellings_resolve(gaz, written, pid):
    place = gaz.by_id[pid]
    listed = {name_key(v) for v in (place.name, *place.variants)}
    found = gaz.lookup(written)
    assert found and found[0].id == pid, (written, [p.id for p in found])
    if name_key(written) not in listed:  # then the match came from the skeleton, not the list
        assert skeleton(written) == skeleton(place.name) or any(skeleton(written) == skeleton(v) for v in place.variants)


def test_unknown_and_foreign_names(gaz):
    assert gaz.lookup("Xqzwv") == []
    ny = gaz.lookup("New York")
    assert ny and ny[0].country == "United States"  # the world-wide fallback, not a skeleton match
    assert gaz.lookup("Beirut")[0].country == "Lebanon"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([p.id for p in curated_places() if p.kind != "country" and p.country in ("Syria", "Iraq")]),
       st.data())
def test_every_generated_surface_form_finds_its_place(gaz, pid, data):
    place = gaz.by_id[pid]
    forms = sorted(surface_forms(place.name))
    assert forms
    form = data.draw(st.sampled_from(forms))
    assert place.id in [p.id for p in gaz.lookup(form)], form


@given(st.text(alphabet="abcdeghiklmnoqrstuyz -'", min_size=1, max_size=30))
def test_keys_are_stable(text):
    assert name_key(name_key(text)) == name_key(text)
    assert skeleton(text) == skeleton(text.upper())


# -- choosing a location --------------------------------------------------------------------------

def test_district_keeps_its_town(gaz):
    s = "The IS-affiliated Aamaq news agency said the industrial district of Deir el-Zour fell to the group"
    loc = resolve(gaz, s, ["Deir el-Zour"])
    assert (loc.name, loc.admin1, loc.country) == ("Deir ez-Zor", "Deir ez-Zor", "Syria")
    assert loc.sub_location == "industrial district (al-Sinaa)"
    assert loc.quote == "industrial district of Deir el-Zour" and loc.geo_precision == "exact"
    s = "ISIS militants took control of the last positions in the Sinaa neighborhood of Deir ez-Zor"
    loc = resolve(gaz, s, ["Sinaa", "Deir ez-Zor"])
    assert loc.name == "Deir ez-Zor" and loc.sub_location.startswith("industrial district")
    assert loc.quote == "Sinaa neighborhood of Deir ez-Zor"


def test_a_district_is_named_by_its_own_words_not_the_clause_before_it(gaz):
    # the words before "district" are the clause's too: "and", "a", "shells on" name nothing
    cases = [("Regime shells on Maisaloun neighborhood of Aleppo killed two children.", "Maisaloun neighborhood"),
             ("Warplanes struck a market and a residential area of Aleppo on Sunday.", "residential area"),
             ("Rebels advanced in a northern district of Aleppo overnight.", "northern district")]
    for s, sub in cases:
        loc = resolve(gaz, s, ["Aleppo"])
        assert loc.name == "Aleppo" and loc.sub_location == sub, (s, loc.sub_location)


def test_unknown_district_is_kept_verbatim(gaz):
    s = "Shells fell on the Bab al-Hadid quarter of Aleppo on Monday."
    loc = resolve(gaz, s, ["Aleppo"])
    assert loc.name == "Aleppo" and loc.sub_location == "Bab al-Hadid quarter"


def test_airbase_named_after_its_town(gaz):
    s = "Clashes raged in the vicinity of the Deir ez-Zor airbase."
    loc = resolve(gaz, s, ["Deir ez-Zor"])
    assert loc.sub_location == "Deir ez-Zor airbase" and loc.geo_precision == "near"
    assert km((loc.lat, loc.lon), (35.285, 40.176)) < 3


def test_province_mention_is_admin1(gaz):
    s = "IS has been fighting to seize districts in Syria's oil-rich eastern province of Deir Ezzor"
    loc = resolve(gaz, s, ["Syria", "Deir Ezzor"])
    assert (loc.name, loc.admin1, loc.geo_precision) == ("Deir ez-Zor", "Deir ez-Zor", "admin1")
    assert loc.quote == "province of Deir Ezzor"
    loc = resolve(gaz, "Airstrikes hit villages in the Idlib countryside", ["Idlib"])
    assert loc.geo_precision == "admin1" and loc.admin1 == "Idlib"


@pytest.mark.parametrize("sentence,name", [
    ("Fighting continued on the outskirts of Raqqa", "Raqqa"),
    ("A car bomb exploded 20 km north of Hama", "Hama"),
    ("Clashes near the village of Jabra left three dead", "Jabra"),
])
def test_near_mentions(gaz, sentence, name):
    loc = resolve(gaz, sentence, [name])
    assert loc.geo_precision == "near" and loc.quote.endswith(name)


def test_most_specific_place_wins(gaz):
    s = "IS abducted civilians from the town of al Boghaliyyah in Deir Ezzour province, Syria"
    loc = resolve(gaz, s, ["al Boghaliyyah", "Deir Ezzour", "Syria"])
    assert loc.gazetteer_id == "sy.baghiliyah" and loc.geo_precision == "exact"
    loc = resolve(gaz, "Syrian troops advanced in Syria", ["Syria"])
    assert loc.geo_precision == "country" and loc.country == "Syria"


def test_homonyms_follow_the_document(gaz):
    s = "Warplanes struck Sinjar at dawn."
    assert resolve(gaz, s, ["Sinjar"], ["Idlib", "Saraqeb", "Khan Sheikhoun"]).admin1 == "Idlib"
    assert resolve(gaz, s, ["Sinjar"], ["Mosul", "Tal Afar"]).country == "Iraq"
    s = "Shelling hit Rabia."
    assert resolve(gaz, s, ["Rabia"], ["Latakia", "Jabal al-Turkman"]).country == "Syria"
    assert resolve(gaz, s, ["Rabia"], ["Mosul", "Zakho"]).country == "Iraq"
    s = "Clashes erupted in Hamdaniyah."
    assert resolve(gaz, s, ["Hamdaniyah"], ["Aleppo"]).admin1 == "Aleppo"
    assert resolve(gaz, s, ["Hamdaniyah"], ["Mosul", "Bartella"]).admin1 == "Ninawa"


def test_no_place_no_location(gaz):
    assert gaz.resolve([], "Nothing here.") is None
    assert resolve(gaz, "He met Xqzwv.", ["Xqzwv"]) is None


# -- governorates and FA-KES ------------------------------------------------------------------------

def fakes_rows() -> list[dict]:
    with FAKES.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_governorates_map_onto_fakes_labels(gaz):
    labels = {r["location"] for r in fakes_rows()}
    ours = {governorate_of(p) for p in gaz.places if p.kind == "admin1" and p.country == "Syria"}
    assert labels <= ours
    assert governorate_of(gaz.lookup("Douma")[0]) == "damascus"  # Rural Damascus counts as Damascus there
    assert governorate_of(gaz.lookup("Ras al-Ain")[0]) == "hasakeh"
    assert governorate_of(None) is None


@pytest.fixture(scope="module")
def ruler_nlp(gaz):
    """A tokenizer and the gazetteer's entity ruler: the fast path, without the statistical model."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(gaz.patterns())
    return nlp


def test_first_place_names_the_gold_governorate_on_most_fakes_articles(gaz, ruler_nlp):
    rows = fakes_rows()
    hits = 0
    for r, doc in zip(rows, ruler_nlp.pipe(r["article_content"] for r in rows)):
        ids = [e.ent_id_ for e in doc.ents if e.ent_id_ in gaz.by_id and gaz.by_id[e.ent_id_].admin1]
        syrian = [i for i in ids if gaz.by_id[i].country == "Syria"]
        hits += bool(syrian) and governorate_of(gaz.by_id[syrian[0]]) == r["location"]
    assert hits / len(rows) > 0.85


def test_patterns_label_places_and_carry_ids(gaz, ruler_nlp):
    doc = ruler_nlp("IS fighters attacked Palmyra, then Tal Afar; Dayr az-Zawr and Tell Abyad were shelled, "
                    "and the bomb hit a market near Hit.")
    ents = {e.text: (e.label_, e.ent_id_) for e in doc.ents}
    assert ents["Palmyra"] == ("GPE", "sy.palmyra") and ents["Tal Afar"] == ("GPE", "iq.talafar")
    assert ents["Dayr az-Zawr"][1] == "sy.dez" and ents["Tell Abyad"][1] == "sy.talabyad"
    assert ents["Hit"][1] == "iq.hit" and "hit" not in ents  # the verb is not the town
    assert all(p["label"] in ("GPE", "LOC") and p["id"] for p in gaz.patterns())


# -- GeoNames import --------------------------------------------------------------------------------

GEONAMES_ROWS = [  # GeoNames' 19 tab-separated columns, as in SY.txt
    ["170794", "Deir ez-Zor", "Deir ez-Zor", "DEZ,Dayr az Zawr,Deir Azzor,Deir ez-Zor,Deir el-Zour", "35.33588",
     "40.14084", "P", "PPLA", "SY", "", "07", "", "", "", "271800", "", "205", "Asia/Damascus", "2019-09-05"],
    ["164025", "Subaykhān", "Subaykhan", "Sabikhan,Soubeikhane,Subaykhan", "34.85305", "40.59987", "P", "PPL",
     "SY", "", "07", "", "", "", "25514", "", "176", "Asia/Damascus", "2012-01-18"],
    ["8335620", "Ţābiyat Jazīrah", "Tabiyat Jazirah", "Tabiyat Jazira,Tabiyeh Jazireh", "35.26111", "40.35222",
     "P", "PPL", "SY", "", "07", "", "", "", "0", "", "198", "Asia/Damascus", "2014-09-10"],
    ["166788", "Jabal al Bishrī", "Jabal al Bishri", "Bishri Mountains,Jebel Bishri", "35.33333", "39.33333",
     "T", "MTS", "SY", "", "07", "", "", "", "0", "", "700", "Asia/Damascus", "2012-01-18"],
    ["170000", "Nahr al Furāt", "Nahr al Furat", "Euphrates", "35.0", "40.4", "H", "STM", "SY", "", "07", "",
     "", "", "0", "", "180", "Asia/Damascus", "2012-01-18"],
]


def write_dump(path: Path, rows=GEONAMES_ROWS) -> Path:
    path.write_text("".join("\t".join(r) + "\n" for r in rows) + "a malformed line\n", encoding="utf-8")
    return path


def test_import_round_trips_geonames_rows(tmp_path):
    store = open_store(str(tmp_path / "g.db"))
    assert import_geonames(write_dump(tmp_path / "SY.txt"), store) == 4  # the river is not a place
    assert import_geonames(write_dump(tmp_path / "SY.txt"), store) == 4  # a re-import replaces
    assert count_places(store) == 4
    gaz = Gazetteer(curated_places(), store)
    village = gaz.lookup("Tabiyeh Jazireh")
    assert village and village[0].id == "geonames:8335620" and village[0].source == "store"
    assert (village[0].admin1, village[0].country, village[0].kind) == ("Deir ez-Zor", "Syria", "village")
    assert abs(village[0].lat - 35.26111) < 1e-6
    assert gaz.lookup("Jebel Bishri")[0].kind == "region"
    assert gaz.lookup("Subeikhan")[0].id == "geonames:164025"  # an unlisted spelling, by skeleton
    assert [p.id for p in gaz.lookup("Deir Azzor")][:1] == ["sy.dez"]  # the curated copy wins, once
    assert len([p for p in gaz.lookup("Deir ez-Zor") if p.country == "Syria"]) == 1
    store.close()


def test_import_reads_zip_and_admin1_table(tmp_path):
    z = tmp_path / "SY.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(write_dump(tmp_path / "SY.txt"), "SY.txt")
        zf.writestr("readme.txt", "not data")
    admin1 = tmp_path / "admin1CodesASCII.txt"
    admin1.write_text("SY.07\tDayr az Zawr\tDayr az Zawr\t170792\n", encoding="utf-8")
    store = open_store(str(tmp_path / "z.db"))
    assert import_geonames(z, store, admin1) == 4
    assert Gazetteer(curated_places(), store).lookup("Subaykhan")[0].admin1 == "Dayr az Zawr"
    store.close()


def test_cli_import_and_lookup(tmp_path):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    res = runner.invoke(gazetteer_cli, ["import", str(write_dump(tmp_path / "SY.txt")), "--db", db])
    assert res.exit_code == 0 and "imported 4 places" in res.output
    res = runner.invoke(gazetteer_cli, ["lookup", "Tabiyat Jazira", "--db", db])
    assert res.exit_code == 0 and "geonames:8335620" in res.output and "store" in res.output
    res = runner.invoke(gazetteer_cli, ["lookup", "Deir Al Zour"])
    assert res.exit_code == 0 and res.output.startswith("sy.dez\tDeir ez-Zor\tcity")
    assert runner.invoke(gazetteer_cli, ["lookup", "Xqzwv"]).exit_code == 1


def test_case_sensitive_patterns_tokenise_like_spacy(gaz):
    """Token patterns must split names exactly as the pipeline's tokenizer does, or they never match."""
    tokenizer = spacy.blank("en").tokenizer
    texts = {v for p in gaz.places if p.source == "curated" for v in (p.name, *p.variants) if _case_sensitive(v)}
    texts |= set(ActorCatalogue.default().exact) | {"T-4", "U.S.-led", "CJTF-OIR", "Deir ez-Zor"}
    for text in texts:
        assert orth_pattern(text) == [{"ORTH": t.text} for t in tokenizer(text)], text


def test_a_homonym_abroad_is_no_answer_but_a_neighbour_is():
    gaz = Gazetteer.default()
    text = "A Syrian army unit killed dozens of militants in an ambush in Adra"
    assert gaz.resolve([("Adra", text.index("Adra"))], text, ["Damascus", "Syria"]) is None  # Spain's Adra
    text = "Three rockets fired from Syria hit the border city of Kilis"
    loc = gaz.resolve([("Kilis", text.index("Kilis"))], text, ["Aleppo", "Syria"])
    assert (loc.name, loc.country) == ("Kilis", "Turkey")
