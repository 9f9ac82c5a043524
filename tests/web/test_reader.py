"""The HTML reader as a browser sees it: pages, paging, filters, errors and headers."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.store.placing import WHEN, Desk
from tests.web.conftest import AddArticle
from tests.web.test_api import OUT_OF_RANGE_CURSORS, cursor
from tidings.config import Settings
from tidings.core import Tidings
from tidings.model import Added, Entity
from tidings.store import Store, StoryCursor
from tidings.web import stories
from tidings.web.app import create_app
from tidings.web.params import encode_story_cursor
from tidings.web.security import CONTENT_SECURITY_POLICY


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="item-title"><a href="/articles/\d+" data-nav-open>([^<]*)</a>', html)


def test_the_front_page_lists_the_latest_articles_newest_first(
    client: TestClient, add_article: AddArticle
) -> None:
    for index in range(3):
        add_article(index, outlet=f"Outlet {index}", domain=f"outlet{index}.example")
    response = client.get("/")
    assert response.status_code == 200
    assert _titles(response.text) == ["Article number 0", "Article number 1", "Article number 2"]
    assert 'href="/outlets/outlet1.example"' in response.text


def test_an_empty_store_shows_how_to_add_news(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Tidings has no news yet" in response.text
    assert 'href="/add"' in response.text


def test_the_front_page_pages_by_cursor_without_repeats_or_gaps(
    client: TestClient, add_article: AddArticle
) -> None:
    for index in range(65):
        add_article(index)
    seen: list[str] = []
    path = "/"
    while True:
        html = client.get(path).text
        seen.extend(_titles(html))
        found = re.search(r'<a rel="next" href="\?([^"]+)"', html)
        if found is None:
            break
        path = "/?" + found.group(1).replace("&amp;", "&")
    assert seen == [f"Article number {index}" for index in range(65)]


def test_filters_narrow_the_front_page_by_outlet_and_language(
    client: TestClient, add_article: AddArticle
) -> None:
    add_article(1, outlet="Le Monde", domain="lemonde.fr", language="fr", title="Un article")
    add_article(2, outlet="The Herald", domain="herald.example", language="en", title="An article")
    by_language = client.get("/", params={"language": "fr"}).text
    assert _titles(by_language) == ["Un article"]
    assert '<option value="fr" selected>' in by_language
    by_outlet = client.get("/", params={"outlet": "herald.example"}).text
    assert _titles(by_outlet) == ["An article"]
    assert "show everything" in by_outlet


def test_the_language_filter_reads_a_tag_as_its_language_and_refuses_no_language(
    client: TestClient, add_article: AddArticle
) -> None:
    # Before: `?language=FR` or `fr-CA` listed nothing, as no stored article's language is written so.
    add_article(1, outlet="Le Monde", domain="lemonde.fr", language="fr", title="Un article")
    add_article(2, outlet="The Herald", domain="herald.example", language="en", title="An article")
    for tag in ("FR", "fr-CA", "fr_BE"):
        html = client.get("/", params={"language": tag}).text
        assert _titles(html) == ["Un article"], tag
        assert '<option value="fr" selected>' in html
    refused = client.get("/", params={"language": "xx"})
    assert refused.status_code == 400
    assert "language: &#39;xx&#39; is not a language code such as &#39;en&#39;" in refused.text


def test_the_article_page_is_a_reader_view_with_the_original_link(
    client: TestClient, add_article: AddArticle
) -> None:
    article_id = add_article(7, byline="Jane Doe", html="<p>First.</p><p>Second.</p>")
    html = client.get(f"/articles/{article_id}").text
    assert "<h1>Article number 7</h1>" in html
    assert "Jane Doe" in html
    assert '<a class="original" href="https://example.com/news/7"' in html
    assert "<p>First.</p><p>Second.</p>" in html


def test_the_article_page_shows_the_standfirst_under_the_headline_escaped(
    client: TestClient, add_article: AddArticle
) -> None:
    article_id = add_article(7, standfirst="Talks <b>ended</b> & a deal was signed.")
    html = client.get(f"/articles/{article_id}").text
    header = html.split('<article class="reader"')[1].split("</header>")[0]
    assert '<p class="standfirst">Talks &lt;b&gt;ended&lt;/b&gt; &amp; a deal was signed.</p>' in header
    assert header.index("<h1>") < header.index('class="standfirst"')
    assert 'class="standfirst"' not in client.get(f"/articles/{add_article(8)}").text


@pytest.mark.parametrize(
    ("language", "direction"),
    [("ar", ' dir="rtl"'), ("he-IL", ' dir="rtl"'), ("en", ""), (None, ' dir="auto"')],
)
def test_the_article_page_sets_the_text_direction_of_its_language(
    client: TestClient, add_article: AddArticle, language: str | None, direction: str
) -> None:
    """Arabic or Hebrew read right to left: without ``dir`` the browser lays them out left to right
    (paragraphs flush left, a sentence's full stop at its start); an article of no known language
    takes its direction from its own first letters."""
    article_id = add_article(7, language=language)
    html = client.get(f"/articles/{article_id}").text
    lang = f' lang="{language}"' if language else ""
    assert f'<article class="reader"{lang}{direction}>' in html


def test_a_date_without_a_time_is_shown_as_a_date_not_as_midnight(
    client: TestClient, add_article: AddArticle
) -> None:
    day_only = add_article(1, published_at=datetime(2022, 12, 19, tzinfo=UTC))
    timed = add_article(2, published_at=datetime(2022, 12, 19, 18, 5, tzinfo=UTC))
    html = client.get(f"/articles/{day_only}").text
    assert '<time datetime="2022-12-19">19 Dec 2022</time>' in html
    assert "00:00" not in html.split("</header>")[0]
    html = client.get(f"/articles/{timed}").text
    assert '<time datetime="2022-12-19T18:05:00+00:00">19 Dec 2022, 18:05 UTC</time>' in html


def test_a_headline_only_article_says_so_and_links_out(client: TestClient, add_article: AddArticle) -> None:
    article_id = add_article(3, text="", html="")
    html = client.get(f"/articles/{article_id}").text
    assert "only this article's headline" in html


def test_the_outlet_page_lists_its_articles(client: TestClient, add_article: AddArticle) -> None:
    add_article(1, outlet="The Herald", domain="herald.example")
    add_article(2, outlet="Other", domain="other.example")
    response = client.get("/outlets/herald.example")
    assert response.status_code == 200
    assert _titles(response.text) == ["Article number 1"]
    assert "1 article" in response.text


def test_the_outlets_page_sorts_only_by_its_own_choices(client: TestClient, add_article: AddArticle) -> None:
    add_article(1, outlet="Zeta", domain="zeta.example")
    add_article(2, outlet="Alpha", domain="alpha.example")
    add_article(3, outlet="Zeta", domain="zeta.example")
    by_count = client.get("/outlets").text
    assert by_count.index(">Zeta<") < by_count.index(">Alpha<")
    by_name = client.get("/outlets", params={"sort": "name"}).text
    assert by_name.index(">Alpha<") < by_name.index(">Zeta<")
    assert client.get("/outlets", params={"sort": "name DESC"}).status_code == 400


def test_search_finds_articles_and_marks_the_matching_words(
    client: TestClient, add_article: AddArticle
) -> None:
    add_article(1, title="Minsk summit ends", text="Leaders met in Minsk on Monday.")
    add_article(2, title="Weather", text="Rain tomorrow.")
    html = client.get("/search", params={"q": "Minsk"}).text
    assert _titles(html) == ["Minsk summit ends"]
    assert "<mark>" in html
    assert "Weather" not in html


def test_search_pages_onward_by_relevance_not_as_older_results(
    client: TestClient, add_article: AddArticle
) -> None:
    for index in range(25):
        add_article(index, text=f"The Minsk talks, day {index}.")
    html = client.get("/search", params={"q": "Minsk"}).text
    pager = re.search(r'<a rel="next" href="\?([^"]+)">([^<]*)</a>', html)
    assert pager is not None
    assert pager.group(2) == "More results →"
    following = client.get("/search?" + pager.group(1).replace("&amp;", "&")).text
    assert len(_titles(html)) + len(_titles(following)) == 25


def test_search_marks_only_matches_never_an_articles_own_brackets(
    client: TestClient, add_article: AddArticle
) -> None:
    add_article(
        1, title="Wiki", text="Editors wrote [[bracket]] links and [x] boxes beside Minsk <b>here</b>."
    )
    html = client.get("/search", params={"q": "Minsk"}).text
    assert "<mark>Minsk</mark>" in html
    assert html.count("<mark>") == 1
    assert "[[bracket]]" in html
    assert "[x]" in html
    assert "<b>here" not in html


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("-putin", "only excludes words: a search needs at least one word to find; put one before it"),
        ("*", "has no words to search for"),
        (":", "has no words to search for"),
    ],
)
def test_a_search_that_can_find_nothing_says_why_not_no_match(
    client: TestClient, add_article: AddArticle, query: str, said: str
) -> None:
    add_article(1, title="Putin in Minsk", text="Putin met Lukashenko.")
    html = client.get("/search", params={"q": query}).text
    assert said in html
    assert "No article matches" not in html


def test_a_search_with_too_many_terms_gets_a_400_page(client: TestClient) -> None:
    response = client.get("/search", params={"q": " ".join(["putin"] * 40)})
    assert response.status_code == 400
    assert "q: has 40 words and phrases; a search may have at most 32, so leave some out" in response.text


@pytest.mark.parametrize(
    "path",
    ["/articles/999999", "/articles/99999999999999999999999", "/outlets/no-such-outlet", "/no/such/page"],
)
def test_unknown_things_get_a_real_404_page(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in response.text
    assert "Traceback" not in response.text


def test_a_malformed_cursor_gets_a_400_page_naming_it(client: TestClient) -> None:
    response = client.get("/", params={"cursor": "not-a-cursor"})
    assert response.status_code == 400
    assert "cursor" in response.text


def test_every_response_carries_the_security_headers(client: TestClient, add_article: AddArticle) -> None:
    article_id = add_article(1)
    for path in ["/", f"/articles/{article_id}", "/nope", "/static/reader.css", "/api/v1/front", "/api/v1/x"]:
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "no-referrer", path
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_pages_have_landmarks_a_skip_link_and_no_inline_script(client: TestClient) -> None:
    html = client.get("/").text
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html
    assert "<footer" in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert 'style="' not in html


def test_the_add_form_refuses_a_post_from_another_site(client: TestClient) -> None:
    response = client.post("/add", data={"content": "<p>hello</p>"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_an_empty_add_form_says_what_to_do(client: TestClient) -> None:
    response = client.post("/add", data={"content": "  "})
    assert response.status_code == 400
    assert "Nothing to add" in response.text


def test_uploaded_files_are_added_and_joined_to_a_story_and_a_bad_one_is_refused(client: TestClient) -> None:
    seeds = Path(__file__).resolve().parent.parent / "fixtures" / "web"
    files = [
        ("files", (name, (seeds / name).read_bytes(), "text/plain"))
        for name in ("ntd-putin-belarus.txt", "tribune-inkl-putin-belarus.txt")
    ]
    files.append(("files", ("menu.txt", b"Sign in\nRegister\nMenu", "text/plain")))
    response = client.post("/add", files=files)
    assert response.status_code == 200
    html = response.text
    assert html.count('<li class="item add-added"') == 2
    assert html.count('<li class="item add-refused"') == 1
    assert "menu.txt" in html
    stories = set(re.findall(r'<a class="joined-story" href="/stories/(\d+)"', html))
    assert len(stories) == 1, "the two seed pages join one story"


def test_an_upload_over_the_size_cap_is_refused_with_its_real_size(settings: Settings, store: Store) -> None:
    """Only one byte past the cap is read of an upload; the refusal still says how large it was."""
    small_cap = Tidings(replace(settings, serve_polls_sources=False, max_document_bytes=1_000), store=store)
    page = b"<html><body><p>" + b"word " * 5_000 + b"</p></body></html>"
    with TestClient(create_app(small_cap), raise_server_exceptions=False) as client:
        response = client.post("/add", files=[("files", ("big.html", page, "text/html"))])
    assert response.status_code == 422
    assert f"is {len(page):,} bytes, over the 1,000-byte cap" in response.text
    assert "1,001 bytes" not in response.text


def test_an_address_typed_into_the_add_form_is_the_one_used(client: TestClient) -> None:
    form = client.get("/add").text
    assert form.count('name="url"') == 1
    response = client.post("/add", data={"url": "http://127.0.0.1:9/feed.xml"})
    assert "127.0.0.1:9" in response.text


@pytest.mark.parametrize("payload", OUT_OF_RANGE_CURSORS)
def test_a_cursor_out_of_range_gets_a_400_page_naming_it(
    client: TestClient, add_article: AddArticle, payload: dict[str, object]
) -> None:
    add_article(1)
    for path in ("/", "/outlets/example.com"):
        response = client.get(path, params={"cursor": cursor(payload)})
        assert response.status_code == 400, path
        assert "cursor: carries a date" in response.text or "cursor: is not a cursor" in response.text


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/search/?q=x"), ("GET", "/outlets/"), ("POST", "/add/"), ("GET", "/static/")],
)
def test_a_path_with_a_stray_slash_is_a_404_page_not_a_redirect_to_the_host_asked_for(
    client: TestClient, method: str, path: str
) -> None:
    response = client.request(method, path, headers={"Host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 404
    assert "location" not in response.headers
    assert "evil.example" not in response.text


@pytest.mark.parametrize(
    ("path", "pointer"),
    [
        ("/stories/424242", "the front page (/) lists the latest stories"),
        ("/articles/424242", "the front page (/) lists the latest articles"),
        ("/outlets/nobody.example", "Outlets (/outlets) lists every outlet"),
        ("/entities/nobody", "Search (/search) finds the coverage that names it"),
    ],
)
def test_a_404_page_points_to_the_reader_not_the_command_line(
    client: TestClient, path: str, pointer: str
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert pointer in response.text
    assert "tidings " not in response.text.replace("Tidings", "")


def test_a_search_over_the_limit_gets_a_400_page_naming_it_not_an_echo(client: TestClient) -> None:
    assert client.get("/search", params={"q": "x" * 500}).status_code == 200
    response = client.get("/search", params={"q": "y" * 60_000})
    assert response.status_code == 400
    assert "q: is 60,000 characters; a search may have at most 500" in response.text
    assert "y" * 501 not in response.text


def test_the_outlet_menu_shows_the_active_outlet_selected_beyond_its_length(
    client: TestClient, add_article: AddArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stories, "MAX_FILTER_OUTLETS", 2)
    for index, name in enumerate(["Alpha", "Beta", "Zeta"]):
        add_article(index, outlet=name, domain=f"{name.lower()}.example")
    assert "zeta.example" not in client.get("/").text.partition('id="filter-outlet"')[2]
    html = client.get("/", params={"outlet": "Zeta.example"}).text
    assert '<option value="zeta.example" selected>Zeta</option>' in html
    assert html.count(" selected>") == 1
    assert _titles(html) == ["Article number 2"]


def test_the_entity_filter_with_an_outlet_is_a_400_page(client: TestClient) -> None:
    response = client.get("/", params={"outlet": "reuters.com", "entity": "putin"})
    assert response.status_code == 400
    assert "entity: cannot be combined with outlet or language" in response.text


def _add_results(html: str) -> str:
    found = re.search(r'<section class="add-results".*?</section>', html, flags=re.S)
    assert found is not None
    return found.group(0)


def test_a_refused_address_is_named_once_on_the_add_page(client: TestClient) -> None:
    response = client.post("/add", data={"url": "http://127.0.0.1:9/feed.xml"})
    assert response.status_code == 422
    assert _add_results(response.text).count("http://127.0.0.1:9/feed.xml") == 1


def test_a_refused_paste_stays_in_the_form_to_be_corrected(client: TestClient) -> None:
    pasted = "Sign in\nRegister\nMenu <b>"
    response = client.post(
        "/add", data={"content": pasted, "content_url": "https://example.com/a", "url": "http://127.0.0.1:9/"}
    )
    assert response.status_code == 422
    assert (
        '<textarea id="add-content" name="content" rows="10">Sign in\nRegister\nMenu &lt;b&gt;</textarea>'
        in (response.text)
    )
    assert 'value="https://example.com/a"' in response.text
    assert (
        'id="add-url" name="url" type="url" inputmode="url" placeholder="https://…" maxlength="2048" value="http://127.0.0.1:9/"'
        in (response.text)
    )


def test_an_added_paste_leaves_an_empty_form_for_the_next(client: TestClient) -> None:
    seed = (Path(__file__).resolve().parent.parent / "fixtures" / "web" / "ntd-putin-belarus.txt").read_text()
    response = client.post("/add", data={"content": seed})
    assert response.status_code == 200
    assert '<textarea id="add-content" name="content" rows="10"></textarea>' in response.text


@pytest.mark.parametrize("address", ["javascript:alert(1)", "example.com/news/1", "https://"])
def test_a_pasted_page_with_an_address_that_is_no_web_address_is_refused_naming_it(
    client: TestClient, address: str
) -> None:
    seed = (Path(__file__).resolve().parent.parent / "fixtures" / "web" / "ntd-putin-belarus.txt").read_text()
    response = client.post("/add", data={"content": seed, "content_url": address})
    assert response.status_code == 400
    assert (
        f"The pasted page&#39;s address &#39;{address}&#39; is not an absolute http(s) address"
        in response.text
    )
    assert client.get("/api/v1/articles").json()["articles"] == []


def test_a_wrong_method_gets_a_405_page_saying_what_the_page_takes(client: TestClient) -> None:
    response = client.post("/outlets")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert "/outlets does not take POST; it takes GET, HEAD." in response.text
    add = client.put("/add")
    assert (add.status_code, add.headers["allow"]) == (405, "GET, HEAD, POST")


@pytest.fixture
def placed_story(store: Store) -> int:
    """One story from wire.example naming Vladimir Putin; its id."""
    article_id, story_id = Desk(store).place("wire", 0, title="Putin visits Minsk")
    putin = Entity("vladimir putin", "Vladimir Putin", "person", 2)
    store.record_entities(article_id, [putin], analyser="test", now=WHEN)
    return story_id


@pytest.mark.parametrize(
    ("field", "value", "listing"),
    [
        ("outlet", "nowhere.example", "Outlets (/outlets) lists every outlet"),
        ("entity", "nobody", "Search (/search) finds the coverage that names it"),
    ],
)
def test_a_filter_naming_nothing_is_a_404_page_as_the_api_answers_it(
    client: TestClient, placed_story: int, field: str, value: str, listing: str
) -> None:
    # Before: a 200 "Nothing here yet" page, while the API answered the same filter with a 404.
    del placed_story
    page = client.get("/", params={field: value})
    assert page.status_code == 404
    assert f"The filter {field}=&#39;{value}&#39; matches nothing" in page.text
    assert listing in page.text
    assert "Nothing here yet" not in page.text
    assert client.get("/api/v1/front", params={field: value}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"outlet": "Wire.example"}, {"entity": "Vladimir Putin"}, {"outlet": ""}, {"language": "de"}],
    ids=["known outlet", "known entity", "all outlets", "a language with nothing"],
)
def test_a_filter_that_names_something_is_a_page_in_the_reader_and_the_api(
    client: TestClient, placed_story: int, params: dict[str, str]
) -> None:
    del placed_story
    assert client.get("/", params=params).status_code == 200
    # The reader's menus send `outlet=` for "all outlets"; the API refuses an empty filter (a 422).
    api_params = {name: value for name, value in params.items() if value}
    assert client.get("/api/v1/front", params=api_params).status_code == 200


def test_a_later_page_under_an_entity_filter_may_be_empty(client: TestClient, placed_story: int) -> None:
    past = encode_story_cursor(StoryCursor(last_seen=WHEN - timedelta(days=30), story_id=placed_story))
    page = client.get("/", params={"entity": "Vladimir Putin", "cursor": past})
    assert page.status_code == 200
    # Coverage does match the filter, on the earlier pages: this one is past their end.
    assert "past the end of the list" in page.text


def test_the_reader_serves_no_bidirectional_control_from_an_added_page_and_keeps_hebrew(
    client: TestClient, tidings_app: Tidings, tmp_path: Path
) -> None:
    # A right-to-left override (U+202E) in a page's headline, site name and text would show
    # "gpj.exe" as "exe.jpg" and "CBB" as "BBC" on every page that names the article.
    paragraph = (
        "Residents fled their homes overnight as the storm pushed water over the sea wall, officials said, "
        "and power was cut to thousands of homes along the coast road."
    )
    hebrew = "הכנסת אישרה את התקציב לשנת 2027\u200f"
    hebrew_text = "השרים הצביעו ביום שלישי בערב, והתקציב יוגש לכנסת בשבוע הבא לקריאה ראשונה ושנייה. " * 2
    (tmp_path / "invoice.html").write_text(
        "<html><head><title>Invoice \u202egpj.exe attached</title>"
        "<meta property='og:site_name' content='\u202eCBB\u202c'></head><body><article>"
        "<h1>Invoice \u202egpj.exe attached</h1>"
        + f"<p>{paragraph} \u2067\u202edias\u2069</p>" * 3
        + "</article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "hebrew.html").write_text(
        f"<html dir='rtl' lang='he'><head><title>{hebrew}</title></head><body><article><h1>{hebrew}</h1>"
        + f"<p>{hebrew_text}</p>" * 3
        + "</article></body></html>",
        encoding="utf-8",
    )
    outcomes = list(tidings_app.add_paths([str(tmp_path)]))
    ids = [outcome.outcome.article_id for outcome in outcomes if isinstance(outcome.outcome, Added)]
    assert len(ids) == 2, outcomes
    stories_ids = {tidings_app.store.get_article(article_id).story_id for article_id in ids}
    pages = ["/", "/outlets", "/search?q=invoice", *(f"/articles/{article_id}" for article_id in ids)]
    pages += [f"/stories/{story_id}" for story_id in stories_ids if story_id is not None]
    pages += [f"/api/v1/articles/{article_id}" for article_id in ids]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", response.text), path
        assert not re.search(
            r"\\u202[a-e]|\\u206[6-9]|&#x202[a-e];|&#82(?:3[4-8]|29);", response.text, re.I
        ), path
    front = client.get("/").text
    assert "Invoice gpj.exe attached" in front
    assert hebrew in front  # its right-to-left mark kept
    assert ">CBB<" in client.get("/outlets").text
