"""The article's pictures for a body that trafilatura read (``pages._body_blocks``' fallback, about
one page in a hundred).

trafilatura's body is text only: asked to keep images (``include_images``), it prunes the page
otherwise, and the text of 3 of the 15 dev pages it reads changed (a paragraph gained or lost, one
page no longer refused), and it keeps an image only where its address ends like an image file.
So its body's text is kept as it is, and its pictures are found in the page itself: each of the
page's pictures (``blocks.lxml_picture``: lazy loaders, ``srcset``s, ``<picture>`` and
``<noscript>`` fallbacks; no pixels, trackers, icons, logos, avatars) goes before the body's block
that follows it with no text between them, the text of its own figure or caption box (its
caption) aside. A picture that text trafilatura dropped follows (a related story's card, a comment's
avatar) is not the article's, nor one that a boilerplate name, a navigation landmark or a hidden
element holds (the names ``main_content`` removes inside an article's container, read from the
picture up to the element it shares with the block it precedes). Captions are read and cleaned as
``main_content`` reads them.

Only pages whose body trafilatura read pay for it: one walk over the page's lxml tree, which
trafilatura copies rather than prunes, and a search of the body's blocks in its text.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from lxml import etree

from tidings.controls import without_break_hints
from tidings.extract.blocks import Block, lxml_picture
from tidings.extract.images import Picture
from tidings.extract.main_content import (
    CAPTION_CLASS,
    CREDIT_CLASS,
    IMAGE_FILE_LINK,
    clean_caption,
    is_boilerplate_box,
)

__all__ = ["with_page_pictures"]

# Subtrees whose text is never read and whose images are never the article's (as ``blocks`` skips
# them); a <noscript>'s images are read (a lazy loader's fallback), never its text.
_UNREAD_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "svg", "math", "button", "select", "nav",
        "input", "textarea", "option", "object", "embed", "head", "title", "meta", "link",
    }
)  # fmt: skip
# Landmarks and widgets that ``main_content`` removes before it scores a page: a picture inside one
# is not the article's.
_NEVER_CONTENT_TAGS = frozenset({"header", "aside", "footer", "menu", "dialog", "video", "audio"})
_HIDDEN_ROLES = frozenset({"navigation", "complementary"})
# An image's own box is its nearest <figure> or caption-named element ("wp-caption") this many
# levels up at most (<figure><a><picture><img>): one further up is a layout's.
_BOX_LEVELS = 3
# A block of more characters than this that is not found whole is looked for by its opening: a
# paragraph whose inline element trafilatura left out.
_OPENING_CHARS = 40


def _bare(text: str | None) -> str:
    """``text`` without white space, as the body's blocks and the page's text are compared: their
    spacing differs (trafilatura's and ours), their characters do not."""
    return "".join(without_break_hints(text).split()) if text else ""


@dataclass(slots=True)
class _Box:
    """The pictures of one figure or caption box, or of one image standing alone, and where they
    stand in the page's text: ``start`` before the first, ``end`` after the box (its caption)."""

    element: etree._Element
    start: int
    is_bare: bool  # an image standing alone, without a figure or caption box around it
    images: list[tuple[etree._Element, Picture]] = field(default_factory=list)
    end: int = -1


@dataclass(slots=True)
class _PageText:
    """A page's visible text without white space (``text``), the element each piece of it belongs
    to (``owners``, from ``starts`` on), and its pictures' boxes in page order."""

    text: str = ""
    pieces: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    owners: list[etree._Element] = field(default_factory=list)
    boxes: list[_Box] = field(default_factory=list)
    open_boxes: dict[etree._Element, _Box] = field(default_factory=dict)
    length: int = 0

    def add(self, text: str | None, owner: etree._Element) -> None:
        bare = _bare(text)
        if bare:
            self.pieces.append(bare)
            self.starts.append(self.length)
            self.owners.append(owner)
            self.length += len(bare)

    def owner_at(self, position: int) -> etree._Element:
        return self.owners[bisect.bisect_right(self.starts, position) - 1]


def _box_of(image: etree._Element) -> etree._Element | None:
    """The <figure> or caption box (``main_content.CAPTION_CLASS``) around ``image``, if any."""
    for level, ancestor in enumerate(image.iterancestors()):
        if level >= _BOX_LEVELS:
            return None
        if ancestor.tag == "figure" or CAPTION_CLASS.search(ancestor.get("class") or ""):
            return ancestor
    return None


def _follows_an_image(node: etree._Element) -> bool:
    """Whether the element before ``node`` is an ``<img>`` (a lazy image and its fallback)."""
    before = node.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    return before is not None and before.tag == "img"


def _add_image(page: _PageText, image: etree._Element) -> None:
    picture = lxml_picture(image)
    if picture is None:
        return
    box_element = _box_of(image)
    box = page.open_boxes.get(box_element) if box_element is not None else None
    if box is None:
        box = _Box(
            element=image if box_element is None else box_element,
            start=page.length,
            is_bare=box_element is None,
        )
        page.boxes.append(box)
        if box_element is None:
            box.end = page.length
        else:
            page.open_boxes[box_element] = box
    box.images.append((image, picture))


def _walk(page: _PageText, element: etree._Element) -> None:
    """Reads ``element``'s text and pictures into ``page``, in page order. Recursive: lxml's parser
    nests elements at most 255 deep."""
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "img":
            _add_image(page, child)
        elif tag == "noscript" and not _follows_an_image(child):
            for image in child.iter("img"):
                _add_image(page, image)
        elif tag and tag not in _UNREAD_TAGS:
            page.add(child.text, child)
            _walk(page, child)
            box = page.open_boxes.pop(child, None)
            if box is not None:
                box.end = page.length
        page.add(child.tail, element)


def _read_page(root: etree._Element) -> _PageText:
    body = root.find("body")
    page = _PageText()
    top = body if body is not None else root
    page.add(top.text, top)
    _walk(page, top)
    page.text = "".join(page.pieces)
    return page


def _block_starts(page: _PageText, blocks: Sequence[Block]) -> list[int | None]:
    """Where each block begins in the page's text (None where it is not found): found in page
    order, then each at its last place before the next one's, so that an early repeat of a block's
    words (a teaser of the article above it) is not taken for it."""
    found: list[tuple[int, int] | None] = []
    cursor = 0
    for block in blocks:
        key = _bare(block.text)
        at = page.text.find(key, cursor)
        if at < 0 and len(key) > _OPENING_CHARS:
            key = key[:_OPENING_CHARS]
            at = page.text.find(key, cursor)
        if at < 0:
            found.append(None)
            continue
        found.append((at, len(key)))
        cursor = at + len(key)
    starts: list[int | None] = [None] * len(blocks)
    limit = len(page.text)
    earliest = [0] * len(blocks)
    floor = 0
    for index, place in enumerate(found):
        earliest[index] = floor
        if place is not None:
            floor = place[0] + place[1]
    for index in range(len(blocks) - 1, -1, -1):
        place = found[index]
        if place is None:
            continue
        at, length = place
        key = _bare(blocks[index].text)[:length]
        last = page.text.rfind(key, earliest[index], limit)
        start = last if last >= 0 else at
        starts[index] = limit = start
    return starts


def _is_hidden(element: etree._Element) -> bool:
    style = (element.get("style") or "").lower().replace(" ", "")
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or element.get("role") in _HIDDEN_ROLES
        or "display:none" in style
    )


def _is_card_link(link: etree._Element) -> bool:
    """Whether ``link`` around a picture leads to another story beside its own words (a related
    story's card), as ``main_content._in_a_card`` reads it: not a linked picture alone or with its
    caption, nor one linked to its full size."""
    href = link.get("href")
    if not href or IMAGE_FILE_LINK.search(href) is not None:
        return False
    captions = sum(len(_bare(caption.text_content())) for caption in link.iter("figcaption"))
    return len(_bare(link.text_content())) > captions


def _is_the_article_s(image: etree._Element, block_element: etree._Element) -> bool:
    """Whether no element between ``image`` and the one it shares with ``block_element`` (the
    element of the block it precedes) is a landmark, a hidden element, an element named as
    boilerplate, or a related story's card."""
    shared = {block_element, *block_element.iterancestors()}
    for ancestor in image.iterancestors():
        if ancestor in shared:
            return True
        if ancestor.tag in _NEVER_CONTENT_TAGS or _is_hidden(ancestor):
            return False
        if is_boilerplate_box(ancestor.get("class") or "", ancestor.get("id") or ""):
            return False
        if ancestor.tag == "a" and _is_card_link(ancestor):
            return False
    return True


def _is_a_player(box: etree._Element) -> bool:
    """Whether ``box`` holds a video player (``main_content._PLAYER_SELECTOR``): its <img> is the
    video's poster frame."""
    for element in box.iter():
        if element.tag == "video":
            return True
        if (
            "player" in (element.get("class") or "").lower()
            or "player" in (element.get("data-testid") or "").lower()
        ):
            return True
        if "video" in (element.get("data-component") or "").lower():
            return True
    return False


def _caption_box_of(element: etree._Element) -> etree._Element | None:
    """The caption or credit element (a <figcaption>, or one named so) that ``element`` is or
    stands in, a few levels up at most (``_BOX_LEVELS``)."""
    for level, candidate in enumerate((element, *element.iterancestors())):
        if level > _BOX_LEVELS:
            return None
        class_name = candidate.get("class") or ""
        if (
            candidate.tag == "figcaption"
            or CAPTION_CLASS.search(class_name)
            or CREDIT_CLASS.search(class_name)
        ):
            return candidate
    return None


def _captions_between(
    page: _PageText, start: int, end: int, later: Sequence[_Box]
) -> list[etree._Element] | None:
    """The caption and credit elements that hold the text between ``start`` and ``end`` (a caption
    printed after its figure, outside it) up to the next picture's box (``later``: the boxes after
    the one that ends at ``start``), whose own text is that picture's; None where other text stands
    there."""
    found: list[etree._Element] = []
    ranges = [(box.start, box.end) for box in later if box.start < end and box.end > box.start]
    first_later = later[0].start if later else end
    for at in range(bisect.bisect_left(page.starts, start), bisect.bisect_left(page.starts, end)):
        position = page.starts[at]
        if any(begin <= position < stop for begin, stop in ranges):
            continue
        caption = _caption_box_of(page.owners[at])
        if caption is None:
            return None
        if position < first_later and caption not in found:
            found.append(caption)
    return found


def _caption(elements: Sequence[etree._Element]) -> str | None:
    """The caption and credit of a figure or caption box and of the caption elements after it, as
    ``main_content`` reads a figure's; None for an advertisement's box."""
    caption = credit = ""
    for element in (node for box in elements for node in box.iter()):
        if not isinstance(element.tag, str):
            continue
        class_name = element.get("class") or ""
        if not caption and (element.tag == "figcaption" or CAPTION_CLASS.search(class_name)):
            caption = " ".join(element.text_content().split())
        elif not credit and CREDIT_CLASS.search(class_name):
            credit = " ".join(element.text_content().split())
    return clean_caption(caption, credit)


@dataclass(frozen=True, slots=True)
class _Placement:
    """Where a box's pictures go: before the block ``index`` (which starts at ``start`` in the
    page's text), captioned by ``captions`` (the box, and the caption elements after it) or by
    none where that block is the caption, kept as text."""

    index: int
    start: int
    captions: tuple[etree._Element, ...]


def _box_pictures(
    box: _Box, block_element: etree._Element, captions: Sequence[etree._Element]
) -> list[Picture]:
    """The article's pictures of ``box`` (``_is_the_article_s``), the last with the caption of
    ``captions``; none for a video player's box or an advertisement's."""
    pictures = [picture for image, picture in box.images if _is_the_article_s(image, block_element)]
    if not pictures or not captions:
        return pictures
    if not box.is_bare and _is_a_player(box.element):
        return []
    caption = _caption(captions)
    if caption is None:
        return []
    if caption:
        last = pictures[-1]
        pictures[-1] = Picture(src=last.src, alt=last.alt, caption=caption)
    return pictures


def _placement(
    page: _PageText, box: _Box, later: Sequence[_Box], found: Sequence[tuple[int, int]]
) -> _Placement | None:
    """The block ``box``'s pictures go before (``found``: the blocks found in the page's text, as
    (start, index), in order; ``later``: the boxes after ``box``); None where text the body does
    not hold stands between them (but for captions), or where no block follows."""
    at = bisect.bisect_left(found, (box.start, -1))
    if at == len(found):
        return None
    start, index = found[at]
    if start < box.end:
        return _Placement(index, start, ())  # the box's caption, which trafilatura kept as text
    own = () if box.is_bare else (box.element,)
    if start == box.end:
        return _Placement(index, start, own)
    after = _captions_between(page, box.end, start, later)
    return _Placement(index, start, (*own, *after)) if after is not None else None


def with_page_pictures(blocks: list[Block], root: etree._Element) -> list[Block]:
    """``blocks`` (trafilatura's body, read from the page ``root``) with the article's pictures that
    stand before them in the page (see the module's docstring); the text is unchanged."""
    page = _read_page(root)
    if not page.boxes or not blocks:
        return blocks
    found = [(start, index) for index, start in enumerate(_block_starts(page, blocks)) if start is not None]
    before: dict[int, list[Picture]] = {}
    for number, box in enumerate(page.boxes):
        placed = _placement(page, box, page.boxes[number + 1 :], found)
        if placed is None:
            continue
        pictures = _box_pictures(box, page.owner_at(placed.start), placed.captions)
        if pictures:
            before.setdefault(placed.index, []).extend(pictures)
    if not before:
        return blocks
    return [
        replace(block, pictures_before=(*before[index], *block.pictures_before)) if index in before else block
        for index, block in enumerate(blocks)
    ]
