"""An article body as a list of blocks (paragraphs, headings, list items, quotes, tables), the
form in which chrome is removed and from which both the text and the display HTML are rendered.

Blocks come from a standard HTML element (a feed entry's content) or from trafilatura's XML body,
whose tags (``head``, ``list``/``item``, ``quote``, ``hi``, ``ref``, ``lb`` …) are first renamed to
their HTML equivalents, so that one walker serves both.
"""

from __future__ import annotations

import copy
import html as html_lib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from lxml import etree
from lxml import html as lxml_html

# Soft hyphens, word joiners and zero-width spaces are left out of block text (the display HTML
# keeps them): the rule is ``tidings.controls``', which ``model.content_hash`` reads words by too.
from tidings.controls import without_break_hints
from tidings.extract.images import Picture, is_smaller_version, lead_picture, picture_from_attributes

__all__ = [
    "PICTURE_KIND",
    "Block",
    "blocks_from_element",
    "blocks_from_fragment",
    "blocks_from_trafilatura",
    "clean_text",
    "lxml_picture",
    "render_html",
    "render_text",
    "with_carried_pictures",
    "with_lead_picture",
    "with_pictures_attached",
    "with_pictures_of_dropped",
    "without_break_hints",
]

# Elements that hold one block of text each when they contain no other block element.
_BLOCK_TAGS = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "table", "figcaption", "dd",
        "dt", "div", "section", "article", "aside", "header", "footer", "main", "ul", "ol", "dl", "figure",
        "address", "details", "summary", "center", "tr", "td", "th", "caption", "hr", "form", "fieldset",
    }
)  # fmt: skip
# Block elements whose own tag is kept in the display HTML; other containers become <p>.
_KEPT_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "table", "figcaption"}
)
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "math", "button", "select"}
)
_SKIPPED_TAGS |= {"nav", "input", "textarea", "option", "object", "embed", "head", "title", "meta", "link"}

# trafilatura's output XML → HTML. ``head`` becomes a heading at the level trafilatura recorded.
_TRAFILATURA_TAGS = {
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "code": "pre",
    "row": "tr",
    "cell": "td",
    "lb": "br",
    "ref": "a",
    "graphic": "img",
    "del": "del",
    "hi": "em",
}
_TRAFILATURA_EMPHASIS = {"#b": "strong", "#i": "em", "#u": "u", "#t": "code", "#sub": "sub", "#sup": "sup"}

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000\r\f\v]+")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")
_NEWLINES = re.compile(r"\n{2,}")
# Stands for <br> in loose text while white space from the source is collapsed; becomes a line break.
LINE_BREAK = "\u2028"
_PARAGRAPH_BREAK = re.compile(f"{LINE_BREAK}\\s*{LINE_BREAK}")


# The kind of a stand-in block that holds pictures only while a walker collects blocks: the walker
# then gives its pictures to the block after it (``with_pictures_attached``), so that no reader of
# blocks (chrome, standfirst, guards) ever sees a block without text.
PICTURE_KIND = "picture"


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article body: ``kind`` is its HTML tag (``p``, ``h2``, ``li`` …). The
    article's pictures that stand before or after it ride along (``pictures_before``,
    ``pictures_after``): in the display HTML, never in the text."""

    kind: str
    text: str
    html: str
    list_kind: str | None = None  # "ul" or "ol" for list items
    pictures_before: tuple[Picture, ...] = ()
    pictures_after: tuple[Picture, ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.kind in {"h1", "h2", "h3", "h4", "h5", "h6"}


def clean_text(text: str) -> str:
    collapsed = _SPACES.sub(" ", without_break_hints(text))
    collapsed = _SPACE_AROUND_NEWLINE.sub("\n", collapsed)
    return _NEWLINES.sub("\n", collapsed).strip()


def _flat(text: str | None) -> str:
    """Source line breaks are white space; only ``<br>`` breaks a line."""
    return (text or "").replace("\n", " ")


def _text_of(element: etree._Element) -> str:
    """The visible text of ``element``: ``<br>`` as a line break, skipped elements left out."""
    pieces: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIPPED_TAGS:
            pieces.append(_flat(node.tail))
            return
        if tag == "br":
            pieces.append("\n")
        elif tag != "img":
            pieces.append(_flat(node.text))
            for child in node:
                walk(child)
        if node is not element:
            pieces.append(_flat(node.tail))

    walk(element)
    return clean_text("".join(pieces))


def _inner_html(element: etree._Element) -> str:
    parts = [html_lib.escape(element.text or "", quote=False)]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _SKIPPED_TAGS:
            parts.append(html_lib.escape(child.tail or "", quote=False))
            continue
        parts.append(etree.tostring(child, method="html", encoding="unicode", with_tail=True))
    return "".join(parts)


def _holders(root: etree._Element) -> set[etree._Element]:
    """The elements under ``root`` that hold a block element (one pass: each block element marks
    its ancestors, up to the first one already marked)."""
    holders: set[etree._Element] = set()
    for block in root.iter(*_BLOCK_TAGS):
        for ancestor in block.iterancestors():
            if ancestor in holders:
                break
            holders.add(ancestor)
    return holders


def _table_text(table: etree._Element) -> str:
    """One line a row, cells separated by a space (how the benchmarks' gold writes tables)."""
    rows = []
    for row in table.iter("tr"):
        cells = [_text_of(cell) for cell in row if isinstance(cell.tag, str) and cell.tag in {"td", "th"}]
        line = " ".join(cell for cell in cells if cell)
        if line:
            rows.append(line)
    return "\n".join(rows) if rows else _text_of(table)


def _make_block(tag: str, element: etree._Element, list_kind: str | None) -> Block | None:
    text = _table_text(element) if tag == "table" else _text_of(element)
    if not text:
        return None
    kind = tag if tag in _KEPT_TAGS else "p"
    if kind == "table":
        markup = etree.tostring(element, method="html", encoding="unicode", with_tail=False)
    else:
        markup = f"<{kind}>{_inner_html(element)}</{kind}>"
    return Block(kind=kind, text=text, html=markup, list_kind=list_kind if kind == "li" else None)


def line_text(raw: str) -> str:
    """The text of ``raw`` read from the source: white space collapsed, ``LINE_BREAK`` a line break,
    soft hyphens, word joiners and zero-width spaces left out (``without_break_hints``)."""
    raw = without_break_hints(raw)
    if LINE_BREAK not in raw:
        return " ".join(raw.split())  # one line: every run of white space is one space
    return clean_text(raw.replace("\n", " ").replace(LINE_BREAK, "\n"))


def add_loose_blocks(blocks: list[Block], pieces: list[str]) -> None:
    """Paragraphs of the text between block elements (source text, ``<br>`` as ``LINE_BREAK``):
    two line breaks in a row end one. Shared with the page extractor (``main_content``)."""
    loose = "".join(pieces)
    if not loose or loose.isspace():  # mostly the white space between two blocks: no paragraph
        return
    for part in _PARAGRAPH_BREAK.split(loose):
        text = line_text(part)
        if text:
            escaped = html_lib.escape(text, quote=False).replace("\n", "<br>")
            blocks.append(Block(kind="p", text=text, html=f"<p>{escaped}</p>"))


def _add_phrasing_text(pieces: list[str], element: etree._Element) -> None:
    """The visible text of phrasing element ``element`` and its tail, as loose text pieces."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        pieces.append(LINE_BREAK)
    elif tag and tag not in _SKIPPED_TAGS and tag != "img":
        pieces.append(element.text or "")
        for child in element:
            _add_phrasing_text(pieces, child)
    pieces.append(element.tail or "")


def lxml_picture(image: etree._Element) -> Picture | None:
    """The article picture of lxml ``<img>`` ``image`` (its ``<picture>``'s sources read too)."""
    parent = image.getparent()
    sources: tuple[str, ...] = ()
    if parent is not None and parent.tag == "picture":
        sources = tuple(
            source.get("srcset") or source.get("data-srcset") or "" for source in parent.iter("source")
        )
    return picture_from_attributes(dict(image.attrib), sources)


def _add_pictures(blocks: list[Block], element: etree._Element) -> None:
    """A stand-in block for the pictures in ``element`` (an ``<img>``, or one that holds some)."""
    found = [picture for image in element.iter("img") if (picture := lxml_picture(image)) is not None]
    if found:
        blocks.append(Block(kind=PICTURE_KIND, text="", html="", pictures_before=tuple(found)))


def _show_pictures_inline(root: etree._Element) -> None:
    """Every ``<img>`` under ``root`` pointed at the picture it shows (a lazy loader's address, the
    best of a ``srcset``), or left without ``src`` where it shows none of the article's (a pixel,
    an icon), which the sanitizer then drops: for images inside a paragraph's own markup."""
    for image in root.iter("img"):
        picture = lxml_picture(image)
        if picture is None:
            image.attrib.pop("src", None)
        else:
            image.set("src", picture.src)


def _walk(
    blocks: list[Block],
    element: etree._Element,
    list_kind: str | None,
    loose: list[str],
    holders: set[etree._Element],
) -> None:
    """Adds the blocks under ``element`` to ``blocks``: leaf block elements whole, the text between
    them to ``loose``, which becomes paragraphs where a block element begins or ends. A phrasing
    element that holds a block element (a link around a card) is walked into: its blocks are
    blocks, its loose text runs on with the text around it, as in ``main_content._walk``.
    Recursive: lxml's parser nests elements at most 255 deep."""
    loose.append(element.text or "")
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED_TAGS or not tag:
            if tag == "noscript":  # a lazy loader's fallback: the picture a script would show
                _add_pictures(blocks, child)
            loose.append(child.tail or "")
        elif tag in _BLOCK_TAGS:
            add_loose_blocks(blocks, loose)
            loose.clear()
            child_list_kind = tag if tag in {"ul", "ol"} else list_kind
            if tag in {"table", "pre"} or child not in holders:
                block = _make_block(tag, child, child_list_kind)
                if block is not None:
                    blocks.append(block)
                elif tag != "table":  # a picture's own <p>, <div> or <figure>
                    _add_pictures(blocks, child)
            else:
                _walk(blocks, child, child_list_kind, loose, holders)
                add_loose_blocks(blocks, loose)
                loose.clear()
            loose.append(child.tail or "")
        elif child in holders:
            _walk(blocks, child, list_kind, loose, holders)
            loose.append(child.tail or "")
        else:
            _add_phrasing_text(loose, child)
            _add_pictures(blocks, child)


def blocks_from_element(element: etree._Element) -> list[Block]:
    """The blocks of a standard HTML element. Points its images at their pictures
    (``_show_pictures_inline``)."""
    _show_pictures_inline(element)
    blocks: list[Block] = []
    loose: list[str] = []
    _walk(blocks, element, None, loose, _holders(element))
    add_loose_blocks(blocks, loose)
    return with_pictures_attached(blocks)


def with_pictures_attached(blocks: list[Block]) -> list[Block]:
    """``blocks`` without their stand-in picture blocks (``PICTURE_KIND``), each one's pictures
    given to the next block of text (to the last, after it, for pictures at the end); none at all
    where there is no text."""
    if not any(block.kind == PICTURE_KIND for block in blocks):
        return blocks
    return with_carried_pictures(
        [block.pictures_before if block.kind == PICTURE_KIND else block for block in blocks]
    )


def with_pictures_of_dropped(before: Sequence[Block], after: Sequence[Block]) -> list[Block]:
    """``after`` (``before`` less the blocks a pass dropped, some shortened: their first lines
    dropped, as ``chrome.remove_leading_metadata`` drops a headline, a byline or a date line) with
    the pictures of each block dropped whole given to the next block left, or after the last: a
    picture set above a byline is the article's, not the byline's. A block left is ``before``'s
    own or, shortened, one whose text ends ``before``'s."""
    if len(after) == len(before) or not any(
        block.pictures_before or block.pictures_after for block in before
    ):
        return list(after)
    steps: list[Block | tuple[Picture, ...]] = []
    index = 0
    for block in before:
        if index < len(after) and (after[index] is block or block.text.endswith(after[index].text)):
            steps.append(after[index])
            index += 1
        else:
            steps.append((*block.pictures_before, *block.pictures_after))
    return with_carried_pictures(steps)


def with_carried_pictures(steps: Sequence[Block | tuple[Picture, ...]]) -> list[Block]:
    """The blocks of ``steps``, in order, each taking before it the pictures that the dropped blocks
    between it and the block kept before it carried (a step that is pictures, not a block), and the
    last taking those after it: the one rule by which a pass that drops a block keeps its pictures
    (``with_pictures_of_dropped``, ``chrome.remove_chrome``'s credit lines)."""
    kept: list[Block] = []
    waiting: list[Picture] = []
    for step in steps:
        if isinstance(step, Block):
            kept.append(replace(step, pictures_before=(*waiting, *step.pictures_before)) if waiting else step)
            waiting = []
        else:
            waiting.extend(step)
    if waiting and kept:
        kept[-1] = replace(kept[-1], pictures_after=(*kept[-1].pictures_after, *waiting))
    return kept


# An image's address in a block's own markup (a paragraph's inline image), as either serializer
# (lxml, Lexbor) writes it.
_INLINE_SOURCE = re.compile(r"<img\b[^>]*?\ssrc=(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
# The lead image is wanted where the body shows no picture in its first blocks (a paragraph or
# two: a picture after the opening paragraph is the article's lead picture all the same).
_LEAD_BLOCKS = 2


def _pictures_of(block: Block) -> list[str]:
    """The addresses of the pictures shown with ``block``: around it, and in its own markup."""
    found = [picture.src for picture in (*block.pictures_before, *block.pictures_after)]
    if "<img" in block.html:
        found.extend(
            next(group for group in match.groups() if group is not None)
            for match in _INLINE_SOURCE.finditer(block.html)
        )
    return found


def with_lead_picture(
    blocks: list[Block],
    candidates: tuple[str, ...],
    site_images: tuple[str, ...] = (),
    alts: tuple[tuple[str, str], ...] = (),
) -> list[Block]:
    """``blocks`` with the page's or feed's lead image (``candidates``: its addresses, most
    trusted first; ``alts``: the alternative text the page gives some of them) before the first,
    where none of the first blocks shows a picture and the body does not show this one anywhere
    (``images.lead_picture``); the text is unchanged."""
    if not blocks or not candidates:
        return blocks
    if any(_pictures_of(block) for block in blocks[:_LEAD_BLOCKS]):
        return _with_full_size_lead(blocks, candidates)
    shown = tuple(src for block in blocks for src in _pictures_of(block))
    picture = lead_picture(candidates, shown, site_images, alts)
    if picture is None:
        return blocks
    first = blocks[0]
    return [replace(first, pictures_before=(picture, *first.pictures_before)), *blocks[1:]]


def _with_full_size_lead(blocks: list[Block], candidates: tuple[str, ...]) -> list[Block]:
    """``blocks`` with a picture standing around the first of them that is a lead image at a plainly
    smaller size (``images.is_smaller_version``: an 80-pixel crop of the 1,200-pixel og:image)
    shown at the lead's address: the body's own copy of the photo was a thumbnail."""
    urls = [url.strip() for url in candidates if url and url.strip()]

    def full_size(picture: Picture) -> Picture:
        larger = next((url for url in urls if is_smaller_version(picture.src, url)), None)
        return picture if larger is None else replace(picture, src=larger)

    changed = list(blocks)
    for index, block in enumerate(blocks[:_LEAD_BLOCKS]):
        before = tuple(map(full_size, block.pictures_before))
        after = tuple(map(full_size, block.pictures_after))
        if before != block.pictures_before or after != block.pictures_after:
            changed[index] = replace(block, pictures_before=before, pictures_after=after)
    return changed


def blocks_from_fragment(markup: str) -> list[Block]:
    """The blocks of an HTML fragment (a feed entry's content); empty for empty markup."""
    if not markup.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except AssertionError:
        # lxml refuses a "fragment" that carries its own <html> or <body>; read it as a document.
        try:
            root = lxml_html.document_fromstring(markup).find("body")
        except (etree.LxmlError, ValueError):
            return []
        if root is None:
            return []
    except (etree.LxmlError, ValueError):
        return []
    return blocks_from_element(root)


def _as_html_tree(body: etree._Element) -> etree._Element:
    """A copy of trafilatura's XML body with its tags renamed to HTML."""
    converted = copy.deepcopy(body)
    for node in converted.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag == "head":
            rend = (node.get("rend") or "h2").lower()
            node.tag = rend if rend in {"h1", "h2", "h3", "h4", "h5", "h6"} else "h2"
        elif node.tag == "hi":
            node.tag = _TRAFILATURA_EMPHASIS.get(node.get("rend") or "", "em")
        elif node.tag == "list":
            node.tag = "ol" if (node.get("rend") or "").lower() == "ol" else "ul"
        elif node.tag in _TRAFILATURA_TAGS:
            node.tag = _TRAFILATURA_TAGS[node.tag]
        if node.tag == "a" and node.get("target"):
            node.set("href", node.get("target") or "")
        if node.tag == "img" and node.get("src") is None and node.get("source"):
            node.set("src", node.get("source") or "")
    return converted


def blocks_from_trafilatura(body: etree._Element | None) -> list[Block]:
    """The blocks of trafilatura's XML body (``Document.body``)."""
    if body is None:
        return []
    return blocks_from_element(_as_html_tree(body))


def render_text(blocks: Iterable[Block]) -> str:
    """Plain text: one block a paragraph, paragraphs separated by one blank line."""
    return "\n\n".join(block.text for block in blocks)


def _new_pictures(pictures: tuple[Picture, ...], shown: set[str]) -> list[Picture]:
    """``pictures`` not shown yet: a lazy image and its ``<noscript>`` fallback are one picture."""
    new = []
    for picture in pictures:
        if picture.src not in shown:
            shown.add(picture.src)
            new.append(picture)
    return new


def render_html(blocks: Sequence[Block]) -> str:
    """HTML for display (not yet sanitized): consecutive list items share one list element, and
    each block's pictures stand as ``<figure>``s around it (outside any list); a ``<figcaption>``
    block after pictures captions the last of them."""
    parts: list[str] = []
    open_list: str | None = None
    shown: set[str] = set()
    for block in blocks:
        before = _new_pictures(block.pictures_before, shown)
        after = _new_pictures(block.pictures_after, shown)
        wanted = (block.list_kind or "ul") if block.kind == "li" else None
        if open_list is not None and (wanted != open_list or before):
            parts.append(f"</{open_list}>")
            open_list = None
        captioned = before.pop() if before and block.kind == "figcaption" else None
        parts.extend(picture.html() for picture in before)
        if wanted is not None and open_list is None:
            parts.append(f"<{wanted}>")
            open_list = wanted
        parts.append(block.html if captioned is None else captioned.html(caption_html=block.html))
        if after:
            if open_list is not None:
                parts.append(f"</{open_list}>")
                open_list = None
            parts.extend(picture.html() for picture in after)
    if open_list is not None:
        parts.append(f"</{open_list}>")
    return "".join(parts)
