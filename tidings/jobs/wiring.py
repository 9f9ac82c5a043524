"""Building the fetcher and the refresher from ``Settings``: the one place settings meet them.

``gather.fetch`` and ``jobs.refresh`` take plain configuration objects so that tests and the
benchmark can build them directly; every front end gets them from here, so the CLI, the web
server's background scheduler and ``tidings run`` fetch with the same limits and identity.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import cast

from tidings import __version__
from tidings.config import Settings
from tidings.gather.fetch import FetchConfig, Fetcher
from tidings.gather.netpolicy import NetPolicy
from tidings.gather.schedule import ScheduleBounds
from tidings.gather.transport import Connector, Resolver
from tidings.jobs.refresh import DescribeAgain, ExtractOne, FullTextMode, PlaceNew, Refresher, RefreshLimits
from tidings.store import Store

__all__ = ["fetch_config", "net_policy", "open_fetcher", "open_refresher", "refresh_limits", "user_agent"]


def user_agent(settings: Settings) -> str:
    return f"Tidings/{__version__} (+{settings.fetch_user_agent_url})"


def fetch_config(settings: Settings) -> FetchConfig:
    return FetchConfig(
        user_agent=user_agent(settings),
        max_body_bytes=settings.max_document_bytes,
        max_redirects=settings.fetch_max_redirects,
        total_timeout_s=settings.fetch_timeout_s,
        connect_timeout_s=settings.fetch_connect_timeout_s,
        read_timeout_s=min(settings.fetch_timeout_s, max(settings.fetch_connect_timeout_s, 20.0)),
        per_host=settings.fetch_per_host,
        per_domain=settings.fetch_per_domain,
        host_gap_s=settings.fetch_host_gap_s,
        max_connections=max(10, settings.fetch_concurrency * 2),
    )


def net_policy(settings: Settings) -> NetPolicy:
    return NetPolicy.from_entries(settings.fetch_allow_networks)


def refresh_limits(settings: Settings) -> RefreshLimits:
    return RefreshLimits(
        bounds=ScheduleBounds(
            min_interval=timedelta(minutes=settings.poll_min_minutes),
            max_interval=timedelta(minutes=settings.poll_max_minutes),
            default_interval=timedelta(minutes=settings.poll_default_minutes),
            paused_interval=timedelta(hours=24),
        ),
        pause_after=timedelta(hours=settings.poll_pause_after_hours),
        max_document_bytes=settings.max_document_bytes,
        full_text_default=cast(FullTextMode, settings.full_text_default),
    )


@asynccontextmanager
async def open_fetcher(
    settings: Settings, *, resolver: Resolver | None = None, connector: Connector | None = None
) -> AsyncIterator[Fetcher]:
    async with Fetcher(
        fetch_config(settings), net_policy(settings), resolver=resolver, connector=connector
    ) as fetcher:
        yield fetcher


@asynccontextmanager
async def open_refresher(
    store: Store,
    settings: Settings,
    *,
    extract: ExtractOne,
    place_new: PlaceNew,
    describe_again: DescribeAgain | None = None,
    resolver: Resolver | None = None,
    connector: Connector | None = None,
) -> AsyncIterator[Refresher]:
    """A refresher with its fetcher and CPU pool, closed when the ``async with`` ends."""
    with ThreadPoolExecutor(
        max_workers=settings.extract_workers, thread_name_prefix="tidings-extract"
    ) as cpu:
        async with open_fetcher(settings, resolver=resolver, connector=connector) as fetcher:
            yield Refresher(
                store,
                fetcher,
                limits=refresh_limits(settings),
                extract=extract,
                place_new=place_new,
                cpu=cpu,
                describe_again=describe_again,
            )
