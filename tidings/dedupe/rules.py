"""Wire services and the ways a page credits them, as data (kept apart from the code that reads it).

Each entry is the wire's display name and the patterns that credit it in a byline, a dateline
("MINSK, Belarus (AP) —") or a closing line ("The Associated Press contributed to this report").
A credit in the byline or dateline says the writing is the wire's; a "contributed" line only says
the wire helped, and is not taken as origin.
"""

from __future__ import annotations

import re

__all__ = ["CONTRIBUTED_ONLY", "WIRE_CREDITS", "compiled_wire_credits"]

WIRE_CREDITS: dict[str, tuple[str, ...]] = {
    "Associated Press": (r"\(AP\)", r"\bAssociated Press\b", r"^AP\b"),
    "Reuters": (r"\(Reuters\)", r"\bReuters\b"),
    "Agence France-Presse": (r"\(AFP\)", r"\bAgence France[- ]Presse\b", r"\bAFP\b"),
    "Tribune News Service": (r"\bTribune News Service\b", r"\bTribune Content Agency\b"),
    "Bloomberg": (r"\(Bloomberg\)", r"\bBloomberg News\b"),
    "United Press International": (r"\(UPI\)", r"\bUnited Press International\b"),
    "Deutsche Presse-Agentur": (r"\(dpa\)", r"\bDeutsche Presse-Agentur\b"),
    "PA Media": (r"\bPress Association\b", r"\bPA Media\b"),
    "Xinhua": (r"\(Xinhua\)", r"\bXinhua\b"),
    "Kyodo": (r"\(Kyodo\)", r"\bKyodo News\b"),
}

# A closing credit that says a wire *helped*, which does not make the article the wire's copy.
CONTRIBUTED_ONLY = re.compile(
    r"contributed to this report|contributed reporting|with (?:files|material) from", re.IGNORECASE
)


def compiled_wire_credits() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each wire with one compiled pattern; refuses an empty pattern (it would match anything)."""
    compiled = []
    for wire, patterns in WIRE_CREDITS.items():
        if not patterns or any(not pattern.strip() for pattern in patterns):
            raise ValueError(f"wire {wire!r} has an empty credit pattern")
        compiled.append((wire, re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.M)))
    return tuple(compiled)
