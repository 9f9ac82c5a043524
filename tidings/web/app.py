"""The web application: the HTML reader at ``/``, the JSON API at ``/api/v1``, static files.

``create_app(tidings)`` is what ``tidings serve`` runs with uvicorn. Errors never show a
traceback: in the reader a ``NotFound`` (or an unknown path) is a real 404 page, a malformed
parameter a 400 page, a store failure a 503 page; the API answers the same cases with problem
bodies (``api.py``). Every response, error pages and static files included, carries the headers
of ``security.SecurityHeadersMiddleware``. While it serves, the app runs the fetcher's scheduler in
its lifespan (setting ``serve_polls_sources``), so subscribed feeds stay fresh with no cron job,
and reads new articles' entities (``serve_reads_entities``), so entity pages find them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.core import Tidings
from tidings.errors import InputError, NotFound, StoreError, TidingsError
from tidings.jobs.entities import EntityProcess, EntityReader
from tidings.web.api import create_api, problem
from tidings.web.hints import method_not_allowed, reader_not_found, reader_unknown_filter
from tidings.web.params import BadParameter, UnknownFilter
from tidings.web.ranking import TopStoriesMemo
from tidings.web.reader import STATIC_DIR, reader_routes, render_page
from tidings.web.security import SecurityHeadersMiddleware

if TYPE_CHECKING:
    from tidings.jobs import Scheduler

__all__ = ["create_app"]

logger = logging.getLogger(__name__)

# Responses smaller than this are sent as they are: compressing them costs more than it saves.
GZIP_MINIMUM_BYTES = 1000
API_PREFIX = "/api/v1"


class HeadWithoutBody:
    """Answers HEAD as GET without the body, outside compression: the response is built and
    compressed as GET's is, so that HEAD answers GET's headers (``Content-Length``,
    ``Content-Encoding``, ``Vary``) exactly, whatever the route, the reader's or the API's.
    Handed on as GET: FastAPI's routes take only the methods they declare, and declaring HEAD on
    each would add a second operation per route to the OpenAPI document."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


def _error_page(status: int, title: str, message: str) -> Response:
    return render_page("error.html", status_code=status, title=title, message=message)


async def _on_not_found(request: Request, error: Exception) -> Response:
    del request
    assert isinstance(error, NotFound)
    return _error_page(404, "Not found", reader_not_found(error))


async def _on_unknown_filter(request: Request, error: Exception) -> Response:
    del request
    assert isinstance(error, UnknownFilter)
    return _error_page(404, "Not found", reader_unknown_filter(error.field, error.not_found))


def _is_api_path(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if _is_api_path(request.url.path):
        # A path the API's mount cannot even match (a newline in it, or the bare prefix): still
        # a problem body.
        return problem(error.status_code, "Not found", f"no API route {request.url.path!r}", request.url.path)
    if error.status_code == 404:
        return _error_page(404, "Not found", f"There is no page at {request.url.path}.")
    headers = dict(error.headers or {})
    message = str(error.detail)
    if error.status_code == 405:
        headers, refusal = method_not_allowed(request.method, request.url.path, headers)
        message = refusal + "."
    response = _error_page(error.status_code, "Cannot do that", message)
    response.headers.update(headers)
    return response


async def _on_bad_parameter(request: Request, error: Exception) -> Response:
    del request
    return _error_page(400, "Cannot read that request", str(error))


async def _on_input_error(request: Request, error: Exception) -> Response:
    del request
    return _error_page(422, "Refused", str(error))


async def _on_store_error(request: Request, error: Exception) -> Response:
    logger.error("store error on %s: %s", request.url.path, error, exc_info=error)
    return _error_page(503, "The store is unavailable", "Tidings could not use its store; try again.")


async def _on_tidings_error(request: Request, error: Exception) -> Response:
    del request
    return _error_page(400, "Cannot do that", str(error))


async def _on_unexpected(request: Request, error: Exception) -> Response:
    logger.exception("unexpected error on %s", request.url.path, exc_info=error)
    return _error_page(500, "Something went wrong", "Tidings failed on this page; its log says why.")


@asynccontextmanager
async def _polling(app: Starlette) -> AsyncIterator[None]:
    """Runs the source scheduler and the entity reader beside the reader while it serves, each
    when the settings ask."""
    tidings: Tidings = app.state.tidings
    tidings.warm_extraction()  # a pasted page then need not wait for a worker to start
    app.state.scheduler = None
    app.state.entity_reader = None
    try:
        async with AsyncExitStack() as background:
            if tidings.settings.serve_polls_sources:
                scheduler = tidings.scheduler()
                await scheduler.start()
                background.push_async_callback(_stop_polling, scheduler)
                app.state.scheduler = scheduler
            if tidings.settings.serve_reads_entities:
                entity_process = EntityProcess()
                background.callback(entity_process.close)  # closed after the reader has stopped
                entity_reader = EntityReader(
                    partial(tidings.read_pending_entities, analyse=entity_process.read)
                )
                await entity_reader.start()
                background.push_async_callback(entity_reader.stop)
                app.state.entity_reader = entity_reader
            yield
    except asyncio.CancelledError:
        # A second Ctrl+C stops uvicorn without waiting for the work in hand: it cancels this
        # lifespan and the background loops while they finish (every stop above still ran). Let
        # rise, the cancellation was printed as a traceback of some 80 lines before "stopped".
        logger.warning("stopped without waiting for the work under way")


async def _stop_polling(scheduler: Scheduler) -> None:
    """Stop the scheduler, saying so where polls are under way: a poll of a slow server may take up
    to TIDINGS_FETCH_TIMEOUT_S, and a server stopped by its service manager said nothing meanwhile."""
    if under_way := scheduler.polls_under_way:
        polls = "1 poll" if under_way == 1 else f"{under_way} polls"
        logger.warning("stopping: finishing the %s under way before the server ends", polls)
    await scheduler.stop()


def create_app(tidings: Tidings) -> Starlette:
    """The reader and API on ``tidings``' store, as one ASGI application."""
    top_stories = TopStoriesMemo()
    exception_handlers: dict[Any, Any] = {
        NotFound: _on_not_found,
        UnknownFilter: _on_unknown_filter,
        HTTPException: _on_http_error,
        BadParameter: _on_bad_parameter,
        InputError: _on_input_error,
        StoreError: _on_store_error,
        TidingsError: _on_tidings_error,
        Exception: _on_unexpected,
    }
    app = Starlette(
        routes=[
            *reader_routes(),
            Mount(API_PREFIX, app=create_api(tidings, top_stories), name="api"),
            Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(HeadWithoutBody),
            Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES),
        ],
        exception_handlers=exception_handlers,
        lifespan=_polling,
    )
    # A redirect to the path with(out) its trailing slash would be built from the request's Host
    # header, which the client chooses (an open redirect): such paths are a 404 instead.
    app.router.redirect_slashes = False
    app.state.tidings = tidings
    app.state.top_stories = top_stories
    return app
