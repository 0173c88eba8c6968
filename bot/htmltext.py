"""Turn an HTML mail body into plain text, with the quoted part set apart.

The DOM is parsed with lxml. Mail clients mark what they quote in the markup, which is far more
reliable than guessing from text, so the quote elements are taken out of the tree first (see
`QUOTE_MARKERS`); inscriptis then lays out both trees as text (tables, lists, line breaks). What
the markup does not mark (an "Am … schrieb …:" line left above a removed blockquote, an
"-----Ursprüngliche Nachricht-----" paragraph) is left in `text` for `bot.trim.split_reply`, which
the parse module runs on it afterwards.

Broken, huge or hostile input gives a best effort, never an exception: the input is capped at
`MAX_HTML_CHARS`, and a tree too deep for inscriptis' recursion falls back to lxml's plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from inscriptis import Inscriptis
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig
from lxml import etree, html

MAX_HTML_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class HtmlText:
    text: str
    quoted: str = ""


# --- what marks a quote ------------------------------------------------------------------------------

_HEADER_START = re.compile(
    r"^\s*(?:Von|From|De|Da|От|Gesendet|Sent|Date|Datum|Envoyé|Отправлено)\s*:", re.IGNORECASE
)
_HEADER_PEEK = 200  # characters of an element's text read to see whether it opens a header block
_SIGNOFF_CHARS = 40  # text before an <hr> in the same block that is still only the sender's name


def _classes(el: html.HtmlElement) -> set[str]:
    return set((el.get("class") or "").split())


def _style(el: html.HtmlElement) -> str:
    return (el.get("style") or "").replace(" ", "").lower()


def _opens_header_block(el: html.HtmlElement) -> bool:
    return bool(_HEADER_START.match(_peek_text(el)))


def _peek_text(el: html.HtmlElement) -> str:
    """The first characters of an element's text, without walking a huge subtree."""
    pieces: list[str] = []
    size = 0
    for piece in el.itertext():
        pieces.append(piece)
        size += len(piece)
        if size > _HEADER_PEEK:
            break
    return "".join(pieces).replace("\xa0", " ")[:_HEADER_PEEK]


def _is_cite_blockquote(el: html.HtmlElement) -> bool:
    """Apple Mail, Thunderbird (type="cite"), Gmail, Yandex and mail.ru quote in a blockquote. Gmail's
    "indent" button also writes one, but with "border:none": that one is the sender's own text."""
    if el.tag != "blockquote":
        return False
    style = _style(el)
    return "border:none" not in style and "border:0" not in style


def _is_gmail_quote(el: html.HtmlElement) -> bool:
    return not _classes(el).isdisjoint({"gmail_quote", "gmail_extra", "yahoo_quoted", "protonmail_quote"})


def _is_thunderbird_cite_prefix(el: html.HtmlElement) -> bool:
    return "moz-cite-prefix" in _classes(el)


def _is_outlook_reply_marker(el: html.HtmlElement) -> bool:
    """Outlook on the web and new Outlook put the quote after #divRplyFwdMsg / #appendonsend."""
    ident = (el.get("id") or "").lower()
    return ident.removeprefix("x_") in {
        "divrplyfwdmsg",
        "appendonsend",
        "olk_src_body_section",
        "mail-editor-reference-message-container",
    }


def _is_header_box(el: html.HtmlElement) -> bool:
    """Desktop Outlook (border-top:solid #E1E1E1 / #B5C4DF), Windows Mail, and GMX / web.de
    (border-left box) draw a bordered div that opens with "Von:" / "Gesendet:"."""
    if el.tag != "div":
        return False
    style = _style(el)
    return ("border-top" in style or "border-left" in style) and _opens_header_block(el)


def _is_hr_before_header(el: html.HtmlElement) -> bool:
    """Hotmail, Yahoo, Zimbra and Outlook 2003 separate the quote by an <hr> and a header block."""
    if el.tag != "hr":
        return False
    following = _text_after(el)
    return bool(_HEADER_START.match(following))


def _is_quoted_content(el: html.HtmlElement) -> bool:
    return bool(el.get("name") == "quoted-content")  # GMX / web.de


@dataclass(frozen=True, slots=True)
class _Marker:
    """A named test on an element. `cut` markers end the reply: the element and everything after it
    in document order are quote; the others remove just the element (Apple Mail inline replies keep
    the text between blockquotes)."""

    name: str
    test: Callable[[html.HtmlElement], bool]
    cut: bool


QUOTE_MARKERS: tuple[_Marker, ...] = (
    _Marker("outlook_reply_marker", _is_outlook_reply_marker, cut=True),
    _Marker("header_box", _is_header_box, cut=True),
    _Marker("hr_before_header", _is_hr_before_header, cut=True),
    _Marker("gmail_quote", _is_gmail_quote, cut=False),
    _Marker("thunderbird_cite_prefix", _is_thunderbird_cite_prefix, cut=False),
    _Marker("cite_blockquote", _is_cite_blockquote, cut=False),
    _Marker("quoted_content", _is_quoted_content, cut=False),
)

_NEVER_TEXT = ("head", "style", "script", "title", "template", "noscript")


# --- the conversion ----------------------------------------------------------------------------------


def html_to_text(markup: str) -> HtmlText:
    """The visible text of an HTML body, and apart from it the text of the quoted part."""
    root = _parse(markup[:MAX_HTML_CHARS])
    if root is None:
        return HtmlText(text="")
    _drop_invisible(root)
    quoted = _take_quotes(root)
    return HtmlText(text=_render(root), quoted=_plain_text(quoted))


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}>")


_BODY_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def _parse(markup: str) -> html.HtmlElement | None:
    if not markup.strip():
        return None
    # The body is already decoded: a str keeps lxml from re-decoding it by a <meta charset>, but
    # lxml refuses a str that starts with an XML declaration naming an encoding.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    # Browsers show what follows </body> or </html> (a gateway's disclaimer appended to the mail, a
    # webmailer's broken markup); libxml2 drops it. Without those end tags it stays in the body.
    markup = _BODY_END.sub("", markup)
    parser = html.HTMLParser(recover=True, remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


def _drop_invisible(root: html.HtmlElement) -> None:
    for el in list(root.iter(*_NEVER_TEXT)):
        _remove_keep_tail(el)


def _take_quotes(root: html.HtmlElement) -> html.HtmlElement:
    """Move every quote element out of `root` into a new <div>, in document order."""
    quoted: html.HtmlElement = html.Element("div")
    found = [(el, marker) for el in _elements(root) for marker in QUOTE_MARKERS if marker.test(el)]
    for el, marker in found:
        if not _still_in(el, root):
            continue
        if marker.cut:
            _cut_from(_cut_start(el), quoted)
            break
        quoted.append(_detached(el))
    return quoted


def _elements(root: html.HtmlElement) -> Iterator[html.HtmlElement]:
    for el in root.iter():
        if isinstance(el.tag, str):  # skip comments and processing instructions
            yield el


def _still_in(el: html.HtmlElement, root: html.HtmlElement) -> bool:
    return any(ancestor is root for ancestor in el.iterancestors()) or el is root


def _cut_start(el: html.HtmlElement) -> html.HtmlElement:
    """Yahoo and Zimbra put the <hr> in the same block as the sender's last line (the name): that
    block goes with the quote, as long as it holds no more than a name before the <hr>."""
    parent = el.getparent()
    if el.tag != "hr" or parent is None or parent.tag == "body":
        return el
    before = (parent.text or "") + "".join(
        etree.tostring(sib, method="text", encoding="unicode") for sib in _siblings_before(el)
    )
    return parent if len(before.strip()) <= _SIGNOFF_CHARS else el


def _siblings_before(el: html.HtmlElement) -> list[html.HtmlElement]:
    parent = el.getparent()
    if parent is None:
        return []
    return list(parent)[: parent.index(el)]


def _cut_from(el: html.HtmlElement, quoted: html.HtmlElement) -> None:
    """Move `el` and everything after it in document order into `quoted`."""
    node: html.HtmlElement | None = el
    first = True
    while node is not None and node.getparent() is not None:
        parent = node.getparent()
        assert parent is not None
        following = list(node.itersiblings())
        if first:
            quoted.append(node)
            first = False
        for sib in following:
            quoted.append(sib)
        node = parent


def _detached(el: html.HtmlElement) -> html.HtmlElement:
    _remove_keep_tail(el)
    return el


def _remove_keep_tail(el: html.HtmlElement) -> None:
    """Take `el` out of the tree but leave the text that followed it where it was."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    el.tail = None
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _text_after(el: html.HtmlElement) -> str:
    """The first characters of text that follow `el` in document order."""
    pieces: list[str] = [el.tail or ""]
    size = len(pieces[0])
    node: html.HtmlElement | None = el
    while node is not None and size <= _HEADER_PEEK:
        for sib in node.itersiblings():
            piece = _peek_text(sib) + (sib.tail or "")
            pieces.append(piece)
            size += len(piece)
            if size > _HEADER_PEEK:
                break
        node = node.getparent()
    return "".join(pieces).replace("\xa0", " ").lstrip()[:_HEADER_PEEK]


# "strict": no indentation for nested blocks (the "relaxed" profile indents Gmail's nested divs, and
# the text trimmer reads leading spaces).
_LAYOUT = ParserConfig(css=CSS_PROFILES["strict"])


def _render(root: html.HtmlElement) -> str:
    try:
        text = Inscriptis(root, _LAYOUT).get_text()
    except RecursionError:
        # inscriptis walks the tree recursively; a hostile nesting depth ends here
        text = "\n".join(root.itertext())
    return _tidy(text)


def _plain_text(root: html.HtmlElement) -> str:
    """The quoted part is kept for the record, not read closely: lxml's text with block breaks is
    enough and much cheaper than a second inscriptis layout of the whole quoted invitation."""
    for el in root.iter("br", "p", "div", "tr", "li", "h1", "h2", "h3", "blockquote"):
        el.tail = "\n" + (el.tail or "")
    return _tidy("".join(root.itertext()))


_TRAILING_SPACE = re.compile(r"[ \t\xa0]+$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    return _BLANK_RUN.sub("\n\n", _TRAILING_SPACE.sub("", text)).strip()
