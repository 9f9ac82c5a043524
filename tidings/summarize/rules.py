"""Vocabularies of the summarize stage, kept as data apart from the code that applies them.

* ``TITLES``: words and phrases that precede a name without being part of it ("President",
  "Prime Minister", "Sen."), stripped so that "President Putin" and "Putin" are one person.
* ``PERSONAL_TITLES``: the titles that come before a person's name only, never an
  organisation's or a place's ("President", "Senator", "Justice"; not "St", "General",
  "National", "King"): a name kept as an organisation or place that opens with one is a person
  the model misfiled ("President Biden").
* ``ALIASES``: a few very common names written several ways ("U.S.", "United States").
* ``CORPORATE_SUFFIXES``: legal-form words that end a company's name ("Inc.", "Co.", "AG"),
  dropped from its key so that "Netflix, Inc." and "Netflix" are one organisation.
  Acronyms of a long form seen in the same story ("EU", "European Union") are matched by rule in
  ``entities.py`` and need no entry here.
* ``BOILERPLATE``: sentences that are about the article rather than the news ("The Associated
  Press contributed to this report"); never a claim, never a summary sentence.
* ``DANGLING_OPENERS``: first words that point back to a sentence the reader has not seen
  ("He", "However"); such sentences make poor summary openers and are demoted, not removed.
"""

from __future__ import annotations

import re

__all__ = [
    "ALIASES",
    "BOILERPLATE",
    "CORPORATE_SUFFIXES",
    "DANGLING_OPENERS",
    "ENGLISH_STOPWORDS",
    "GENERIC_TERMS",
    "NAME_CONNECTORS",
    "PERSONAL_TITLES",
    "TITLES",
]


def _nonempty(words: set[str]) -> frozenset[str]:
    if any(not word.strip() for word in words):
        raise ValueError("a vocabulary entry is empty")
    return frozenset(words)


def _patterns(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    if any(not pattern.strip() for pattern in patterns):
        raise ValueError("a boilerplate pattern is empty")
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


# Case-folded, without their trailing dot; several-word titles are matched word by word from the
# start of a name ("prime minister", "secretary of state", "former president").
TITLES: frozenset[str] = _nonempty(
    {
        "president", "vice", "prime", "minister", "premier", "chancellor", "secretary", "general",
        "state", "foreign", "defense", "defence", "interior", "finance", "of", "the", "former",
        "ex", "late", "acting", "deputy", "chief", "executive", "ceo", "chairman", "chairwoman",
        "chair", "leader", "speaker", "senator", "sen", "rep", "representative", "congressman",
        "congresswoman", "gov", "governor", "mayor", "judge", "justice", "attorney", "ambassador",
        "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "admiral", "colonel", "major", "captain",
        "commander", "sgt", "sergeant", "officer", "detective", "inspector", "mr", "mrs", "ms",
        "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "king", "queen", "prince",
        "princess", "pope", "rev", "reverend", "father", "sister", "brother", "saint", "st",
        "sheikh", "ayatollah", "coach", "manager", "director", "spokesman", "spokeswoman",
        "spokesperson", "democratic", "republican", "gop", "army", "military", "opposition",
        "exiled", "supreme", "federal", "national", "first",
    }
)  # fmt: skip

# Titles of an office or an honorific that open a person's name and, as its first word, no
# organisation's or place's we know of. Left out, though titles: "st" and "saint" (St. Louis,
# St. Paul, whose last words are people's surnames too), "general" (General Motors), "national",
# "supreme", "federal", "state", "first", "army" and the like (institutions), "king", "queen",
# "prince" and "lord" (King County, Prince George, Queens, Lord Howe Island), "major" (Major
# League Baseball), "captain" and "father" (titles of works), "chief" (Chief Executive), and the
# honorifics and half-titles that open brands: "dr" (Dr Pepper), "mr" (Mr. Coffee), "mrs", "ms",
# "vice" (Vice Media), "prime" (Prime Video).
PERSONAL_TITLES: frozenset[str] = _nonempty(
    {
        "president", "minister", "premier", "chancellor", "secretary", "senator", "sen", "rep",
        "representative", "congressman", "congresswoman", "gov", "governor", "mayor", "judge",
        "justice", "attorney", "ambassador", "gen", "lt", "col", "maj", "capt", "cmdr", "adm",
        "admiral", "colonel", "sgt", "sergeant", "prof", "professor", "sir", "dame", "pope", "rev",
        "reverend", "sheikh", "ayatollah", "chairman", "chairwoman", "spokesman", "spokeswoman",
        "spokesperson",
    }
)  # fmt: skip
if not PERSONAL_TITLES <= TITLES:
    raise ValueError(f"personal titles that are not titles: {sorted(PERSONAL_TITLES - TITLES)}")

# Words that may join the parts of a name written in capitals ("Bank of England", "Abu al-Bakr").
NAME_CONNECTORS: frozenset[str] = _nonempty(
    {"of", "de", "del", "della", "da", "di", "du", "des", "la", "le", "van", "von", "der", "den",
     "al", "el", "bin", "ibn", "and", "&", "the", "y"}
)  # fmt: skip

# Normalised spelling → canonical key. Keys are case-folded with dots removed.
ALIASES: dict[str, str] = {
    "us": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "eu": "european union",
    "un": "united nations",
    "nato": "nato",
    "kiev": "kyiv",
    "the kremlin": "kremlin",
    "the white house": "white house",
}

# Legal forms that end a company's name, case-folded without dots ("S.p.A." is "spa"). Dropped from
# the end of a key only, and only while a word is left: "Corporation for Public Broadcasting"
# keeps its first word, "Co-operative Bank" has no word "co", a name that is only "Inc." stays.
# "Company", "Corporation" and "Limited" are here because the same company is written both ways in
# one news sample (Multi-News: "Tokyo Electric Power Co." and "... Company", "The Weinstein Co."
# and "The Weinstein Company"). Left out: "Group" and "Holdings" (part of the name: "Carlyle
# Group"), "AS" and "SAS" (words and airlines), "NA" (also "N.A." for not applicable).
CORPORATE_SUFFIXES: frozenset[str] = _nonempty(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "llp",
     "lp", "plc", "pty", "sa", "spa", "ag", "gmbh", "nv", "bv", "se", "ab", "asa", "oyj"}
)  # fmt: skip

BOILERPLATE: tuple[re.Pattern[str], ...] = _patterns(
    [
        r"\bcontributed to this (?:report|article|story)\b",
        r"\b(?:reporting|writing|editing) by\b",
        # "For a full recap of the night's winners, click here." ends as often as it opens.
        r"\b(?:click|tap) here\b",
        r"\bsign up for\b.*\bnewsletter\b",
        r"\ball rights reserved\b",
        r"\bthis (?:story|article) (?:has been|was) (?:updated|corrected)\b",
        r"^\s*(?:read more|related|advertisement|photo|image|video)\s*:",
        r"\bfollow (?:us|him|her|them) on (?:twitter|x|facebook|instagram)\b",
        r"\bcopyright \d{4}\b",
        r"\bdid not (?:immediately )?respond to (?:a )?requests? for comment\b",
        # Scraped page furniture left in article text (seen in Multi-News): the BBC's image and
        # video captions, and the Internet Archive's notice where a page was not captured.
        r"\bimage (?:copyright|caption)\b",
        r"\bmedia playback is (?:unsupported|not supported)\b",
        r"\bthis crawl\b",
        r"\bbroken links on the web\b",
    ]
)

DANGLING_OPENERS: frozenset[str] = _nonempty(
    {
        "he", "she", "it", "they", "them", "his", "her", "its", "their", "this", "that", "these",
        "those", "but", "and", "so", "also", "however", "meanwhile", "still", "yet", "instead",
        "moreover", "furthermore", "besides", "then", "there", "here", "such",
    }
)  # fmt: skip

# Used only to tell whether a text of unknown language is English (see summarize.text).
ENGLISH_STOPWORDS: frozenset[str] = _nonempty(
    {
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "was", "on", "with", "he",
        "as", "by", "at", "his", "from", "are", "be", "this", "have", "has", "had", "not", "but",
        "they", "an", "were", "which", "their", "been", "would", "will", "said", "who", "she",
    }
)  # fmt: skip

# Lemmas (case-folded, as the analyser gives them) that do not tell one fact from another: verbs
# of reporting, which any quoted sentence has, and the words of a page's promotion of itself
# ("Get all your news in one place.", "Stay informed with accurate news you can trust.", "Read
# news from 100's of titles, curated specifically for you."), which two outlets' pages share
# when their chrome is left in. They do not count among the words two claims share
# (``agreement.shares_content``). Words that are news in some stories stay out ("sign" a deal,
# a "trial", "members" of parliament, "shares" that fell).
GENERIC_TERMS: frozenset[str] = _nonempty(
    {
        "say", "tell", "add", "report", "accord", "ask", "note", "news", "read", "app", "website",
        "page", "article", "click", "subscribe", "subscription", "subscriber", "newsletter",
        "email", "inbox", "membership", "premium", "download", "informed", "curate", "curated",
    }
)  # fmt: skip
