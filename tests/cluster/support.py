"""Shared material for the stories tests: the seed pair as articles, and one loaded model."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tidings.cluster.embed import HybridEmbedder, StaticEmbedder
from tidings.model import Article, Outlet, Provenance

STORIES = Path(__file__).resolve().parent.parent / "fixtures" / "stories"
WHEN = datetime(2022, 12, 19, 18, 0, tzinfo=UTC)


@functools.cache
def static_embedder() -> StaticEmbedder:
    """The shipped static model, loaded once for the whole run."""
    return StaticEmbedder()


@functools.cache
def hybrid_embedder() -> HybridEmbedder:
    """The shipped default (MiniLM for headline-only articles), loaded once for the whole run."""
    return HybridEmbedder()


def seed_body(name: str) -> str:
    """The article paragraphs of a seed page: its long lines (the chrome lines are short).
    Extraction proper is tested elsewhere; here only the body matters."""
    lines = (STORIES / name).read_text(encoding="utf-8").splitlines()
    return "\n\n".join(line.strip() for line in lines if len(line.split()) >= 12 and "(Sergei" not in line)


NTD_TITLE = "Russian President Putin Visits Ally Belarus"
TRIBUNE_TITLE = "Putin says Russia-Belarus drills to go on as ally hints at new weapons"


def article(
    title: str,
    text: str,
    outlet: str,
    *,
    published_at: datetime = WHEN,
    domain: str | None = None,
    url: str | None = None,
    byline: str | None = None,
    language: str | None = "en",
) -> Article:
    return Article(
        title=title,
        text=text,
        html="",
        outlet=Outlet(name=outlet, domain=domain),
        provenance=Provenance(kind="file", locator=f"{outlet}-{title[:20]}-{published_at.isoformat()}"),
        fetched_at=published_at,
        byline=byline,
        published_at=published_at,
        url=url,
        language=language,
    )


def ntd(published_at: datetime = WHEN) -> Article:
    return article(
        NTD_TITLE, seed_body("ntd-putin-belarus.txt"), "NTD", published_at=published_at, domain="ntd.com"
    )


def tribune(published_at: datetime = WHEN + timedelta(hours=2)) -> Article:
    return article(
        TRIBUNE_TITLE,
        seed_body("tribune-inkl-putin-belarus.txt"),
        "Tribune News Service",
        published_at=published_at,
        domain="inkl.com",
    )


# Full-text articles for settling (``cluster.settle``), written for it: one article on an
# eruption, two on its aftermath sharing a few of its words, and unrelated ones. Each aftermath
# article shares ``shared`` of the eruption's words: 8 puts the eruption a little under the
# full-text threshold of their story (margin about -0.025 when re-checked, within the default
# slack of 0.05), 4 well under it (about -0.09); the two aftermath articles match each other far
# above it, and the unrelated ones match nothing.
_ERUPTION = (
    "volcano eruption iceland lava reykjanes peninsula grindavik town evacuated residents magma "
    "fissure opened sunday night seismologists earthquakes swarm ash cloud airport keflavik flights "
    "aviation warning geothermal plant svartsengi blue lagoon closed"
)
_AFTERMATH = (
    "lava flows reached grindavik houses burned firefighters defensive barriers walls diverted molten "
    "rock civil protection police coast guard helicopter surveyed crater rows harbour fishermen boats "
    "families shelters reykjavik schools gymnasium volunteers"
)
_UNRELATED = [
    "parliament budget vote finance minister taxes pensions deficit coalition opposition debate "
    "spending healthcare schools teachers salaries reform inflation",
    "football championship final goal striker penalty referee stadium supporters trophy coach squad "
    "injury transfer season league victory celebration",
    "vaccine trial pharmaceutical company results patients dosage hospital doctors regulators "
    "approval study researchers infection immunity clinic",
    "election campaign candidate rally voters polls senator governor debate television advertising "
    "donors primary ballots turnout district",
    "storm hurricane coast rainfall flooding wind gusts meteorologists forecast warning shelters power "
    "outages utility crews damage roads bridges",
]


def _body(words: list[str], length: int) -> str:
    return " ".join(words[position % len(words)] for position in range(length)) + "."


def eruption() -> tuple[str, str]:
    """The eruption, as (title, text)."""
    return "Volcano erupts near Grindavik", _body(_ERUPTION.split(), 60)


def aftermath(shared: int = 8) -> list[tuple[str, str]]:
    """Two articles on the eruption's aftermath, each sharing ``shared`` of its words."""
    words = _ERUPTION.split()[:shared] + _AFTERMATH.split()
    return [
        ("Lava reaches Grindavik", _body(words, 70)),
        ("Grindavik homes burn", _body(list(reversed(words)), 70)),
    ]


def unrelated(count: int) -> list[tuple[str, str]]:
    """``count`` articles on other subjects, each matching no other (at most five)."""
    return [
        (f"Other news {number}", _body(text.split(), 60)) for number, text in enumerate(_UNRELATED[:count])
    ]
