"""The HTML reader: routes that parse a request, build a page's view-model, and render Jinja2.

Each handler is a few lines: read parameters (``params.py``), call one builder (``pages.py``),
render one template. Templates autoescape everything; the only value marked safe is article
HTML that ``security.display_html`` has just cleaned. The Add form answers with its result page
directly (no redirect), so no request parameter can ever choose where the reader sends a browser.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from tidings.core import Tidings, utc_now
from tidings.errors import NotFound, TooLarge
from tidings.model import OriginEvidence, says_time_of_day
from tidings.pipeline import IngestOutcome
from tidings.store.search import SnippetSpan
from tidings.urls import display_url, without_password
from tidings.web import pages, stories
from tidings.web.params import (
    MAX_ID,
    decode_article_cursor,
    decode_offset_cursor,
    decode_story_cursor,
    filter_value,
    language_code,
    outlet_filter,
    search_query,
)
from tidings.web.schemas import NOT_AN_HTTP_ADDRESS
from tidings.web.security import address_refusal, is_cross_site_post, safe_http_url
from tidings.web.views import Claim, Filters, StoryPage, SummarySentence

__all__ = ["STATIC_DIR", "reader_routes", "render_page", "template_environment"]

TEMPLATES_DIR = Path(__file__).with_name("templates")
STATIC_DIR = Path(__file__).with_name("static")

# Multipart limits for the Add form: a few files, each under the document cap (checked again
# by ingest, which names the file it refuses).
MAX_UPLOAD_FILES = 20
MAX_FORM_FIELDS = 10
# Icons are refreshed weekly (jobs.refresh.ICON_MAX_AGE); a browser may keep one that long.
ICON_CACHE_CONTROL = "public, max-age=604800"
# Icons live under their own prefix, not at /outlets/{key}/icon: a key may itself end in "/icon"
# (a feed titled "Weather/Icon"), and the server decodes %2F before routing, so that outlet's
# page and another outlet's icon would be the same path.
ICON_PREFIX = "/outlet-icons/"

# The outlets with an icon, for the page being rendered (read by ``outlet_icon_src`` in macros,
# which Jinja imports without the page's context).
_ICON_KEYS: ContextVar[frozenset[str]] = ContextVar("icon_keys", default=frozenset())


def human_date(moment: datetime) -> str:
    if not says_time_of_day(moment):
        return moment.strftime("%-d %b %Y")
    return moment.strftime("%-d %b %Y, %H:%M UTC")


def machine_date(moment: datetime) -> str:
    """A ``<time datetime>`` value: a date alone where the source gave no time of day."""
    return moment.isoformat() if says_time_of_day(moment) else moment.date().isoformat()


def highlight(spans: Iterable[SnippetSpan]) -> Markup:
    """A search snippet's spans, the matched ones in ``<mark>``, every text escaped: the marks
    come from the spans, never from the text, so an article's own brackets stay brackets."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(span.text) if span.match else escape(span.text) for span in spans
    )


# How a copy's origin was told, in the words `tidings story` says after "came from … (by …)".
EVIDENCE_WORDS: dict[OriginEvidence, str] = {
    "canonical_link": "its canonical link",
    "wire_credit": "a wire credit",
    "earliest": "the earliest date",
}


def evidence_words(evidence: OriginEvidence) -> str:
    return EVIDENCE_WORDS[evidence]


def with_cursor(query: str, cursor: str) -> str:
    """The current query string with its ``cursor`` replaced."""
    pairs = [(name, value) for name, value in parse_qsl(query, keep_blank_values=False) if name != "cursor"]
    return urlencode([*pairs, ("cursor", cursor)])


# Languages written right to left (ISO 639-1 and -3 codes): Arabic, Hebrew, Persian, Urdu, Pashto,
# Sindhi, Uyghur, Yiddish, Dhivehi, Kurdish (Sorani), Syriac, N'Ko. Their articles need ``dir="rtl"``:
# a page's ``lang`` alone leaves them laid out left to right.
_RIGHT_TO_LEFT = frozenset({"ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "syr", "nqo"})


def text_direction(language: str | None) -> str | None:
    """``rtl`` for a right-to-left language, ``auto`` (the text's own first letters decide) for an
    unknown one, None (the page's left to right) for the others."""
    if not language:
        return "auto"
    return "rtl" if language.split("-")[0].casefold() in _RIGHT_TO_LEFT else None


def outlet_icon_src(key: str) -> str | None:
    """The icon route of an outlet that has an icon on the page being rendered, else None."""
    return url_path(ICON_PREFIX, key) if key in _ICON_KEYS.get() else None


def url_path(prefix: str, key: str) -> str:
    return prefix + quote(key, safe="")


@cache
def _static_version(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    """A static file's URL with a content hash, so a changed file is never served stale."""
    return f"/static/{name}?v={_static_version(name)}"


@cache
def template_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters["human_date"] = human_date
    environment.filters["machine_date"] = machine_date
    environment.filters["highlight"] = highlight
    environment.filters["with_cursor"] = with_cursor
    environment.filters["evidence_words"] = evidence_words
    environment.filters["text_direction"] = text_direction
    environment.globals["static_url"] = static_url
    environment.globals["url_path"] = url_path
    environment.globals["outlet_icon_src"] = outlet_icon_src
    return environment


def render_page(
    template: str, *, status_code: int = 200, icon_keys: frozenset[str] = frozenset(), **context: Any
) -> HTMLResponse:
    """``icon_keys``: the outlets whose icon may be shown beside their name."""
    token = _ICON_KEYS.set(icon_keys)
    try:
        html = template_environment().get_template(template).render(**context)
    finally:
        _ICON_KEYS.reset(token)
    return HTMLResponse(html, status_code=status_code)


def _tidings(request: Request) -> Tidings:
    found: Tidings = request.app.state.tidings
    return found


def _reader_page(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A page that shows outlet names: their icons are shown for the outlets that have one."""
    return render_page(template, icon_keys=_tidings(request).outlet_keys_with_icons(), **context)


def _filters(request: Request) -> Filters:
    params = request.query_params
    return Filters(
        outlet=outlet_filter(params.get("outlet")),
        entity=filter_value(params.get("entity"), "entity"),
        language=language_code(params.get("language")),
    )


def front_api_query(filters: Filters, cursor: str | None) -> str:
    """The query of the front page's JSON twin (``/api/v1/front``): the filters in use and the
    cursor, as read. Not the page's own query string: the API refuses a parameter it does not
    take (``utm_source``) and an empty filter (the form's ``outlet=`` for "All outlets")."""
    given = (("outlet", filters.outlet), ("language", filters.language), ("entity", filters.entity))
    return urlencode([(name, value) for name, value in (*given, ("cursor", cursor)) if value])


def front(request: Request) -> Response:
    filters = _filters(request)
    cursor = request.query_params.get("cursor")
    page = stories.front_page(
        _tidings(request), filters, cursor=cursor, now=utc_now(), memo=request.app.state.top_stories
    )
    return _reader_page(
        request,
        "front.html",
        page=page,
        section="front",
        current_query=request.url.query,
        api_query=front_api_query(filters, cursor),
        later_page=bool(cursor),
    )


def citation_numbers(page: StoryPage) -> dict[int, int]:
    """Each cited article's number on the story page, in the order the page first cites it, so
    that [2] is the same article in the summary, in what outlets agree on and in their claims."""
    numbers: dict[int, int] = {}
    cited: list[SummarySentence | Claim] = [
        *page.summary,
        *page.agreed,
        *(claim for group in page.only for claim in group.claims),
    ]
    for sentence in cited:
        for citation in sentence.citations:
            numbers.setdefault(citation.article_id, len(numbers) + 1)
    return numbers


def story(request: Request) -> Response:
    story_id = request.path_params["story_id"]
    if not 1 <= story_id <= MAX_ID:
        raise NotFound("story", story_id)
    page = stories.story_page(_tidings(request), story_id)
    return _reader_page(request, "story.html", page=page, citation_numbers=citation_numbers(page))


def entity(request: Request) -> Response:
    key = filter_value(request.path_params["key"], "entity") or ""
    page = stories.entity_page(
        _tidings(request), key, after=decode_story_cursor(request.query_params.get("cursor"))
    )
    return _reader_page(request, "entity.html", page=page, current_query=request.url.query)


def article(request: Request) -> Response:
    page = pages.article_page(_tidings(request), request.path_params["article_id"])
    return _reader_page(request, "article.html", page=page)


def outlets(request: Request) -> Response:
    sort = pages.outlet_sort(request.query_params.get("sort", "articles"))
    page = pages.outlets_page(_tidings(request), sort=sort)
    return _reader_page(
        request, "outlets.html", page=page, section="outlets", sort=sort, sorts=pages.OUTLET_SORTS
    )


def outlet(request: Request) -> Response:
    key = filter_value(request.path_params["key"], "outlet") or ""
    page = stories.outlet_page(
        _tidings(request), key, after=decode_article_cursor(request.query_params.get("cursor"))
    )
    return _reader_page(request, "outlet.html", page=page, section="outlets", current_query=request.url.query)


def outlet_icon(request: Request) -> Response:
    """The outlet's stored icon, as the type its bytes were checked to be; 404 when it has none."""
    key = filter_value(request.path_params["key"], "outlet") or ""
    found = _tidings(request).outlet_icon(key)
    body, content_type, digest = (
        (found.attempt.body, found.attempt.content_type, found.attempt.sha256)
        if found
        else (None, None, None)
    )
    if body is None or content_type is None:
        raise NotFound("outlet icon", key)
    headers = {
        "Cache-Control": ICON_CACHE_CONTROL,
        "ETag": f'"{digest or hashlib.sha256(body).hexdigest()}"',
        "X-Content-Type-Options": "nosniff",
    }
    if request.headers.get("if-none-match", "").strip() == headers["ETag"]:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=content_type, headers=headers)


def search(request: Request) -> Response:
    query = search_query(request.query_params.get("q"))
    page = pages.search_page(
        _tidings(request), query, offset=decode_offset_cursor(request.query_params.get("cursor"))
    )
    return _reader_page(
        request, "search.html", page=page, search_query=query, current_query=request.url.query
    )


# Said when an address is put back into the form without the password it was typed with.
PASSWORD_LEFT_OUT = (
    "The password was left out of the address put back in the form: type it again after the user"
    " name (user:password@) before sending the form again."
)


@dataclass(frozen=True, slots=True)
class AddFormInput:
    """What was typed into the Add form, shown again when nothing of it could be added, so that
    a refused paste can be corrected rather than pasted again (files cannot be put back)."""

    url: str = ""
    content: str = ""
    content_url: str = ""

    def refill(self) -> tuple[AddFormInput, str | None]:
        """What the form is filled with again, and what to say of it. An address's password is
        left out, not masked: the page must not show it, and a form sent again as it was would
        otherwise send ``***`` as the password (and subscribe with it, if the feed was public)."""
        refilled = AddFormInput(
            url=without_password(self.url),
            content=self.content,
            content_url=without_password(self.content_url),
        )
        return refilled, PASSWORD_LEFT_OUT if refilled != self else None


def add_form(request: Request) -> Response:
    del request
    return render_page("add.html", page=None, section="add", entered=AddFormInput(), refill_note=None)


@dataclass(frozen=True, slots=True)
class _Upload:
    """A file posted with the Add form: its first ``cap + 1`` bytes (enough for ingest to tell
    one over the cap) and its whole size as received (None if the parser did not count it)."""

    filename: str
    head: bytes
    size: int | None
    content_type: str | None


async def _read_upload(upload: UploadFile, cap: int) -> _Upload:
    head = await upload.read(cap + 1)
    return _Upload(upload.filename or "upload", head, upload.size, upload.content_type)


def _refuse_too_large(upload: _Upload, cap: int) -> list[IngestOutcome]:
    """A file over the cap, refused with its real size: ingest sees only the bytes read, one
    past the cap, and would call a 25 MB file 20,000,001 bytes."""
    return [IngestOutcome(source=upload.filename, error=TooLarge(upload.filename, upload.size, cap))]


def _upload_job(tidings: Tidings, upload: _Upload, cap: int) -> Callable[[], list[IngestOutcome]]:
    if upload.size is not None and upload.size > cap:
        return partial(_refuse_too_large, upload, cap)
    return partial(
        tidings.add_content, upload.head, name=upload.filename, kind="file", content_type=upload.content_type
    )


def _form_text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _add_form_error(entered: AddFormInput, error: str) -> HTMLResponse:
    refilled, note = entered.refill()
    return render_page(
        "add.html", status_code=400, page=None, section="add", error=error, entered=refilled, refill_note=note
    )


async def add_submit(request: Request) -> Response:
    own_origin = f"{request.url.scheme}://{request.url.netloc}"
    if is_cross_site_post(request.headers, own_origin):
        return render_page(
            "error.html",
            status_code=403,
            title="Refused",
            message="This form can only be sent from Tidings' own pages.",
        )
    tidings = _tidings(request)
    cap = tidings.settings.max_document_bytes
    async with request.form(
        max_files=MAX_UPLOAD_FILES, max_fields=MAX_FORM_FIELDS, max_part_size=cap
    ) as form:
        uploads = [
            await _read_upload(item, cap)
            for item in form.getlist("files")
            if isinstance(item, UploadFile) and item.filename
        ]
        content = form.get("content")
        entered = AddFormInput(
            url=_form_text(form.get("url")),
            content=content if isinstance(content, str) and content.strip() else "",
            content_url=_form_text(form.get("content_url")),
        )
    jobs: list[Callable[[], list[IngestOutcome]]] = []
    if entered.content:
        if entered.content_url and safe_http_url(entered.content_url) is None:
            # Kept as the page's link and its outlet's domain: a mistyped one is not dropped unsaid.
            return _add_form_error(
                entered,
                f"The pasted page's address {display_url(entered.content_url)!r} "
                f"{address_refusal(entered.content_url, NOT_AN_HTTP_ADDRESS)}.",
            )
        jobs.append(
            partial(
                tidings.add_content,
                entered.content.encode("utf-8"),
                name="pasted page",
                kind="paste",
                url=entered.content_url or None,
            )
        )
    jobs.extend(_upload_job(tidings, upload, cap) for upload in uploads)
    addresses = [entered.url] if entered.url else []
    if not jobs and not addresses:
        return _add_form_error(entered, "Nothing to add: paste an address or a page, or choose files.")
    outcomes: list[IngestOutcome] = []
    for job in jobs:
        outcomes.extend(await run_in_threadpool(job))
    subscriptions = [await run_in_threadpool(pages.subscribe_url, tidings, url) for url in addresses]
    page = await run_in_threadpool(pages.add_page, tidings, outcomes, subscriptions)
    refused = page.refused_count + sum(1 for item in page.subscriptions if item.status == "refused")
    nothing_added = refused == len(page.items) + len(page.subscriptions)
    refilled, note = entered.refill() if nothing_added else (AddFormInput(), None)
    return render_page(
        "add.html",
        status_code=422 if nothing_added else 200,
        page=page,
        section="add",
        entered=refilled,
        refill_note=note,
    )


async def add(request: Request) -> Response:
    """The Add form, or what became of what was posted with it."""
    if request.method == "POST":
        return await add_submit(request)
    return add_form(request)


def reader_routes() -> list[BaseRoute]:
    return [
        Route("/", front, methods=["GET", "HEAD"], name="front"),
        Route("/stories/{story_id:int}", story, methods=["GET", "HEAD"], name="story"),
        Route("/articles/{article_id:int}", article, methods=["GET", "HEAD"], name="article"),
        Route("/entities/{key:path}", entity, methods=["GET", "HEAD"], name="entity"),
        Route("/outlets", outlets, methods=["GET", "HEAD"], name="outlets"),
        Route(ICON_PREFIX + "{key:path}", outlet_icon, methods=["GET", "HEAD"], name="outlet-icon"),
        Route("/outlets/{key:path}", outlet, methods=["GET", "HEAD"], name="outlet"),
        Route("/search", search, methods=["GET", "HEAD"], name="search"),
        # One route for the form and its post, so that a 405 lists every method /add takes.
        Route("/add", add, methods=["GET", "HEAD", "POST"], name="add"),
    ]
