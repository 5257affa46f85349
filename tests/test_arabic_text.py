"""The Arabic path's units: folding with offsets kept, proclitics, numbers, dates, and the place guard."""
from __future__ import annotations

import datetime as dt

import pytest

from sitroom.arabic import places
from sitroom.arabic.dates import find_dates
from sitroom.arabic.numbers import figures
from sitroom.arabic.text import fold, fold_map, words

PUB = dt.date(2017, 1, 19)  # a Thursday


# -- folding --------------------------------------------------------------------------------------

def test_folding_removes_tatweel_and_harakat_and_folds_letters_and_digits():
    assert fold("قُتِلـــوا") == "قتلوا"
    assert fold("أحمد إبراهيم آمنة") == "احمد ابراهيم امنه"
    assert fold("مستشفى") == "مستشفي"
    assert fold("مؤتمر رئيس") == "موتمر رييس"
    assert fold("٢٠١٧ ۱۵") == "2017 15"


def test_folded_positions_map_back_to_the_original_letters():
    text = "قُتِلوا ١٥"
    folded, where = fold_map(text)
    assert folded == "قتلوا 15"
    assert text[where[folded.index("15")]:] == "١٥"
    w = words("وقُتِلَ")[0]
    assert w.text[w.at(1) - w.start:] == "قُتِلَ"  # after the peeled و, the word's own (vocalised) letters


# -- proclitics -----------------------------------------------------------------------------------

@pytest.mark.parametrize("word, rest", [
    ("والجيش", "الجيش"), ("فالجيش", "الجيش"), ("بالبوكمال", "البوكمال"), ("كالعادة", "العاده"),
    ("لقوات", "قوات"), ("وبريف", "ريف"), ("وللمدنيين", "المدنيين"), ("للبوكمال", "البوكمال"),
])
def test_proclitics_are_peeled_as_readings(word, rest):
    assert rest in [r for _, r in words(word)[0].readings()]


def test_lil_reading_keeps_the_article_and_its_span_starts_after_lil():
    text = "توجه الرتل للبوكمال"
    [t] = places.find(words(text))
    assert text[t.start:t.end] == "بوكمال" and t.entries[0].id == "sy.albukamal"


def test_the_article_is_never_stripped_from_a_place_name():
    # "باب" (a door) is not "الباب" (al-Bab): only the name with its article is the town
    assert not places.find(words("فتح باب المدرسة"))


# -- numbers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, qualifier", [
    ("قتل 26 عنصراً على الأقل", 26, "at least"),
    ("أكثر من 300 قتيل", 300, "more than"),
    ("مقتل ١٢٣ مدنيا", 123, "exact"),
    ("مقتل 1,200 شخص", 1200, "exact"),
    ("استشهاد سبعة مدنيين", 7, "exact"),
    ("مقتل خمسة وعشرين شخصا", 25, "exact"),
    ("نزوح ثلاثة آلاف شخص", 3000, "exact"),
    ("مقتل نحو خمسين شخصا", 50, "about"),
    ("ما لا يقل عن عشرة قتلى", 10, "at least"),
    ("سقوط عشرات القتلى", 24, "at least"),   # a vague figure: a low bound, as "dozens" reads in English
    ("سقوط مئات الجرحى", 200, "at least"),
])
def test_number_forms(text, value, qualifier):
    f = figures(words(text))[0]
    assert (f.value, f.qualifier) == (value, qualifier)


def test_a_dual_noun_is_two_of_its_kind():
    [f] = figures(words("وسقط قتيلين في القصف"))
    assert (f.value, f.kind) == (2, "killed")
    assert figures(words("أصيب جريحان"))[0].kind == "wounded"


# -- dates ----------------------------------------------------------------------------------------

def _date(text: str, pub=PUB):
    found = find_dates(words(text), text, pub)
    return [(t.start.isoformat(), t.precision, t.text) for t in found]


@pytest.mark.parametrize("text, iso, said", [
    ("انفجرت في ١٥ كانون الثاني ٢٠١٧ عند المدخل", "2017-01-15", "١٥ كانون الثاني ٢٠١٧"),   # Levantine month
    ("خرجت تظاهرة في 3 يناير 2017.", "2017-01-03", "3 يناير 2017"),                     # Egyptian month
    ("وقعت في 27 كانون الأول / ديسمبر 2016 معارك", "2016-12-27", "27 كانون الأول / ديسمبر 2016"),  # paired
    ("في 3 جانفي 2017", "2017-01-03", "3 جانفي 2017"),                                   # Maghreb month
    ("في الخامس عشر من كانون الثاني 2017", "2017-01-15", "الخامس عشر من كانون الثاني 2017"),  # ordinal day
    ("نشرت أعماق في 17 ربيع الآخر 1438 هـ", "2017-01-15", "17 ربيع الآخر 1438 هـ"),       # Hijri
    ("قتل يوم الأحد", "2017-01-15", "يوم الأحد"),                                        # يوم + weekday
    ("قتل أمس", "2017-01-18", "أمس"),
    ("قتل أول أمس", "2017-01-17", "أول أمس"),
    ("اختطف منذ ثلاثة أيام", "2017-01-16", "منذ ثلاثة أيام"),
    ("اختطف قبل يومين", "2017-01-17", "قبل يومين"),
    ("قتل يوم الخميس الماضي", "2017-01-12", "يوم الخميس الماضي"),  # the week before publication's Thursday
])
def test_date_forms(text, iso, said):
    assert (iso, "day", said) in _date(text)


def test_month_and_year_is_a_month():
    assert _date("في آذار 2016") == [("2016-03-01", "month", "آذار 2016")]


def test_a_weekday_before_a_stated_date_is_one_expression():
    assert _date("يوم الأحد ١٥ كانون الثاني ٢٠١٧") == [("2017-01-15", "day", "يوم الأحد ١٥ كانون الثاني ٢٠١٧")]


def test_relative_dates_need_a_publication_date():
    assert _date("قتل أمس يوم الخميس", pub=None) == []
    assert _date("صفر") == []  # a Hijri month name without its year is the number zero


# -- the common-word guard ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["فتح الباب أمام المفاوضات", "في ذكرى الثورة", "سياسة جديدة",
                                  "دخل التل بعد الظهر", "الشهداء الأبرار"])
def test_common_words_are_no_places_without_a_cue(text):
    assert not [t for t in places.find(words(text)) if t.entries]


@pytest.mark.parametrize("text, pid", [("اشتباكات في مدينة الباب", "sy.bab"), ("قصف على بلدة التل", None)])
def test_a_cue_word_makes_a_common_word_a_place(text, pid):
    found = [t for t in places.find(words(text)) if t.entries]
    assert found and (pid is None or pid in {e.id for e in found[0].entries})


def test_a_street_named_after_a_city_is_not_the_city():
    [t] = places.find(words("انفجار في شارع مكة"))
    assert not t.entries and t.cue == "feature"


def test_a_place_in_an_officials_title_is_no_place():
    from sitroom.arabic.extract import _read_names, split
    sents = split("قال محافظ مأرب إن الوضع هادئ")
    _read_names(sents, None)
    assert not sents[0].toponyms


def test_a_text_without_publication_date_anchors_relative_dates_on_the_date_it_calls_today():
    from sitroom.arabic.dates import anchor
    text = "قال شهود اليوم الجمعة (15 أبريل/ نيسان 2016) إن الشرطة اعتقلت أمس الخميس عشرة محتجين"
    a = anchor(words(text), text)
    assert a == dt.date(2016, 4, 15)
    assert ("2016-04-14", "day", "أمس الخميس") in _date(text, pub=a)


def test_a_year_stated_elsewhere_dates_a_day_without_its_year_but_no_relative_date():
    from sitroom.arabic.dates import anchor
    text = "في 27 مارس 2015 شن مقاتلون هجوما وانتهى الحصار في 28 مارس / آذار"
    a = anchor(words(text), text)
    assert ("2015-03-28", "day", "28 مارس / آذار") in _date(text, pub=a)
    assert _date("قتل أمس", pub=a) == []  # a year is no day to count back from


@pytest.mark.parametrize("text, start, end, precision", [
    ("في مايو الماضي", "2016-05-01", "2016-05-31", "month"),        # the last May before publication
    ("في كانون الأول", "2016-12-01", "2016-12-31", "month"),        # a month alone, cued: on or before it
    ("مطلع أيلول 2016", "2016-09-01", "2016-09-30", "month"),
    ("عام 2014", "2014-01-01", "2014-12-31", "year"),
])
def test_month_and_year_forms(text, start, end, precision):
    [t] = find_dates(words(text), text, PUB)
    assert (t.start.isoformat(), t.end.isoformat(), t.precision) == (start, end, precision)


def test_a_month_name_that_is_also_a_verb_is_no_date_without_a_cue():
    assert _date("مارس الاحتلال ضغوطا على السكان") == []


@pytest.mark.parametrize("text, iso", [
    ("قتل بتاريخ 15/1/2017 في القصف", "2017-01-15"),
    ("بتاريخ ١٥/١/٢٠١٧", "2017-01-15"),
    ("في 15.01.17", "2017-01-15"),
    ("نشر في 2017-01-15", "2017-01-15"),
    ("قتل في 15 من شهر كانون الثاني 2017", "2017-01-15"),
    ("في الـ15 من الشهر الجاري", "2017-01-15"),
    ("في العاشر من الشهر الماضي", "2016-12-10"),
])
def test_numeric_and_month_relative_dates(text, iso):
    assert iso in [d for d, _, _ in _date(text)]


@pytest.mark.parametrize("text, iso, precision", [
    ("قتل في 2017/1/15", "2017-01-15", "day"),            # year first, with slashes
    ("قتل يوم 15/1 في القصف", "2017-01-15", "day"),       # a cued day and month: the year of publication
    ("قتل يوم 20/1", "2016-01-20", "day"),                # ... or the year before, never after publication
    ("قتل يوم الخميس الفائت", "2017-01-12", "day"),       # الفائت as الماضي: publication is a Thursday
    ("قتل الشهر الماضي", "2016-12-01", "month"),
    ("قتل مطلع الشهر الجاري", "2017-01-01", "month"),
    ("قتل العام الماضي", "2016-01-01", "year"),
    ("قتل في 1 رمضان", "2016-06-06", "day"),             # a Hijri day without its year: the last on or before publication
    ("قتل الليلة", "2017-01-19", "day"),
    ("قتل في 7 مارس من عام 2015", "2015-03-07", "day"),   # the year named after "عام" is the day's
    ("سيعقد الاجتماع الخميس المقبل", "2017-01-26", "day"),  # the coming Thursday, not today
    ("سيعقد يوم غد الجمعة", "2017-01-20", "day"),
    ("قتل الأحد قبل الماضي", "2017-01-08", "day"),
    ("وقبل يومين قصفت قوات النظام", "2017-01-17", "day"),  # قبل with a conjunction
    ("قتل مساء اليوم الأربعاء", "2017-01-18", "day"),     # posted on Thursday: the Wednesday it names
    ("ستعقد الجلسة يوم 16 سبتمبر المقبل", "2017-09-16", "day"),
    ("ستعقد الجلسة يوم 10 يناير المقبل", "2018-01-10", "day"),
    ("قتل في أكتوبر/ تشرين الأول عام 2015", "2015-10-01", "month"),
    ("في مثل هذا اليوم من عام 2013 سقطت المدينة", "2013-01-19", "day"),
    ("قتل فجر هذا اليوم", "2017-01-19", "day"),
])
def test_more_relative_and_numeric_forms(text, iso, precision):
    [(got, prec, _)] = _date(text)
    assert (got, prec) == (iso, precision)


@pytest.mark.parametrize("text", ["منذ الشهر الماضي", "حتى العام الماضي", "فاز الفريق 3/1 في المباراة",
                                  "في 9 صفر"])
def test_period_edges_scores_and_a_bare_safar_are_no_dates(text):
    assert _date(text) == []


def test_an_address_with_a_month_dates_a_day_without_a_year():
    from sitroom.arabic.dates import anchor
    text = "أعلن العبادي النصر في الموصل في 10 يوليو/تموز بعد معارك بدأت عام 2014"
    a = anchor(words(text), text, "2017-07")
    assert ("2017-07-10", "day", "10 يوليو/تموز") in _date(text, pub=a)
    assert _date("قتل أمس", pub=a) == []  # a month is no day to count back from
    assert ("2014-07-10", "day", "10 يوليو/تموز") in _date(text, pub=anchor(words(text), text))


def test_a_weekday_and_its_date_joined_by_almuwafiq_are_one_expression():
    [(iso, _, said)] = _date("يوم الأحد الموافق 15 كانون الثاني 2017")
    assert iso == "2017-01-15" and said.startswith("يوم الأحد")


def test_a_figure_with_the_article_is_a_figure():
    assert figures(words("مقتل الـ24 شخصا"))[0].value == 24


@pytest.mark.parametrize("text, iso", [("قتل في 12 الجاري", "2017-01-12"), ("قصفت الليلة الماضية", "2017-01-18"),
                                       ("اعتقل أمس الأول", "2017-01-17")])
def test_more_relative_forms(text, iso):
    assert iso in [d for d, _, _ in _date(text)]


def _claims_of(text: str, outlet: str | None = None):
    from sitroom.arabic import extract_mentions
    from sitroom.records import Document
    doc = Document("x", "x.txt", "x.txt", text, text, outlet=outlet, published="2017-01-19", language="ar")
    return [c for m in extract_mentions(doc) for c in m.claims]


def test_a_partys_figure_for_its_enemy_is_about_enemy_but_its_martyrs_are_not():
    [enemy] = _claims_of("قالت وكالة أعماق إن 38 عنصراً من قوات النظام قتلوا في الهجوم على مدينة دير الزور.")
    assert (enemy.claimant, enemy.count, enemy.about_enemy) == ("Aamaq", 38, True)
    [own] = _claims_of("وقالت وكالة أعماق إن الهجوم على مدينة دير الزور أدى إلى استشهاد 12 من عناصر تنظيم الدولة.")
    assert (own.claimant, own.count, own.about_enemy) == ("Aamaq", 12, False)


def test_a_monitors_figure_is_never_about_an_enemy():
    [c] = _claims_of("قال المرصد السوري لحقوق الإنسان إن 26 عنصراً من قوات النظام قتلوا في مدينة دير الزور.")
    assert (c.claimant_kind, c.about_enemy) == ("monitor", False)


# -- robustness: any text in, verbatim quotes out ----------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["قتل", "مقتل", "غارة", "قصف", "على", "في", "حي", "مدينة", "دير الزور", "البوكمال", "الباب", "أمس",
           "يوم الخميس", "١٥", "كانون الثاني", "٢٠١٧", "26", "عنصراً", "أكثر من", "قال المرصد", "وذكر المصدر",
           "سانا", "داعش", "تظاهرة", "اعتقلت", "بينما", "،", ".", "\n", " ", "ـــ", "\u064b", "/", "15/1/2017",
           "هـ", "ربيع الآخر", "1438", "لل", "و", "<b>", "=SUM(A1)", "\u200f", "شارع مكة", "قتيلين", "عشرات"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
def test_any_arabic_text_gives_mentions_whose_quotes_are_the_original_words(pieces):
    from sitroom.arabic import extract_mentions
    from sitroom.records import Document
    text = " ".join(pieces)
    doc = Document("x", "x.txt", "x.txt", text, text, published="2017-01-19", language="ar")
    for m in extract_mentions(doc):
        assert text[m.char_start:m.char_end] == m.quote
        for c in m.claims:
            assert text[c.char_start:c.char_end] == c.quote and c.count >= 0
        assert all(words in m.quote for words in m.evidence.values())


def _places_in(text: str) -> list[str]:
    from sitroom.arabic.extract import _read_names, split
    sents = split(text)
    _read_names(sents, None)
    return [t.text for s in sents for t in s.toponyms]


def test_a_title_covers_only_the_name_right_after_it():
    found = _places_in("حذر نائب وزير الخارجية السوري فيصل المقداد إسرائيل من تكرار هجماتها")
    assert "إسرائيل" in found
    assert _places_in("أحرق متظاهرون مبنى الحكومة المحلية لمحافظة ذي قار جنوبي العراق") == ["محافظة ذي قار", "العراق"]


def test_a_reporters_place_is_named_but_is_no_scene():
    from sitroom.arabic.extract import _read_names, split
    [s] = split("أفاد مراسل سانا في دير الزور بأن الجيش أحبط هجوما")
    _read_names([s], None)
    [t] = s.toponyms
    assert t.text == "دير الزور" and not t.scene


def test_glued_places_and_hashtags():
    assert "دمشق" in _places_in("اشتباكات في شمال وجنوبدمشق")  # و + جنوب + دمشق written as one word
    assert "الشغور" in " ".join(_places_in("تسليم مناطق جسر_الشغور وأريحا"))


def test_a_longer_name_refused_for_want_of_a_cue_leaves_the_shorter_one():
    assert "بغداد" in _places_in("انفجرت عبوة قرب المشتل شرق بغداد")


@pytest.mark.parametrize("text, iso", [("في 3 آب من العام الماضي", "2016-08-03"), ("في 3 كانون الثاني من العام الجاري", "2017-01-03"),
                                       ("سقط صاروخ في 15 ك2 2017", "2017-01-15"), ("في 2 ت1 2016", "2016-10-02")])
def test_year_words_and_levantine_month_abbreviations(text, iso):
    assert iso in [d for d, _, _ in _date(text)]


# -- words a place name hides in; cue words that name nothing ----------------------------------------

@pytest.mark.parametrize("text", ["قال المتحدث كريم علي إن الوضع هادئ",    # ك + ريم (an alternate name of Rome)
                                  "توقف القصف لفترة وجيزة",                 # و + جيزة
                                  "رفض الإبلاغ عنه",                        # عنة (Anah), folded, is "about him"
                                  "كشفت الشرطة عن هوية القاتل"])
def test_a_common_word_is_no_place_even_when_a_letter_peeled_off_leaves_a_name(text):
    assert not [t for t in places.find(words(text)) if t.entries]


def test_a_letter_before_a_place_still_names_it():
    found = {t.text for t in places.find(words("قصف على حلب وحماة وبيروت"))}
    assert {"حلب", "حماة", "بيروت"} <= found


def test_a_cue_word_or_a_direction_after_a_cue_is_no_name():
    found = [t.text for t in places.find(words("غارة جوية على مدينة وبلدة غرب إدلب، وقرية شرقها"))]
    assert found == ["إدلب"]


def test_a_junction_names_the_place_after_it():
    [t] = places.find(words("قصف الجيش معسكرا في مفرق الصعيد"))
    assert (t.text, t.cue) == ("الصعيد", "feature")


def test_a_titles_place_after_its_cue_word_is_no_scene():
    assert "بورنو" not in " ".join(_places_in("قال حاكم ولاية بورنو إن المسلحين هاجموا القرية"))


# -- other senses of trigger words, and what the crowd or the dead say of the event -------------------

def _types(text: str) -> list[str]:
    from sitroom.arabic import extract_mentions
    from sitroom.records import Document
    doc = Document("x", "x.txt", "x.txt", text, text, published="2017-01-19", language="ar")
    return [m.sub_event_type for m in extract_mentions(doc)]


@pytest.mark.parametrize("text, sub", [
    ("أسفرت الاشتباكات بين الطرفين عن سقوط 6 قتلى", "Armed clash"),            # casualties fell, no town
    ("وكان التنظيم قد تبنى هجوما انتحاريا على الحاجز", "Suicide bomb"),          # كان قد: had, not may
    ("تقصف قوات النظام المنطقة بشكل متكرر، حيث قتل 5 مدنيين الأحد بقصف مدفعي", "Shelling/artillery/missile attack"),
    ("قتل 3 متظاهرين برصاص قوات الأمن خلال احتجاجات في البصرة", "Excessive force against protesters"),
    ("أسفر الهجوم الذي شنه مسلحون على دار الجمال عن مقتل 20 شخصا", "Attack"),  # the dead are only "people"
    ("استشهد شاب جراء استهداف مسيرة إسرائيلية سيارة على طريق الساحل", "Air/drone strike"),
    ("أفاد مصدر بأن الهجوم على القاعدة نفذته طائرتان مسيرتان", "Air/drone strike"),
    ("شارك الآلاف في مسيرة جماهيرية حاشدة وسط المدينة", "Peaceful protest"),
    ("قتل 3 عناصر من الشرطة في هجوم شنه مسلحون على مركز أمني", "Armed clash"),
    ("صدت قوات الجيش هجوما شنه المسلحون للسيطرة على السد", "Armed clash"),  # what the attack was for
    ("قتل 5 مدنيين منذ صباح اليوم بقصف مدفعي على البلدة", "Shelling/artillery/missile attack"),  # today: no tally
    ("وقام المتظاهرون بحرق صور الرئيس أمام السفارة", "Peaceful protest"),   # a burnt picture is a gesture
    ("وقام المتظاهرون بحرق إطارات السيارات أمام السفارة", "Violent demonstration"),
    ("الاعتداء الذي وقع على الطريق أودى بحياة 4 أشخاص", "Attack"),
])
def test_the_sub_type_a_clause_reads_as(text, sub):
    assert _types(text)[:1] == [sub]


@pytest.mark.parametrize("text", ["من المقرر أن يوقع الطرفان اتفاق وقف إطلاق النار غدا",
                                  "أعلنت الفصائل استعدادها للتصدي لأي هجوم على المدينة",
                                  "تظاهرت المرأة أنها نازحة من القرية",  # تظاهر أن: pretended
                                  "قتل أكثر من 200 شخص منذ الأول من كانون الأول الماضي",  # a tally since then
                                  "وثق المرصد خلال شهر كانون الأول 40 غارة أسفرت عن مقتل 9 مدنيين",
                                  "تكثفت هجمات المستوطنين على القرى واعتدوا على السكان"])  # a trend
def test_a_plan_a_readiness_or_a_pretence_is_no_event(text):
    assert _types(text) == []


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(t.text, t.cue) for t in places.find(words(text), (), text)]


def test_names_listed_after_a_cued_name_share_its_cue():
    assert ("المغر", "town") in _found("اشتباكات في بلدتي خان الشيح والمغر بريف دمشق")
    assert [t for t, _ in _found("سيطرت القوات على معسكري الصمود والعند")] == ["الصمود", "العند"]


@pytest.mark.parametrize("text, last", [
    ("اقتحمت القوات مدينة جنين ومخيمها", "جنين"),              # "its camp" is no name
    ("قصف على قرية الزيارة، والتقى الوزير بالأهالي", "الزيارة"),  # a comma ends the list
    ("اقتحم المتظاهرون مبنى بلدية مدينة المنصورة ومكتب المحافظ", "المنصورة"),  # a construct phrase
    ("انفجار في بلدة الزيارة وأضاف المصدر", "الزيارة"),
])
def test_a_list_of_names_stops_at_what_is_no_name(text, last):
    assert [t for t, _ in _found(text)][-1] == last


def test_a_capital_without_a_geonames_arabic_name_is_known():
    [t] = [t for t in places.find(words("حذرت طهران من صراع عسكري مع واشنطن")) if t.text == "واشنطن"]
    assert "geonames:4140963" in {e.id for e in t.entries}
