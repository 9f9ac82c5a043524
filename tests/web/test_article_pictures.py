"""An extracted article's pictures on the reader's article page and in the API's ``html`` field."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.extract.helpers import FIXTURES, raw_document
from tidings.extract import extract
from tidings.model import Added
from tidings.store import Store

PAGE_URL = "https://www.coastgazette.example/2026/12/bridge"
PICTURE = "https://cdn.coastgazette.example/2026/12/bridge-main.jpg"


def _stored_article(store: Store) -> int:
    page = (FIXTURES / "images" / "article_with_pictures.html").read_text(encoding="utf-8")
    outcome = store.add_article(extract(raw_document(page, url=PAGE_URL)))
    assert isinstance(outcome, Added)
    return outcome.article_id


def test_the_article_page_shows_the_article_s_pictures_lazily_and_without_referrer(
    client: TestClient, store: Store
) -> None:
    article_id = _stored_article(store)
    html = client.get(f"/articles/{article_id}").text
    assert (
        f'<figure><img src="{PICTURE}" alt="The bridge at dawn" loading="lazy" referrerpolicy="no-referrer">'
        "<figcaption>The bridge at dawn on Monday. Photo: Ann Lee</figcaption></figure>"
    ) in html
    assert "authors/jane.jpg" not in html


def test_the_api_s_html_field_carries_the_pictures(client: TestClient, store: Store) -> None:
    article_id = _stored_article(store)
    article = client.get(f"/api/v1/articles/{article_id}").json()
    assert f'<img src="{PICTURE}"' in article["html"]
    assert "Ann Lee" not in article.get("text", "")
