"""The report as a 16:9 deck for the quarterly review: title, executive summary, scorecard,
one slide per area, the impact/effort matrix, the roadmap and the next steps.

PowerPoint does not shrink text to fit, so every slide shows a bounded number of items with
bounded lengths (:data:`MAX_ITEMS`, :func:`clip`) and says how many more the full report has.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from crm_core.recommend import PRIORITY_LABELS
from crm_core.report.charts import chart_png, png_size
from crm_core.report.model import Report, cover_lines, due_text
from crm_core.roadmap import HORIZONS
from crm_core.scorecard import BAND_COLOURS, BAND_LABELS, BAND_RULE, format_score, overall_text

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
BLUE = RGBColor(0x1F, 0x5F, 0x99)
GREY = RGBColor(0x5B, 0x66, 0x70)
DARK = RGBColor(0x1D, 0x26, 0x30)
SEVERITY_COLOURS = {"critical": "8E1B10", "high": "C0392B", "medium": "D98A1F", "low": "4F8FC9", "info": "9AA4AD"}
MAX_ITEMS = 6
FONT = "DejaVu Sans"


def clip(text: str, limit: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _colour(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, lines, *, size=16, bold_first=False, colour=DARK):
    """A text box of ``lines``: each a str or (str, {size, bold, colour}) pair."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for n, line in enumerate(lines):
        text, style = (line, {}) if isinstance(line, str) else line
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(style.get("after", 6))
        run = paragraph.add_run()
        run.text = text
        run.font.name = FONT
        run.font.size = Pt(style.get("size", size))
        run.font.bold = style.get("bold", bold_first and n == 0)
        run.font.color.rgb = style.get("colour", colour)
    return box


def _slide(deck, title: str, report: Report):
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    _text(slide, Inches(0.6), Inches(0.35), Inches(12.1), Inches(0.9), [(clip(title, 80), {"size": 28, "bold": True,
                                                                                           "colour": BLUE})])
    _text(slide, Inches(0.6), Inches(7.0), Inches(12.1), Inches(0.4),
          [(f"{report.client} · {report.title}" + (" · personal data redacted" if report.redacted else ""),
            {"size": 10, "colour": GREY})])
    return slide


def _picture(slide, png: bytes, left, top, max_width, max_height):
    width, height = png_size(png)
    factor = min(max_width / width, max_height / height)
    return slide.shapes.add_picture(io.BytesIO(png), left, top, Emu(int(width * factor)), Emu(int(height * factor)))


def _title_slide(deck, report: Report) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    if report.logo:
        _picture(slide, report.logo, Inches(0.8), Inches(0.7), Inches(3), Inches(1.2))
    _text(slide, Inches(0.8), Inches(2.3), Inches(11.5), Inches(1.5), [(clip(report.title, 70), {"size": 40,
                                                                                             "bold": True,
                                                                                             "colour": BLUE})])
    lines = [(clip(report.client, 80), {"size": 24, "bold": True})]
    lines += [(line, {"size": 16, "colour": GREY}) for line in cover_lines(report)[1:]]
    _text(slide, Inches(0.8), Inches(3.8), Inches(11.5), Inches(3), lines)


def _summary_slide(deck, report: Report) -> None:
    slide = _slide(deck, "Executive summary", report)
    _text(slide, Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.4),
          [(f"• {clip(line, 230)}", {"size": 17, "after": 12}) for line in report.summary[:7]])


def _scorecard_slide(deck, report: Report) -> None:
    slide = _slide(deck, f"Health scorecard: {overall_text(report.scorecard)}", report)
    _picture(slide, chart_png(report.scorecard_chart()), Inches(0.6), Inches(1.4), Inches(7.6), Inches(5.3))
    lines = [(f"Bands: {BAND_RULE}.", {"size": 12, "colour": GREY, "after": 14})]
    for a in report.scorecard.areas:
        score = f"{format_score(a.value)} · {BAND_LABELS[a.band]}" if a.value is not None else "– not measured"
        lines.append((f"{a.label}: {score}",
                      {"size": 16, "bold": True, "colour": _colour(BAND_COLOURS[a.band]), "after": 2}))
        lines.append((f"{a.findings} findings, {a.serious} critical or high" if a.value is not None
                      else clip(a.note, 70), {"size": 12, "colour": GREY, "after": 10}))
    _text(slide, Inches(8.5), Inches(1.4), Inches(4.3), Inches(5.5), lines)


def _area_slide(deck, report: Report, section) -> None:
    slide = _slide(deck, section.heading, report)
    chart = section.chart
    left = Inches(0.6)
    if chart is not None:
        _picture(slide, chart_png(chart), left, Inches(1.5), Inches(5.6), Inches(4.6))
        left = Inches(6.5)
    shown = section.findings[:MAX_ITEMS]
    lines = [("Top findings" if shown else "No finding in this area.", {"size": 16, "bold": True, "after": 10})]
    if section.score.note:
        lines.insert(0, (section.score.note.capitalize() + ".", {"size": 14, "colour": GREY, "after": 10}))
    for f in shown:
        lines.append((f"{f.severity_label.upper()} · {f.affected_count:,} affected",
                      {"size": 11, "bold": True, "colour": _colour(SEVERITY_COLOURS.get(f.severity, "5B6670")),
                       "after": 0}))
        lines.append((clip(f.title, 90), {"size": 14, "after": 8}))
    if len(section.findings) > len(shown):
        lines.append((f"and {len(section.findings) - len(shown)} more in the full report",
                      {"size": 12, "colour": GREY}))
    _text(slide, left, Inches(1.4), Inches(12.7) - left, Inches(5.5), lines)


def _matrix_slide(deck, report: Report) -> None:
    slide = _slide(deck, "Impact and effort: quick wins first", report)
    _picture(slide, chart_png(report.matrix_chart()), Inches(0.6), Inches(1.3), Inches(7.2), Inches(5.6))
    quick = [r for r in report.recommendations if r.quick_win][:MAX_ITEMS + 2]
    lines = [(f"{sum(r.quick_win for r in report.recommendations)} quick wins", {"size": 18, "bold": True,
                                                                                "after": 10})]
    lines += [(f"{report.recommendations.index(r) + 1}. {clip(r.title, 80)}", {"size": 13, "after": 6})
              for r in quick]
    _text(slide, Inches(8.1), Inches(1.4), Inches(4.7), Inches(5.5), lines)


def _roadmap_slide(deck, report: Report) -> None:
    slide = _slide(deck, "Roadmap", report)
    width = Inches(3.0)
    for n, (horizon, lane) in enumerate(HORIZONS.items()):
        rows = report.roadmap[report.roadmap["horizon"] == horizon]
        lines = [(f"{lane} ({len(rows)})", {"size": 16, "bold": True, "colour": BLUE, "after": 10})]
        lines += [(f"{row.order}. {clip(row.title, 70)}", {"size": 11, "after": 5})
                  for row in rows.head(MAX_ITEMS + 1).itertuples()]
        if len(rows) > MAX_ITEMS + 1:
            lines.append((f"and {len(rows) - MAX_ITEMS - 1} more", {"size": 11, "colour": GREY}))
        if horizon == "five_years":
            lines += [(f"Year {row.year}, reviewed {row.review_on:%b %Y}: {clip(row.focus, 60)}",
                       {"size": 11, "colour": GREY, "after": 5}) for row in report.five_year.itertuples()]
        _text(slide, Inches(0.6) + n * (width + Inches(0.1)), Inches(1.4), width, Inches(5.5), lines)


def _next_steps_slide(deck, report: Report) -> None:
    slide = _slide(deck, "Next steps", report)
    lines = []
    for rec in report.next_steps(MAX_ITEMS):
        lines.append((f"{report.rank(rec)}. {clip(rec.title, 95)}", {"size": 17, "bold": True, "after": 2}))
        lines.append((f"{PRIORITY_LABELS.get(rec.priority, rec.priority)} · owner {rec.owner or 'not set'} · "
                      f"due {due_text(rec)}", {"size": 12, "colour": GREY, "after": 12}))
    _text(slide, Inches(0.6), Inches(1.4), Inches(12.1), Inches(5.5), lines)


def render_pptx(report: Report) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = f"{report.title}: {report.client}"[:255]
    deck.core_properties.author = report.author[:255]
    _title_slide(deck, report)
    _summary_slide(deck, report)
    _scorecard_slide(deck, report)
    for section in report.areas:
        _area_slide(deck, report, section)
    _matrix_slide(deck, report)
    _roadmap_slide(deck, report)
    _next_steps_slide(deck, report)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
