"""Event typing and the 'did it happen' filters, on real sentences from conflict reporting."""
import pytest

from sitroom.extract.roles import Actor, assign, territorial_subtype
from sitroom.extract.triggers import clauses, find_trigger

TYPED = [
    ("At least 29 Syrian rebels were killed in clashes with regime troops overnight.", "Battles", "Armed clash"),
    ("Six civilians were among at least 22 people killed in U.S. air strikes on Raqa.", "Explosions/Remote violence", "Air/drone strike"),
    ("A Russian warship in the Mediterranean Sea fired Kalibr cruise missiles at ISIS positions.", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("A suicide car bomber struck a checkpoint at the entrance of the town.", "Explosions/Remote violence", "Suicide bomb"),
    ("A roadside bomb exploded near a bus carrying workers in Homs.", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Dozens suffocated after a chlorine attack on the town of Douma.", "Explosions/Remote violence", "Chemical weapon"),
    ("Islamic State had abducted at least 400 civilians, including family members of regime forces.", "Violence against civilians", "Abduction/forced disappearance"),
    ("The Sunni extremists captured much of the town of Ayyash on the city's west side on Monday.", "Battles", "territorial"),
    ("Regime security posts in Sinaa fell to ISIS after the group killed more than 20 Syrian soldiers.", "Battles", "territorial"),
    ("Syria says army has broken siege of Deir al-Zour.", "Battles", "territorial"),
    ("Security forces arrested dozens of activists in Hama on Friday.", "Strategic developments", "Arrests"),
    ("Thousands of people protested in Idlib against the rebel group.", "Protests", "Peaceful protest"),
]


@pytest.mark.parametrize("sentence, etype, sub", TYPED)
def test_event_types(sentence, etype, sub):
    trig = find_trigger(sentence)
    assert trig is not None, sentence
    assert (trig.event_type, trig.sub_event_type) == (etype, sub)


NOT_EVENTS = [
    "The U.N. plans to convene talks in Geneva in January.",  # a plan
    "The Syrian conflict has killed more than a quarter of a million people since it started nearly five years ago.",  # background total
    "IS fighters have launched several attacks in attempts to capture parts of the city in recent weeks without success.",
    "Russia has been providing air cover for the offensive since 2015.",  # ongoing state
    "Turkey has launched another verbal assault on US support for the Kurdish militia YPG.",  # not physical
    "The army denied that the town was captured by the rebels.",  # denial
    "A government offensive into Deir al-Zour could trigger a confrontation with the SDF.",  # hypothetical
    "An image from a November video shows a Russian airstrike on an Islamic State-held site.",  # a caption
    "\u201cThe battles are ongoing and there is a possibility of Daesh advancing further,\u201d said an activist.",  # speech
    "ISIS has been fighting for more than a year to seize the military airport.",
]


@pytest.mark.parametrize("sentence", NOT_EVENTS)
def test_not_events(sentence):
    assert find_trigger(sentence) is None


def test_seized_weapons_are_no_ground_taken_but_disrupted_weapons_use():
    # ACLED codes a seizure of arms as Disrupted weapons use; no town changed hands
    trig = find_trigger("The group seized large amounts of ammunition and an armed personnel carrier.")
    assert trig is not None and trig.sub_event_type == "Disrupted weapons use"
    # found, defused, intercepted: the weapon words (an IED, missiles) name what was disrupted
    for text in ("Police Sunday detonated an Improvised Explosive Device (IED) that was found abandoned near a petrol station.",
                 "Air defences intercepted two missiles over Kyiv overnight."):
        assert find_trigger(text).sub_event_type == "Disrupted weapons use", text
    assert find_trigger("A roadside bomb exploded near an army convoy.").sub_event_type == "Remote explosive/landmine/IED"


def test_clauses_split_two_events_in_one_sentence():
    s = ("The Iraqi military announced on 27 August that it had ousted the Islamic State from Tal Afar in Ninawa "
         "province and it declared the whole of Ninawa liberated following the recapture of the nearby town of "
         "Ayadiya on 31 August.")
    parts = [s[a:b] for a, b in clauses(s)]
    assert any("Tal Afar" in p and "Ayadiya" not in p for p in parts)
    assert any("Ayadiya" in p and "Tal Afar" not in p for p in parts)
    assert "".join(parts).replace(" ", "") in s.replace(" ", "") or all(p in s for p in parts)


def _actors(sentence, *names_kinds):
    out = []
    for words, name, kind in names_kinds:
        i = sentence.index(words)
        out.append(Actor(name, kind, i, i + len(words)))
    return sorted(out, key=lambda a: a.start)


def test_roles_active_and_passive_voice():
    s = "Regime security posts in Sinaa fell to ISIS after the group killed more than 20 Syrian soldiers."
    acts = _actors(s, ("Regime", "Military Forces of Syria (2000-)", "state_forces"), ("ISIS", "Islamic State", "islamist"))
    a1, a2 = assign(s, find_trigger(s), acts)
    assert (a1.name, a2.name) == ("Islamic State", "Military Forces of Syria (2000-)")
    assert territorial_subtype(a1) == "Non-state actor overtakes territory"

    s = "Two Russian soldiers were killed by artillery fire from ISIL in the eastern province of Deir Ezzor."
    acts = _actors(s, ("Russian", "Military Forces of Russia (2000-)", "foreign_forces"), ("ISIL", "Islamic State", "islamist"))
    a1, a2 = assign(s, find_trigger(s), acts)
    assert (a1.name, a2.name) == ("Islamic State", "Military Forces of Russia (2000-)")

    s = "Iraqi forces recaptured the town of Ayadiya from the Islamic State."
    acts = _actors(s, ("Iraqi forces", "Military Forces of Iraq (2014-)", "state_forces"), ("Islamic State", "Islamic State", "islamist"))
    a1, _ = assign(s, find_trigger(s), acts)
    assert territorial_subtype(a1) == "Government regains territory"
