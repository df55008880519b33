"""Who runs this copy of the site and how to reach them, read from the environment and checked.

Different organisations can run their own copy of the site, so the contact route is configuration:

- ``NDL_CONTACT_EMAIL``: an email address for questions, corrections and accessibility problems
- ``NDL_FEEDBACK_URL``: a web page (a form, say) for feedback; optional
- ``NDL_OPERATOR_NAME``: the name of the organisation that runs this copy; optional

A value that is not an email address or a web address is left out (and named in ``problems``, for
the server log), so the site never shows a promise that leads nowhere.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

ENV_EMAIL = "NDL_CONTACT_EMAIL"
ENV_FEEDBACK_URL = "NDL_FEEDBACK_URL"
ENV_OPERATOR = "NDL_OPERATOR_NAME"

# Plain addresses only: no spaces, brackets, quotes or angle brackets, one @, a dot in the domain.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_OPERATOR = 120


@dataclass(frozen=True)
class Contact:
    email: str = ""
    feedback_url: str = ""
    operator: str = ""
    problems: tuple[str, ...] = ()  # settings given but left out, and why

    @property
    def configured(self) -> bool:
        """True when there is a way to reach whoever runs this copy."""
        return bool(self.email or self.feedback_url)

    @property
    def mailto(self) -> str:
        return f"mailto:{self.email}" if self.email else ""


def clean_email(value: str | None) -> str:
    """``value`` when it is a plain email address, else ""."""
    value = (value or "").strip()
    return value if len(value) <= 254 and _EMAIL.fullmatch(value) else ""


def clean_web_address(value: str | None) -> str:
    """``value`` when it is an http(s) web address with a host, made safe to put in a link (spaces,
    brackets and quotes percent-encoded), else ""."""
    value = (value or "").strip()
    if not value or _CONTROL.search(value):
        return ""
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or re.search(r"\s", parts.netloc):
        return ""
    return quote(value, safe=":/?#@!$&'*+,;=%~.-_")


def clean_name(value: str | None) -> str:
    """A name to show as plain text: one line, no control characters, at most MAX_OPERATOR long."""
    value = " ".join(_CONTROL.sub(" ", value or "").split())
    return value[:MAX_OPERATOR]


def from_env(env: Mapping[str, str] | None = None) -> Contact:
    """The contact route of this copy, from ``NDL_CONTACT_EMAIL``, ``NDL_FEEDBACK_URL`` and
    ``NDL_OPERATOR_NAME``."""
    env = os.environ if env is None else env
    problems = []
    raw_email, raw_url = env.get(ENV_EMAIL, "").strip(), env.get(ENV_FEEDBACK_URL, "").strip()
    email, url = clean_email(raw_email), clean_web_address(raw_url)
    if raw_email and not email:
        problems.append(f"{ENV_EMAIL} is not an email address, so it is not shown: {raw_email[:80]!r}")
    if raw_url and not url:
        problems.append(f"{ENV_FEEDBACK_URL} is not an http(s) web address, so it is not shown: {raw_url[:80]!r}")
    return Contact(email=email, feedback_url=url, operator=clean_name(env.get(ENV_OPERATOR)),
                   problems=tuple(problems))
