"""Event triggers: which ACLED type a sentence (or clause) reports, and whether it happened.

Reads: a sentence string.  Writes: ``Trigger`` records (type, sub-type, span) or nothing.
The lexicon is data (``sitroom/data/lexicon/events.json``); this module only applies it.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from .heads import HeadIndex


@dataclass(frozen=True, slots=True)
class Trigger:
    name: str
    event_type: str
    sub_event_type: str  # "territorial" until the gaining actor is known
    start: int
    end: int
    text: str
    priority: int
    casualty_only: bool = False


@dataclass(frozen=True)
class Lexicon:
    triggers: tuple[tuple[dict, re.Pattern], ...]
    ground: re.Pattern
    civilians: re.Pattern
    hypothetical: re.Pattern
    negation: re.Pattern
    aggregate: re.Pattern
    background: re.Pattern
    background_before: re.Pattern
    caption: re.Pattern
    actor_modifier: re.Pattern
    nonphysical: re.Pattern
    participle: re.Pattern
    participle_ok_before: re.Pattern
    supporting: re.Pattern
    not_scene_before: re.Pattern
    civilian_targets: re.Pattern
    attacked_civilians: re.Pattern
    violent_crowd: re.Pattern
    persons_harmed: re.Pattern


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads((resources.files("sitroom") / "data" / "lexicon" / "events.json").read_text("utf-8"))
    comp = lambda k: re.compile(data[k], re.I)
    triggers = tuple((t, re.compile(t["re"], re.I)) for t in data["triggers"])
    return Lexicon(triggers, comp("ground"), comp("civilians"), comp("hypothetical"), comp("negation"),
                   comp("aggregate"), comp("background"), comp("background_before"), comp("caption"), comp("actor_modifier"),
                   comp("nonphysical"), comp("participle"), comp("participle_ok_before"), comp("supporting"),
                   comp("not_scene_before"), comp("civilian_targets"),
                   re.compile(data["attacked_civilians"]),  # case matters: a capitalised word is a name
                   comp("violent_crowd"), comp("persons_harmed"))


# Clause boundaries inside one sentence: where a second event can start ("..., and it declared ...",
# "...; the group also ...", "... following the recapture of ...").
_CLAUSE = re.compile(r";\s+|,\s+(?:and|while|whereas|but)\s+|\s+(?:and (?:it|they|he|she)|following|after|before)\s+")


def clauses(text: str) -> list[tuple[int, int]]:
    """Char spans of the clauses of a sentence (the whole sentence when it has one)."""
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        if text[:m.start()][-1:].isdigit() and text[m.end():m.end() + 1].isdigit():
            continue  # "respectively 75, 185 and 260 kilometers (46, 114, and 160 miles)": a list of figures
        if m.start() - start >= 12:  # a clause of a couple of words is no event
            spans.append((start, m.start()))
            start = m.start() if m.group().strip().isalpha() else m.end()
    spans.append((start, len(text)))
    return spans


_BOUNDARY = r"[,;:()\u2014]|\bthat\b|\bwho\b|\bwhich\b|\bwhere\b|\bwhen\b"


def _window_before(text: str, pos: int, words: int = 8) -> str:
    """The words just before a trigger, inside its clause: where modality and negation attach."""
    left = re.split(_BOUNDARY, text[:pos])[-1]
    return " ".join(left.split()[-words:])


def trigger_clause(text: str, trig: "Trigger") -> tuple[int, int]:
    """Char span of the trigger's clause (between the punctuation or relative words around it)."""
    left = re.split(_BOUNDARY, text[:trig.start])[-1]
    right = re.split(_BOUNDARY, text[trig.end:])[0]
    return trig.start - len(left), trig.end + len(right)


def _clause_of(text: str, start: int, end: int) -> str:
    """The trigger's clause: from the boundary before it to the boundary after it."""
    left = re.split(_BOUNDARY, text[:start])[-1]
    right = re.split(_BOUNDARY, text[end:])[0]
    return left + text[start:end] + right


def _infinitive(text: str, trig: "Trigger") -> bool:
    """'to seize the airport' is a purpose, not an event; 'were able to seize' is one."""
    before = [w.lower() for w in text[:trig.start].split()[-3:]]
    if "to" not in before[-2:] or before[-1] in ("have", "been"):  # "to seize", "To provide air support"
        return False  # ... but "claimed to have killed" reports a past event
    return not re.search(r"\b(able|managed|succeeded)\b", " ".join(before), re.I)


def _descriptive(text: str, trig: "Trigger") -> bool:
    """'the SDF, fighting the Islamic State in the north' describes a group; 'heavy fighting' is an event."""
    lex = lexicon()
    return bool(lex.participle.match(text, trig.start)) and not lex.participle_ok_before.search(text[:trig.start])


# "The army denied that the town was captured": a denial reaches across "that"
_DENIAL = re.compile(r"\b(denied|denies|deny|denying|refuted|rejected reports)\b", re.I)


def happened(text: str, trig: Trigger) -> bool:
    """False for plans, hypotheticals, denials, ongoing states and background. Quoted speech is no veto:
    a witness's or an official's quoted account ("The gunmen entered the village, shooting people," he
    said) is how most events reach the news, and its words pass the same checks as the outlet's."""
    lex = lexicon()
    before, clause = _window_before(text, trig.start), _clause_of(text, trig.start, trig.end)
    if any(m.group() != "May" for m in lex.hypothetical.finditer(clause)):  # "May" is the month
        return False
    if _DENIAL.search(text, 0, trig.start):
        return False  # "The army denied that the town was captured": a denial reaches across "that"
    after = " ".join(text[trig.end:].split()[:10])
    if lex.negation.search(f"{before} {trig.text} {after}") or lex.background.search(clause):
        return False
    if lex.background_before.search(f"{before} {trig.text}") or lex.nonphysical.search(before):
        return False
    if _infinitive(text, trig) or _descriptive(text, trig):
        return False
    if re.search(r"\b(without success|in vain)\b", text, re.I):
        return False
    return not (trig.casualty_only and lex.aggregate.search(text))


def evidence_happened(text: str, trig: Trigger) -> bool:
    """``happened``'s checks that attach to a word, for the word a model's event is typed by (its
    evidence, which need not be a verb: "ceasefire" in "agree to a ceasefire", "grenade"): no negation
    just before it, no denial before it, no failure, and not a non-physical "attack". The checks of a
    verb's form (an infinitive, a participle) and of its clause are ``clause_happened``'s."""
    lex = lexicon()
    if _DENIAL.search(text, 0, trig.start):
        return False
    before = _window_before(text, trig.start)
    if lex.negation.search(before) or lex.background_before.search(f"{before} {trig.text}"):
        return False  # "despite the shelling", "units are heading to a camp"
    return not (lex.nonphysical.search(before) or re.search(r"\b(without success|in vain)\b", text, re.I))


# Words of the hypothetical and negation lists that say why or against what an action was taken
# ("fired tear gas to prevent a march", "an attack authorities said was an attempt to undermine", "police
# blocked women gathering to demand justice", "despite a court order"): beside a trigger they mark a
# plan ("tried to seize"), but a model-found event has no trigger, and they leave its action standing.
_PURPOSE = re.compile(r"(prevent\w*|avert\w*|avoided|despite|calls? for|called for|urged?|demand\w*|try(ing)? to|"
                      r"tried to|attempt\w* to|in attempts? to|in a bid to|seeks? to|sought to|close to|hopes? to|"
                      r"for fear of|out of fear of|fearing|fears? of|threat of|danger of|risk of)", re.I)
_MODAL = re.compile(r"(will|would|could|might|may|should|shall)", re.I)
# background_before's other half, a progressive verb ("were drinking", "is building"), is how the scene
# or a continuing action is told: it vetoes only just before the model's evidence word. Across the
# clause, only a lasting state in so many words rules a model-found event out ("for more than a year",
# "the city is held mostly by IS")
_LASTING = re.compile(r"\b(ongoing|(has|have|had) long|for (more than |over |nearly |almost )?((several|many|a|one|two|three|"
                      r"\d+) )?(decades?|years?|months)\b|(is|are) (\w+ly |still |now )?(held|controlled)\b)", re.I)
# a present progressive ("units are heading to a camp", "are continuing their sit-in") tells what is
# under way, not what happened; a relative clause's ("protesters who are sitting down") sets the scene
_UNDER_WAY = re.compile(r"\b(is|are|am)( \w+ly| also| now| still)? (?!being\b)(\w+ing)\b", re.I)
# ... but for a verb of speech: "the agency is quoting witnesses", "officials are saying" tell who reports
_SPEECH = re.compile(r"(quot|say|report|claim|tell|stat|announc|confirm|cit|describ)ing$", re.I)


def clause_happened(text: str) -> bool:
    """The checks of ``happened`` over a whole clause, for an event a model found (it has no trigger word
    whose neighbourhood could be read): no plan, condition, threat, denial or negation in the clause (a
    modal verb of a relative clause aside: "a camp ..., which will serve as a base" was set up), no background
    or lasting state (but for a relative clause's: "a shop that had remained shut for months"). Purpose
    words (``_PURPOSE``) do not veto."""
    lex = lexicon()
    marks = [m for rx in (lex.hypothetical, lex.negation) for m in rx.finditer(text)]
    if any(m.group() != "May" and not _PURPOSE.fullmatch(m.group())
           and not (_MODAL.fullmatch(m.group()) and _in_relative(text, m.start())) for m in marks):
        return False
    if lex.background.search(text) or any(not _in_relative(text, m.start()) for m in _LASTING.finditer(text)):
        return False
    return not any(not _in_relative(text, m.start()) and not _SPEECH.match(m.group(m.lastindex))
                   for m in _UNDER_WAY.finditer(text))


def _fire(text: str) -> list[Trigger]:
    lex, out, may = lexicon(), [], _heads().candidates(text)
    for i, (spec, rx) in enumerate(lex.triggers):
        if i not in may:
            continue  # no word of the text starts as this trigger's matches do: it cannot fire
        for m in rx.finditer(text):
            out.append(Trigger(spec["name"], spec["type"], spec["sub"], m.start(), m.end(), m.group(),
                               spec["priority"], bool(spec.get("casualty_only"))))
    return out


def _valid(text: str, trig: Trigger, spec: dict) -> bool:
    lex = lexicon()
    if spec.get("territorial") and not spec.get("ground_implied"):
        # "seized large amounts of ammunition" is no territory: ground must be close to the verb
        # (after it for "captured the town", before it for "the district fell to the group")
        near = text[max(0, trig.start - 70):trig.start] + " " + text[trig.end:trig.end + 70]
        if not lex.ground.search(near) and not _place_follows(text, trig.end) and not _place_precedes(text, trig.start):
            return False
    if spec.get("needs_civilians") and not lex.civilians.search(text):
        return False
    return happened(text, trig)


def _place_precedes(text: str, pos: int) -> bool:
    """A name right before a passive capture verb ("Mocimboa da Praia was occupied by insurgents"); one
    capitalised word opening the sentence may be a common noun ("Rebels were captured"), so it must be longer."""
    m = re.search(r"(?:^|\s)([A-Z][\w'\u2019-]*(?:\s+(?:da|de|do|del|al|el|[A-Z][\w'\u2019-]*))*)\s+$", text[:pos])
    return bool(m) and (m.start(1) > 0 or " " in m.group(1))


def _place_follows(text: str, pos: int) -> bool:
    """A capitalised name right after a capture verb ("captured Palmyra", "fell to ..." handled by roles)."""
    return bool(re.match(r"\s+(?:(?:the|of|most of|much of|parts of|all of)\s+)*[A-Z][\w'\u2019-]+", text[pos:pos + 60]))


@functools.lru_cache(maxsize=1)
def _heads() -> HeadIndex:
    """The word starts each trigger's matches begin with. Looking a sentence's words up in them spares
    running most trigger expressions on most sentences, which Python's re would otherwise try at every
    word (sitroom.extract.heads): the same answers, in a third of the time."""
    return HeadIndex(rx for _, rx in lexicon().triggers)


def may_report_event(text: str) -> bool:
    """A cheap test: could this sentence report an event at all? Only those get the statistical NER.
    True when some trigger matches somewhere in it (the ones its words rule out are not run)."""
    triggers = lexicon().triggers
    return any(triggers[i][1].search(text) for i in sorted(_heads().candidates(text)))


def is_caption(text: str) -> bool:
    return bool(lexicon().caption.search(text))


def find_trigger(text: str) -> Trigger | None:
    """The trigger that types this sentence or clause: the highest-priority one that happened."""
    if is_caption(text):
        return None
    specs = {spec["name"]: spec for spec, _ in lexicon().triggers}
    fired = [t for t in _fire(text) if _valid(text, t, specs[t.name])]
    if not fired:
        return None
    main = [t for t in fired if not supporting(text, t.start)] or fired  # "backed by government shelling"
    main = [t for t in main if not _in_relative(text, t.start)] or main
    return max(main, key=lambda t: (t.priority, -t.start))


# "an airbase that was used as a launchpad for a chemical attack": a relative clause describes a noun
_RELATIVE = re.compile(r"\b(which|who|whose|where)\b|\bthat\s+(was|were|had|has|have|is|are)\b", re.I)


def _in_relative(text: str, pos: int) -> bool:
    """Is this word inside a relative clause (which ends at the next comma)? Its event is background to
    the main clause's."""
    marks = list(_RELATIVE.finditer(text, 0, pos))
    return bool(marks) and not re.search(r"[,;:]", text[marks[-1].end():pos])


def supporting(text: str, pos: int) -> bool:
    """Is the word at ``pos`` only help for the main event ("backed by Hezbollah fighters", "with the
    support of Russian warplanes")? Such a word names neither the event nor its sides."""
    return bool(lexicon().supporting.search(text[max(0, pos - 60):pos]))
