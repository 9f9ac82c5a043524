"""The fetcher against a real HTTP server on 127.0.0.1: bodies, conditional GET, encodings, caps,
slow and broken servers, redirects, politeness and robots.txt."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import gzip
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import brotli
import pytest

from tests.gather.fetch_helpers import StubResolver
from tests.gather.fetch_server import (
    FetchServer,
    endless_chunks,
    reset_connection,
    respond,
    running_server,
    slow_drip,
)
from tidings.errors import BlockedDestination, FetchError
from tidings.gather.fetch import FetchConfig, Fetcher, FetchResponse, Purpose, Validators
from tidings.gather.netpolicy import NetPolicy

TLS = ssl.create_default_context()
CONFIG = FetchConfig(
    user_agent="Tidings/0.1 (+https://example.org/tidings)",
    host_gap_s=0.0,
    total_timeout_s=3.0,
    read_timeout_s=2.0,
    max_body_bytes=1_000_000,
)
LOCAL = NetPolicy.from_entries(["127.0.0.1/32"])
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "fetch"


@pytest.fixture
def server() -> Iterator[FetchServer]:
    yield from running_server()


def get(
    url: str,
    *,
    config: FetchConfig = CONFIG,
    purpose: Purpose = "feed",
    validators: Validators | None = None,
) -> FetchResponse:
    async def run() -> FetchResponse:
        async with Fetcher(config, LOCAL, ssl_context=TLS) as fetcher:
            return await fetcher.get(url, purpose=purpose, validators=validators)

    return asyncio.run(run())


def test_a_feed_is_fetched_with_our_user_agent(server: FetchServer) -> None:
    server.routes["/feed"] = respond(200, "<rss/>", content_type="application/rss+xml; charset=ISO-8859-1")
    response = get(server.url("/feed"))
    assert response.status == 200
    assert response.body == b"<rss/>"
    assert response.content_type == "application/rss+xml"
    assert response.charset == "iso-8859-1"
    (seen,) = server.hits("/feed")
    assert seen.headers["user-agent"] == CONFIG.user_agent
    assert "application/rss+xml" in seen.headers["accept"]


def test_conditional_get_sends_validators_and_reads_304(server: FetchServer) -> None:
    server.routes["/feed"] = respond(304, headers={"ETag": '"v1"'})
    response = get(
        server.url("/feed"), validators=Validators(etag='"v1"', last_modified="Mon, 23 Nov 2026 10:00:00 GMT")
    )
    assert response.not_modified
    assert response.body == b""
    (seen,) = server.hits("/feed")
    assert seen.headers["if-none-match"] == '"v1"'
    assert seen.headers["if-modified-since"] == "Mon, 23 Nov 2026 10:00:00 GMT"


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [("gzip", gzip.compress), ("br", brotli.compress), ("deflate", zlib.compress)],
)
def test_compressed_bodies_are_decoded(
    server: FetchServer, encoding: str, encode: Callable[[bytes], bytes]
) -> None:
    body = b"<rss>" + b"news " * 2000 + b"</rss>"
    server.routes["/feed"] = respond(200, encode(body), headers={"Content-Encoding": encoding})
    assert get(server.url("/feed")).body == body


def test_a_gzip_bomb_is_stopped_at_the_decoded_cap(server: FetchServer) -> None:
    # 48 KB that inflate to 50,000,000 zero bytes (gzip -9; see tests/fixtures/README.md).
    bomb = (FIXTURES / "zeros-50mb.gz").read_bytes()
    server.routes["/bomb"] = respond(200, bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match=r"over the 1,000,000-byte cap"):
        get(server.url("/bomb"))


def test_a_brotli_bomb_is_stopped_at_the_decoded_cap(server: FetchServer) -> None:
    # 304 bytes that inflate to 200,000,000 zero bytes (brotli quality 5; see tests/fixtures/README.md).
    bomb = (FIXTURES / "zeros-200mb.br").read_bytes()
    server.routes["/bomb"] = respond(200, bomb, headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match=r"cap"):
        get(server.url("/bomb"))


def test_an_endless_chunked_body_is_stopped_at_the_cap(server: FetchServer) -> None:
    server.routes["/endless"] = endless_chunks()
    with pytest.raises(FetchError, match=r"cap"):
        get(server.url("/endless"))


def test_a_declared_length_over_the_cap_is_refused_before_reading(server: FetchServer) -> None:
    server.routes["/big"] = respond(200, b"x" * 1_500_000)
    with pytest.raises(FetchError, match=r"1,500,000 bytes"):
        get(server.url("/big"))


def test_a_slow_drip_server_is_cut_off_at_the_total_time_limit(server: FetchServer) -> None:
    server.routes["/drip"] = slow_drip(0.2, 100)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"longer than 1 s"):
        get(server.url("/drip"), config=replace(CONFIG, total_timeout_s=1.0))
    assert time.monotonic() - started < 2.5


def test_a_connection_reset_is_a_fetch_error(server: FetchServer) -> None:
    server.routes["/reset"] = reset_connection
    with pytest.raises(FetchError) as raised:
        get(server.url("/reset"))
    assert not raised.value.permanent


def test_a_closed_port_is_a_fetch_error() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect"):
        get(f"http://127.0.0.1:{port}/feed")


def test_https_asked_of_a_plain_http_server_says_the_tls_handshake_failed(server: FetchServer) -> None:
    # `tidings subscribe example.org:8080/feed` adds https://; the server speaks plain HTTP and
    # closes the handshake, an error whose own message is empty ("could not connect ()").
    server.routes["/feed"] = respond(200, "<rss/>")
    with pytest.raises(FetchError, match=r"TLS handshake failed \(\w+") as failed:
        get(server.url("/feed").replace("http://", "https://", 1))
    assert "()" not in str(failed.value)


def test_redirects_are_followed_and_permanent_moves_reported(server: FetchServer) -> None:
    server.routes["/old"] = respond(301, headers={"Location": "/newer"})
    server.routes["/newer"] = respond(308, headers={"Location": server.url("/newest")})
    server.routes["/newest"] = respond(302, headers={"Location": "/today"})
    server.routes["/today"] = respond(200, "<rss/>")
    response = get(server.url("/old"))
    assert response.url == server.url("/today")
    assert response.permanent_redirect == server.url("/newest")
    assert [hop.status for hop in response.redirects] == [301, 308, 302]


def test_too_many_redirects_fail(server: FetchServer) -> None:
    for index in range(10):
        server.routes[f"/loop{index}"] = respond(302, headers={"Location": f"/loop{index + 1}"})
    with pytest.raises(FetchError, match="redirects more than 5 times"):
        get(server.url("/loop0"))
    assert len(server.seen) == 6


def test_credentials_do_not_follow_a_redirect_to_another_origin(server: FetchServer) -> None:
    with contextlib.closing(FetchServer()) as other:
        other.start()
        other.routes["/elsewhere"] = respond(200, "ok")
        server.routes["/private"] = respond(302, headers={"Location": other.url("/elsewhere")})
        get(f"http://reader:secret@127.0.0.1:{server.port}/private")
        assert "authorization" in server.hits("/private")[0].headers
        assert "authorization" not in other.hits("/elsewhere")[0].headers


def test_a_redirect_to_a_bad_scheme_is_refused(server: FetchServer) -> None:
    server.routes["/go"] = respond(302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(BlockedDestination, match="file: scheme"):
        get(server.url("/go"))


def test_a_redirect_to_a_script_says_the_redirect_is_at_fault(server: FetchServer) -> None:
    # httpx itself cannot take this Location; the URL that was asked for is not the problem.
    server.routes["/go"] = respond(301, headers={"Location": "javascript:alert(1)"})
    with pytest.raises(BlockedDestination, match="it redirects to an address that cannot be requested"):
        get(server.url("/go"))


def test_error_statuses_are_returned_with_their_headers(server: FetchServer) -> None:
    server.routes["/busy"] = respond(429, "slow down", headers={"Retry-After": "120"})
    server.routes["/gone"] = respond(410, "gone")
    busy = get(server.url("/busy"))
    assert busy.status == 429
    assert busy.headers["retry-after"] == "120"
    assert not busy.failure().permanent
    gone = get(server.url("/gone"))
    assert gone.failure().permanent
    assert "gone for good" in str(gone.failure())


def test_a_wrong_content_type_is_returned_as_sent(server: FetchServer) -> None:
    server.routes["/feed"] = respond(200, "<rss version='2.0'/>", content_type="text/html")
    response = get(server.url("/feed"))
    assert response.content_type == "text/html"
    assert response.body.startswith(b"<rss")


def test_requests_to_one_host_keep_their_gap(server: FetchServer) -> None:
    server.routes["/a"] = respond(200, "a")
    config = replace(CONFIG, host_gap_s=0.3, per_host=1)

    async def three() -> None:
        async with Fetcher(config, LOCAL, ssl_context=TLS) as fetcher:
            await asyncio.gather(*(fetcher.get(server.url("/a")) for _ in range(3)))

    asyncio.run(three())
    starts = sorted(seen.at for seen in server.hits("/a"))
    assert starts[1] - starts[0] >= 0.25
    assert starts[2] - starts[1] >= 0.25


def _in_seconds(seconds: int) -> str:
    return email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=seconds), usegmt=True)


@pytest.mark.parametrize(
    ("status", "retry_after", "least_wait_s"),
    [
        (429, lambda: "1", 0.9),
        # An HTTP date has whole seconds: three seconds ahead is at least two from when it is read.
        (503, lambda: _in_seconds(3), 1.5),
    ],
    ids=["seconds", "http-date"],
)
def test_retry_after_holds_back_the_next_request_to_that_host(
    server: FetchServer, status: int, retry_after: Callable[[], str], least_wait_s: float
) -> None:
    server.routes["/busy"] = respond(status, headers={"Retry-After": retry_after()})
    server.routes["/other"] = respond(200, "ok")

    async def two() -> float:
        async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
            await fetcher.get(server.url("/busy"))
            started = time.monotonic()
            await fetcher.get(server.url("/other"))
            return time.monotonic() - started

    assert asyncio.run(two()) >= least_wait_s


def test_a_host_that_asks_for_a_long_wait_fails_fast_instead_of_holding_a_worker(server: FetchServer) -> None:
    server.routes["/busy"] = respond(503, headers={"Retry-After": "3600"})
    server.routes["/other"] = respond(200, "ok")

    async def two() -> float:
        async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
            await fetcher.get(server.url("/busy"))
            started = time.monotonic()
            with pytest.raises(FetchError, match=r"asked Tidings to wait"):
                await fetcher.get(server.url("/other"))
            return time.monotonic() - started

    assert asyncio.run(two()) < 0.5
    assert server.hits("/other") == []


def test_requests_queued_for_a_host_that_asks_for_a_long_wait_fail_fast_too(server: FetchServer) -> None:
    # The teaser pages of one poll are asked for at once; a 429 to the first must not hold the
    # others, queued behind it for the host, for the hour it asks for.
    server.routes["/busy"] = respond(429, headers={"Retry-After": "3600"})
    server.routes["/other"] = respond(200, "ok")
    config = replace(CONFIG, per_host=1)

    async def queued() -> list[BaseException | FetchResponse]:
        async with Fetcher(config, LOCAL, ssl_context=TLS) as fetcher, asyncio.timeout(10):
            urls = [server.url("/busy"), server.url("/other"), server.url("/other")]
            return await asyncio.gather(*(fetcher.get(url) for url in urls), return_exceptions=True)

    started = time.monotonic()
    busy, *others = asyncio.run(queued())
    assert time.monotonic() - started < 2.0
    assert isinstance(busy, FetchResponse)
    assert busy.status == 429
    assert all(isinstance(other, FetchError) and "asked Tidings to wait" in str(other) for other in others)
    assert not any(other.permanent for other in others if isinstance(other, FetchError))
    assert server.hits("/other") == []


def test_waiting_for_a_polite_turn_does_not_count_against_the_time_limit(server: FetchServer) -> None:
    server.routes["/a"] = respond(200, "a")
    config = replace(CONFIG, host_gap_s=0.6, per_host=1, total_timeout_s=1.0)

    async def three() -> list[int]:
        async with Fetcher(config, LOCAL, ssl_context=TLS) as fetcher:
            responses = await asyncio.gather(*(fetcher.get(server.url("/a")) for _ in range(3)))
            return [response.status for response in responses]

    assert asyncio.run(three()) == [200, 200, 200]


def test_robots_txt_is_honoured_for_pages_not_feeds(server: FetchServer) -> None:
    server.routes["/robots.txt"] = respond(200, "User-agent: *\nDisallow: /private/\n")
    server.routes["/private/page"] = respond(200, "<html></html>", content_type="text/html")

    async def both() -> tuple[Exception | None, int]:
        async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
            refused = None
            try:
                await fetcher.get(server.url("/private/page"), purpose="page")
            except FetchError as error:
                refused = error
            feed = await fetcher.get(server.url("/private/page"), purpose="feed")
            return refused, feed.status

    refused, feed_status = asyncio.run(both())
    assert refused is not None
    assert "robots.txt disallows" in str(refused)
    assert feed_status == 200
    assert len(server.hits("/private/page")) == 1
    assert len(server.hits("/robots.txt")) == 1


def test_an_unreachable_robots_txt_disallows_and_a_missing_one_allows(server: FetchServer) -> None:
    server.routes["/robots.txt"] = respond(503, "down")
    server.routes["/page"] = respond(200, "<p>x</p>", content_type="text/html")
    with pytest.raises(FetchError, match=r"robots\.txt could not be read"):
        get(server.url("/page"), purpose="page")
    del server.routes["/robots.txt"]
    assert get(server.url("/page"), purpose="page").status == 200


def test_only_robots_txt_rules_refuse_for_good(server: FetchServer) -> None:
    # Its rules stand until the file changes; an outage of the file is no verdict on the page.
    server.routes["/private/page"] = respond(200, "<p>x</p>", content_type="text/html")
    refusals: dict[str, FetchError] = {}
    for name, robots in (
        ("rules", respond(200, "User-agent: *\nDisallow: /private/\n")),
        ("down", respond(503)),
    ):
        server.routes["/robots.txt"] = robots
        with pytest.raises(FetchError) as refused:
            get(server.url("/private/page"), purpose="page")
        refusals[name] = refused.value
    assert refusals["rules"].permanent
    assert not refusals["down"].permanent


def test_robots_crawl_delay_widens_the_gap(server: FetchServer) -> None:
    server.routes["/robots.txt"] = respond(200, "User-agent: tidings\nCrawl-delay: 0.4\n")
    server.routes["/p"] = respond(200, "<p>x</p>", content_type="text/html")

    async def two() -> None:
        async with Fetcher(CONFIG, LOCAL, ssl_context=TLS) as fetcher:
            await fetcher.get(server.url("/p"), purpose="page")
            await fetcher.get(server.url("/p"), purpose="page")

    asyncio.run(two())
    first, second = (seen.at for seen in server.hits("/p"))
    assert second - first >= 0.35


def test_the_default_policy_refuses_the_local_server_before_any_request(server: FetchServer) -> None:
    async def run() -> None:
        async with Fetcher(CONFIG, NetPolicy(), ssl_context=TLS) as fetcher:
            await fetcher.get(server.url("/feed"))

    with pytest.raises(BlockedDestination):
        asyncio.run(run())
    assert server.seen == []


class _Overlap:
    """A slow handler that records how many requests it serves at once, overall and per host."""

    def __init__(self, hold_s: float) -> None:
        self.hold_s = hold_s
        self.lock = threading.Lock()
        self.active: dict[str, int] = {}
        self.most_per_host: dict[str, int] = {}
        self.most_overall = 0

    def __call__(self, request: BaseHTTPRequestHandler) -> None:
        host = request.headers["Host"].split(":")[0]
        with self.lock:
            self.active[host] = self.active.get(host, 0) + 1
            self.most_per_host[host] = max(self.most_per_host.get(host, 0), self.active[host])
            self.most_overall = max(self.most_overall, sum(self.active.values()))
        time.sleep(self.hold_s)
        with self.lock:
            self.active[host] -= 1
        respond(200, "ok")(request)


def _fetch_all(config: FetchConfig, urls: list[str], resolver: StubResolver) -> None:
    async def run() -> None:
        async with Fetcher(config, LOCAL, resolver=resolver, ssl_context=TLS) as fetcher:
            await asyncio.gather(*(fetcher.get(url) for url in urls))

    asyncio.run(run())


def test_concurrency_is_bounded_per_registrable_domain(server: FetchServer) -> None:
    hosts = ["www.paper.co.uk", "feeds.paper.co.uk", "rss.paper.co.uk", "blog.paper.co.uk"]
    overlap = _Overlap(hold_s=0.3)
    server.routes["/feed"] = overlap
    config = replace(CONFIG, per_host=2, per_domain=2)
    urls = [f"http://{host}:{server.port}/feed" for host in hosts for _ in range(2)]
    _fetch_all(config, urls, StubResolver(dict.fromkeys(hosts, "127.0.0.1")))
    assert len(server.hits("/feed")) == 8
    # Four hosts of one registrable domain (paper.co.uk, a public suffix of two labels): two at once.
    assert overlap.most_overall == 2


def test_concurrency_is_bounded_per_host_while_other_hosts_go_on(server: FetchServer) -> None:
    hosts = ["news.one.example", "news.two.example"]
    overlap = _Overlap(hold_s=0.3)
    server.routes["/feed"] = overlap
    config = replace(CONFIG, per_host=1, per_domain=4)
    urls = [f"http://{host}:{server.port}/feed" for host in hosts for _ in range(3)]
    _fetch_all(config, urls, StubResolver(dict.fromkeys(hosts, "127.0.0.1")))
    assert overlap.most_per_host == {"news.one.example": 1, "news.two.example": 1}
    assert overlap.most_overall == 2


def test_robots_txt_is_honoured_for_sitemaps(server: FetchServer) -> None:
    server.routes["/robots.txt"] = respond(200, "User-agent: Tidings\nDisallow: /sitemaps/\n")
    server.routes["/sitemaps/news.xml"] = respond(200, "<urlset/>", content_type="application/xml")
    server.routes["/sitemap.xml"] = respond(200, "<urlset/>", content_type="application/xml")
    with pytest.raises(FetchError, match=r"robots\.txt disallows"):
        get(server.url("/sitemaps/news.xml"), purpose="sitemap")
    assert server.hits("/sitemaps/news.xml") == []
    assert get(server.url("/sitemap.xml"), purpose="sitemap").status == 200


def test_a_redirect_chain_is_checked_at_every_hop(server: FetchServer) -> None:
    server.routes["/one"] = respond(301, headers={"Location": "/two"})
    server.routes["/two"] = respond(302, headers={"Location": server.url("/three")})
    server.routes["/three"] = respond(307, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    with pytest.raises(BlockedDestination, match=r"redirects to http://169\.254\.169\.254/"):
        get(server.url("/one"))
    assert [seen.path for seen in server.seen] == ["/one", "/two", "/three"]


def test_the_client_asks_for_gzip_and_brotli(server: FetchServer) -> None:
    server.routes["/feed"] = respond(200, "<rss/>")
    get(server.url("/feed"))
    (seen,) = server.hits("/feed")
    offered = {part.strip() for part in seen.headers["accept-encoding"].split(",")}
    assert {"gzip", "br"} <= offered


def test_a_request_waiting_for_its_turn_is_not_sent_once_the_host_asks_for_a_long_wait(
    server: FetchServer,
) -> None:
    # Two requests to one host at a time (the default): the second has its turn a gap after the
    # first and sleeps until then; the 429 that answers the first meanwhile must hold it back too.
    server.routes["/busy"] = respond(429, headers={"Retry-After": "3600"})
    server.routes["/other"] = respond(200, "ok")
    config = replace(CONFIG, per_host=2, host_gap_s=0.5)

    async def two() -> list[BaseException | FetchResponse]:
        async with Fetcher(config, LOCAL, ssl_context=TLS) as fetcher, asyncio.timeout(10):
            urls = [server.url("/busy"), server.url("/other")]
            return await asyncio.gather(*(fetcher.get(url) for url in urls), return_exceptions=True)

    busy, other = asyncio.run(two())
    assert isinstance(busy, FetchResponse)
    assert busy.status == 429
    assert isinstance(other, FetchError)
    assert "asked Tidings to wait" in str(other)
    assert server.hits("/other") == []


def test_a_request_waiting_for_its_turn_waits_out_a_short_retry_after_too(server: FetchServer) -> None:
    server.routes["/busy"] = respond(503, headers={"Retry-After": "2"})
    server.routes["/other"] = respond(200, "ok")
    config = replace(CONFIG, per_host=2, host_gap_s=0.3)

    async def two() -> list[FetchResponse]:
        async with Fetcher(config, LOCAL, ssl_context=TLS) as fetcher, asyncio.timeout(10):
            urls = [server.url("/busy"), server.url("/other")]
            return await asyncio.gather(*(fetcher.get(url) for url in urls))

    busy, other = asyncio.run(two())
    assert (busy.status, other.status) == (503, 200)
    (first,) = server.hits("/busy")
    (second,) = server.hits("/other")
    assert second.at - first.at >= 1.8
