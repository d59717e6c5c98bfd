"""Event assembly: one sentence's events from its clauses and event nouns, paired and built."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from frenemy.coding.actors import Actor, DocumentActors
from frenemy.coding.anaphora import subject_actors
from frenemy.coding.clauses import (
    Match,
    complement_lemmas,
    first_conjunct,
    headline_passive,
    passive_agent,
    prep_objects,
    purpose,
    quoted_speaker,
    subject,
)
from frenemy.coding.dates import DateContext
from frenemy.coding.lexicon import SPEECH_FAMILIES, Lexicon
from frenemy.coding.matching import Matcher
from frenemy.coding.modality import alleged, mood_of, obligation, warns_to
from frenemy.coding.places import (
    Place,
    act_place,
    locate,
    locate_topic,
    phrase_place,
    place_apposition,
)
from frenemy.coding.refine import (
    CONVENTIONAL_FIGHTING,
    JOINT_ROOTS,
    SHOOTING_LEMMAS,
    actor_pairs,
    internal_command,
    receiving,
    reciprocal,
    recode,
    refine,
)
from frenemy.coding.targets import (
    UNNAMED_NOUN_ROLES,
    actors_of_thing,
    actors_of_topic,
    beyond_border,
    duty_of_others,
    implicit_target,
    place_actor,
    placed,
    political_fight,
    someone_unnamed,
    speaker_country,
    topic_object,
    unnamed_actor,
    unnamed_nominal,
    warns_of_danger,
    with_country,
    worldwide_protest,
)
from frenemy.model import Document, Event, content_hash
from frenemy.taxonomy import cameo, plover_for
from frenemy.version import CODER_VERSION

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from frenemy.coding.coder import CoderOptions

__all__ = ["EventAssembler"]

# Where an event with no named target happened names its target when it is abroad: "US
# activists staged a protest in Beijing", "Russia is conducting exercises in Alaska".
_PLACE_TARGET_ROOTS = {"04", "14", "15", "18", "19", "20"}
_ASKING_FAMILIES = {"appeal", "demand", "deny", "reject", "decline"}
_TOPIC_TARGET_ROOTS = {"01", "02", "10", "11", "12"}
_PREVENTING = {"ban", "prevent", "curb", "prohibit", "forbid", "outlaw", "stop", "avert",
               "plan", "call", "threaten", "fear", "warn", "urge", "deny", "condemn"}
# Verbs whose subject receives what their object noun does: "drew criticism from X".
_DRAWING_VERBS = {"draw", "face", "receive", "attract", "spark", "prompt", "trigger",
                  "provoke", "meet", "earn", "incur", "come"}
_ARMED_ROLES = {"MIL", "REB", "INS", "SEP", "UAF", "COP", "SPY"}
_STATE_ROLES = {"GOV", "MIL", "COP", "SPY"}
# Seizing and destroying things names no victim.
_UNNAMED_CODES = {"171", "172", "1712"}


class EventAssembler:
    """Codes one sentence: each clause or event noun the lexicon matches becomes events
    between the actors it names (or the context gives), in the coder's options."""

    def __init__(self, options: CoderOptions, lexicon: Lexicon) -> None:
        self.options = options
        self.lexicon = lexicon
        self.matcher = Matcher(lexicon)

    def code_sentence(self, document: Document, index: int, span: Span,
                      actors: DocumentActors, dates: DateContext) -> Iterator[Event]:
        lex = self.lexicon
        # Span.ents rebuilds every entity of the document: the dates are read once per
        # document (DocumentActors.dates) and sliced here.
        date_entities = [e for e in actors.date_entities()
                         if e.start >= span.start and e.end <= span.end]
        for token in span:
            if token.pos_ == "NOUN":
                yield from self._nominal(document, index, span, token, actors, dates,
                                         date_entities)
                continue
            match = self.matcher.match(token)
            if match is None:
                continue
            verb, rule = match.verb, match.rule
            mood = mood_of(verb, lex)
            embedded = verb.dep_ in {"xcomp", "ccomp", "advcl"}
            head_rule = self.matcher.rule_of(verb.head) if embedded else None
            controlled = verb.dep_ == "xcomp" or purpose(verb)
            if mood in {"intended", "future_negated"} and controlled and (
                head_rule is not None and head_rule.family in SPEECH_FAMILIES
            ):
                continue  # "urged Iran to release...": the appeal is the event, coded there
            if verb.dep_ == "ccomp" and head_rule is not None and head_rule.family in (
                _ASKING_FAMILIES
            ) and not self.options.include_irrealis:
                continue  # "demanded that Azerbaijan release": asked for, not done
            subjects, passive = subject(verb)
            passive = passive or index < 0 and headline_passive(verb)
            subjects = quoted_speaker(verb, subjects)
            if verb.dep_ == "acl" and verb.tag_ == "VBG" and subjects == [verb.head] and (
                    verb.head.dep_ == "pobj" and verb.head.head.head.pos_ == "VERB") and not (
                    actors.resolve_all(verb.head)):  # "spoke before the deadline appealing"
                subjects, passive = subject(verb.head.head.head)
            lemmas = complement_lemmas(match, subjects)
            code = self.matcher.code(rule, lemmas, mood, match)
            if not code:
                continue
            if match.trigger.lemma_.lower() == "warn" and warns_of_danger(verb, actors):
                continue  # "warned that Iran's ambitions were dangerous": a statement
            if match.trigger.lemma_.lower() == "warn" and warns_to(verb):
                code = lex.family_code("appeal", lemmas)[0]  # "warns universities to stay out"
            if rule.family == "deny" and any(c.dep_ == "ccomp" or c.dep_ == "dobj" and (
                    self.matcher.noun_rule(c) is not None) for c in verb.children) and not any(
                    c.dep_ == "dative" for c in verb.children):
                # "denied that its troops shelled...", "denies Iraq pullout": denies the act
                code = "016"
            if rule.family == "intent" and self.matcher.hostile_plan(verb, renounced=True):
                continue  # "decided not to send troops": no act, and no threat either
            if rule.family == "intent" and self.matcher.hostile_plan(verb):
                # "plans to impose restrictions": an announced hostile act is a threat.
                code = lex.family_code("threaten", lemmas)[0] or code
            if code == "010":
                duty = obligation(verb)
                if duty is not None and duty_of_others(duty, actors):
                    # "declared that China must drop barriers": a demand, whatever the verb.
                    code = lex.family_code("demand", complement_lemmas(
                        Match(duty, duty, rule), []))[0] or code
            if mood in {"obligated", "desired"}:
                # "X said Y must release...": X demands of Y; "X wants Y to...": X appeals to Y.
                speaker, _ = subject(verb.head)
                addressee = [c for c in verb.head.children if c.dep_ == "dobj"] or subjects
                subjects, passive = speaker, False
                fixed_targets: list[Token] | None = addressee
            else:
                fixed_targets = None
            negated = mood == "negated"
            hypothetical = mood == "hypothetical"
            if purpose(verb) and mood != "real" and (
                    verb.head.lemma_.lower() not in lex.intent):
                continue  # "will meet to discuss": the purpose adds nothing to the intent
            if (negated or hypothetical) and not self.options.include_irrealis:
                continue
            if not self.options.include_irrealis and (
                verb.dep_ == "pcomp" and verb.head.lower_ == "of"
                or alleged(verb)
            ):
                continue  # "accused Iran of training", "alleged that France...": the claim only
            targets = (self.matcher.targets(match, rule, passive, subjects) if fixed_targets is None
                       else fixed_targets)
            if passive:
                subjects = passive_agent(verb) or self.matcher.agents_in_event_noun(verb)
            when = dates.resolve(verb, date_entities)
            where = locate(verb, actors, match.trigger)
            if where[1] is None and verb.dep_ == "advcl" and (verb.tag_ == "VBG" or purpose(verb)):
                # "shelled Aleppo, killing eight people", "gathered in Rabat to protest"
                where = locate(verb.head, actors)
            if where[1] is None and not passive and subjects and (
                    self.matcher.acts_without_agent(subjects)
                    or self.matcher.agents_of_acts(subjects)):
                where = act_place(subjects[0], actors)  # "a US strike in Afghanistan killed 15"
            sources = [actors.country_actor(a.country, s) if s.dep_ == "amod" and a.country
                       and a.role == "CVL" else with_country(a, phrase_place(s, actors))
                       # "killed in Israeli shelling": Israel; "police in Lahore": Pakistan's
                       for s in subjects for a in subject_actors(s, actors)]
            if not passive and self.matcher.acts_without_agent(subjects) and any(
                    place_apposition(c) for s in subjects for c in s.children):
                sources = []  # "attacks in Lagos, Nigeria killed 12": where, not who
            if not sources and not passive:
                # "Israeli airstrikes killed 20": the country that made the strikes.
                sources = [actors.country_actor(a.country, t) for t in
                           self.matcher.agents_of_acts(subjects)
                           for a in actors.resolve_all(t) if a.country]
            actors.remember_group(sources)
            if worldwide_protest(code, sources, verb, match.trigger):
                continue  # "in many cities around the world, thousands marched"
            # "ordered to fire on any vehicle or person": anyone at all is no one in particular.
            resolved = [a for t in targets if not _anyone(t)
                        for a in (actors.resolve_all(t) or place_actor(t))]
            if where[1]:
                # "protesters rallied in Yerevan": a bare role belongs to the event's country.
                sources = [with_country(a, where[1]) for a in sources]
                resolved = [with_country(a, where[1]) for a in resolved]
            single = len({a.code for a in sources}) == 1 or code[:2] not in JOINT_ROOTS
            # The root as refined by the actors: "activists complained" is a protest.
            root = refine(code, sources[0], None, where)[:2] if sources else code[:2]
            if not resolved and where[1] and (code == "054" or single and (
                    root in _PLACE_TARGET_ROOTS
                    and any(a.country != where[1] for a in sources))):
                resolved = [actors.country_actor(where[1], match.trigger)]
            if not resolved and code[:2] in _TOPIC_TARGET_ROOTS:
                # "expressed sorrow for the shootings in South Carolina": said of the USA.
                topic = locate_topic(match.trigger, actors)
                if topic[1]:
                    resolved = [actors.country_actor(topic[1], match.trigger)]
            if not resolved and purpose(verb) and mood == "real" and (
                    self.matcher.rule_of(verb.head) is not None):
                continue  # "met Assad to discuss efforts": the meeting says it all
            if rule.family == "receive":
                objects = [c for c in verb.children if c.dep_ == "dobj"]
                received = receiving(code, bool(objects) and not any(
                    actors.resolve_all(o) for o in objects), sources, resolved, [
                    a for t in prep_objects(verb, frozenset({"from"}))
                    for a in actors.resolve_all(t)])
                if received is None:
                    continue  # "received an arrest warrant from Iran"
                sources, resolved = received
            if not sources and code not in _UNNAMED_CODES and (
                    passive and (resolved or someone_unnamed(code, targets, verb))
                    or resolved and self.matcher.acts_without_agent(subjects)):
                # "12 were killed in Kabul", "a bomb attack in Lagos killed 12", "he was
                # convicted": by someone.
                sources = unnamed_actor(code, where, actors, verb, resolved)
            if political_fight(code, sources, match.trigger):
                continue  # "the parties have been battling over environmental issues"
            if not sources:
                if not self.options.unknown_actors:
                    continue
                sources = [Actor("---", "", None, None, verb.idx, verb.idx)]
            if any(a.country for a in resolved):
                # "released the sailors to Iran": the bare role is what is acted on.
                resolved = [a for a in resolved if a.country or a.code != a.role]
            if code[:2] in {"18", "19", "20"} and not where[1]:
                # "airstrikes on militant hideouts in Afghanistan": the target's own place.
                inside = next((p for t in targets if (p := locate(t, actors)[1])), None)
                resolved = [with_country(a, inside) for a in resolved] or (
                    [actors.country_actor(inside, match.trigger)] if inside and any(
                        a.country != inside for a in sources) else [])
            if code[:2] == "17" or code[:2] in {"18", "19"} and sources[0].role == "COP":
                # "Azerbaijan arrested 19 citizens", "Kenyan police shot five protesters":
                # coercion of a bare role, and police force, are domestic, unless the
                # role was named with a country before ("two American journalists ...
                # the journalists were arrested").
                resolved = [with_country(with_country(t, actors.role_country_before(
                    t.role, t.start)) if t.role not in {None, "CVL"} else t,
                    sources[0].country) for t in resolved]
            reporter = speaker_country(verb, actors)
            if reporter and any(a.country and a.country != reporter for a in sources):
                # "Armenia's defence ministry said Azerbaijan fired on soldiers": the
                # speaker's soldiers.
                resolved = [with_country(a, reporter) for a in resolved]
            resolved = [placed(a, actors) for a in resolved]
            violent = code[:2] in {"18", "19", "20"}
            if code[:2] in {"10", "11", "12", "13", "14"}:
                # "The opposition demanded the resignation of the Georgian prime minister":
                # an opposition opposes its own state.
                ruled = [t.country for t in resolved if t.country and not t.inferred
                         and t.role in {"GOV", "LEG", "JUD"}]
                sources = [with_country(a, ruled[0]) if ruled and a.role in {"OPP", "PTY"}
                           and not actors.role_country_before(a.role, a.start) else a
                           for a in sources]
            # A state's official criticising his own country's state by name is unlikely:
            # then the home is probably not his (its rebels or opposition he may well blame).
            sources = [placed(a, actors, resolved if violent else [
                t for t in resolved if t.role is None or t.role in _STATE_ROLES]
                if a.role in _STATE_ROLES and code[:2] in {"10", "11", "12", "13"} else [])
                       for a in sources]
            mutual = reciprocal(match.trigger) and len({a.country for a in sources}) > 1
            if not resolved and code[:2] in _TOPIC_TARGET_ROOTS | {"05", "09", "13"}:
                # "opposed the US-led invasion", "alleged Iranian involvement", "condemned
                # this provocative act": whoever did what is criticised.
                resolved = actors_of_topic(verb, sources, actors,
                                                 code[:2] in {"11", "12"})
            if code[:2] == "16" and all(t.country in {None, *(a.country for a in sources)}
                                        for t in resolved):
                # "recalled its ambassador to Argentina": the country the envoy was sent to.
                hosts = [actors.country_actor(m.entry.country, o)
                         for t in [*targets, *(c for c in verb.children if c.dep_ == "dobj")]
                         for p in t.children
                         if p.dep_ == "prep" and p.lower_ in {"to", "in"}
                         for o in p.children if o.dep_ == "pobj"
                         if (m := actors.names_at.get(o.i)) is not None and m.entry.country
                         and m.entry.kind in {"country", "capital"}]
                resolved = hosts or resolved
            if not resolved and not mutual and not topic_object(verb, passive, code, sources[0]):
                resolved = implicit_target(code, sources[0], where, actors, match.trigger)
            recoded = recode(code, match, rule.pattern, sources, resolved)
            if recoded is None:
                continue
            code = self.matcher.denounced(recoded, sources, lemmas)
            if code[:2] == "10" and rule.family == "statement" and resolved and all(
                    t.role is None and t.country in {a.country for a in sources}
                    for t in resolved):
                continue  # "Johnson said Britain must leave": his own country's course
            resolved = beyond_border(resolved, targets, sources)
            pairs = actor_pairs(sources, resolved, code, match, self.options.require_target)
            for source, target in pairs:
                final = refine(code, source, target, where)
                if internal_command(final, source, target):
                    continue  # "asked the police to step up security": its own forces
                if final[:2] == "19" and final not in CONVENTIONAL_FIGHTING and (
                        target is not None and source.country
                        and target.country == source.country and target.role not in _ARMED_ROLES
                        and match.trigger.lemma_.lower() in SHOOTING_LEMMAS):
                    # "police fired on protesters", "the army killed nine protesters":
                    # force against unarmed people at home is assault, not battle.
                    final = "183" if final == "193" else "180"
                if final == "145" and match.trigger.lemma_.lower() in self.matcher.weapons | {
                        "missile", "rocket"}:
                    final = code  # protesters firing missiles are not rioting
                if final[:2] >= "14" and source.country and not source.inferred:
                    actors.last_act = source
                yield self._event(document, index, span, source, target, final, match, when,
                                  where, passive, negated, hypothetical)

    def _nominal(self, document: Document, index: int, span: Span, noun: Token,
                 actors: DocumentActors, dates: DateContext,
                 date_entities: list[Span]) -> Iterator[Event]:
        """Events named by a noun with its own actors: "the Israeli air strike on Gaza",
        "Azerbaijan's arrest of 19 citizens", "talks between Turkey and Armenia"."""
        rule = self.matcher.noun_rule(noun)
        if rule is None:
            return
        head = noun.head
        carrier = self.matcher.match(head.head if head.pos_ == "ADP" else head)
        if carrier is not None and carrier.trigger.i == noun.i and noun.dep_ != "nsubj" and (
                not prep_objects(noun, frozenset({"between", "among"}))):
            # A light verb carries it ("held talks"); "protests began" and "helped begin
            # dialogues between Delhi and Washington" carry their own actors.
            return
        governing = noun.head if noun.head.pos_ in {"VERB", "AUX"} else None
        if governing is not None and mood_of(governing, self.lexicon) in {
                "negated", "hypothetical"} or mood_of(noun, self.lexicon) == "hypothetical":
            return  # ("the necessity of resolving it by talks between X and Y": no talks)
        agents = [c for c in noun.children if c.dep_ in {"poss", "amod", "compound", "nmod"}]
        # "anti-U.S. protests": the country after "anti" is the target, not the protester.
        opposed = [t for t in agents if any(w.lower_ == "anti" for w in
                                            noun.doc[max(t.i - 2, 0):t.i])]
        agents = [t for t in agents if t not in opposed]
        agents += prep_objects(noun, frozenset({"by"}))
        # "drew criticism from Washington", "was met with condemnation from the EU"
        drawer = noun.head if noun.dep_ == "dobj" else noun.head.head if (
            noun.dep_ == "pobj" and noun.head.lower_ in {"with", "under"}) else None
        drawn = drawer is not None and drawer.lemma_.lower() in _DRAWING_VERBS
        if drawn and drawer is not None:
            agents += prep_objects(drawer, frozenset({"from"})) + prep_objects(
                noun, frozenset({"from"}))
        between = prep_objects(noun, frozenset({"between", "among"}))
        sources = [actors.country_actor(a.country, t) if t.dep_ == "amod" and a.country
                   and a.role == "CVL" else a  # "the Israeli strike": Israel's, not civilians'
                   for t in agents for a in actors.resolve_all(t) if a.country or a.role]
        targets = [a for t in prep_objects(noun, rule.preps - {"between", "among", "by"})
                   for a in (actors.resolve_all(t) or place_actor(t))]
        targets += [actors.country_actor(a.country, t) for t in opposed
                    for a in actors.resolve_all(t) if a.country]
        if not targets and drawn and drawer is not None:
            # "The move drew criticism from Washington": aimed at whoever made the move.
            targets = [a for t in subject(drawer)[0] for a in actors_of_thing(t, actors)
                       if a.country not in {s.country for s in sources}]
        if between and not sources:
            group = [a for t in between for a in actors.resolve_all(t)]
            sources, targets = group[:1], group[1:]
        lemmas = complement_lemmas(Match(noun, noun, rule), [])
        code = rule.code or self.lexicon.family_code(rule.family or "", lemmas)[0]
        if code == "114" and not sources:
            if noun.lemma_.lower() != "protest":
                return  # "complaints about the balloting": whose, the text does not say
            code = "141"  # an official protest names its government; a crowd's needs none
        if not sources and code[:2] == "04" and noun.dep_ == "pobj" and (
                noun.head.lower_ in {"in", "during", "at", "after"}) and (
                noun.head.head.pos_ in {"VERB", "AUX"}):
            # "Hamas is in talks with Abbas", "said in a meeting with Honcharuk": the
            # clause's subject is the party.
            sources = [a for t in subject(noun.head.head)[0] for a in actors.resolve_all(t)
                       if a.country or a.role]
        clause = noun.head.head if noun.head.pos_ == "ADP" else noun.head
        if not sources and code[:2] in UNNAMED_NOUN_ROLES and not between and (
                clause.pos_ not in {"VERB", "AUX"} or clause.lemma_.lower() not in _PREVENTING
                and not any(c.dep_ == "nsubj" and c.i != noun.i for c in clause.children)):
            # "Demonstrations have been reported in twelve Afghan cities", "anti-U.S.
            # protests", "a bombing in Kabul": it happened, by people of the place.
            if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.tag_ == "NN" and not any(
                    c.dep_ in {"det", "amod", "compound", "poss"} for c in noun.children):
                return  # "walked out in protest": how the clause's act was done
            sources, named = unnamed_nominal(noun, code, governing, actors)
            key = (sources[0].country if sources else "", code[:2],
                   targets[0].country if targets else "")
            targets = targets or named
            if key in actors.unnamed_seen or not key[2] and any(
                    k[:2] == key[:2] for k in actors.unnamed_seen):
                return  # one such event per document: later mentions are the same protests
            actors.unnamed_seen.add(key)
        demands = code[:2] == "10" and noun.tag_ == "NNS" and governing is not None and any(
            c.dep_ == "poss" and c.pos_ != "PRON" for c in noun.children)
        if demands and sources and not targets:
            # "The protesters' demands include new elections": their government is asked.
            sources = [placed(a, actors) for a in sources]
            targets = implicit_target(code, sources[0], locate(noun, actors), actors, noun)
        if not sources or not targets and not rule.code:
            return
        if not code or code == "054" or code[:2] in {"01", "02", "03", "12", "13"} or (
                code[:2] == "10" and not demands):
            return  # a named appeal or threat without its verb is too vague to code
        match = Match(noun, noun, rule)
        when = dates.resolve(governing or noun, date_entities)
        where = locate(governing or noun, actors, noun)
        targets = [placed(t, actors) for t in targets]  # "talks with the opposition": home's
        for source, target in actor_pairs(sources, targets, code, match,
                                          self.options.require_target):
            if target is None and not between:
                continue
            yield self._event(document, index, span, source, target,
                              refine(code, source, target, where), match, when, where,
                              False, False, False)

    def _event(self, document: Document, index: int, span: Span, source: Actor,
               target: Actor | None, code: str, match: Match,
               when: tuple[date | None, str | None], where: Place, passive: bool,
               negated: bool, hypothetical: bool) -> Event:
        info = cameo(code)
        plover_type, plover_mode = plover_for(code)
        base = span.start_char
        trigger = match.trigger
        trigger_start = trigger.idx - base
        event_id = content_hash(document.doc_id, index, trigger_start, source.code,
                                target.code if target else "", code)
        confidence = 0.9 if target is not None else 0.6
        if passive:
            confidence -= 0.1
        if source.code == "---":
            confidence -= 0.3
        confidence -= 0.15 * (source.inferred + bool(target and target.inferred))
        return Event(
            event_id=event_id,
            doc_id=document.doc_id,
            sentence_index=index,
            date=when[0],
            date_precision=when[1],
            source=source.code,
            source_name=source.name,
            source_country=source.country,
            target=target.code if target else None,
            target_name=target.name if target else None,
            target_country=target.country if target else None,
            code=code,
            root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover_type=plover_type,
            plover_mode=plover_mode,
            location_name=where[0],
            location_country=where[1],
            location_lat=where[2],
            location_lon=where[3],
            source_start=source.start - base,
            source_end=source.end - base,
            target_start=(target.start - base) if target else None,
            target_end=(target.end - base) if target else None,
            trigger_start=trigger_start,
            trigger_end=trigger_start + len(trigger.text),
            trigger=trigger.text,
            pattern=match.rule.pattern,
            negated=negated,
            hypothetical=hypothetical,
            confidence=round(max(confidence, 0.1), 2),
            source_inferred=source.inferred,
            target_inferred=bool(target and target.inferred),
            coder_version=CODER_VERSION,
            dataset=self.options.dataset,
            depth=_depth(match.verb),
        )


def _anyone(token: Token) -> bool:
    """"any vehicle, person or aircraft": whoever it may be."""
    return any(c.dep_ == "det" and c.lower_ == "any" for c in first_conjunct(token).children)


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)
