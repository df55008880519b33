"""A printable one-page results summary of a workshop: HTML with print CSS, and a tagged PDF.

Totals only, as the group saw them: a question with fewer than ``MIN_GROUP_SIZE`` people shows
no numbers. No join code, no comments, nothing about any one person. The PDF goes through the
leaflets' WeasyPrint pipeline (``ndl_explain.leaflets.pdf``: PDF/UA-1, offline). No Streamlit here;
the words come from the caller (``text`` / ``textn``), as for the charts.
"""
from __future__ import annotations

import ctypes.util
import importlib.util
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from html import escape
from pathlib import Path

from .charts import summarise
from .results import MIN_GROUP_SIZE, StepResult, redact, shareable

Text = Callable[..., str]

SUMMARY_CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #505a5f; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #0b0c0c;
       line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
h2 { font-size: 11.5pt; margin: 4mm 0 1mm 0; border-bottom: 0.6pt solid #b1b4b6; padding-bottom: 0.5mm; }
h3 { font-size: 9.5pt; margin: 2mm 0 0.5mm 0; }
p, ul { margin: 0 0 1.5mm 0; }
ul { padding-left: 5mm; }
.meta { color: #383f43; }
.privacy { border: 0.8pt solid #0b0c0c; padding: 1.5mm 2.5mm; margin: 2mm 0 3mm 0; }
table { border-collapse: collapse; margin: 0 0 1.5mm 0; width: 100%; }
caption { text-align: left; font-size: 8.5pt; color: #383f43; padding-bottom: 0.5mm; }
th, td { border-bottom: 0.4pt solid #b1b4b6; padding: 0.6mm 1.5mm; text-align: left; vertical-align: top; }
th[scope=col], td.n { text-align: right; width: 16mm; }
th[scope=col]:first-child { text-align: left; width: auto; }
section { break-inside: avoid-page; }
footer { margin-top: 4mm; font-size: 8pt; color: #383f43; }
"""


def format_date(timestamp: float, months: Sequence[str]) -> str:
    """'22 November 2026', with month names in the page's language."""
    day = time.gmtime(timestamp)
    month = months[day.tm_mon - 1] if len(months) == 12 else str(day.tm_mon)
    return f"{day.tm_mday} {month} {day.tm_year}"


def _question_block(result: StepResult, text: Text, textn: Text) -> list[str]:
    """Each question's counts as a table, with the threshold of the screens (``results.redact``): a
    question that may not be shown has no numbers; one whose phone and paper may not be shown apart
    has totals only."""
    parts: list[str] = []
    for raw in result.questions:
        parts.append(f"<h3>{escape(raw.question.prompt)}</h3>")
        qr = redact(raw)
        if qr is None:
            parts.append(f"<p>{escape(text('summary_too_few', n=MIN_GROUP_SIZE))}</p>")
            continue
        columns = [text("chart_choice")] + ([text("chart_phone"), text("chart_paper")] if qr.split else [])
        columns.append(text("summary_total"))
        head = "".join(f'<th scope="col">{escape(c)}</th>' for c in columns)
        rows = "".join(
            f'<tr><th scope="row">{escape(t.label)}</th>'
            + (f'<td class="n">{t.phone}</td><td class="n">{t.paper}</td>' if qr.split else "")
            + f'<td class="n">{t.total}</td></tr>'
            for t in qr.tallies
        )
        if qr.split:
            caption = textn("summary_people", qr.respondents, phone=qr.respondents_phone, paper=qr.respondents_paper)
        else:
            caption = textn("summary_people_total", qr.respondents) + " " + text("csv_no_split", n=MIN_GROUP_SIZE)
        parts.append(
            f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return parts


def summary_html(*, title: str, held_on: str, phones: int, results: Sequence[StepResult], lang: str,
                 text: Text, textn: Text, scenario_titles: dict[str, str] | None = None,
                 site: str = "") -> str:
    """The whole summary as one HTML document (print CSS included)."""
    scenario_titles = scenario_titles or {}
    body: list[str] = [
        f"<h1>{escape(text('summary_title', title=title))}</h1>",
        f'<p class="meta">{escape(text("summary_date", date=held_on))} · '
        f"{escape(textn('summary_phones', phones))} {escape(text('summary_paper_note'))}</p>",
        f'<p class="privacy">{escape(text("summary_privacy", n=MIN_GROUP_SIZE))}</p>',
    ]
    for result in results:
        step = result.step
        body.append("<section>")
        body.append(f"<h2>{escape(text('activity_progress', n=result.position + 1, total=len(results)))}: "
                    f"{escape(step.title)}</h2>")
        if step.scenario_id:
            name = scenario_titles.get(step.scenario_id, step.scenario_id)
            body.append(f'<p class="meta">{escape(text("scenario_heading", title=name))}</p>')
        shown = shareable(result)
        if shown is not None:
            body.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in summarise(shown, text, textn))
                        + "</ul>")
        body.extend(_question_block(result, text, textn))
        body.append("</section>")
    footer = text("summary_footer")
    if site:
        footer += f" {site}"
    body.append(f"<footer>{escape(footer)}</footer>")
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(text('summary_title', title=title))}</title><style>{SUMMARY_CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>"
    )


@lru_cache(maxsize=1)
def pdf_available() -> bool:
    """A guess (no import of WeasyPrint) that PDFs can be made here: WeasyPrint and Pango found.
    Looked up once per process: finding the library runs ``ldconfig`` (≈1.6 ms), and the presenter
    screen asks on every run."""
    return importlib.util.find_spec("weasyprint") is not None and ctypes.util.find_library("pango-1.0") is not None


def summary_pdf(html: str) -> bytes:
    """The summary as a tagged PDF (raises ``ndl_explain.leaflets.PrintUnavailable`` without Pango)."""
    from ..leaflets.pdf import html_to_pdf

    return html_to_pdf(html, Path(__file__).parent, tagged=True)
