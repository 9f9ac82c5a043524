"""Article pages as a site serves them, built in the tests that store them (no fixture file)."""

from __future__ import annotations

from datetime import datetime

from tidings.model import Provenance, RawDocument


def site_page(url: str, site: str, title: str, body: str, *, published: datetime) -> RawDocument:
    """An article page as a site serves it: a headline, a date, paragraphs."""
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
    html = (
        f'<html><head><title>{title} | {site}</title><meta property="og:site_name" content="{site}">'
        f'<meta property="article:published_time" content="{published.isoformat()}"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )
    return RawDocument(
        provenance=Provenance("url", url), body=html, media_type="text/html", url=url, fetched_at=published
    )
