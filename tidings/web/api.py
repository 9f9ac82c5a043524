"""The JSON API, ``/api/v1``: each page's view-model through its schema, errors as problem details.

Routes call the same builders as the reader (``pages.py``) and return the matching schema of
``schemas.py``; FastAPI writes the OpenAPI document (``/api/v1/openapi.json``) from them. Every
error, ours or the framework's, leaves as an RFC 9457 problem body (``application/problem+json``):
404 for unknown ids, 422 naming the field for malformed input (a query parameter the route does
not declare included), 503 when the store fails, and a bare 500 without internals for anything
unforeseen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from email.message import Message as MediaType
from functools import partial
from importlib.metadata import version
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, Path, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings.core import Tidings, utc_now
from tidings.errors import (
    InputError,
    NotFound,
    StoreError,
    TidingsError,
    json_number_too_long,
    printable_name,
)
from tidings.store.search import MAX_QUERY_TERMS
from tidings.web import pages, stories
from tidings.web.hints import api_not_found, method_not_allowed
from tidings.web.params import (
    DEFAULT_PAGE_SIZE,
    MAX_CURSOR_CHARS,
    MAX_FILTER_CHARS,
    MAX_ID,
    MAX_LANGUAGE_CHARS,
    MAX_PAGE_SIZE,
    MAX_SEARCH_CHARS,
    BadParameter,
    UnknownFilter,
    decode_article_cursor,
    decode_offset_cursor,
    decode_story_cursor,
    filter_value,
    language_code,
    outlet_filter,
    search_query,
)
from tidings.web.ranking import TopStoriesMemo
from tidings.web.schemas import (
    AddPageOut,
    ArticlePageOut,
    ArticlesPageOut,
    EntityPageOut,
    FrontPageOut,
    IngestRequest,
    OutletPageOut,
    OutletsPageOut,
    Problem,
    SearchPageOut,
    StoryPageOut,
    SubscribeRequest,
)
from tidings.web.views import Filters

__all__ = ["PROBLEM_MEDIA_TYPE", "create_api"]

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: _problem_response("No such item (the problem body says which)."),
    422: _problem_response("A malformed parameter or body; `errors` names each field."),
    503: _problem_response("The store could not be read or written; try again."),
}
LIST_PROBLEMS: dict[int | str, dict[str, Any]] = {code: PROBLEMS[code] for code in (422, 503)}


def _digits_only(value: object) -> object:
    """A number in a path or query string as the reader reads it (``/stories/{id:int}``): ASCII
    digits only. Pydantic's lax reading would take ``5_0`` as 50, ``+5`` and `` 5`` as 5 and
    ``1.0`` as 1, so that the API answered story 50 at an address where the reader has none."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise PydanticCustomError("whole_number", "Input should be a whole number written in the digits 0-9")
    return value


# After the constraints in each Annotated: before them, FastAPI drops `minimum`/`maximum` from
# the OpenAPI document.
DIGITS_ONLY = BeforeValidator(_digits_only)

CursorQuery = Annotated[
    str | None, Query(max_length=MAX_CURSOR_CHARS, description="`next_cursor` of the previous page.")
]
LimitQuery = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Items per page."), DIGITS_ONLY]
OutletQuery = Annotated[
    str | None, Query(max_length=MAX_FILTER_CHARS, description="Only this outlet's coverage (its key).")
]
LanguageQuery = Annotated[
    str | None,
    Query(
        max_length=MAX_LANGUAGE_CHARS,
        description="Only this language: an ISO 639-1 code (`en`; a tag such as `en-GB` reads as its"
        " language) or another code language detection stores (`yue`).",
    ),
]
EntityQuery = Annotated[
    str | None, Query(max_length=MAX_FILTER_CHARS, description="Only the stories naming this entity.")
]
SearchLimitQuery = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Results per page."), DIGITS_ONLY]


class UnknownParameters(ValueError):
    """Query parameters a route does not declare: refused, as an unknown body field is, so that a
    misspelt parameter (``limt=5``) or one the route does not have is not silently ignored."""

    def __init__(self, route: str, unknown: list[str], accepted: tuple[str, ...]) -> None:
        super().__init__(f"{route}: unknown query parameters {unknown}")
        self.unknown = unknown
        self.accepted = accepted


def _query_parameter_names(dependant: Dependant) -> tuple[str, ...]:
    """The query parameters a route declares, its dependencies' included, as clients spell them."""
    names = [field.alias for field in dependant.query_params]
    for dependency in dependant.dependencies:
        names.extend(_query_parameter_names(dependency))
    return tuple(dict.fromkeys(names))


async def _refuse_unknown_query_parameters(request: Request) -> None:
    """A dependency of every API route: the request's query parameters must all be ones the route
    declares (read from the route itself, so that no list is kept by hand), each given once."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    accepted = _query_parameter_names(route.dependant)
    unknown = [name for name in dict.fromkeys(request.query_params.keys()) if name not in accepted]
    if unknown:
        raise UnknownParameters(f"{request.method} {request.url.path}", unknown, accepted)
    # Every parameter takes one value, and the framework reads the last of several: the others
    # would be dropped unsaid (`q=putin&q=belarus` searching for "belarus" alone).
    for name in dict.fromkeys(request.query_params.keys()):
        given = len(request.query_params.getlist(name))
        if given > 1:
            raise BadParameter(name, f"is given {given} times; give it once")


async def _on_unknown_parameters(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, UnknownParameters)
    takes = f"takes {', '.join(error.accepted)}" if error.accepted else "takes no query parameters"
    fields = [
        {"field": f"query.{name}", "message": f"is not a parameter of this endpoint, which {takes}"}
        for name in error.unknown
    ]
    named = ", ".join(field["field"] for field in fields)
    detail = f"{named}: not a parameter of {request.url.path}, which {takes}"
    return problem(422, "Malformed request", detail, request.url.path, fields)


def problem(
    status: int, title: str, detail: str, instance: str, errors: list[dict[str, str]] | None = None
) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, instance=instance, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _field_name(location: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in location)


def _is_json_media_type(content_type: str | None) -> bool:
    """Whether FastAPI reads a body of this type as JSON (``application/json``, ``…+json``):
    any other body reaches validation as raw bytes."""
    if not content_type:
        return False
    media_type = MediaType()
    media_type["content-type"] = content_type
    subtype = media_type.get_content_subtype()
    return media_type.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _field_error(item: dict[str, Any], content_type: str | None) -> dict[str, str]:
    """One pydantic error as a named field. A body that is not JSON at all is reported by
    FastAPI at ("body", character offset) as "JSON decode error"; say where and what instead.
    A body sent as another type (a form, text/plain) is never parsed, and pydantic would say
    it is "not a valid dictionary": say it must be JSON. A missing or empty body would be
    "Field required": say what was expected and that none came."""
    location = tuple(item.get("loc", ()))
    if location == ("body",) and item.get("type") == "missing":
        message = "must be a JSON object sent as application/json; none was sent (the body was empty)"
        return {"field": "body", "message": message}
    if item.get("type") == "json_invalid":
        reason = str((item.get("ctx") or {}).get("error", "malformed"))
        where = f" at character {location[1]}" if len(location) > 1 else ""
        return {"field": "body", "message": f"is not valid JSON{where}: {reason}"}
    if location == ("body",) and not _is_json_media_type(content_type):
        sent_as = f"it was sent as {content_type!r}" if content_type else "it was sent with no Content-Type"
        return {"field": "body", "message": f"must be a JSON object sent as application/json ({sent_as})"}
    return {"field": _field_name(location), "message": str(item.get("msg", "invalid"))}


# FastAPI's answer (a 400) when the JSON parser fails other than by a syntax error, with the
# parser's exception as its cause: bytes that are not UTF-8, nesting deeper than Python's
# recursion limit ('[' * 100_000), or a whole number longer than Python converts (4,300 digits).
_UNPARSABLE_BODY = "There was an error parsing the body"


def _unparsable_body_reason(cause: BaseException | None) -> str:
    """Why a JSON body could not be parsed, from the parser's exception."""
    if isinstance(cause, UnicodeDecodeError):
        return _not_utf8_reason(bytes(cause.object))
    if isinstance(cause, RecursionError):
        return "is nested too deeply to be read as JSON"
    number = json_number_too_long(cause) if isinstance(cause, ValueError) else None
    return f"is not usable JSON: it holds {number}" if number else "could not be read as JSON"


def _not_utf8_reason(body: bytes) -> str:
    """Where ``body`` stops being UTF-8. The JSON parser may have guessed UTF-16 or UTF-32 from
    its first bytes and failed there, so its own position is not the one to report."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return f"is not UTF-8 (byte 0x{body[error.start]:02x} at offset {error.start}); send JSON as UTF-8"
    return "is not in an encoding JSON may use; send JSON as UTF-8"


def _install_problem_handlers(api: FastAPI) -> None:
    async def on_validation(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        content_type = request.headers.get("content-type")
        fields = [_field_error(item, content_type) for item in error.errors()]
        named = ", ".join(field["field"] for field in fields) or "the request"
        return problem(422, "Malformed request", f"Check {named}.", request.url.path, fields)

    async def on_bad_parameter(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, BadParameter)
        name = f"{error.location}.{error.field}"
        fields = [{"field": name, "message": error.message}]
        return problem(422, "Malformed request", f"{name}: {error.message}", request.url.path, fields)

    async def on_not_found(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, NotFound)
        return problem(404, "Not found", api_not_found(error), request.url.path)

    async def on_unknown_filter(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, UnknownFilter)
        name = f"query.{error.field}"
        message = api_not_found(error.not_found)
        fields = [{"field": name, "message": message}]
        return problem(404, "Not found", f"{name}: {message}", request.url.path, fields)

    async def on_input_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, InputError)
        fields = [{"field": "body.content", "message": error.reason}]
        return problem(422, "Input refused", str(error), request.url.path, fields)

    async def on_store_error(request: Request, error: Exception) -> JSONResponse:
        logger.error("store error on %s: %s", request.url.path, error, exc_info=error)
        return problem(503, "Store unavailable", "The store could not be used; try again.", request.url.path)

    async def on_tidings_error(request: Request, error: Exception) -> JSONResponse:
        return problem(400, "Request refused", str(error), request.url.path)

    async def on_http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        if error.status_code == 400 and error.detail == _UNPARSABLE_BODY:
            message = _unparsable_body_reason(error.__cause__)
            fields = [{"field": "body", "message": message}]
            return problem(422, "Malformed request", f"The body {message}.", request.url.path, fields)
        titles = {404: "Not found", 405: "Method not allowed"}
        headers = dict(error.headers or {})
        detail = str(error.detail)
        if error.status_code == 404:
            detail = f"no API route {request.url.path!r}"
        elif error.status_code == 405:
            headers, detail = method_not_allowed(request.method, request.url.path, headers)
        response = problem(
            error.status_code, titles.get(error.status_code, "Error"), detail, request.url.path
        )
        response.headers.update(headers)
        return response

    async def on_unexpected(request: Request, error: Exception) -> JSONResponse:
        logger.exception("unexpected error on %s", request.url.path, exc_info=error)
        return problem(
            500, "Internal error", "Tidings failed on this request; see its log.", request.url.path
        )

    api.add_exception_handler(RequestValidationError, on_validation)
    api.add_exception_handler(BadParameter, on_bad_parameter)
    api.add_exception_handler(UnknownParameters, _on_unknown_parameters)
    api.add_exception_handler(NotFound, on_not_found)
    api.add_exception_handler(UnknownFilter, on_unknown_filter)
    api.add_exception_handler(InputError, on_input_error)
    api.add_exception_handler(StoreError, on_store_error)
    api.add_exception_handler(TidingsError, on_tidings_error)
    api.add_exception_handler(StarletteHTTPException, on_http_error)
    api.add_exception_handler(Exception, on_unexpected)


def _problem_schema() -> dict[str, dict[str, Any]]:
    """``Problem`` and any model it uses, as OpenAPI component schemas."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    nested: dict[str, dict[str, Any]] = schema.pop("$defs", {})
    return {**nested, "Problem": schema}


def _openapi_with_problem(api: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI's document generator, plus the ``Problem`` schema that the error responses
    reference: FastAPI only adds the models of response bodies it serializes itself."""
    generate = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            document = generate()
            document.setdefault("components", {}).setdefault("schemas", {}).update(_problem_schema())
        return api.openapi_schema or {}

    return openapi


def _refuse_empty(value: str | None, field: str, what: str) -> None:
    """An empty (or blank) parameter is refused, as the command line refuses `--outlet ''`: a
    client that sends `outlet=` from an unset variable is told, not shown everything unfiltered.
    (The reader's menus send `outlet=` for "all outlets", so only the API refuses it.)"""
    if value is not None and not value.strip():
        raise BadParameter(field, f"is empty: give {what}, or leave the parameter out")


def _path_key(key: str, what: str) -> str:
    """An outlet's or entity's key from the path, trimmed. One of spaces only is refused as an
    empty one is (``/api/v1/outlets/`` is a 422 naming ``path.key``), not looked up as ``''``."""
    found = filter_value(key, "key", location="path")
    if found is None:
        raise BadParameter("key", f"is blank: give {what}", location="path")
    return found


def _filters(outlet: str | None, language: str | None, entity: str | None = None) -> Filters:
    _refuse_empty(outlet, "outlet", "an outlet's key")
    _refuse_empty(language, "language", "a language code such as 'en'")
    _refuse_empty(entity, "entity", "an entity's key or name")
    return Filters(
        outlet=outlet_filter(outlet),
        entity=filter_value(entity, "entity"),
        language=language_code(language),
    )


def _refusal(source: str, reason: str, *, named: bool) -> str:
    """One refused input as a problem's detail reads it. Without a ``name`` the input's source is
    the placeholder ``api`` (``IngestRequest.name``), which is no name to show: the posted content
    is said instead ("the posted content has no paragraphs…", not "api: has no paragraphs…")."""
    default = IngestRequest.model_fields["name"].default
    if named or not source.startswith(default):
        return f"{printable_name(source)}: {reason}"
    rest = source.removeprefix(default).strip()
    # A feed's entries are named by the feed's name and the entry's key: "api [sha256:…]".
    return f"the posted feed's entry {rest}: {reason}" if rest else f"the posted content {reason}"


def create_api(tidings_app: Tidings, top_stories: TopStoriesMemo) -> FastAPI:
    """The ``/api/v1`` application on ``tidings_app``; mount it at ``/api/v1``.

    ``top_stories`` is the app's one memo of the front page's ranking, shared with the reader."""
    api = FastAPI(
        title="Tidings API",
        version=version("tidings"),
        description="The JSON twin of every page of the Tidings reader. Errors are RFC 9457 problem details.",
        openapi_url="/openapi.json",
        docs_url=None,
        redoc_url=None,
        servers=[{"url": "/api/v1"}],
        root_path_in_servers=False,
        # A redirect to the path with(out) its slash would be built from the request's Host
        # header, which the client chooses: such paths are a 404 instead.
        redirect_slashes=False,
        dependencies=[Depends(_refuse_unknown_query_parameters)],
    )
    _install_problem_handlers(api)
    api.openapi = _openapi_with_problem(api)  # type: ignore[method-assign]

    @api.get("/front", response_model=FrontPageOut, responses=PROBLEMS, tags=["stories"])
    def front(
        cursor: CursorQuery = None,
        limit: LimitQuery = DEFAULT_PAGE_SIZE,
        outlet: OutletQuery = None,
        language: LanguageQuery = None,
        entity: EntityQuery = None,
    ) -> FrontPageOut:
        """The front page: top stories, then the latest, under the filters."""
        page = stories.front_page(
            tidings_app,
            _filters(outlet, language, entity),
            cursor=cursor,
            now=utc_now(),
            memo=top_stories,
            limit=limit,
        )
        return FrontPageOut.model_validate(page)

    @api.get("/stories/{story_id}", response_model=StoryPageOut, responses=PROBLEMS, tags=["stories"])
    def get_story(story_id: Annotated[int, Path(ge=1, le=MAX_ID), DIGITS_ONLY]) -> StoryPageOut:
        """Full coverage of one story: cited summary, agreement, timeline, entities, related."""
        return StoryPageOut.model_validate(stories.story_page(tidings_app, story_id))

    @api.get("/entities/{key:path}", response_model=EntityPageOut, responses=PROBLEMS, tags=["stories"])
    def get_entity(
        key: Annotated[str, Path(min_length=1, max_length=MAX_FILTER_CHARS)],
        cursor: CursorQuery = None,
        limit: LimitQuery = DEFAULT_PAGE_SIZE,
    ) -> EntityPageOut:
        """The stories that name a person, organisation or place, most recently active first."""
        entity_key = _path_key(key, "an entity's key or name")
        page = stories.entity_page(tidings_app, entity_key, after=decode_story_cursor(cursor), limit=limit)
        return EntityPageOut.model_validate(page)

    @api.get("/articles", response_model=ArticlesPageOut, responses=PROBLEMS, tags=["articles"])
    def list_articles(
        cursor: CursorQuery = None,
        limit: LimitQuery = DEFAULT_PAGE_SIZE,
        outlet: OutletQuery = None,
        language: LanguageQuery = None,
    ) -> ArticlesPageOut:
        """Articles, newest first, keyset-paged."""
        filters = _filters(outlet, language)
        found = pages.filtered_outlet(tidings_app, filters)
        if found is not None:  # echoed as the key found, as the front page echoes it
            filters = replace(filters, outlet=found.key)
        page = pages.articles_page(tidings_app, filters, after=decode_article_cursor(cursor), limit=limit)
        return ArticlesPageOut.model_validate(page)

    @api.get("/articles/{article_id}", response_model=ArticlePageOut, responses=PROBLEMS, tags=["articles"])
    def get_article(article_id: Annotated[int, Path(ge=1, le=MAX_ID), DIGITS_ONLY]) -> ArticlePageOut:
        """One article: its sanitized HTML, outlet, byline, date, original link and story."""
        return ArticlePageOut.model_validate(pages.article_page(tidings_app, article_id))

    @api.get("/outlets", response_model=OutletsPageOut, responses=LIST_PROBLEMS, tags=["outlets"])
    def list_outlets(
        sort: Annotated[Literal["articles", "name", "latest"], Query(description="Order.")] = "articles",
    ) -> OutletsPageOut:
        """Every outlet with its article count and latest article."""
        return OutletsPageOut.model_validate(pages.outlets_page(tidings_app, sort=sort))

    @api.get("/outlets/{key:path}", response_model=OutletPageOut, responses=PROBLEMS, tags=["outlets"])
    def get_outlet(
        key: Annotated[str, Path(min_length=1, max_length=MAX_FILTER_CHARS)],
        cursor: CursorQuery = None,
        limit: LimitQuery = DEFAULT_PAGE_SIZE,
    ) -> OutletPageOut:
        """One outlet and its coverage over time, newest first."""
        outlet_key = _path_key(key, "an outlet's key")
        page = stories.outlet_page(tidings_app, outlet_key, after=decode_article_cursor(cursor), limit=limit)
        return OutletPageOut.model_validate(page)

    @api.get("/search", response_model=SearchPageOut, responses=LIST_PROBLEMS, tags=["search"])
    def search(
        q: Annotated[
            str,
            Query(
                description='Words (all required), "a phrase", -excluded, OR, word*; at most '
                f"{MAX_SEARCH_CHARS} characters once trimmed and {MAX_QUERY_TERMS} words and phrases."
            ),
        ],
        cursor: CursorQuery = None,
        limit: SearchLimitQuery = pages.SEARCH_PAGE_SIZE,
    ) -> SearchPageOut:
        """Full-text search over articles, best first, grouped by story."""
        query = search_query(q)
        if not query:
            # As `tidings search ''` refuses it; the reader shows its empty search form instead.
            raise BadParameter("q", "is empty: give words to find")
        page = pages.search_page(tidings_app, query, offset=decode_offset_cursor(cursor), limit=limit)
        return SearchPageOut.model_validate(page)

    @api.post(
        "/ingest",
        response_model=AddPageOut,
        status_code=201,
        responses={422: PROBLEMS[422], 503: PROBLEMS[503]},
        tags=["ingest"],
    )
    async def ingest(request_body: Annotated[IngestRequest, Body()]) -> AddPageOut | JSONResponse:
        """Ingest a page's HTML or text, or a feed; says what was extracted and where it went."""
        outcomes = await run_in_threadpool(
            tidings_app.add_content,
            request_body.content.encode("utf-8"),
            name=request_body.name,
            kind="paste",
            url=request_body.url,
            content_type=request_body.content_type,
        )
        page = await run_in_threadpool(pages.add_page, tidings_app, outcomes)
        if page.items and page.refused_count == len(page.items):
            reasons = [{"field": "body.content", "message": item.reason or "refused"} for item in page.items]
            named = "name" in request_body.model_fields_set
            detail = "; ".join(
                _refusal(item.source, item.reason or "refused", named=named) for item in page.items
            )
            return problem(422, "Input refused", detail, "/api/v1/ingest", reasons)
        return AddPageOut.model_validate(page)

    @api.post(
        "/subscriptions",
        response_model=AddPageOut,
        status_code=201,
        responses={422: PROBLEMS[422], 503: PROBLEMS[503]},
        tags=["ingest"],
    )
    async def subscribe(request_body: Annotated[SubscribeRequest, Body()]) -> AddPageOut | JSONResponse:
        """Subscribe to the feed or sitemap behind a URL and check it once now."""
        item = await run_in_threadpool(
            partial(
                pages.subscribe_url,
                tidings_app,
                request_body.url,
                folder=request_body.folder,
                full_text=request_body.full_text,
            )
        )
        if item.status == "refused":
            reasons = [{"field": "body.url", "message": item.reason or "refused"}]
            return problem(
                422,
                "Address refused",
                f"{item.requested_url}: {item.reason}",
                "/api/v1/subscriptions",
                reasons,
            )
        return AddPageOut.model_validate(pages.add_page(tidings_app, (), (item,)))

    return api
