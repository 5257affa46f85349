"""Counts and qualifiers as news text writes them."""
from hypothesis import given, strategies as st

from sitroom.normalize.numbers import find_counts, parse_count

_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
         "seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_100(n: int, hyphen: bool) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    return _TENS[tens] + (("-" if hyphen else " ") + _UNITS[unit] if unit else "")


def _below_1000(n: int, hyphen: bool, use_and: bool) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _below_100(rest, hyphen)
    head = f"{_UNITS[hundreds]} hundred"
    return head + ((" and " if use_and else " ") + _below_100(rest, hyphen) if rest else "")


def to_words(n: int, hyphen: bool = True, use_and: bool = True) -> str:
    """An independent spelling of n (British 'and' optional), to check the parser against."""
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _below_1000(rest, hyphen, use_and)
    head = _below_1000(thousands, hyphen, use_and) + " thousand"
    return head + (" " + _below_1000(rest, hyphen, use_and) if rest else "")


@given(st.integers(0, 999_999), st.booleans(), st.booleans())
def test_words_roundtrip(n, hyphen, use_and):
    assert parse_count(to_words(n, hyphen, use_and)) == (n, "exact")


@given(st.integers(0, 999_999))
def test_digits_roundtrip_with_and_without_separators(n):
    assert parse_count(str(n)) == (n, "exact")
    assert parse_count(f"{n:,}") == (n, "exact")


def test_digit_forms():
    assert parse_count("1,285") == (1285, "exact")
    assert parse_count("1.2 million") == (1_200_000, "exact")
    assert parse_count("5 thousand") == (5000, "exact")
    assert parse_count("3.5") is None  # not a count of people


def test_word_forms():
    assert parse_count("a hundred and twenty") == (120, "exact")
    assert parse_count("a dozen") == (12, "exact")
    assert parse_count("Twenty-Five") == (25, "exact")
    assert parse_count("a quarter of a million") == (250_000, "exact")
    assert parse_count("half a million") == (500_000, "exact")
    assert parse_count("seven eight") is None
    assert parse_count("two hundred hundred") is None


def test_vague_quantities_are_low_floors():
    assert parse_count("dozens") == (24, "at least")
    assert parse_count("several") == (3, "at least")
    assert parse_count("hundreds") == (200, "at least")
    assert parse_count("tens of thousands") == (20_000, "at least")
    assert parse_count("several hundred") == (300, "at least")
    assert parse_count("about a dozen") == (12, "about")  # the text's own qualifier wins


def test_qualifiers():
    cases = {"at least 38": "at least", "more than 20": "more than", "over 300": "more than", "nearly 100": "about",
             "almost 50": "about", "about 40": "about", "around 40": "about", "some 200": "about",
             "roughly 15": "about", "up to 50": "up to", "as many as 300": "up to", "no fewer than 9": "at least"}
    for text, qual in cases.items():
        assert parse_count(text)[1] == qual, text


def test_find_counts_in_a_sentence():
    s = "The death toll rose to at least 112 people, including 12 children, while more than a dozen were missing."
    got = [(c.value, c.qualifier, s[c.start:c.end]) for c in find_counts(s)]
    assert got == [(112, "at least", "at least 112"), (12, "exact", "12"), (12, "more than", "more than a dozen")]


def test_not_counts():
    assert find_counts("the army advanced on the town") == []
    assert parse_count("a") is None
