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
