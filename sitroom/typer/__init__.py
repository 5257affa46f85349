"""The typer stage: does a clause report an event that happened, and which of ACLED's 25 sub-types?

Reads: clause texts (batched per document).  Writes: a ``Trigger`` per clause (type, sub-type, the
words it came from) or None. Three components, chosen by name in ``default.toml`` (``[typer] name``):

- ``rules``: the hand-written lexicon (``extract.triggers``): precise triggers, and the checks that an
  event happened (negation, modality, plans, denials, background, captions, quoted speech);
- ``model``: the trained heads alone (``heads``): the cheap linear head, and the embedding head where
  the linear one is unsure;
- ``ensemble`` (the default): the rules veto what did not happen; where a trigger fires and the
  linear head agrees, the rule stands; where they disagree, the embedding head picks the sub-type (and,
  when it is sure enough that nothing happened, ``veto``, overrules the trigger); where no trigger fires,
  the model may find an event the lexicon misses, which the rules' checks must still let pass.
  Thresholds come from cross-validation on the training split (``data/typer/typer.json``).

The registry (``register``/``get``) lets a plugin add a typer; each takes the config's ``[typer]`` table.
"""
from __future__ import annotations

from typing import Callable, Protocol

from ..errors import ConfigError
from ..extract.triggers import Trigger, clause_happened, evidence_happened, find_trigger, is_caption, may_report_event
from .labels import EVENT_TYPE, LABELS, NONE

MODEL_PRIORITY = 55  # a model-found event needs an actor, a place or a figure, as a weak trigger does...
CONFIRMED_PRIORITY = 60  # ... unless the embedding head is sure of it (the gate's threshold in extract.mentions)
PRECISE = 60  # a lexicon trigger of this priority names its event's kind (events.json: airstrike 70, ied 60)
PRECISE_SURE = 0.9
# The linear head alone re-types a precise trigger only as the embedding head does, when near certain.
# Cross-validated, a lower bar scores higher (0.8155 free, 0.8127 at 0.6; docs/typer.md), but the
# linear head then turns the seeds' "killed in shelling" into "Other" (0.499) and "Air raids kill 11
# civilians" into shelling (0.724): a precise trigger's own words outweigh a bag-of-words guess.
PRECISE_LINEAR = PRECISE_SURE
THRESHOLDS = ("linear_none", "override", "event", "event_best", "veto", "linear_sure", "cross_type", "precise_open",
              "precise_sure")
OTHER = "Other"
CAPTURES = ("Government regains territory", "Non-state actor overtakes territory")
STRATEGIC = "Strategic developments"
SURE = 0.5  # the embedding head's probability of the event's sub-type that makes it sure


class Typer(Protocol):
    """``find_many(clauses, sentences)``: a trigger or None per clause; ``sentences[i]`` is the text the
    model reads for clause i (its whole sentence, for a sentence's first clause) or None (the rules alone)."""

    name: str

    def find_many(self, texts: list[str], sentences: list[str | None] | None = None) -> list[Trigger | None]: ...

    def may_report(self, text: str) -> bool: ...


_REGISTRY: dict[str, Callable[[dict], Typer]] = {}


def register(name: str):
    def deco(factory):
        _REGISTRY[name] = factory
        return factory
    return deco


def get(cfg: dict | None = None) -> Typer:
    """The typer ``cfg["name"]`` names (default: ensemble), built with the rest of ``cfg``."""
    cfg = dict(cfg or {})
    name = cfg.pop("name", "ensemble")
    if name not in _REGISTRY:
        raise ConfigError("E201", f"typer {name!r}; known: {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name](cfg)


@register("rules")
class RulesTyper:
    name = "rules"

    def __init__(self, cfg: dict | None = None):
        pass

    def find_many(self, texts: list[str], sentences=None) -> list[Trigger | None]:
        return [find_trigger(t) for t in texts]

    def may_report(self, text: str) -> bool:
        return may_report_event(text)


def model_trigger(text: str, label: str, linear, sure: bool = False) -> Trigger:
    """A trigger for an event the model found: its type, and the words that speak most for it."""
    a, b = linear.evidence(text, label)
    return Trigger("model", EVENT_TYPE[label], label, a, b, text[a:b], CONFIRMED_PRIORITY if sure else MODEL_PRIORITY)


@register("model")
class ModelTyper:
    """The trained heads alone, without the rules' checks (for comparison and for what rules cannot read)."""

    name = "model"

    def __init__(self, cfg: dict | None = None):
        from .heads import EmbeddingHead, LinearHead, card
        self.linear, self.embedding = LinearHead.default(), EmbeddingHead.default(_embedder(cfg))
        self.sure = float((cfg or {}).get("linear_sure", card()["thresholds"]["linear_sure"]))
        self.memo = bool((cfg or {}).get("memo", True))

    def find_many(self, texts: list[str], sentences=None) -> list[Trigger | None]:
        reads = list(sentences) if sentences is not None else list(texts)
        labels = [None if r is None else self._linear(r) for r in reads]
        unsure = [i for i, (r, lab) in enumerate(zip(reads, labels)) if r is not None and lab is None]
        for i, p in zip(unsure, self.embedding.probs_many([reads[i] for i in unsure], self.memo)):
            labels[i] = LABELS[int(p.argmax())]
        return [None if lab in (None, NONE) else model_trigger(t, lab, self.linear, True) for t, lab in zip(texts, labels)]

    def _linear(self, text: str) -> str | None:
        p = self.linear.probs(text)
        return LABELS[int(p.argmax())] if p.max() >= self.sure else None

    def may_report(self, text: str) -> bool:
        return self.linear.probs(text)[LABELS.index(NONE)] < self.sure or may_report_event(text)


@register("ensemble")
class EnsembleTyper:
    """Rules and model together; see the module docstring. Each decision is one of four cases."""

    name = "ensemble"

    def __init__(self, cfg: dict | None = None):
        from .heads import EmbeddingHead, LinearHead, card
        cfg = _for_embedder(cfg)
        t = {**card()["thresholds"], **{k: v for k, v in cfg.items() if k in THRESHOLDS}}
        self._set(t, LinearHead.default(), EmbeddingHead.default(_embedder(cfg)))
        self.memo = bool(cfg.get("memo", True))

    @classmethod
    def with_thresholds(cls, t: dict, linear, embedding=None) -> "EnsembleTyper":
        """An ensemble with given thresholds and heads (training simulates it on cross-validated heads)."""
        ens = cls.__new__(cls)
        ens._set(t, linear, embedding)
        return ens

    def _set(self, t: dict, linear, embedding) -> None:
        self.linear, self.embedding, self.memo = linear, embedding, True
        self.skip, self.override, self.event = float(t["linear_none"]), float(t["override"]), float(t["event"])
        self.veto = float(t.get("veto", 1.01))  # above 1: the model never overrules a rule that an event happened
        self.linear_sure = float(t.get("linear_sure", 1.01))  # the linear head types a trigger alone when this sure
        # the model moves a trigger to another event type (an "attack" that is a protest) only when this sure
        self.cross_type = float(t.get("cross_type", 0.0))
        # a precise trigger keeps its sub-type unless the embedding head is near certain, so it is read
        # again only where the linear head thinks nothing may have happened (the embedding's veto)
        self.precise_open = float(t.get("precise_open", 0.0))
        # a model-found event needs "nothing happened" under ``event`` and its best sub-type at least
        # ``event_best`` (by default the same bar): where the event is sure but its kind is shared
        # between neighbours (a base, a deployment, a handover), a lower bar keeps it
        self.event_best = float(t.get("event_best", self.event))
        # how sure the embedding head must be to re-type a precise trigger
        self.precise_sure = float(t.get("precise_sure", PRECISE_SURE))
        self.none = LABELS.index(NONE)

    def find_many(self, texts: list[str], sentences=None) -> list[Trigger | None]:
        """The model reads whole sentences (as it was trained); a sentence's later clauses keep the rules'."""
        reads = list(sentences) if sentences is not None else list(texts)
        rules = [find_trigger(t) for t in texts]
        linear = [None if r is None else self.linear.probs(r) for r in reads]
        ask = [i for i, (r, p) in enumerate(zip(rules, linear)) if p is not None and self._open(r, p, reads[i])]
        second = dict(zip(ask, self.embedding.probs_many([reads[i] for i in ask], self.memo)))
        return [self._decide(texts[i], rules[i], second.get(i), linear[i]) for i in range(len(texts))]

    def _open(self, rule: Trigger | None, p, text: str) -> bool:
        """Is the embedding head needed? Where a trigger fired and the linear head is not sure what it
        is, or where none fired but the linear head does not rule an event out (and it is no caption)."""
        if rule is not None and rule.priority >= PRECISE and p[self.none] < self.precise_open:
            return False
        if rule is not None:
            return p.max() < self.linear_sure and not _agrees(rule, LABELS[int(p.argmax())])
        return p[self.none] < self.skip and not is_caption(text)

    def _decide(self, text: str, rule: Trigger | None, p, p_linear=None) -> Trigger | None:
        """The clause's trigger from the rule's and the heads' answers (``p``: the embedding head's, or
        None where it was not asked; then a trigger the linear head is sure of takes its sub-type)."""
        if p is None:
            return self._linear_retyped(rule, p_linear)
        events = p.copy()
        events[self.none] = 0.0
        best = LABELS[int(events.argmax())]
        sure = events.max() >= SURE
        if rule is not None:  # the rules say it happened; the model says what it was, or that nothing did
            if p[self.none] >= self.veto:
                return None
            best = self._within(rule, events)
            return _retyped(rule, best, sure) if best and events[LABELS.index(best)] >= self.override else rule
        if p[self.none] >= self.event or events.max() < self.event_best:
            return None
        trig = model_trigger(text, best, self.linear, sure)
        # the rules' veto: plans, denials, background, speech, anywhere in the clause
        return trig if evidence_happened(text, trig) and clause_happened(text) else None

    def _linear_retyped(self, rule: Trigger | None, p_linear) -> Trigger | None:
        """A trigger the embedding head did not read: the linear head, where it is sure of an event
        (``linear_sure``), gives its sub-type; a precise trigger only where it is surer (PRECISE_LINEAR)."""
        if rule is None or p_linear is None or p_linear.max() < self.linear_sure or int(p_linear.argmax()) == self.none:
            return rule
        if rule.priority >= PRECISE and p_linear.max() < PRECISE_LINEAR:
            return rule
        return _retyped(rule, LABELS[int(p_linear.argmax())], False)

    def _within(self, rule: Trigger, events) -> str | None:
        """The sub-type the model gives a trigger. A precise one ("airstrikes", "abducted", "seized the
        town") keeps its own unless the model is sure (``precise_sure``), and never becomes "Other"; a
        generic one ("killed", "clashes", "protesters") takes the model's best sub-type, of another event
        type only beyond ``cross_type``, else the best of the trigger's own event type (a capture only
        for a capture trigger; a strategic development keeps its own: an arrest, a deal and a base have
        nothing in common but their type)."""
        best = LABELS[int(events.argmax())]
        if rule.priority >= PRECISE:  # what the lexicon names precisely, only a sure model re-reads...
            # ... and never as "Other": the catch-all says no named kind fits, the trigger's word names one
            return best if events.max() >= self.precise_sure and best != OTHER else None
        if events.max() >= self.cross_type:
            return best
        if rule.event_type == STRATEGIC:  # its sub-types share no meaning ("rounded up" is no Agreement):
            return None  # an unsure model leaves the trigger's own
        # an unsure model does not turn a fight or a killing into a capture: ground changing hands needs
        # a capture trigger or a model sure of it
        same = [i for i, lab in enumerate(LABELS) if lab != NONE and EVENT_TYPE[lab] == rule.event_type
                and (lab not in CAPTURES or rule.sub_event_type == "territorial")]
        return LABELS[max(same, key=lambda i: events[i])]

    def may_report(self, text: str) -> bool:
        return may_report_event(text) or self.linear.probs(text)[self.none] < self.skip


def _embedder(cfg: dict | None) -> str:
    """The embedding head's encoder (``[typer] embedder``): "e5" by default, "static" for the fast one."""
    return str((cfg or {}).get("embedder", "e5"))


def _for_embedder(cfg: dict | None) -> dict:
    """``cfg`` with its embedder's own table laid over it (``[typer.static]``: thresholds for that head)."""
    cfg = dict(cfg or {})
    own = cfg.get(_embedder(cfg))
    return {**cfg, **own} if isinstance(own, dict) else cfg


def _agrees(rule: Trigger, label: str) -> bool:
    if rule.sub_event_type == "territorial":  # the gaining side, decided from the actors later
        return label in CAPTURES
    return rule.sub_event_type == label


def _retyped(rule: Trigger, label: str, sure: bool) -> Trigger:
    """The rule's words and span, with the sub-type the embedding head chose; a capture stays a
    capture whose gaining side the actors decide. An event the model is sure of is no bare toll."""
    sub = rule.sub_event_type if rule.sub_event_type == "territorial" and label in CAPTURES else label
    etype = rule.event_type if sub == "territorial" else EVENT_TYPE[label]
    priority = max(rule.priority, CONFIRMED_PRIORITY) if sure else rule.priority
    return Trigger(rule.name, etype, sub, rule.start, rule.end, rule.text, priority, rule.casualty_only and not sure)


__all__ = ["Typer", "register", "get", "RulesTyper", "ModelTyper", "EnsembleTyper"]
