"""The after-action report of one game, as Markdown or as one self-contained HTML file.

    report(state, player, fmt, continuations)   the report's text

The review comes from `aar.after_action`, the counterfactuals from `whatif`.
Every string from a save or a scenario is untrusted: the HTML is built by Jinja2
with autoescaping, author Markdown goes through markdown-it-py with raw HTML,
links and images switched off (so nothing is fetched and nothing runs), and the
charts are pygal SVG with pygal's own script removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from game.engine import GameState
from game.tools.aar import AfterAction, after_action
from game.tools.whatif import WhatIf, what_ifs
from game.present import Clause, clauses, kind_words

SPARKS = "▁▂▃▄▅▆▇█"
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
FORMATS = ("md", "html")


@dataclass(frozen=True)
class Miss:
    title: str
    kind: str
    clauses: tuple[Clause, ...]


def report(state: GameState, player: str = "", fmt: str = "md", continuations: int = 100,
           limit: int | None = None) -> str:
    """The after-action report; `continuations` = 0 leaves the counterfactuals out."""
    review = after_action(state, player)
    found = what_ifs(state, continuations) if continuations > 0 and state.over else []
    context = {
        "r": review, "misses": near_misses(state), "whatifs": found, "continuations": continuations,
        "limit": limit or len(found), "verdict": verdict(found),
    }
    if fmt == "html":
        context["charts"] = {m.id: meter_chart(review, m.id) for m in review.meters}
        context["overview"] = overview_chart(review)
    return render(f"report.{fmt}.j2", fmt, **context)


def render(template: str, fmt: str, **context) -> str:
    """A template of game/tools/templates, escaped for HTML or made inert for Markdown."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}")
    return _environment(fmt).get_template(template).render(**context)


def near_misses(state: GameState) -> tuple[Miss, ...]:
    """For a game that did not end in victory: each victory and what it lacked at the end."""
    scenario = state.scenario
    reached = scenario.endings.get(state.ending or "")
    if reached is not None and reached.kind == "victory":
        return ()
    return tuple(Miss(e.title, kind_words(e.kind), clauses(e.when.source, state))
                 for e in scenario.endings.values() if e.kind == "victory" and not e.fallback)


def verdict(found: list[WhatIf]) -> str:
    if not found:
        return ""
    top = found[0]
    if top.mattered <= 0:
        return "No single decision changed the chance of a victory in random play."
    shares = [b.victories for b in top.branches]
    return (f"**Your decision at “{top.event_title}” ({top.month}) mattered most:** the chance of a "
            f"victory ranged from {percent(min(shares))} to {percent(max(shares))} across its choices.")


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def spark(values: tuple[int, ...], low: int, high: int) -> str:
    """A row of block characters for a table cell, on the meter's own scale (low..high),
    so that a move of two points looks like two points (the Markdown report's chart)."""
    span = max(high - low, 1)
    return "".join(SPARKS[round(min(max(v - low, 0), span) / span * (len(SPARKS) - 1))] for v in values)


def fmt_number(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def one_line(text: str) -> str:
    return " ".join(str(text).split())


# -- HTML ------------------------------------------------------------------------

@cache
def _markdown():
    from markdown_it import MarkdownIt

    # Raw HTML off; links, autolinks and images off: a report must not fetch or point anywhere.
    return MarkdownIt("commonmark", {"html": False}).disable(["image", "link", "autolink"])


def author_markdown(text: str):
    """Author Markdown as safe HTML (markdown-it escapes everything it does not render)."""
    return Markup(_markdown().render(text or ""))


def _svg(chart) -> Markup:
    svg = chart.render(is_unicode=True)
    svg = re.sub(r"<script\b.*?</script>", "", svg, flags=re.S)  # pygal's tooltip config
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)  # its banner, dated and with links
    return Markup(svg)


def _line_chart(review: AfterAction, title: str):
    import pygal
    from pygal.style import Style

    style = Style(background="white", plot_background="white", font_family="sans-serif",
                  colors=("#1f4e79", "#b03a2e", "#1e8449", "#7d6608", "#6c3483", "#117864", "#515a5a"))
    chart = pygal.Line(js=[], disable_xml_declaration=True, width=760, height=320, show_dots=False,
                       style=style, title=title, x_label_rotation=30, legend_at_bottom=True,
                       truncate_legend=40, show_minor_x_labels=False)
    chart.x_labels = ["Start", *(f"T{t.number}" for t in review.timeline)][: len(review.meters[0].values)]
    chart.x_labels_major_every = max(1, len(chart.x_labels) // 12)
    return chart


def overview_chart(review: AfterAction):
    chart = _line_chart(review, "Every meter over the game (hidden meters dashed)")
    for meter in review.meters:
        chart.add(meter.label + (" (hidden)" if meter.hidden else ""), list(meter.values),
                  stroke_style={"dasharray": "6, 4"} if meter.hidden else None)
    return _svg(chart)


def meter_chart(review: AfterAction, meter_id: str):
    meter = next(m for m in review.meters if m.id == meter_id)
    chart = _line_chart(review, meter.label)
    chart.add(meter.label, list(meter.values))
    return _svg(chart)


def _inert_in_markdown(value):
    """Every value printed into the Markdown report: no raw HTML, no table breaks."""
    if isinstance(value, str):
        # Only a `<` that could open a tag (CommonMark raw HTML) needs escaping: "trust < 20" stays readable.
        return _TAG_START.sub("&lt;", value).replace("|", "\\|")
    return value


@cache
def _environment(fmt: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("game.tools", "templates"),
        autoescape=fmt == "html", finalize=None if fmt == "html" else _inert_in_markdown,
        undefined=jinja2.StrictUndefined, trim_blocks=False, keep_trailing_newline=True,
    )
    env.filters["oneline"] = one_line
    env.filters["markdown"] = author_markdown
    env.globals.update(spark=spark, pct=percent, fmt_number=fmt_number)
    return env

