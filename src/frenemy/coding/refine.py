"""Refining codes: the sub-codes an event's actors and place decide, not its words."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from frenemy.coding.actors import Actor
    from frenemy.coding.places import Place

__all__ = ["internal_command", "reciprocal", "refine"]

# A state's own forces: what its government asks of them, or how it meets or helps them, is
# command inside the state, no event between actors.
_FORCES = {"MIL", "COP"}
_COMMANDERS = {"GOV", "ELI", "MIL", "COP"}
_COMMAND_ROOTS = {"02", "04", "07"}
_RECIPROCAL_LEMMAS = {"clash", "skirmish", "battle", "fight", "war", "feud", "spar", "quarrel",
                      "bicker", "wrangle"}


def refine(code: str, source: Actor, target: Actor | None, where: Place) -> str:
    """Sub-codes that depend on the actors and the place, not on the words."""
    if code == "040" and where[1] and target is not None and where[1] not in {
        source.country, target.country
    }:
        return "044"  # met at a third location
    if code == "141" and source.role == "GOV":
        return "114"  # a government's protest is an official complaint
    if code == "114" and source.role in {"OPP", "CVL", "LAB", "EDU"}:
        return "141"
    if code[:2] in {"18", "19"} and source.role == "OPP":
        return "145"  # protesters attacking: a violent protest
    if code.startswith("143") and source.role in {None, "GOV", "MIL"} and source.country and (
            target is not None and target.country and target.country != source.country):
        return "190"  # "Israel's strikes on Gaza": a state strikes with arms, not by walking out

    return code


def reciprocal(trigger: Token) -> bool:
    """"Armenian and Azerbaijani forces clashed": each side fights the other."""
    lemma = trigger.lemma_.lower()
    # "traded fire", "exchanged accusations": each side does it to the other.
    return lemma in _RECIPROCAL_LEMMAS or lemma in {"exchange", "trade"} and any(
        c.lower_ in {"fire", "gunfire", "shots", "blows", "accusations", "barbs", "insults",
                     "prisoners", "views"} for c in trigger.children)


def internal_command(code: str, source: Actor, target: Actor | None) -> bool:
    """"The ministry asked the police to step up security", "Brown met British troops":
    a state's dealings with its own forces."""
    return code[:2] in _COMMAND_ROOTS and target is not None and bool(source.country) and (
        source.country == target.country and source.role in _COMMANDERS
        and target.role in _FORCES)
