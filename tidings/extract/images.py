"""The article's own pictures in its display HTML: which image an ``<img>`` (or a ``<picture>``,
a ``<noscript>`` fallback, a lazy loader's attributes) stands for, and which images are not the
article's (tracking pixels, icons, logos, avatars, advertisements, placeholders).

Both body walkers (``main_content`` over Lexbor, ``blocks`` over lxml) read an image's attributes
into a ``Picture`` here, and ``render_html`` writes it as a ``<figure>``. Pictures never enter a
block's text: the text of every page is what it was before pictures were kept. The URL written is
the page's own (relative or absolute); ``sanitize.py`` resolves it against the page's address and
refuses what is not http(s) or comes from a tracker's host (``is_tracker_url``).
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

from tidings.extract import rules

__all__ = [
    "Picture",
    "best_source",
    "displayed_src",
    "image_key",
    "is_smaller_version",
    "is_tracker_url",
    "lead_picture",
    "picture_from_attributes",
]

# Where lazy loaders keep the real address while ``src`` holds a placeholder, most specific first
# (lazysizes and most WordPress plugins: data-src; a3 Lazy Load, WP Rocket: data-lazy-src; the
# jQuery lazyload plugin: data-original).
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src")
_LAZY_SOURCE_SETS = ("data-srcset", "data-lazy-srcset")
# A placeholder's file name: the blank or grey image a lazy loader shows until it swaps in the real
# one ("blank.gif", "lazy-placeholder.png", "grey_1x1.png"); "loading.gif" or "pixel.png" only whole,
# where "loading-dock.jpg" is a photo.
# (Read from the lower-cased last part of the path, by substring and one small pattern: a case-blind
# regular expression over every image's path cost about 1% of a page.)
_PLACEHOLDER_WORDS = (
    "placeholder",
    "spacer",
    "blank",
    "transparent",
    "lazyload",
    "lazy-load",
    "lazy_load",
    "1x1",
)
_PLACEHOLDER_FILE = re.compile(
    r"(?:pixel|loading|loader|lazy|grey|gray|empty|clear)\.(?:gif|png|svg|jpe?g|webp)"
)
# A declared width or height below this is an icon, an avatar, a button or a pixel, not a picture.
_MIN_DIMENSION = 50
# A tracking pixel's declared size, at most.
_PIXEL_SIZE = 1.0
# A size in CSS pixels as an attribute writes it: "1", "1px", "1.0".
_PIXELS = re.compile(r"(\d+(?:\.\d+)?)(?:px)?")
# A width or height in an inline style, not a max-/min- one: "width:1px", "height: 0".
_STYLED_SIZE = re.compile(
    r"(?<![\w-])(?:width|height)\s*:\s*(\d+(?:\.\d+)?)(?:px)?\s*(?:!important\s*)?(?:;|$)"
)
# Class, id or alt words of images that are not the article's pictures.
_DECORATION_NAME = re.compile(
    r"avatar|gravatar|icon|logo|emoji|emoticon|smiley|sprite|badge|spinner|loader|author|profile|"
    r"share|social|button|btn|advert|sponsor|tracking|pixel|wp-smiley",
)  # matched against lower-cased names (a case-blind alternation is several times slower)
# Alternative texts that name a control, not a picture: a slideshow's buttons ("Pause", "Previous",
# "Next": the New York Post's, Big9+Chaos madoff); and those that call the image a logo
# ("institution logo": idw-online.de's press releases show the institution's above their date).
_CONTROL_ALTS = frozenset(
    {"play", "pause", "previous", "prev", "next", "close", "zoom", "zoom in", "zoom out", "enlarge"}
)
_LOGO_ALT_ENDS = (" logo", "-logo", "_logo")
# Path segments and file names of such images ("/ad/" not among an image store's hexadecimal shard
# folders: AP's "assets.apnews.com/3e/ad/…/photo.jpg" is a photo) ("/avatars/…", "/icons/…", "logo.png").
_DECORATION_PATH = re.compile(
    r"/(?:avatars?|icons?|emojis?|emoji-\w+|logos?|badges?|sprites?|adserver|banners?|tracking|"
    r"pixels?|smilies|buttons?)/|(?<!/[0-9a-f]{2})/ads?/(?![0-9a-f]{2}/)|/(?:avatar|icon|logo|pixel|sprite|badge|spacer|blank)[\w.-]*$"
    r"|/[^/]*(?:icon|logo|avatar|sprite|badge|button)[^/]*\.(?:gif|png|svg|ico)$",
)  # matched against lower-cased paths
# A ``srcset`` candidate: its URL, then a width ("800w") or density ("2x") descriptor.
_SOURCE_SET_DESCRIPTOR = re.compile(r"^(\d+(?:\.\d+)?)([wx])$", re.IGNORECASE)
# Beyond this width a candidate is larger than any reader column needs.
_MAX_USEFUL_WIDTH = 2000


@dataclass(frozen=True, slots=True)
class Picture:
    """One of the article's pictures: its address as the page wrote it, its alternative text, and
    its caption (plain text, the credit in it), empty when it has none."""

    src: str
    alt: str = ""
    caption: str = ""

    def image_html(self) -> str:
        return f'<img src="{html_lib.escape(self.src)}" alt="{html_lib.escape(self.alt)}">'

    def html(self, caption_html: str | None = None) -> str:
        """The picture as a ``<figure>``; ``caption_html`` (a ``<figcaption>`` already written)
        stands for the caption when given."""
        if caption_html is None and self.caption:
            caption_html = f"<figcaption>{html_lib.escape(self.caption, quote=False)}</figcaption>"
        return f"<figure>{self.image_html()}{caption_html or ''}</figure>"


def _is_data_or_script(url: str) -> bool:
    head = url.lstrip()[:11].lower()
    return head.startswith(("data:", "javascript:", "blob:", "about:"))


def _is_placeholder(url: str) -> bool:
    if _is_data_or_script(url):
        return True
    name = _path_of(url).rpartition("/")[2].lower()
    return any(word in name for word in _PLACEHOLDER_WORDS) or _PLACEHOLDER_FILE.fullmatch(name) is not None


@lru_cache(maxsize=1024)
def _path_of(url: str) -> str:
    """The path of ``url`` (the whole of it when it cannot be split)."""
    try:
        return urlsplit(url.strip()).path
    except ValueError:
        return url


def best_source(source_set: str) -> str | None:
    """The candidate of a ``srcset`` a reader column shows best: the widest up to
    ``_MAX_USEFUL_WIDTH`` (else the narrowest beyond it), or the densest; None when it names none."""
    best: tuple[float, str] | None = None
    oversized: tuple[float, str] | None = None
    # Candidates are separated by commas followed by white space: a bare comma may sit in a URL
    # (image CDNs write "w_800,h_600").
    for candidate in re.split(r",\s+|,$", source_set.strip()):
        parts = candidate.split()
        if not parts or _is_data_or_script(parts[0]):
            continue
        size = 1.0
        if len(parts) > 1:
            descriptor = _SOURCE_SET_DESCRIPTOR.match(parts[1])
            if descriptor is None:
                continue
            size = float(descriptor[1])
        if size > _MAX_USEFUL_WIDTH:
            if oversized is None or size < oversized[0]:
                oversized = (size, parts[0])
        elif best is None or size > best[0]:
            best = (size, parts[0])
    chosen = best or oversized
    return chosen[1] if chosen is not None else None


def _source_of(attributes: Mapping[str, str | None], sources: tuple[str, ...]) -> str | None:
    """The image's real address: a lazy loader's, else a ``src`` that is no placeholder, else the
    best of its ``srcset`` or of its ``<picture>``'s ``<source>``s (``sources``)."""
    for name in _LAZY_SOURCES:
        value = (attributes.get(name) or "").strip()
        if value and not _is_placeholder(value):
            return value
    for name in _LAZY_SOURCE_SETS:
        chosen = best_source(attributes.get(name) or "")
        if chosen is not None:
            return chosen
    src = (attributes.get("src") or "").strip()
    if src and not _is_placeholder(src):
        return src
    for source_set in (attributes.get("srcset") or "", *sources):
        chosen = best_source(source_set)
        if chosen is not None and not _is_placeholder(chosen):
            return chosen
    return None


def _dimension(value: str | None) -> float | None:
    """A declared width or height in CSS pixels, or None ("100%", "auto", nothing)."""
    number = _PIXELS.fullmatch((value or "").strip().casefold())
    return float(number[1]) if number is not None else None


def _styled_dimensions(style: str | None) -> list[float]:
    """The widths and heights in CSS pixels an inline ``style`` gives (a tracker's
    "width:1px;height:1px"), not its ``max-width`` or ``min-height``."""
    return [float(found[1]) for found in _STYLED_SIZE.finditer(style.casefold())] if style else []


def _is_decoration(attributes: Mapping[str, str | None], src: str) -> bool:
    """Whether the image is a pixel, an icon, a logo, an avatar or an ad rather than a picture."""
    sizes = [_dimension(attributes.get(name)) for name in ("width", "height")]
    if any(size is not None and size < _MIN_DIMENSION for size in sizes):
        return True
    # A style's size counts only at a pixel's: lazy loaders and layouts set small sizes in styles
    # that scripts change, where a page's attributes say what the image is.
    if any(size <= _PIXEL_SIZE for size in _styled_dimensions(attributes.get("style"))):
        return True
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower()
    alt = (attributes.get("alt") or "").strip().lower()
    if (
        _DECORATION_NAME.search(names)
        or _DECORATION_NAME.fullmatch(alt)
        or alt in _CONTROL_ALTS
        or alt.endswith(_LOGO_ALT_ENDS)
    ):
        return True
    return _DECORATION_PATH.search(_path_of(src).lower()) is not None or is_tracker_url(src)


@lru_cache(maxsize=1024)  # asked of one address by the walker, the lead picture and the sanitizer
def is_tracker_url(url: str) -> bool:
    """Whether ``url`` is served by an analytics, advertising or feed-tracking host
    (``rules.TRACKER_IMAGE_HOSTS``) or is a known tracking path (``rules.TRACKER_IMAGE_PATHS``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if not host:
        return False
    labels = host.split(".")
    for start in range(len(labels) - 1):
        if ".".join(labels[start:]) in rules.TRACKER_IMAGE_HOSTS:
            return True
    return any(
        (host == site or host.endswith(f".{site}")) and parts.path.startswith(path)
        for site, path in rules.TRACKER_IMAGE_PATHS
    )


def picture_from_attributes(
    attributes: Mapping[str, str | None], sources: tuple[str, ...] = (), caption: str = ""
) -> Picture | None:
    """The article picture an ``<img>`` with ``attributes`` shows (``sources``: the ``srcset``s of
    the ``<picture>`` around it), or None for no picture or one that is not the article's."""
    src = _source_of(attributes, sources)
    if src is None or _is_decoration(attributes, src):
        return None
    alt = " ".join((attributes.get("alt") or "").split())
    return Picture(src=src, alt=alt, caption=" ".join(caption.split()))


def displayed_src(attributes: Mapping[str, str | None]) -> str | None:
    """The address an ``<img>`` inside a paragraph should show (``picture_from_attributes``'s), or
    None where it shows no picture of the article: the caller then removes its ``src``, and
    ``sanitize.py`` the image."""
    picture = picture_from_attributes(attributes)
    return picture.src if picture is not None else None


# -- the lead image ----------------------------------------------------------------------------------
# A page's main picture often stands above or outside the body's container (a hero <figure> in the
# <header>), and only its sharing metadata names it (og:image, twitter:image, JSON-LD ``image``).
# It leads the display HTML where the body shows no picture of its own at its start, unless it is
# plainly no photo of the article (``_is_site_image``), and never twice: the same file at another
# size is the same picture (``image_key``).

# A file or folder name that says the image is the site's, not the article's: its logo, its default
# share card, a placeholder ("default-og.png", "social-share-card.jpg", "/placeholders/…").
_SITE_IMAGE_NAME = re.compile(
    r"logo|default|placeholder|fallback|favicon|share[-_]?card|social[-_]?(?:card|share|image)"
    r"|no[-_]?image|missing|generic|spacer|blank",
    re.IGNORECASE,
)
# A theme's or a CMS extension's own files: the site's design, no article's photo
# ("/wp-content/themes/…/img/facebook.jpg", TYPO3's "/typo3conf/ext/…/Images/sharing/…").
_SITE_IMAGE_FOLDER = re.compile(
    r"/(?:logos?|brand(?:ing)?|placeholders?|defaults?|icons?)/|/wp-content/themes/|/typo3conf/ext/",
    re.IGNORECASE,
)
# A file named for where it is shared, not for what it shows ("facebook.jpg", "og-image.png",
# "OG-Image.jpg", "twitter-standard.jpg", "zvei_org_og.jpg"), and an advertisement's standard size
# ("mail_banner_300x250.png").
_SHARE_CARD_FILE = re.compile(
    r"(?:^|/)(?:(?:og|og[-_]?image|open[-_]?graph|facebook|twitter|fb|social|share|sharing)"
    r"(?:[-_](?:image|default|standard|card))?|[^/]*[-_]og)\.(?:jpe?g|png|gif|webp)$"
    r"|(?:300x250|728x90|160x600|300x600|320x50|970x250|468x60|336x280)[^/]*$",
    re.IGNORECASE,
)
# Two addresses run together in one value ("…/csm_Seiler.jpghttps://…/csm_Seiler.jpg", a CMS's
# broken og:image): no image's address. One nested in a proxy's path ("/fetch/https%3A…",
# "/api/res/…/http://media…") follows a "/" instead.
_RUN_TOGETHER = re.compile(r"[^/=]https?://", re.IGNORECASE)
# What an image's file name carries beside its identity: its extensions, then a size or crop suffix
# at a time ("-1200x630", "_800", "-scaled", "@2x", "_w1200_r1.77", NYT's "-superJumbo").
_IMAGE_EXTENSIONS = re.compile(r"(?:\.(?:jpe?g|png|gif|webp|avif|heic|bmp|tiff?|svg))+$", re.IGNORECASE)
_SIZE_SUFFIX = re.compile(
    r"(?:[-_.](?:\d+x\d+|[a-z]{0,3}\d+(?:\.\d+)?(?:w|h|px)?|scaled|rotated|e\d{9,}|thumb(?:nail)?|large|medium|small"
    r"|(?:super|facebook|article|master|video|medium|thumb|horizontal|square)[a-z0-9]*)|@\dx)$",
    re.IGNORECASE,
)
# A file name that names no image of its own once its size is taken off ("1200.jpg",
# "master/3000.jpg", "image.jpg", "original.png", the WSJ's "im-128022/social"): the folder above
# it is the image's name.
_GENERIC_IMAGE_NAMES = frozenset(
    {"image", "img", "original", "master", "photo", "picture", "file", "media", "social", "share", "facebook"}
)


def _nested_url(url: str) -> str:
    """The image an image proxy serves (a query's ``url=https://…``, as AP's and Next.js's write
    it), else ``url`` itself."""
    try:
        query = urlsplit(url.strip()).query
    except ValueError:
        return url
    if "http" not in query:
        return url
    for _, value in parse_qsl(query):
        if value.startswith(("http://", "https://")):
            return value
    return url


def _bare_name(segment: str) -> str:
    """``segment`` without extensions and size suffixes, but for a suffix that is all of the name
    there is ("im-128022" stays: "im" alone names nothing)."""
    name = _IMAGE_EXTENSIONS.sub("", segment.lower())
    while (stripped := _SIZE_SUFFIX.sub("", name)) != name and _is_distinct(stripped):
        name = stripped
    return name


def _names_an_image(name: str) -> bool:
    """Whether a bare file or folder name tells one image from another: three letters or digits
    at least, a letter among them ("im-128022", "p07b8nx5"; not "4000", "0_137_4000_2400")."""
    return _is_distinct(name) and name not in _GENERIC_IMAGE_NAMES


def _is_distinct(name: str) -> bool:
    return sum(char.isalnum() for char in name) >= 3 and any(char.isalpha() for char in name)


@lru_cache(maxsize=1024)  # a page's pictures are keyed against each lead image candidate
def image_key(url: str) -> str:
    """What tells one image from another whatever its size, crop or host's query: its file name
    without extensions or size suffixes, or where that names nothing (a number, "master"), the
    nearest folder that does (the Guardian's image hash); an image CDN's nested address read
    through (Substack's, AP's)."""
    path = unquote(_path_of(_nested_url(url)))
    segments = [segment for segment in path.split("/") if segment]
    for segment in reversed(segments):
        name = _bare_name(segment)
        if _names_an_image(name):
            return name
    return path.lower()


# Query keys by which an image service is asked for a size ("?w=80&h=53", "?width=1200").
_SIZE_QUERY_KEYS = frozenset({"w", "h", "width", "height"})


def _size_asked(url: str) -> int | None:
    """The largest size an image's address asks for: a path segment of digits alone (Medium's
    "/max/60/", "/1200/") or a width or height in its query; None where it names none."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    sizes = [int(segment) for segment in parts.path.split("/") if segment.isdigit() and len(segment) <= 5]
    sizes.extend(
        int(value)
        for key, value in parse_qsl(parts.query)
        if key.lower() in _SIZE_QUERY_KEYS and value.isdigit() and len(value) <= 5
    )
    return max(sizes, default=None)


def is_smaller_version(url: str, other: str) -> bool:
    """Whether ``url`` is the image at ``other`` at a plainly smaller size: the same image
    (``image_key``), both addresses asking for a size, ``url``'s under half ``other``'s (a blurred
    60-pixel preview of a 3,788-pixel image, an 80-pixel crop of a 1,200-pixel one)."""
    if url == other or not _same_image(url, other):
        return False
    small, large = _size_asked(url), _size_asked(other)
    return small is not None and large is not None and 2 * small < large


def _same_image(url: str, other: str) -> bool:
    """Whether two addresses are plainly one image: their file names name the same one
    (``image_key`` read from the file's own name, not from a folder above a number: winfuture's
    "/teaser/660/46878.jpg" and "/teaser/1920/46877.jpg" are two), or, where a file name names
    none, the same path asked with the same query but for its sizes (Reuters' "?i=…&w=20")."""
    own_key = _file_name_key(url)
    if own_key is not None:
        return own_key == _file_name_key(other)
    try:
        parts, other_parts = urlsplit(url.strip()), urlsplit(other.strip())
    except ValueError:
        return False
    query = _query_without_sizes(parts.query)
    return bool(query) and parts.path == other_parts.path and query == _query_without_sizes(other_parts.query)


def _file_name_key(url: str) -> str | None:
    """``image_key`` of ``url`` where its file's own name names the image, else None."""
    name = unquote(_path_of(_nested_url(url))).rstrip("/").rpartition("/")[2]
    bare = _bare_name(name) if name else ""
    return bare if _names_an_image(bare) else None


def _query_without_sizes(query: str) -> list[tuple[str, str]]:
    return sorted((key, value) for key, value in parse_qsl(query) if key.lower() not in _SIZE_QUERY_KEYS)


def _is_site_image(url: str, site_images: frozenset[str]) -> bool:
    """Whether the image at ``url`` is plainly no photo of the article: an SVG, the site's icon or
    logo (``site_images``, as keys), a name or folder that says logo, default or placeholder, or
    what ``_is_decoration`` or ``_is_placeholder`` call no picture."""
    real = _nested_url(url)
    path = _path_of(real)
    name = path.rsplit("/", 1)[-1]
    return (
        _is_placeholder(url)
        or _RUN_TOGETHER.search(url) is not None
        or path.lower().endswith(".svg")
        or _SITE_IMAGE_NAME.search(name) is not None
        or _SITE_IMAGE_FOLDER.search(path) is not None
        or _SHARE_CARD_FILE.search(path) is not None
        or _DECORATION_PATH.search(path.lower()) is not None
        or is_tracker_url(url)
        or image_key(url) in site_images
    )


def lead_picture(
    candidates: tuple[str, ...],
    shown: tuple[str, ...],
    site_images: tuple[str, ...] = (),
    alts: tuple[tuple[str, str], ...] = (),
) -> Picture | None:
    """The lead picture to show before a body whose start shows none: the first of ``candidates``
    (the page's or feed's lead image addresses, one image in several sizes) that is a photo of the
    article, or None where none is, or where any of them is among the pictures the body already
    ``shown`` (the same file at another size included). ``site_images``: the site's icons and
    logos; ``alts``: the alternative text the page gives some candidates (og:image:alt), as
    (address, text) pairs."""
    urls = [url.strip() for url in candidates if url and url.strip()]
    if not urls:
        return None
    shown_keys = {image_key(url) for url in shown}
    if any(image_key(url) in shown_keys for url in urls):
        return None
    site_keys = frozenset(image_key(url) for url in site_images)
    chosen = next((url for url in urls if not _is_site_image(url, site_keys)), None)
    if chosen is None:
        return None
    return Picture(src=chosen, alt=next((alt for url, alt in alts if url == chosen), ""))
