"""The dictionary coder: a user's PETRARCH dictionaries plugged into frenemy's coder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frenemy.coding.places import locate
from frenemy.errors import InputError
from frenemy.model import Document, Event, content_hash
from frenemy.petrarch.dictionaries import Dictionaries
from frenemy.petrarch.patterns import code_sentence
from frenemy.taxonomy import cameo, plover_for, split_actor_code
from frenemy.version import CODER_VERSION

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from frenemy.coding.actors import DocumentActors
    from frenemy.coding.dates import DateContext

__all__ = ["DictionaryOptions", "DictionaryCoder", "story_discarded", "events_for_sentence"]


@dataclass
class DictionaryOptions:
    """Which dictionaries to read: a directory holding them, or each file named."""

    directory: Path | None = None
    verbs: Path | None = None
    actors: tuple[Path, ...] = ()
    agents: Path | None = None
    discards: Path | None = None
    ontology: Path | None = None  # UD-PETRARCH's coding ontology: what a negated code becomes
    require_dyad: bool = True  # PETRARCH's option: code only events with a target
    builtin: bool = False  # also code with frenemy's own lexicon ("in addition to")

    def resolved(self) -> DictionaryOptions:
        """The files to read: those named, else the matching ones in the directory; a named
        file that does not exist is an error."""
        files = self
        if self.directory is not None:
            folder = Path(self.directory)
            if not folder.is_dir():
                raise InputError(f"{folder} is not a directory",
                                 "Pass the folder holding the PETRARCH dictionaries")
            found = sorted(p for p in folder.iterdir() if p.suffix == ".txt")

            def named(*words: str) -> list[Path]:
                return [p for p in found if any(w in p.name.lower() for w in words)]

            def first(*words: str) -> Path | None:
                return next(iter(named(*words)), None)

            files = self.over(DictionaryOptions(
                None, first("verbs", "cameo"), tuple(named("actors")), first("agents"),
                first("discards"), first("ontology", "pico")))
        for path in (files.verbs, files.agents, files.discards, files.ontology, *files.actors):
            if path is not None and not Path(path).is_file():
                raise InputError(f"{path} does not exist", "Check the dictionary's path")
        return files

    def over(self, base: DictionaryOptions) -> DictionaryOptions:
        """These files where named, the base's otherwise (its directory still to search;
        these coding options)."""
        return DictionaryOptions(base.directory, self.verbs or base.verbs,
                                 self.actors or base.actors,
                                 self.agents or base.agents, self.discards or base.discards,
                                 self.ontology or base.ontology, self.require_dyad,
                                 self.builtin)

    def load(self) -> DictionaryCoder:
        """The dictionaries read and ready to code with (CoderOptions.dictionaries)."""
        return DictionaryCoder(Dictionaries.load(self), self.require_dyad)


@dataclass
class DictionaryCoder:
    """Codes sentences with loaded dictionaries, for frenemy's coder (a SentenceCoder)."""

    dictionaries: Dictionaries
    require_dyad: bool = True

    def silences(self, doc: Doc) -> bool:
        return story_discarded(doc, self.dictionaries)

    def events(self, document: Document, index: int, span: Span, actors: DocumentActors,
               dates: DateContext, dataset: str) -> list[Event]:
        return events_for_sentence(document, index, span, self.dictionaries, actors, dates,
                                   dataset, self.require_dyad)


def story_discarded(doc: Doc, dictionaries: Dictionaries) -> bool:
    """Does the text hold a story-level discard phrase (`+TYPHOON`): a story PETRARCH's
    dictionaries say is not about politics, none of whose sentences they code?"""
    tokens = list(doc)
    for at in range(len(tokens)):
        found = dictionaries.discard_index.match(tokens, at)
        if found and found[1].whole_story:  # type: ignore[attr-defined]
            return True
    return False


def events_for_sentence(document: Document, index: int, span: Span,
                        dictionaries: Dictionaries, actors: DocumentActors,
                        dates: DateContext, dataset: str, require_dyad: bool = True
                        ) -> list[Event]:
    """The dictionary coder's events of one sentence as frenemy events: CAMEO details,
    PLOVER type, date and place filled in like the built-in coder's. A code outside CAMEO
    (dictionaries written for WEIS, or test codes) is left out."""
    date_entities = [e for e in span.ents if e.label_ == "DATE"]
    base = span.start_char
    found = []
    for coded in code_sentence(span, dictionaries, document.published, require_dyad):
        try:
            info = cameo(coded.code)
        except KeyError:
            continue
        verb = span.doc[coded.trigger]
        when = dates.resolve(verb, date_entities)
        where = locate(verb, actors, verb)
        plover_type, plover_mode = plover_for(coded.code)
        source_token = span.doc[coded.source_token]
        target_token = span.doc[coded.target_token] if coded.target_token is not None else None
        trigger_start = verb.idx - base
        found.append(Event(
            event_id=content_hash(document.doc_id, index, trigger_start, coded.source,
                                  coded.target or "", coded.code),
            doc_id=document.doc_id, sentence_index=index, date=when[0], date_precision=when[1],
            source=coded.source, source_name=source_token.text,
            source_country=split_actor_code(coded.source)[0],
            target=coded.target, target_name=target_token.text if target_token else None,
            target_country=split_actor_code(coded.target)[0] if coded.target else None,
            code=coded.code, root=info.root, quad_class=info.quad_class,
            goldstein=info.goldstein, plover_type=plover_type, plover_mode=plover_mode,
            location_name=where[0], location_country=where[1], location_lat=where[2],
            location_lon=where[3],
            source_start=source_token.idx - base,
            source_end=source_token.idx - base + len(source_token.text),
            target_start=target_token.idx - base if target_token else None,
            target_end=(target_token.idx - base + len(target_token.text)) if target_token
            else None,
            trigger_start=trigger_start, trigger_end=trigger_start + len(verb.text),
            trigger=verb.text, pattern=f"dict:{coded.pattern}",
            confidence=0.9 if coded.target else 0.6, coder_version=CODER_VERSION,
            dataset=dataset))
    return found
