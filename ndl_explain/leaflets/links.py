"""Links on paper: every web address printed in a short form that breaks only after a "/", and every
link in the site's words given its printed address ("see ...") so no printed sentence points at
something a reader cannot see.
"""
from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from markupsafe import Markup, escape

from ..siteurl import short_form

# Query parameters a printed address keeps: the language (a Welsh leaflet opens the Welsh page).
# Others (the example chosen on the walkthrough) live in the QR code only, so the address stays short.
PRINTED_PARAMS = ("lang",)

_LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(?:p|li|dd|dt|td|th|h[1-6]|figcaption|blockquote|div|section)>", re.IGNORECASE)


def printed_address(url: str) -> str:
    """The address as it is printed for people to type: host and path, and only the language of the
    query ("ndl.example.org/what-it-is?lang=cy"; a walkthrough example prints as ".../walkthrough")."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k in PRINTED_PARAMS])
    text = short_form(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
    if query:
        text += ("/" if "/" not in text else "") + "?" + query
    return text


# A piece of a path longer than this may not fit a line (an outside page's address): it may also
# break after one of its own hyphens. The host and the site's own short pages never do.
LONG_PIECE = 30


def address_markup(address: str) -> Markup:
    """``address`` for print: it may wrap after a "/" and nowhere else (never hyphenated: no hyphen
    is ever added). Each piece is kept whole; a ``<wbr>`` after each "/" is the only break, but for
    a piece of the path longer than a line can hold (over ``LONG_PIECE`` letters), which may also
    break after its own hyphens rather than run off the paper."""
    pieces = re.findall(r"[^/]*/|[^/]+$", address) or [address]
    split = [pieces[0]] + [part for piece in pieces[1:]
                           for part in (re.findall(r"[^-]*-|[^-]+$", piece) if len(piece) > LONG_PIECE else [piece])]
    inner = "<wbr>".join(f'<span class="addr-part">{escape(p)}</span>' for p in split if p)
    return Markup(f'<span class="address">{inner}</span>')


def absolute(href: str, base: str, lang: str, default_lang: str = "en") -> str:
    """A link of the site's words as a full address: "/what-it-is" on a Welsh page becomes
    "<base>/what-it-is?lang=cy", so the reader lands on the page in the leaflet's language."""
    if href.startswith("/"):
        parts = urlsplit(href)
        query = parse_qsl(parts.query)
        if lang != default_lang and not any(k == "lang" for k, _ in query):
            query.append(("lang", lang))
        path = "/" if parts.path in ("", "/") else parts.path
        return f"{base.rstrip('/')}{path}" + (f"?{urlencode(query)}" if query else "")
    return href


def print_links(html: str, base: str, lang: str, see: str) -> str:
    """Give every link in ``html`` (the site's words as HTML) its printed address.

    ``<a href="/what-it-is">what the NDL is</a>`` becomes the same link followed by "(see
    ndl.example.org/what-it-is)", with ``see`` the leaflet's words for it ("(see {address})"). The
    link itself stays, so a screen reader can follow it in the PDF. A link to a place on the same
    page ("#...") cannot be followed on paper: its words stay, the link goes. After words that
    already say "see" ("See <a>what is decided</a>"), only the address is added, in brackets.
    """
    see_word = see.strip().lstrip("(").split(" ")[0]
    already_said = re.compile(rf"(?:^|[\s>(]){re.escape(see_word)}\s*$", re.IGNORECASE) if see_word else None

    def replace(match: re.Match[str]) -> str:
        href, inner = html_lib.unescape(match.group(1)), match.group(2)
        if href.startswith("#") or not href:
            return inner
        url = absolute(href, base, lang)
        address = printed_address(url)
        if address in _plain(inner):
            return f'<a href="{escape(url)}">{address_markup(address)}</a>'
        shown = see.replace("{address}", str(address_markup(address)))
        if already_said is not None and already_said.search(_plain(html[max(0, match.start() - 40):match.start()])):
            shown = f"({address_markup(address)})"
        return f'<a href="{escape(url)}">{inner}</a> {shown}'

    return _LINK.sub(replace, html)


def prints_address(html: str, address: str) -> bool:
    """Whether ``address`` is printed in ``html`` (as words a reader can see)."""
    return address in _plain(html)


def _plain(html: str) -> str:
    return " ".join(html_lib.unescape(_TAG.sub("", html.replace("<wbr>", ""))).split())


def unseen_links(html: str) -> list[str]:
    """Links in a printable item whose address is not printed with them: each as "words -> address".

    A link is seen when its own words are its printed address, or when the printed address follows
    it in the same paragraph, list item or heading. Anything else points a reader at something the
    paper does not show.
    """
    body = html.split("<body", 1)[-1]
    unseen = []
    for match in _LINK.finditer(body):
        href = html_lib.unescape(match.group(1))
        address = printed_address(href) if "://" in href else href
        own = _plain(match.group(2))
        rest = body[match.end():]
        end = _BLOCK_END.search(rest)
        after = _plain(rest[: end.start() if end else 400])
        if address not in own and address not in after:
            unseen.append(f"{own} -> {href}")
    return unseen
