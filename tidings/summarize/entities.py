"""People, organisations, places, products and events named in an article or a story, each under
one normalised key.

The names come from the text analyser (a spaCy NER model, or capitalised words without one; see
``summarize.text``). This module makes one entity of the ways one thing is written:

1. **Clean and strip titles**: "President Vladimir Putin's" → "Vladimir Putin" (titles are data,
   in ``rules.TITLES``); "the European Union" → "European Union". A name the model took for an
   organisation or place that opens with a personal title and names a person of the same scope
   ("President Biden" beside "Joe Biden"; ``rules.PERSONAL_TITLES``) is that person.
2. **Key**: case folded, dots and possessives removed, a company's legal form dropped from the
   end ("Netflix, Inc." and "Apple Inc" are "netflix" and "apple"; ``rules.CORPORATE_SUFFIXES``),
   common aliases applied ("U.S." and "US" are "united states"; ``rules.ALIASES``).
3. **Kind by vote**: a small model calls "Kyiv" a person once and a place three times; every
   mention of a key takes the kind most of its mentions got.
4. **Surname → full name**: a surname said alone ("Putin", or "De Niro" for "Robert De Niro")
   becomes the one full name of a person in the same article or story that ends with it
   ("Vladimir Putin"), and counts as a person whatever the model took it for alone (it often
   takes one for an organisation, a product or a place: "Trump", "Scaramucci", "Bunch"), except
   a place never once taken for a person ("Washington" beside "George Washington"), and except
   an organisation or product never once taken for a person where the scope also names a
   company with that word ("Ford" beside "Bill Ford" and "Ford Motor Co."). Spellings with
   and without a middle initial ("James B. Comey", "James Comey") are one full name. Two
   candidates ("Joe Biden", "Hunter Biden") leave it alone rather than guess. A name that opens
   with a person's possessive ("Scaramucci’s SkyBridge") is what follows it ("SkyBridge"): the
   possessive is no part of a name.
5. **Acronym → long form**: an organisation or place written in capitals ("NATO", "EU") joins a
   long form in the same scope whose initials it is, with or without the "of" ("DOB", the
   Department of Buildings).

This is hand-written because it is small and ours: spaCy's entity linker needs a knowledge base
we cannot ship, and coreference models are not packaged for offline use.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tidings.model import Entity, EntityKind
from tidings.summarize.rules import ALIASES, CORPORATE_SUFFIXES, NAME_CONNECTORS, PERSONAL_TITLES, TITLES
from tidings.summarize.text import Mention

__all__ = [
    "EntityResolution",
    "NameLookup",
    "displayed_name",
    "entity_key",
    "has_legal_form",
    "has_personal_title",
    "name_lookup",
    "resolve_entities",
    "strip_titles",
]

# Priority when a key's mentions split evenly between kinds: the small model more often calls a
# place or an organisation a person than the other way round (seen on the seeds and Multi-News).
_KIND_ORDER: tuple[EntityKind, ...] = ("place", "organization", "person", "product", "event", "other")

# A name of more words than this is a phrase the model mistook for a name.
MAX_NAME_WORDS = 6

_SPACES = re.compile(r"\s+")


# Name suffixes that are never a name on their own ("Martin Luther King Jr." stays whole).
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Titles are looked for among a name's first words only: "Belarus President Alexander
# Lukashenko" loses its first two, "Bank of England Governor" is not a person.
TITLE_SEARCH_WORDS = 3


def _title_count(folded: Sequence[str]) -> int | None:
    """How many of a name's first words (case-folded, without their dots) are titles to strip;
    None when stripping them would leave only suffixes ("Jr.")."""
    cut = 0
    for position in range(min(TITLE_SEARCH_WORDS, len(folded) - 1)):
        if folded[position] in TITLES:
            cut = position + 1
    if not folded[cut:] or all(word in _SUFFIXES for word in folded[cut:]):
        return None
    return cut


def _folded_words(name: str) -> list[str]:
    return [word.casefold().rstrip(".") for word in name.split()]


def strip_titles(name: str) -> str:
    """``name`` without the words up to its last title ("Belarus President Alexander
    Lukashenko" → "Alexander Lukashenko"), keeping at least one word that is not a suffix."""
    cut = _title_count(_folded_words(name))
    return name if cut is None else " ".join(name.split()[cut:])


def has_personal_title(name: str) -> bool:
    """Whether the titles ``strip_titles`` drops from ``name`` include one that only a person's
    name carries (``rules.PERSONAL_TITLES``): "Former President Biden", "Justice Jackson", not
    "St. Louis" or "General Motors"."""
    folded = _folded_words(name)
    cut = _title_count(folded)
    return cut is not None and any(word in PERSONAL_TITLES for word in folded[:cut])


def _folded(name: str) -> str:
    key = name.casefold().replace("’", "'")
    key = re.sub(r"'s\b", "", key)
    key = key.replace(".", "")
    key = _SPACES.sub(" ", key).strip(" '\"-")
    if key.startswith("the "):
        key = key[4:]
    return key


# What may be left between a name and its legal form: "KKR & Co.", "Netflix, Inc.".
_BEFORE_LEGAL_FORM = frozenset({"&", "and"})


def _without_legal_form(key: str) -> str:
    """``key`` without the legal forms that end it ("samsung electronics co, ltd" → "samsung
    electronics"), keeping at least one word."""
    words = key.split(" ")
    while len(words) > 1 and words[-1].rstrip(",") in CORPORATE_SUFFIXES:
        words.pop()
        while len(words) > 1 and words[-1] in _BEFORE_LEGAL_FORM:
            words.pop()
        words[-1] = words[-1].rstrip(",")
    return " ".join(words)


def has_legal_form(name: str) -> bool:
    """Whether ``name`` ends with a company's legal form ("Netflix, Inc.", "Siemens AG")."""
    folded = _folded(name)
    return _without_legal_form(folded) != folded


def entity_key(name: str) -> str:
    """The normalised identity of a name (see the module docstring, step 2)."""
    key = _without_legal_form(_folded(name))
    return ALIASES.get(key, key)


@dataclass(frozen=True, slots=True)
class NameLookup:
    """The keys under which an entity asked for by name may be kept, in the order to try them.

    Only people's names lose their titles when entities are keyed (``displayed_name``): an organisation
    or a place keeps every word, though "General", "Justice", "of", "St" or "National" are titles
    before a person's name. So a name is first looked for whole (``as_given``: as a link carries a
    kept key, then ``whole``: its key, "General Motors" → "general motors"), and only then as a
    person (``as_person``: its key without titles, "President Putin" → "putin"), among people only,
    lest "Bank of Japan" find Japan. ``personal_title``: the titles dropped include one only a
    person's name carries ("President", not "St"), so a whole name kept as no one's but an
    organisation's or place's is a person the model misfiled ("president biden", see
    ``store.understanding.kept_entity``).
    """

    as_given: str
    whole: str
    as_person: str
    personal_title: bool = False


def _is_alias(name: str) -> bool:
    return _without_legal_form(_folded(name)) in ALIASES


def name_lookup(name: str) -> NameLookup:
    """Where to look for the entity ``name`` stands for (a name typed, or a kept key)."""
    spaced = " ".join(name.split())
    whole = entity_key(spaced)
    return NameLookup(
        # A spelling that ``ALIASES`` files under another key ("US", "Kiev") is that key's entity
        # only: looked for as given, it found people of that surname ("Slams US", as the model
        # reads a title-case headline) where "U.S." finds the country.
        as_given=whole if _is_alias(spaced) else spaced.casefold(),
        whole=whole,
        as_person=entity_key(strip_titles(spaced)),
        personal_title=has_personal_title(spaced),
    )


@dataclass(frozen=True, slots=True)
class EntityResolution:
    """The entities of a scope, and the key each input mention was resolved to (or None)."""

    entities: tuple[Entity, ...]
    keys: tuple[str | None, ...]


@dataclass(slots=True)
class _Group:
    names: Counter[str]
    kinds: Counter[EntityKind]
    article_ids: dict[int, None]
    mentions: int = 0


# A possessive the model took into a person's name, as it does in title-case headlines ("Jon
# Favreau's 'Chef'", "PRESIDENT BARACK OBAMA'S ...", "James' …"): no part of the name. A company's
# name may end so ("McDonald's", "Dick's"), so only people's lose it.
_TRAILING_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['’][sS]$|(?<=[sS])['’]$")


def displayed_name(name: str, kind: EntityKind) -> str:
    """``name`` as an entity of ``kind`` is kept and shown: a person's without titles or a
    possessive, any other without a leading "the"."""
    if kind == "person":
        return _TRAILING_POSSESSIVE.sub("", strip_titles(name))
    if name.casefold().startswith("the ") and len(name.split()) > 1:
        return name[4:]
    return name


# Not a name but a photo credit ("AP Photo/David Zalubowski", "UpperCut Images/Getty"), a
# weather line ("Sun/Clouds"), an address ("Daniel.Miller@THR.com") or a time ("10:33am PDT"),
# all of which the model marks as names in scraped articles (Multi-News).
_NOT_A_NAME = re.compile(r"[/@]|\d:\d\d")


def _usable(name: str) -> bool:
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS:
        return False
    if not any(character.isalpha() for character in name) or _NOT_A_NAME.search(name):
        return False
    return name[0].isupper() or name[0].isdigit() or not name[0].isalpha()


def _initials(key: str, *, kept: frozenset[str] = frozenset()) -> str:
    return "".join(word[0] for word in key.split() if word not in NAME_CONNECTORS or word in kept)


# Connectors an acronym may keep a letter of: "DOB" is the Department of Buildings, "BOJ" the
# Bank of Japan, as "EU" is the European Union.
_ACRONYM_CONNECTORS = frozenset({"of"})


def _majority_kind(kinds: Counter[EntityKind]) -> EntityKind:
    return max(kinds, key=lambda kind: (kinds[kind], -_KIND_ORDER.index(kind)))


def _core(key: str) -> str:
    """A person's key without middle initials: "james b comey" → "james comey"."""
    words = key.split()
    if len(words) < 3:
        return key
    return " ".join([words[0], *(word for word in words[1:-1] if len(word) > 1), words[-1]])


def _may_be_surname(key: str, group: _Group, kind: EntityKind, in_other_names: frozenset[str]) -> bool:
    """Whether a name said alone may be the surname of a person named in full in the scope. The
    small model often takes a surname said alone for an organisation ("Trump" 44 times against
    30, "Eichmann" 12 against 9 in Multi-News stories), a product ("Scaramucci" 8 times, an
    organisation 6 and a person once in one Multi-News article) or a place ("Bunch" 8 times
    against once a person). So: a name the model took for a person at least once; else any but a
    place ("Washington" beside "George Washington"), and, where the scope also names an
    organisation, product or event with that word in it (``in_other_names``: "Ford Motor",
    "Bloomberg News"), no organisation, product or event either."""
    if group.kinds["person"] > 0 or kind == "other":
        return True
    return kind != "place" and key not in in_other_names


def _surnames(key: str) -> tuple[str, ...]:
    """How a person of the full name ``key`` may be named alone: the last word, and the last two
    where they open with a particle ("robert de niro" → "niro", "de niro"; "osama bin laden" →
    "bin laden"). Not any last two words: the model often takes a word before a name for part
    of it ("Starring Julia Roberts", "AG Jeff Sessions"), and "Julia Roberts" is no surname."""
    words = key.split()
    if len(words) < 2:
        return ()
    if len(words) > 2 and words[-2] in NAME_CONNECTORS:
        return (words[-1], " ".join(words[-2:]))
    return (words[-1],)


def _redirects(groups: dict[str, _Group]) -> dict[str, str]:
    """Keys that are another key's surname, acronym or spelling with a middle initial within the
    scope (steps 4 and 5)."""
    kinds = {key: _majority_kind(group.kinds) for key, group in groups.items()}
    redirects: dict[str, str] = {}
    # "James B. Comey" and "James Comey" are one person, shown by the more mentioned spelling.
    by_core: dict[str, list[str]] = defaultdict(list)
    for key, kind in kinds.items():
        if kind == "person" and " " in key:
            by_core[_core(key)].append(key)
    for spellings in by_core.values():
        main = max(spellings, key=lambda key: (groups[key].mentions, -len(key)))
        redirects.update({key: main for key in spellings if key != main})
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_initials: dict[str, list[str]] = defaultdict(list)
    in_other_names: set[str] = set()
    for key, kind in kinds.items():
        words = key.split()
        if kind == "person":
            for surname in _surnames(key):
                by_surname[surname].add(redirects.get(key, key))
        elif kind in {"organization", "product", "event"} and len(words) > 1:
            in_other_names.update(words)
        if kind in {"organization", "place", "other"} and len(words) > 1:
            # "BBC" is the initials of "British Broadcasting Corporation", whose key has lost
            # its last word as a legal form.
            spelt = {
                _initials(spelling, kept=kept)
                for spelling in (key, *(_folded(name) for name in groups[key].names))
                for kept in (frozenset(), _ACRONYM_CONNECTORS)
            }
            for initials in spelt:
                by_initials[initials].append(key)
    others = frozenset(in_other_names)
    for key, kind in kinds.items():
        if key in redirects:
            continue
        surname_of = by_surname.get(key, set()) - {key}
        if len(surname_of) == 1 and _may_be_surname(key, groups[key], kind, others):
            redirects[key] = next(iter(surname_of))
        elif " " in key:
            continue
        elif kind in {"organization", "place", "other"} and len(by_initials.get(key, [])) == 1:
            display = groups[key].names.most_common(1)[0][0]
            if display.replace(".", "").isupper() and len(key) >= 2:
                redirects[key] = by_initials[key][0]
    return redirects


# Marks the group of a one-word company written with its legal form ("Weinstein Co.").
_COMPANY = "\x00"


def _company_key(key: str, groups: dict[str, _Group], redirects: dict[str, str]) -> str:
    """Where a one-word company written with its legal form goes: with the same name written
    without it ("Netflix, Inc." and "Netflix"), unless that name is a person's surname in this
    scope ("Weinstein" alone is Harvey Weinstein; "The Weinstein Co." stays the company)."""
    bare = key.removeprefix(_COMPANY)
    target = redirects.get(bare, bare)
    if bare in groups and target != bare and _majority_kind(groups[target].kinds) == "person":
        return bare
    return target


def _people_of(mentions: Sequence[tuple[int, Mention]]) -> frozenset[str]:
    """The keys and surnames of the people the model found in a scope."""
    people: set[str] = set()
    for _, mention in mentions:
        if mention.kind == "person" and (key := entity_key(strip_titles(mention.text))):
            people.update((key, key.rsplit(" ", 1)[-1]))
    return frozenset(people)


def _named_in_full(mentions: Sequence[tuple[int, Mention]]) -> frozenset[str]:
    """The keys of the people the model found named in full in a scope, and their surnames."""
    people: set[str] = set()
    for _, mention in mentions:
        if mention.kind == "person" and " " in (key := entity_key(strip_titles(mention.text))):
            people.update((key, *_surnames(key)))
    return frozenset(people)


# A possessive within a name: "Scaramucci’s SkyBridge", "President Trump's White House".
_POSSESSIVE = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<owned>\S.*)$")


# Words of an institution's name, never of a person's: "the Whitley County Sheriff’s Office" is
# no person's office though the model took "Whitley County Sheriff" for a person.
_INSTITUTION_WORDS = frozenset({"county", "sheriff", "city", "district", "office", "department", "court"})


def _without_owner(mention: Mention, named_in_full: frozenset[str]) -> Mention:
    """``mention`` without a person's possessive that opens it. The model reads "Scaramucci’s
    SkyBridge" as one organisation, kept as "scaramucci skybridge" beside "SkyBridge": it is
    the organisation after the possessive. Taken for a person ("Leonardo DiCaprio’s Style
    Evolution"), it is the person before it. Only a person named in full in the scope, or their
    surname, is taken for an owner, with no title but a personal one ("President Trump's White
    House"): "Martha's Vineyard", "McDonald's Corp" and "the Community of Christ's Doctrine" stay
    whole."""
    found = _POSSESSIVE.match(mention.text)
    if found is None:
        return mention
    owner = found["owner"]
    key = entity_key(strip_titles(owner) if has_personal_title(owner) else owner)
    if key not in named_in_full or set(key.split()) & _INSTITUTION_WORDS:
        return mention
    return Mention(owner if mention.kind == "person" else found["owned"], mention.kind)


def _misfiled_person(mention: Mention, people: frozenset[str]) -> bool:
    """Whether a name the model did not take for a person's is one of the scope's ``people`` with
    a personal title: it tags "President Biden" as an organisation now and then, and kept whole it
    became an organisation "president biden" beside the person "Joe Biden". Only a personal title
    counts (``has_personal_title``): "St. Louis" stays a place in a story about Joe Louis."""
    return (
        mention.kind != "person"
        and has_personal_title(mention.text)
        and entity_key(strip_titles(mention.text)) in people
    )


def resolve_entities(mentions: Sequence[tuple[int, Mention]]) -> EntityResolution:
    """Group ``(article_id, mention)`` pairs of one scope (an article or a story) into entities.

    Entities come most-mentioned first; ``keys[i]`` is the key of ``mentions[i]``, None for a
    mention that is not a usable name.
    """
    groups: dict[str, _Group] = {}
    raw_keys: list[str | None] = []
    people = _people_of(mentions)
    named_in_full = _named_in_full(mentions)
    for article_id, given in mentions:
        mention = _without_owner(given, named_in_full)
        kind: EntityKind = "person" if _misfiled_person(mention, people) else mention.kind
        name = displayed_name(mention.text, kind)
        if not _usable(name):
            raw_keys.append(None)
            continue
        key = entity_key(name)
        if not key:
            raw_keys.append(None)
            continue
        if " " not in key and has_legal_form(name):
            # Grouped apart until surnames are joined: see _company_key.
            key = _COMPANY + key
        group = groups.setdefault(key, _Group(Counter(), Counter(), {}))
        group.names[name] += 1
        group.kinds[kind] += 1
        group.article_ids[article_id] = None
        group.mentions += 1
        raw_keys.append(key)

    redirects = _redirects(groups)
    for key in groups:
        if key.startswith(_COMPANY):
            redirects[key] = _company_key(key, groups, redirects)
    merged: dict[str, _Group] = {}
    for key, group in groups.items():
        target = redirects.get(key, key)
        into = merged.setdefault(target, _Group(Counter(), Counter(), {}))
        into.names.update(group.names)
        if (
            target != key
            and not key.startswith(_COMPANY)
            and _majority_kind(groups[target].kinds) == "person"
        ):
            # A surname joined to a person is that person, whatever the model took it for alone.
            into.kinds["person"] += group.mentions
        else:
            into.kinds.update(group.kinds)
        into.article_ids.update(group.article_ids)
        into.mentions += group.mentions

    entities = [
        Entity(
            key=key,
            name=_best_name(key, group),
            kind=_majority_kind(group.kinds),
            mentions=group.mentions,
            article_ids=tuple(sorted(group.article_ids)),
        )
        for key, group in merged.items()
    ]
    entities.sort(key=lambda entity: (-entity.mentions, -len(entity.article_ids), entity.key))
    keys = tuple(None if key is None else redirects.get(key, key) for key in raw_keys)
    return EntityResolution(tuple(entities), keys)


def _best_name(key: str, group: _Group) -> str:
    """The display name: the most used spelling among those whose key is the entity's own."""
    own = [name for name in group.names if entity_key(name) == key]
    candidates = own or list(group.names)
    # As often "Netflix" as "Netflix, Inc.": the name without its legal form reads better.
    return max(candidates, key=lambda name: (group.names[name], not has_legal_form(name), len(name)))


def entities_of(article_id: int, mentions: Iterable[Mention]) -> tuple[Entity, ...]:
    """The entities of one article."""
    return resolve_entities([(article_id, mention) for mention in mentions]).entities
