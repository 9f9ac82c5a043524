"""The reader serves stored outlet icons (checked type, nosniff, cached by their sha256) and
shows them, decorative and sized, beside outlet names; outlets without one get no image."""

from __future__ import annotations

import hashlib

from starlette.testclient import TestClient

from tests.gather.test_icons import png
from tests.web.conftest import NOW, AddArticle
from tidings.store import IconAttempt, Store

IMG = '<img class="outlet-icon" src="/outlet-icons/example.com" alt="" width="16" height="16" loading="lazy">'


def keep_icon(store: Store, key: str = "example.com", body: bytes | None = None) -> None:
    image = png() if body is None else body
    attempt = IconAttempt(
        NOW, "https://example.com/logo.png", "image/png", image, hashlib.sha256(image).hexdigest()
    )
    assert store.record_outlet_icon(key, attempt)


def test_the_icon_route_serves_the_stored_image_with_safe_long_lived_headers(
    client: TestClient, store: Store, add_article: AddArticle
) -> None:
    add_article(1)
    keep_icon(store)
    response = client.get("/outlet-icons/example.com")
    assert response.status_code == 200
    assert response.content == png()
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["etag"] == f'"{hashlib.sha256(png()).hexdigest()}"'
    assert "max-age=604800" in response.headers["cache-control"]
    again = client.get("/outlet-icons/example.com", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_no_icon_is_a_404(client: TestClient, store: Store, add_article: AddArticle) -> None:
    add_article(1)
    assert client.get("/outlet-icons/example.com").status_code == 404
    assert client.get("/outlet-icons/nowhere.example").status_code == 404
    assert store.record_outlet_icon("example.com", IconAttempt(NOW, None, error="an SVG icon is refused"))
    assert client.get("/outlet-icons/example.com").status_code == 404
    assert not store.record_outlet_icon("nowhere.example", IconAttempt(NOW, None, error="x"))


def test_the_outlet_page_itself_still_answers_beside_its_icon_route(
    client: TestClient, add_article: AddArticle
) -> None:
    add_article(1)
    assert client.get("/outlets/example.com").status_code == 200


def test_pages_show_the_icon_only_for_outlets_that_have_one(
    client: TestClient, store: Store, add_article: AddArticle
) -> None:
    add_article(1)
    add_article(2, outlet="Other Daily", domain="other.example")
    before = client.get("/outlets/example.com").text
    assert "outlet-icon" not in before
    keep_icon(store)
    for path in ("/", "/outlets", "/outlets/example.com", "/search?q=paragraph"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert IMG in page.text, path
        assert "/outlet-icons/other.example" not in page.text, path
        assert "img-src 'self'" in page.headers["content-security-policy"]


def test_an_outlet_whose_key_ends_in_icon_has_a_page_and_an_icon_of_its_own(
    client: TestClient, store: Store, add_article: AddArticle
) -> None:
    add_article(1, outlet="Weather/Icon", domain=None)
    add_article(2, outlet="Weather", domain=None)
    keep_icon(store, "weather", png(width=2))
    keep_icon(store, "weather/icon")
    front = client.get("/").text
    assert 'href="/outlets/weather%2Ficon"' in front
    assert 'src="/outlet-icons/weather%2Ficon"' in front
    page = client.get("/outlets/weather%2Ficon")
    assert page.status_code == 200
    assert "Weather/Icon" in page.text
    assert client.get("/outlet-icons/weather%2Ficon").content == png()
    assert client.get("/outlet-icons/weather").content == png(width=2)
