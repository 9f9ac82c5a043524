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
from urllib.parse import urlsplit

from tidings.extract import rules

__all__ = ["Picture", "best_source", "displayed_src", "is_tracker_url", "picture_from_attributes"]

# Where lazy loaders keep the real address while ``src`` holds a placeholder, most specific first
# (lazysizes and most WordPress plugins: data-src; a3 Lazy Load, WP Rocket: data-lazy-src; the
# jQuery lazyload plugin: data-original).
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src")
_LAZY_SOURCE_SETS = ("data-srcset", "data-lazy-srcset")
# A placeholder's file name: the blank or grey image a lazy loader shows until it swaps in the real
# one ("blank.gif", "lazy-placeholder.png", "grey_1x1.png"); "loading.gif" or "pixel.png" only whole,
# where "loading-dock.jpg" is a photo.
_PLACEHOLDER_NAME = re.compile(
    r"(?:^|/)[^/]*(?:placeholder|spacer|blank|transparent|lazyload|lazy-load|lazy_load|1x1)[^/]*$"
    r"|(?:^|/)(?:pixel|loading|loader|lazy|grey|gray|empty|clear)\.(?:gif|png|svg|jpe?g|webp)$",
    re.IGNORECASE,
)
# A declared width or height below this is an icon, an avatar, a button or a pixel, not a picture.
_MIN_DIMENSION = 50
# Class, id or alt words of images that are not the article's pictures.
_DECORATION_NAME = re.compile(
    r"avatar|gravatar|icon|logo|emoji|emoticon|smiley|sprite|badge|spinner|loader|author|profile|"
    r"share|social|button|btn|advert|sponsor|tracking|pixel|wp-smiley",
    re.IGNORECASE,
)
# Path segments and file names of such images ("/avatars/…", "/icons/…", "logo.png").
_DECORATION_PATH = re.compile(
    r"/(?:avatars?|icons?|emojis?|emoji-\w+|logos?|badges?|sprites?|ads?|adserver|banners?|tracking|"
    r"pixels?|smilies|buttons?)/|/(?:avatar|icon|logo|pixel|sprite|badge|spacer|blank)[\w.-]*$"
    r"|/[^/]*(?:icon|logo|avatar|sprite|badge|button)[^/]*\.(?:gif|png|svg|ico)$",
    re.IGNORECASE,
)
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
    return _is_data_or_script(url) or _PLACEHOLDER_NAME.search(_path_of(url)) is not None


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


def _dimension(value: str | None) -> int | None:
    """A declared width or height in CSS pixels, or None ("100%", "auto", nothing)."""
    digits = (value or "").strip().removesuffix("px")
    return int(digits) if digits.isdigit() else None


def _is_decoration(attributes: Mapping[str, str | None], src: str) -> bool:
    """Whether the image is a pixel, an icon, a logo, an avatar or an ad rather than a picture."""
    for name in ("width", "height"):
        size = _dimension(attributes.get(name))
        if size is not None and size < _MIN_DIMENSION:
            return True
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    if _DECORATION_NAME.search(names) or _DECORATION_NAME.fullmatch((attributes.get("alt") or "").strip()):
        return True
    return _DECORATION_PATH.search(_path_of(src)) is not None or is_tracker_url(src)


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
