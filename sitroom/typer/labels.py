"""The typer's classes: ACLED's 25 sub-event types (codebook order) and ``none``, with their event types."""
from __future__ import annotations

NONE = "none"
SUBTYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
EVENT_TYPE = {sub: etype for etype, subs in SUBTYPES.items() for sub in subs}
LABELS = [sub for subs in SUBTYPES.values() for sub in subs] + [NONE]
