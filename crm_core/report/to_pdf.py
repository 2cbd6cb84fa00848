"""The report as a PDF, laid out with ReportLab's Platypus (flowing text, tables that split
across pages with their header repeated, a header and page number on every page).

ReportLab: BSD-licensed like the rest of our stack, maintained since 2000 with regular
releases, pure Python wheels, and its flowing layout handles pagination, keep-together blocks
and long tables without hand-placed coordinates. Text is set in DejaVu Sans (Debian's
fonts-dejavu-core), embedded and subset, so accents, Cyrillic, Greek and € print; without it,
ReportLab's bundled Bitstream Vera (Latin only) is used. Every string from the workspace or
the CRM is XML-escaped before it reaches a Paragraph, whose mini-markup would otherwise read
"<" and "&".
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak, Image, KeepTogether, ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer,
    Table, TableStyle,
)

from crm_core.recommend import PRIORITY_LABELS, PRIORITY_MEANING
from crm_core.report.charts import chart_png, png_size, why_tree_png
from crm_core.report.engagement import (
    ALIGNMENT_HEADING, GLOSSARY_HEADING, GOAL_HEADERS, OWNERSHIP, PRIMARY_USER_HEADING, PURPOSE, RACI_HEADERS,
    RACI_HEADING, SHORTFALL, STAKEHOLDER_HEADERS, STAKEHOLDERS_HEADING, Engagement,
)
from crm_core.report.model import Report, cover_lines, due_text, rec_links, serves_text, votes_text
from crm_core.roadmap import HORIZONS
from crm_core.scorecard import BAND_COLOURS, BAND_LABELS, BAND_RULE, format_score

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/local/share/fonts/dejavu"), Path("/Library/Fonts"), Path("C:/Windows/Fonts"))
DEJAVU = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
VERA = ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf")
BLUE = colors.HexColor("#1f5f99")
GREY = colors.HexColor("#5b6670")
LINE = colors.HexColor("#dde3e8")
SEVERITY_COLOURS = {"critical": "#8e1b10", "high": "#c0392b", "medium": "#d98a1f", "low": "#4f8fc9", "info": "#9aa4ad"}
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str, str]:
    """(regular, bold, italic) font names: DejaVu Sans when installed, else ReportLab's Vera."""
    folder = next((d for d in FONT_DIRS if all((d / f).is_file() for f in DEJAVU)), None)
    files = [folder / f for f in DEJAVU] if folder else [Path(reportlab.__file__).parent / "fonts" / f for f in VERA]
    names = ("Report", "Report-Bold", "Report-Italic")
    for name, path in zip(names, files, strict=True):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily("Report", normal=names[0], bold=names[1], italic=names[2], boldItalic=names[1])
    return names


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = register_fonts()
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, alignment=TA_LEFT, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=GREY, spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=base, fontName=bold, fontSize=8, leading=10, spaceAfter=0),
        "band": ParagraphStyle("band", parent=base, fontName=bold, fontSize=8, leading=10, textColor=colors.white),
        "h1": ParagraphStyle("h1", parent=base, fontName=bold, fontSize=17, leading=21, textColor=BLUE,
                             spaceBefore=4, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4),
        "rec": ParagraphStyle("rec", parent=base, fontName=bold, fontSize=10, leading=13, spaceAfter=2),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=28, leading=34, textColor=BLUE),
        "client": ParagraphStyle("client", parent=base, fontName=bold, fontSize=16, leading=20, spaceBefore=10),
        "cover": ParagraphStyle("cover", parent=base, fontSize=11, leading=16, textColor=GREY),
    }


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of untrusted text: escaped, so '<' and '&' print as themselves."""
    return Paragraph(escape(str(text)), style)


def _image(png: bytes, max_width: float = FRAME_W, max_height: float = 150 * mm) -> Image:
    width, height = png_size(png)
    points_w, points_h = width / 2 * 0.75, height / 2 * 0.75  # rendered at scale 2, CSS px -> pt
    factor = min(1.0, max_width / points_w, max_height / points_h)
    return Image(io.BytesIO(png), width=points_w * factor, height=points_h * factor)


def _table(rows: list[list], widths: list[float], *, header_fill=BLUE, extra: list | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), header_fill), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE), ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), *(extra or [])]))
    return table


def _head(labels: list[str], s) -> list[Paragraph]:
    white = ParagraphStyle("head", parent=s["cellb"], textColor=colors.white)
    return [_p(label, white) for label in labels]


def _cover(report: Report, s) -> list:
    story: list = [Spacer(1, 40 * mm)]
    if report.logo:
        logo = _image(report.logo, 60 * mm, 25 * mm)
        logo.hAlign = "LEFT"
        story += [logo, Spacer(1, 10 * mm)]
    story += [_p(report.title, s["title"]), _p(report.client, s["client"]), Spacer(1, 8 * mm)]
    story += [_p(line, s["cover"]) for line in cover_lines(report)[1:]]
    return [*story, PageBreak()]


def _summary(report: Report, s) -> list:
    story = [_p("Executive summary", s["h1"])]
    story.append(_bullets(report.summary, s))
    return story


def _bullets(lines, s, style: str = "body") -> ListFlowable:
    return ListFlowable([ListItem(_p(line, s[style]), leftIndent=10) for line in lines], bulletType="bullet",
                        start="•", leftIndent=10)


def _purpose(e: Engagement, s) -> list:
    if not e.has_purpose:
        return []
    story: list = [PageBreak(), _p(PURPOSE, s["h1"])]
    if e.goals:
        widths = [20 * mm, 33 * mm, 22 * mm, 24 * mm, 17 * mm, 19 * mm, 17 * mm]
        rows = [_head(list(GOAL_HEADERS), s)]
        rows += [[_p(cell, s["cellb"] if n == 1 else s["cell"]) for n, cell in enumerate(g.cells)] for g in e.goals]
        story.append(_table(rows, [*widths, FRAME_W - sum(widths)]))
    if e.alignment:
        story += [_p(ALIGNMENT_HEADING, s["h2"]), _bullets(e.alignment, s)]
    return story


def _ownership(report: Report, s) -> list:
    e = report.engagement
    if not e.has_ownership:
        return []
    story: list = [PageBreak(), _p(OWNERSHIP, s["h1"])]
    if e.primary_user:
        story += [_p(PRIMARY_USER_HEADING, s["h2"]), _p(e.primary_user, s["body"])]
    if e.stakeholders:
        story.append(_p(STAKEHOLDERS_HEADING, s["h2"]))
        story.append(_image(chart_png(report.stakeholder_chart()), max_height=95 * mm))
        widths = [7 * mm, 30 * mm, 33 * mm, 20 * mm, 21 * mm, 18 * mm, 26 * mm]
        rows = [_head(list(STAKEHOLDER_HEADERS), s)]
        rows += [[_p(cell, s["cell"]) for cell in p.cells] for p in e.stakeholders]
        story.append(_table(rows, [*widths, FRAME_W - sum(widths)]))
    if e.raci:
        story += [CondPageBreak(50 * mm), _p(RACI_HEADING, s["h2"])]
        first = 58 * mm
        rows = [_head(list(RACI_HEADERS), s)] + [[_p(cell, s["cell"]) for cell in row] for row in e.raci]
        story.append(_table(rows, [first] + [(FRAME_W - first) / 4] * 4))
        if e.raci_issues:
            story.append(_bullets(e.raci_issues, s))
    if e.glossary_conflicts:
        story += [_p(GLOSSARY_HEADING, s["h2"]), _bullets(e.glossary_conflicts, s)]
    return story


def _shortfall(e: Engagement, s) -> list:
    if not e.gaps:
        return []
    story: list = [PageBreak(), _p(SHORTFALL, s["h1"])]
    if e.workshop:
        story.append(_p(e.workshop, s["body"]))
    for gap in e.gaps:
        block = [_p(gap.title, s["h2"]), _p(gap.where, s["small"])]
        block += [_p(f"{label}: {text}", s["body"]) for label, text in (("Today", gap.current),
                                                                        ("Wanted", gap.desired),
                                                                        ("Evidence", gap.evidence)) if text]
        if gap.whys:
            block.append(_image(why_tree_png(gap.title, gap.whys), max_height=85 * mm))
        if gap.root_causes:
            block.append(_p("Root causes: " + "; ".join(gap.root_causes), s["rec"]))
        story += [CondPageBreak(60 * mm), KeepTogether(block), Spacer(1, 4 * mm)]
    return story


def _scorecard(report: Report, s) -> list:
    story = [CondPageBreak(150 * mm), _p("Health scorecard", s["h1"]), _p(f"Bands: {BAND_RULE}.", s["small"])]
    rows = [_head(["Area", "Score", "Band", "Findings", "Critical or high", "Basis"], s)]
    extra = []
    for n, a in enumerate((*report.scorecard.areas, report.scorecard.overall), start=1):
        style = s["cellb"] if a.area == "overall" else s["cell"]
        rows.append([_p(a.label, style), _p(format_score(a.value), style), _p(BAND_LABELS[a.band], s["band"]),
                     _p(a.findings, s["cell"]), _p(a.serious, s["cell"]), _p(a.note or a.basis, s["small"])])
        extra.append(("BACKGROUND", (2, n), (2, n), colors.HexColor(BAND_COLOURS[a.band])))
    table = _table(rows, [38 * mm, 18 * mm, 30 * mm, 18 * mm, 22 * mm, FRAME_W - 126 * mm], extra=extra)
    return [*story, table, Spacer(1, 4 * mm), _image(chart_png(report.scorecard_chart()), max_height=80 * mm)]


def _areas(report: Report, s) -> list:
    story: list = []
    for section in report.areas:
        story += [PageBreak(), _p(section.heading, s["h1"])]
        if section.score.note:
            story.append(_p(section.score.note.capitalize() + ".", s["body"]))
        if section.chart is not None:
            story += [_image(chart_png(section.chart), max_height=70 * mm), Spacer(1, 3 * mm)]
        if not section.findings:
            story.append(_p("No finding in this area.", s["body"]))
            continue
        rows = [_head(["Severity", "Finding", "Affected", "Example"], s)]
        for f in section.findings:
            finding = [_p(f.title, s["cellb"])]
            if f.detail:
                finding.append(_p(f.detail, s["cell"]))
            finding.append(_p(f.code, s["small"]))
            example = [_p(f"{e.entity} {e.record_id}: {e.value or '(empty)'}", s["small"]) for e in f.examples[:2]]
            severity = ParagraphStyle(f"sev-{f.severity}", parent=s["cellb"],
                                      textColor=colors.HexColor(SEVERITY_COLOURS.get(f.severity, "#000000")))
            rows.append([_p(f.severity_label, severity), finding, _p(f"{f.affected_count:,}", s["cell"]),
                         example or _p("—", s["small"])])
        story.append(_table(rows, [18 * mm, FRAME_W - 96 * mm, 18 * mm, 60 * mm]))
    return story


def _recommendation(report: Report, rec, s) -> KeepTogether:
    title = f"{report.rank(rec)}. {escape(rec.title)}" + (
        '  <font color="#1a7f37">[quick win]</font>' if rec.quick_win else "")
    parts = [Paragraph(title, s["rec"]), _p(rec.rationale, s["body"])]
    parts.append(ListFlowable([ListItem(_p(step, s["body"]), leftIndent=12) for step in rec.actions],
                              bulletType="1", leftIndent=12, bulletFontName=register_fonts()[0], bulletFontSize=9))
    goals, causes = rec_links(report, rec)
    if votes_text(report, rec):
        parts.append(_p(votes_text(report, rec).capitalize(), s["small"]))
    parts += [_p(f"Serves goal: {g}", s["small"]) for g in goals]
    parts += [_p(f"Addresses root cause: {c}", s["small"]) for c in causes]
    parts.append(_p(f"Owner: {rec.owner or 'not set'} · due {due_text(rec)} · impact {rec.impact}/5 · effort "
                    f"{rec.effort}/5 · serves {serves_text(rec)} · {rec.key}", s["small"]))
    return KeepTogether([*parts, Spacer(1, 3 * mm)])


def _recommendations(report: Report, s) -> list:
    story: list = [PageBreak(), _p("Recommendations", s["h1"]),
                   _p("Numbered by the worst finding each one answers, then priority, impact and effort; the "
                      "first ones by priority here, the others in the appendix below.", s["body"])]
    for priority, recs in report.by_priority().items():
        story += [CondPageBreak(40 * mm), _p(f"{PRIORITY_LABELS[priority]} ({len(recs)})", s["h2"]),
                  _p(PRIORITY_MEANING[priority].capitalize() + ".", s["small"])]
        story += [_recommendation(report, rec, s) for rec in recs] or [_p("None.", s["body"])]
    if report.appendix():
        story += [CondPageBreak(40 * mm), _p(f"Appendix: the other {len(report.appendix())} recommendations", s["h2"])]
        story += [_p(f"{report.rank(rec)}. {rec.title} ({PRIORITY_LABELS[rec.priority].lower()}, impact "
                     f"{rec.impact}/5, effort {rec.effort}/5)", s["body"]) for rec in report.appendix()]
    story += [PageBreak(), _p("Impact and effort", s["h1"]),
              _p("Each dot is a recommendation, numbered as in the list above; the shaded corner holds the "
                 "quick wins (impact 4 or more for effort 1 or 2, on a measured finding).", s["body"]),
              _image(chart_png(report.matrix_chart()), max_height=150 * mm)]
    return story


def _roadmap(report: Report, s) -> list:
    story: list = [PageBreak(), _p("Roadmap", s["h1"])]
    for horizon, lane in HORIZONS.items():
        rows = report.roadmap[report.roadmap["horizon"] == horizon]
        story += [CondPageBreak(30 * mm), _p(f"{lane} ({len(rows)})", s["h2"])]
        if not len(rows):
            story.append(_p("Nothing planned.", s["small"]))
            continue
        table = [_head(["#", "Recommendation", "Priority", "Owner", "Due by"], s)]
        table += [[_p(r.order, s["cell"]), _p(r.title + (" (quick win)" if r.quick_win else ""), s["cell"]),
                   _p(r.priority, s["cell"]), _p(r.owner or "not set", s["cell"]),
                   _p(f"{r.target:%d %b %Y}" if r.target else "yearly review", s["cell"])]
                  for r in rows.itertuples()]
        story.append(_table(table, [8 * mm, FRAME_W - 98 * mm, 22 * mm, 44 * mm, 24 * mm]))
    story += [CondPageBreak(50 * mm), _p("Five-year plan, reviewed every year", s["h2"])]
    plan = [_head(["Year", "Review on", "Focus"], s)]
    plan += [[_p(r.year, s["cell"]), _p(f"{r.review_on:%d %b %Y}", s["cell"]), _p(r.focus, s["cell"])]
             for r in report.five_year.itertuples()]
    story.append(_table(plan, [12 * mm, 24 * mm, FRAME_W - 36 * mm]))
    story += [CondPageBreak(60 * mm), _p("Success conditions", s["h1"]),
              _p("A CRM succeeds when all three hold. Which recommendations serve which:", s["body"])]
    rows = [_head(["Condition", "Status", "Served by"], s)]
    for r in report.conditions.itertuples():
        served = [_p(t, s["cell"]) for t in r.recommendations[:6]]
        if len(r.recommendations) > 6:
            served.append(_p(f"and {len(r.recommendations) - 6} more", s["small"]))
        rows.append([[_p(r.condition.capitalize(), s["cellb"]), _p(r.meaning, s["small"])], _p(r.status, s["cell"]),
                     served or _p("—", s["cell"])])
    story.append(_table(rows, [40 * mm, 45 * mm, FRAME_W - 85 * mm]))
    return story


def _appendix(report: Report, s) -> list:
    story: list = [PageBreak(), _p("Appendix: methods and assumptions", s["h1"])]
    for heading, text in report.methods:
        story += [_p(heading, s["cellb"]), _p(text, s["body"])]
    return story


def render_pdf(report: Report) -> bytes:
    s = _styles()
    regular = register_fonts()[0]
    buffer = io.BytesIO()

    def decorate(canvas, doc) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, PAGE_H - 11 * mm, f"{report.client} · {report.title}"[:110])
        canvas.drawRightString(PAGE_W - MARGIN, 10 * mm, f"Page {doc.page}")
        if report.redacted:
            canvas.drawString(MARGIN, 10 * mm, "Personal data redacted")
        canvas.restoreState()

    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=f"{report.title}: {report.client}", author=report.author,
                            subject="CRM audit report")
    story = [*_cover(report, s), *_summary(report, s), *_purpose(report.engagement, s), *_ownership(report, s),
             *_shortfall(report.engagement, s), *_scorecard(report, s), *_areas(report, s), *_recommendations(report, s),
             *_roadmap(report, s), *_appendix(report, s)]
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
