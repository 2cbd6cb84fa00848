"""The report as a 16:9 deck a consultant presents as it is, telling the Markdown's story in the
same order: the cover and the executive summary; what the CRM is for, who owns it and why it
falls short; the scorecard and one slide per area; the impact/effort matrix, the actions tied
to the goals and root causes, the roadmap, the next steps and the success conditions; the
methods.

Every slide has a real title placeholder sized to fit, the client's footer, and speaker notes
with the detail and the numbers behind it; the charts are PowerPoint's own, so they stay
editable. A section with nothing in it gets no slide. Slides show a bounded number of items
with bounded lengths (:mod:`crm_core.report.pptx_parts`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pptx.enum.text import PP_ALIGN

from crm_core.recommend import PRIORITY_LABELS, QUICK_WIN_EFFORT, QUICK_WIN_IMPACT
from crm_core.report.charts import png_size, why_tree_png
from crm_core.report.engagement import (
    ALIGNMENT_HEADING, OWNERSHIP, PURPOSE, RACI_HEADERS, SHORTFALL, Engagement, GapStory,
)
from crm_core.report.model import AreaSection, Report, cover_lines, due_text, rec_links, votes_for, votes_text
from crm_core.report.pptx_parts import (
    BLUE, BODY, BODY_BOTTOM, GREY, MARGIN, TITLE_SLIDE, Box, Points, bar_chart, clip, colour, content_slide,
    corner_label, layout, new_deck, notes, picture, quadrant_lines, scatter_chart, set_title, spread, style,
    table, text,
)
from crm_core.roadmap import HORIZONS, QUADRANT_COLOURS, QUADRANTS, matrix_table
from crm_core.scorecard import BAND_COLOURS, BAND_LABELS, BAND_RULE, format_score, overall_text
from crm_core.units import plural
from crm_core.strategy.stakeholders import HIGH_FROM, QUADRANTS as STAKEHOLDER_QUADRANTS

SEVERITY_COLOURS = {"critical": "8E1B10", "high": "C0392B", "medium": "D98A1F", "low": "4F8FC9", "info": "9AA4AD"}
RED = colour("C0392B")
MAX_ITEMS = 6
MAX_GAPS = 10  # one slide each; the rest are counted on the votes slide
METHODS_PER_SLIDE = 8
LEFT, RIGHT = Box(MARGIN, BODY.top, 7.4, BODY.height), Box(8.3, BODY.top, 4.45, BODY.height)


@dataclass
class Deck:
    deck: object
    report: Report

    @property
    def footer(self) -> str:
        r = self.report
        return f"{r.client} · {r.title}" + (" · personal data redacted" if r.redacted else "")

    def slide(self, title: str):
        return content_slide(self.deck, title, self.footer, self.report.logo)


def _more(shown: int, total: int, what: str = "in the full report") -> list:
    words = f"and {total - shown} more" + (f" {what}" if what else "")
    return [(words, {"size": 12, "colour": GREY})] if total > shown else []


def _heading(words: str, after: int = 8) -> tuple[str, dict]:
    return words, {"size": 16, "bold": True, "colour": BLUE, "after": after}


# --- the cover and the summary ----------------------------------------------------------------------


def _cover(d: Deck) -> None:
    r = d.report
    slide = d.deck.slides.add_slide(layout(d.deck, TITLE_SLIDE))
    set_title(slide, r.title, Box(0.9, 2.1, 11.5, 1.4), largest=40)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = Box(0.9, 3.7, 11.5, 3.0).emu
    frame = subtitle.text_frame
    lines = [(clip(r.client, 60), 24, True), *((line, 16, False) for line in cover_lines(r)[1:])]
    for n, (words, size, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        paragraph.text = words
        style(paragraph.runs[0].font, size=size, bold=bold, colour=BLUE if bold else GREY)
    if r.logo:
        picture(slide, r.logo, Box(0.9, 0.7, 3.0, 1.2))
    notes(slide, [*cover_lines(r), "", "The deck tells the story in this order: what the CRM is for, who owns it, "
                  "why it falls short, the audit's scores and findings, and what to do about it."])


def _summary(d: Deck) -> None:
    slide = d.slide("Executive summary")
    text(slide, BODY, [(f"• {clip(line, 200)}", {"size": 16, "after": 9}) for line in d.report.summary[:8]])
    notes(slide, d.report.summary)


# --- the strategy half --------------------------------------------------------------------------------


def _goals(d: Deck, e: Engagement) -> None:
    slide = d.slide(PURPOSE)
    shown = e.goals[:5]
    top = BODY.top
    if shown:
        rows = [(clip(g.department, 24), clip(g.title, 60), clip(f"{g.baseline} → {g.target}", 36), g.deadline,
                 clip(g.owner, 24), clip(g.cells[-1], 34)) for g in shown]
        widths = (1.4, 3.2, 2.3, 1.5, 1.5, 2.2)
        table(slide, Box(MARGIN, top, 0, 0), ("Department", "Goal", "Baseline → target", "Deadline", "Owner",
                                              "Progress"), rows, widths, row_height=0.55)
        top += 0.55 * (len(shown) + 1) + 0.15
    lines = _more(len(shown), len(e.goals))
    if e.alignment:
        lines += [_heading(ALIGNMENT_HEADING, 4)]
        lines += [(f"• {clip(line, 150)}", {"size": 14, "after": 4}) for line in e.alignment[:2]]
        lines += _more(2, len(e.alignment))
    text(slide, Box(MARGIN, top, BODY.width, BODY.top + BODY.height - top), lines)
    notes(slide, [f"{g.department}: {g.sentence} ({g.numbers}; {g.detail})" for g in e.goals]
          + ["", "Where the goals do not line up:"] * bool(e.alignment) + list(e.alignment))


def _primary_user(d: Deck, e: Engagement) -> None:
    slide = d.slide(f"{OWNERSHIP}: the primary user")
    text(slide, BODY, [(clip(e.primary_user, 420), {"size": 22})])
    notes(slide, [e.primary_user])


def _stakeholders(d: Deck, e: Engagement) -> None:
    slide = d.slide(f"{OWNERSHIP}: the stakeholders")
    grid = e.stakeholder_grid.head(12)
    people = [Points("Stakeholders", BLUE, [(row.x, row.y, row.number) for row in grid.itertuples()])]
    corners = [corner_label(name, GREY, interested, influential)
               for (influential, interested), name in STAKEHOLDER_QUADRANTS.items()]
    scatter_chart(slide, LEFT, people + corners + quadrant_lines(HIGH_FROM - 0.5, HIGH_FROM - 0.5),
                  x_title="Interest (1 low – 5 high)", y_title="Influence (1 low – 5 high)", labels_inside=False)
    lines = []
    for where in STAKEHOLDER_QUADRANTS.values():
        names = [p for p in e.stakeholders if p.quadrant == where]
        if names:
            lines.append(_heading(where, 2))
            lines += [(clip(f"{p.number}. {p.name}, {p.role} · {p.buy_in}", 46), {"size": 13, "after": 2})
                      for p in names[:3]]
            lines += _more(3, len(names), "")
            lines[-1][1]["after"] = 10
    text(slide, RIGHT, lines)
    notes(slide, [" · ".join(p.cells) + (f" · commitment: {p.commitment}" if p.commitment else "")
                  for p in e.stakeholders] + ([f"Primary user: {e.primary_user}"] if e.primary_user else []))


def _raci(d: Deck, e: Engagement) -> None:
    slide = d.slide(f"{OWNERSHIP}: who does what")
    rows = [(clip(row[0], 52), *(clip(cell, 26) for cell in row[1:])) for row in e.raci[:8]]
    table(slide, Box(MARGIN, BODY.top, 0, 0), RACI_HEADERS, rows, (4.6, 1.9, 1.9, 1.9, 1.8), row_height=0.38)
    top = BODY.top + 0.38 * (len(rows) + 1) + 0.15
    lines = []
    if e.raci_issues:
        lines += [_heading("Gaps in the RACI", 4)]
        lines += [(f"• {clip(issue, 105)}", {"size": 13, "after": 4}) for issue in e.raci_issues[:3]]
        lines += _more(3, len(e.raci_issues))
    text(slide, Box(MARGIN, top, BODY.width, max(0.8, BODY.top + BODY.height - top)), lines)
    notes(slide, [f"{row[0]}: " + "; ".join(f"{h.lower()} {cell}" for h, cell in zip(RACI_HEADERS[1:], row[1:]))
                  for row in e.raci] + list(e.raci_issues))


def _glossary(d: Deck, e: Engagement) -> None:
    slide = d.slide(f"{OWNERSHIP}: terms the teams define differently")
    text(slide, BODY, [(f"• {clip(c, 170)}", {"size": 18, "after": 14}) for c in e.glossary_conflicts[:4]]
         + _more(4, len(e.glossary_conflicts)))
    notes(slide, e.glossary_conflicts)


def _votes(d: Deck, e: Engagement) -> None:
    slide = d.slide(f"{SHORTFALL}: what the room voted for")
    voted = e.voted[:8]
    if voted:
        bar_chart(slide, LEFT, [clip(title, 60) for title, _ in voted], [n for _, n in voted], title="Dot votes")
    backed = sorted(((rec, n) for rec in d.report.recommendations if (n := votes_for(d.report, rec))),
                    key=lambda row: -row[1])
    lines = [(clip(e.workshop, 160), {"size": 14, "colour": GREY, "after": 12})]
    if backed:
        lines += [_heading("Recommendations the room backed", 4)]
        lines += [(clip(f"{d.report.rank(rec)}. {rec.title} ({plural(n, 'vote')})", 90), {"size": 13, "after": 4})
                  for rec, n in backed[:6]]
    lines += _more(MAX_GAPS, len(e.gaps), "gaps in the full report")
    text(slide, RIGHT if voted else BODY, lines)
    notes(slide, [e.workshop] + [f"Gap: {title}: {plural(n, 'vote')}" for title, n in e.voted]
          + [f"Recommendation {d.report.rank(rec)}, {rec.title}: {plural(n, 'vote')}" for rec, n in backed])


def _gap(d: Deck, gap: GapStory) -> None:
    slide = d.slide(gap.title)
    png = why_tree_png(gap.title, gap.whys) if gap.whys else None
    wide = png is not None and png_size(png)[0] >= 2.2 * png_size(png)[1]  # a chain rather than a bush
    limit = 110 if wide or png is None else 78
    story = [(clip(gap.where, limit), {"size": 14, "colour": GREY, "after": 10})]
    for label, words in (("Today", gap.current), ("Wanted", gap.desired), ("Evidence", gap.evidence)):
        if words:
            story += [(label, {"size": 13, "bold": True, "after": 0}), (clip(words, limit), {"size": 14})]
    causes = [("Root causes", {"size": 16, "bold": True, "colour": RED, "after": 2})] * bool(gap.root_causes)
    causes += [(f"• {clip(cause, limit)}", {"size": 14, "colour": RED, "after": 4}) for cause in gap.root_causes[:3]]
    causes += _more(3, len(gap.root_causes))
    if png is None:
        text(slide, BODY, story + causes)
    elif wide:  # the tree across the slide, the story below
        tree = picture(slide, png, Box(MARGIN, BODY.top, BODY.width, 2.9))
        top = BODY.top + tree.height / 914400 + 0.3
        text(slide, Box(MARGIN, top, 6.9, BODY_BOTTOM - top), story)
        text(slide, Box(7.8, top, 4.95, BODY_BOTTOM - top), causes)
    else:  # a bushy tree on the left, the story on the right
        picture(slide, png, Box(MARGIN, BODY.top, 6.9, BODY.height - 0.2))
        text(slide, Box(7.7, BODY.top, 5.05, BODY.height), story + causes)
    chains = [f"{'    ' * (w.level - 1)}- {w.answer}" + (" (root cause)" if w.root_cause else "") for w in gap.whys]
    notes(slide, [gap.title, gap.where, *(f"{label}: {words}" for label, words in (
        ("Today", gap.current), ("Wanted", gap.desired), ("Evidence", gap.evidence)) if words),
        "", "Why?", *chains, "", "Root causes: " + ("; ".join(gap.root_causes) or "none marked yet")])


# --- the audit -------------------------------------------------------------------------------------------


def _scorecard(d: Deck) -> None:
    card = d.report.scorecard
    slide = d.slide(f"Health scorecard: {overall_text(card)}")
    scored = [a for a in card.areas if a.value is not None]
    if scored:
        bar_chart(slide, LEFT, [a.label for a in scored], [a.value for a in scored], high=100, unit=20,
                  colours=[colour(BAND_COLOURS[a.band]) for a in scored], title="Score (0 worst – 100 best)")
    lines = [(f"Overall: {format_score(card.overall.value)} · {BAND_LABELS[card.overall.band]}",
              {"size": 18, "bold": True, "colour": colour(BAND_COLOURS[card.overall.band])})]
    lines.append((f"{plural(card.overall.findings, 'finding')}, {card.overall.serious:,} critical or high",
                  {"size": 14, "bold": True, "after": 2}))
    lines += [(f"{a.label}: {a.findings} ({a.serious} critical or high)", {"size": 13, "colour": GREY, "after": 0})
              for a in scored]
    lines[-1][1]["after"] = 12
    for a in card.areas:
        if a.value is None:
            lines += [(f"{a.label}: not measured", {"size": 14, "bold": True, "colour": GREY, "after": 0}),
                      (clip(a.note.removeprefix("not measured: "), 90), {"size": 12, "colour": GREY})]
    lines.append((clip(f"Bands: {BAND_RULE}.", 140), {"size": 12, "colour": GREY}))
    text(slide, RIGHT if scored else BODY, lines)
    notes(slide, [f"{a.label}: {format_score(a.value)} ({BAND_LABELS[a.band]}); {a.findings} findings, {a.serious} "
                  f"critical or high; " + (f"basis: {a.basis}" if a.value is not None else a.note)
                  for a in (*card.areas, card.overall)] + [f"Bands: {BAND_RULE}."])


def _area(d: Deck, section: AreaSection) -> None:
    slide = d.slide(section.heading)
    scores = [s for s in section.scores if not s.dimension.endswith("_coverage")]
    box = BODY
    if section.score.value is not None and len(scores) > 1:
        bar_chart(slide, Box(MARGIN, BODY.top, 5.4, BODY.height), [_dimension(s.dimension) for s in scores[:8]],
                  [s.value for s in scores[:8]], high=100, unit=25, title="Score (0–100)")
        box = Box(6.4, BODY.top, 6.35, BODY.height)
    shown = section.findings[:MAX_ITEMS]
    lines = [_heading("Top findings" if shown else "No finding in this area.")]
    if section.score.note:
        lines.insert(0, (clip(section.score.note.capitalize(), 140) + ".", {"size": 14, "colour": GREY}))
    for f in shown:
        lines.append((f"{f.severity_label.upper()} · {f.affected_count:,} affected",
                      {"size": 12, "bold": True, "colour": colour(SEVERITY_COLOURS.get(f.severity, "5B6670")),
                       "after": 0}))
        lines.append((clip(f.title, 70 if box is not BODY else 110), {"size": 14, "after": 8}))
    text(slide, box, lines + _more(len(shown), len(section.findings)))
    notes(slide, [section.heading, *(f"{_dimension(s.dimension)}: {s.value:.0f}/100" for s in section.scores), ""]
          + [f"{f.severity_label} · {f.code} · {f.affected_count:,} affected: {f.title}"
             + (f". {f.detail}" if f.detail else "")
             + (f" Evidence: {'; '.join(f'{k} {v}' for k, v in f.evidence)}." if f.evidence else "")
             for f in section.findings])


def _dimension(name: str) -> str:
    return name.replace("_", " ").replace(".", ": ").capitalize()


# --- what to do ------------------------------------------------------------------------------------------


def _matrix(d: Deck) -> None:
    recs = d.report.recommendations
    slide = d.slide("Impact and effort: quick wins first")
    matrix = matrix_table(recs)
    spot = spread({row.rank: (row.effort, row.impact) for row in matrix.itertuples()})
    groups, corners = [], []
    for (key, name), hue in zip(QUADRANTS.items(), QUADRANT_COLOURS):
        rows = matrix[matrix["quadrant"] == name].itertuples()
        groups.append(Points(name, colour(hue), [(*spot[row.rank], str(row.rank)) for row in rows]))
        corners.append(corner_label(name, colour(hue), key in ("major_project", "thankless"),
                               key in ("quick_win", "major_project")))
    scatter_chart(slide, Box(MARGIN - 0.1, BODY.top, 8.5, BODY.height), [g for g in groups if g.points] + corners
                  + quadrant_lines(QUICK_WIN_EFFORT + 0.5, QUICK_WIN_IMPACT - 0.5), x_title="Effort (1 low – 5 high)",
                  y_title="Impact (1 low – 5 high)", labels_inside=True)
    quick = [r for r in recs if r.quick_win]
    lines = [(f"{plural(len(quick), 'quick win')}", {"size": 18, "bold": True, "colour": BLUE, "after": 10})]
    lines += [(f"{d.report.rank(r)}. {clip(r.title, 60)}", {"size": 13, "after": 5}) for r in quick[:9]]
    text(slide, Box(9.1, BODY.top, 3.65, BODY.height), lines + _more(9, len(quick)))
    notes(slide, [f"{d.report.rank(r)}. {r.title}: impact {r.impact}/5, effort {r.effort}/5, "
                  f"{PRIORITY_LABELS.get(r.priority, r.priority).lower()}" + (", quick win" if r.quick_win else "")
                  for r in recs])


def _links(d: Deck) -> None:
    """The actions under each goal and root cause they serve, and those the room voted for."""
    r = d.report
    linked = [rec for rec in r.recommendations if any(rec_links(r, rec)) or votes_text(r, rec)]
    if not linked:
        return
    slide = d.slide("What the actions are for")
    targets: dict[tuple[str, str], list] = {}
    for rec in linked:
        goals, causes = rec_links(r, rec)
        for kind, label in [*(("Goal", g) for g in goals), *(("Root cause", c) for c in causes)]:
            targets.setdefault((kind, label), []).append(rec)
    lines = []
    for (kind, label), recs in list(targets.items())[:6]:
        lines.append((clip(f"{kind}: {label}", 110), {"size": 15, "bold": True, "colour": BLUE if kind == "Goal"
                                                      else RED, "after": 2}))
        lines += [(clip(f"{r.rank(rec)}. {rec.title}" + (f" · {votes_text(r, rec)}" if votes_text(r, rec) else ""),
                        120), {"size": 14, "after": 10}) for rec in recs[:2]]
    voted_only = [rec for rec in linked if not any(rec_links(r, rec))]
    if voted_only:
        lines.append(_heading("Backed by the room", 2))
        lines += [(clip(f"{r.rank(rec)}. {rec.title} · {votes_text(r, rec)}", 120), {"size": 14}) for rec in
                  voted_only[:3]]
    text(slide, BODY, lines + _more(6, len(targets), "goals and root causes in the full report"))
    notes(slide, [_rec_note(r, rec) for rec in linked])


def _rec_note(r: Report, rec) -> str:
    goals, causes = rec_links(r, rec)
    parts = [f"{r.rank(rec)}. {rec.title} ({PRIORITY_LABELS.get(rec.priority, rec.priority).lower()}; owner "
             f"{rec.owner or 'not set'}; due {due_text(rec)}; impact {rec.impact}/5, effort {rec.effort}/5)",
             f"   Why: {rec.rationale}"]
    parts += [f"   - {step}" for step in rec.actions]
    parts += [f"   Serves goal: {g}" for g in goals] + [f"   Addresses root cause: {c}" for c in causes]
    parts += [f"   {votes_text(r, rec).capitalize()}"] * bool(votes_text(r, rec))
    return "\n".join(parts)


def _roadmap(d: Deck) -> None:
    roadmap = d.report.roadmap
    slide = d.slide("Roadmap")
    for n, (horizon, lane) in enumerate(HORIZONS.items()):
        rows = roadmap[roadmap["horizon"] == horizon]
        lines = [(f"{lane} ({len(rows)})", {"size": 16, "bold": True, "colour": BLUE, "after": 10})]
        lines += [(f"{row.order}. {clip(row.title, 62)}", {"size": 12, "after": 5})
                  for row in rows.head(MAX_ITEMS + 1).itertuples()]
        lines += _more(MAX_ITEMS + 1, len(rows), "")
        if horizon == "five_years":
            lines += [(f"Year {row.year}, reviewed {row.review_on:%b %Y}: {clip(row.focus, 50)}",
                       {"size": 12, "colour": GREY, "after": 5}) for row in d.report.five_year.itertuples()]
        text(slide, Box(MARGIN + n * 3.05, BODY.top, 2.95, BODY.height), lines)
    notes(slide, [f"{row.lane} {row.order}: {row.title} ({row.priority}; owner {row.owner or 'not set'}; "
                  + (f"due by {row.target:%d %b %Y})" if row.target else "reviewed yearly)")
                  for row in roadmap.itertuples()]
          + [f"Five-year plan, year {row.year} (review {row.review_on:%d %b %Y}): {row.focus}"
             for row in d.report.five_year.itertuples()])


def _next_steps(d: Deck) -> None:
    r = d.report
    slide = d.slide("Next steps")
    steps = r.next_steps(MAX_ITEMS)
    lines = []
    for rec in steps:
        goals, causes = rec_links(r, rec)
        tags = [f"serves {clip(goal, 50)}" for goal in goals[:1]] + [t for t in (votes_text(r, rec),) if t]
        lines.append((f"{r.rank(rec)}. {clip(rec.title, 95)}", {"size": 17, "bold": True, "after": 2}))
        facts = [PRIORITY_LABELS.get(rec.priority, rec.priority), f"owner {rec.owner or 'not set'}",
                 f"due {due_text(rec)}", *tags]
        lines.append((clip(" · ".join(facts), 150), {"size": 13, "colour": GREY, "after": 11}))
    text(slide, BODY, lines)
    notes(slide, [_rec_note(r, rec) for rec in steps])


def _conditions(d: Deck) -> None:
    conditions = d.report.conditions
    if not len(conditions):
        return
    slide = d.slide("Success conditions")
    lines = []
    for row in conditions.itertuples():
        lines += [(f"{row.condition.capitalize()}: {clip(row.meaning, 80)}", {"size": 18, "bold": True,
                                                                           "colour": BLUE, "after": 2}),
                  (clip(row.status, 120), {"size": 15, "after": 16})]
    text(slide, BODY, lines)
    notes(slide, [f"{row.condition.capitalize()} ({row.meaning}), measured by {row.areas}: {row.status}. "
                  + "; ".join(row.recommendations) for row in conditions.itertuples()])


def _methods(d: Deck) -> None:
    methods = d.report.methods
    pages = [methods[n:n + METHODS_PER_SLIDE] for n in range(0, len(methods), METHODS_PER_SLIDE)]
    for n, page in enumerate(pages, 1):
        part = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
        slide = d.slide(f"Appendix: methods and assumptions{part}")
        text(slide, BODY, [(f"{heading}: {clip(words, 215 - len(heading))}", {"size": 13, "after": 9})
                           for heading, words in page])
        notes(slide, [f"{heading}: {words}" for heading, words in page])


# --- the deck -------------------------------------------------------------------------------------------


def _strategy(d: Deck, e: Engagement) -> None:
    if e.has_purpose:
        _goals(d, e)
    if e.primary_user:
        _primary_user(d, e)
    if e.stakeholders:
        _stakeholders(d, e)
    if e.raci:
        _raci(d, e)
    if e.glossary_conflicts:
        _glossary(d, e)
    if e.gaps and e.workshop:
        _votes(d, e)
    for gap in e.gaps[:MAX_GAPS]:
        _gap(d, gap)


def render_pptx(report: Report) -> bytes:
    d = Deck(new_deck(), report)
    d.deck.core_properties.title = f"{report.title}: {report.client}"[:255]
    d.deck.core_properties.author = report.author[:255]
    _cover(d)
    _summary(d)
    _strategy(d, report.engagement)
    _scorecard(d)
    for section in report.areas:
        _area(d, section)
    if report.recommendations:
        _matrix(d)
        _links(d)
        _roadmap(d)
        _next_steps(d)
    _conditions(d)
    _methods(d)
    buffer = io.BytesIO()
    d.deck.save(buffer)
    return buffer.getvalue()
