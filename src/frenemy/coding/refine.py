"""Refining codes: the sub-codes an event's actors and place decide, and who relates to whom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frenemy.coding.clauses import joint

if TYPE_CHECKING:
    from spacy.tokens import Token

    from frenemy.coding.actors import Actor
    from frenemy.coding.matching import Match
    from frenemy.coding.places import Place

__all__ = ["CONVENTIONAL_FIGHTING", "JOINT_ROOTS", "SHOOTING_LEMMAS", "actor_pairs",
           "internal_command", "receiving", "reciprocal", "recode", "refine"]

# Joint actions of several subjects ("Turkey and Armenia held talks") relate them pairwise.
JOINT_ROOTS = {"03", "04", "05", "06", "08"}
# Symmetric events coded in both directions, as PETRARCH and ICEWS code talks and meetings.
_SYMMETRIC_CODES = {"040", "044", "046", "057", "060", "061", "062"}
_MAX_JOINT_PARTIES = 3

# A state's own forces: what its government asks of them, or how it meets or helps them, is
# command inside the state, no event between actors.
_FORCES = {"MIL", "COP"}
_COMMANDERS = {"GOV", "ELI", "MIL", "COP"}
_COMMAND_ROOTS = {"02", "04", "07"}
# Military alliances: their deployments are shows of force, not peacekeeping.
_ALLIANCES = {"IGONAT", "IGOCST"}
SHOOTING_LEMMAS = {"kill", "shoot", "fire", "wound", "attack", "ambush", "injure"}
CONVENTIONAL_FIGHTING = {"194", "195", "196"}  # artillery, air strikes, ceasefire violations
# Armed groups and crowds do not fight battles in CAMEO's sense: their killing is assault.
_NON_STATE_ROLES = {"UAF", "CRM", "OPP", "CVL", "LAB", "EDU"}
_MURDER_LEMMAS = {"kill", "murder", "shoot", "stab", "behead", "execute", "assassinate"}
# Militants shooting, wounding, ambushing: assault by unconventional means, not battle.
_GUNMEN_LEMMAS = (_MURDER_LEMMAS | SHOOTING_LEMMAS) - {"attack"}
_ACCORD_PATTERNS = {"verb:agree", "verb:accept", "verb:concede"}
_RECIPROCAL_LEMMAS = {"clash", "skirmish", "battle", "fight", "war", "feud", "spar", "quarrel",
                      "bicker", "wrangle"}


def recode(code: str, match: Match, pattern: str, sources: list[Actor],
           targets: list[Actor]) -> str | None:
    """The code as the actors and the verb's frame make it, before the pairs are made; None:
    no event."""
    trigger = match.trigger
    lemma = trigger.lemma_.lower()
    if code[:2] == "19" and code not in CONVENTIONAL_FIGHTING and all(
            a.role in _NON_STATE_ROLES or a.role in {"REB", "INS", "SEP"}
            and lemma in _GUNMEN_LEMMAS and not (
                lemma == "fire" and any(c.dep_ == "dobj" for c in trigger.children))
            for a in sources):  # ("fired rockets" is still a battle's weapon)
        code = "180" if code == "190" else "183" if code == "193" else code
    if code == "010" and not targets:
        return None  # "X said" alone is no event; a statement is made to or about someone
    if code == "150" and (targets or len(sources) > 1) and joint(trigger):
        code = "062"  # exercises held with a partner are military cooperation
    if code == "190" and lemma in {"kill", "murder"} and any(
            a.role == "GOV" for a in targets) and all(
            a.role in {"REB", "INS", "CRM", "UAF"} for a in sources):
        code = "186"  # armed groups killing an official: an assassination
    if pattern in _ACCORD_PATTERNS and any(c.dep_ == "ccomp" for c in match.verb.children):
        code = "019"  # "agreed that...", "accepts that it is needed": accord
    return code


def receiving(code: str, thing: bool, sources: list[Actor], targets: list[Actor],
              givers: list[Actor]) -> tuple[list[Actor], list[Actor]] | None:
    """(sources, targets) of a "receive" clause; givers: the actors it received from. What
    is given comes from the giver ("received weapons from Iran": Iran gives); a visit is
    the receiver's ("received a delegation from Iran": X hosts Iran). None: X received a
    thing that is no event of its code, a warrant or a proposal (thing: its object is
    something, not someone)."""
    if code != "043":
        return (givers, sources) if givers else (sources, targets)
    if thing:
        return None
    return sources, [a for a in targets if a.country] or givers or targets


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
    if code == "154" and source.role == "IGO" and source.country is None and (
            source.code not in _ALLIANCES):
        return "074"  # "the UN will deploy 3,000 more troops to Congo": peacekeeping
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
    a state's dealings with its own forces; "will propose to Parliament the return of our
    troops", "agreed to suspend Parliament": its government's plans for its own legislature
    (lawmaking, which targets no one)."""
    if target is None or not source.country or source.country != target.country:
        return False
    return code[:2] in _COMMAND_ROOTS and source.role in _COMMANDERS and (
        target.role in _FORCES) or code[:2] == "03" and source.role == "GOV" and (
        target.role == "LEG")


def actor_pairs(sources: list[Actor], targets: list[Actor], code: str, match: Match,
                require_target: bool) -> list[tuple[Actor, Actor | None]]:
    """The (source, target) pairs an event relates, each once."""
    pairs: list[tuple[Actor, Actor | None]] = []
    joint = code[:2] in JOINT_ROOTS or reciprocal(match.trigger) or any(
        c.lower_ in {"joint", "bilateral", "mutual", "trilateral"}
        for c in match.trigger.children)
    if not targets and len({s.code for s in sources}) > _MAX_JOINT_PARTIES and joint:
        pairs = []  # six powers meeting: a multilateral gathering, no dyad of its own
    elif not targets and len(sources) > 1 and joint:
        # "Turkey and Armenia held talks": a joint action relates them, both ways.
        pairs = [(a, b) for a in sources for b in sources if a.code != b.code]
    elif targets:
        # Same code on both sides only for two different actors of one country ("the
        # opposition accused the government"), never an actor and its own echo.
        pairs = [(s, t) for s in sources for t in targets
                 if s.code != t.code or s.inferred != t.inferred and s.start != t.start]
        if code in _SYMMETRIC_CODES and match.trigger.i != match.verb.i:
            pairs += [(t, s) for s, t in list(pairs) if t is not None]
        if not pairs and not require_target and code != "010":
            pairs = [(s, None) for s in sources]  # "said he was skeptical": of himself
    elif not require_target:
        pairs = [(s, None) for s in sources]
    unique: list[tuple[Actor, Actor | None]] = []
    seen: set[tuple[str, str]] = set()
    for source, target in pairs:
        key = (source.code, target.code if target else "")
        if key not in seen:
            seen.add(key)
            unique.append((source, target))
    return unique
