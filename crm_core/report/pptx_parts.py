"""The deck's building blocks: the 16:9 theme, slides built on the template's title layouts,
titles sized to fit their box, bounded text boxes, tables, native charts and speaker notes.

PowerPoint does not shrink text to fit, so everything here is sized by estimate: a character
of DejaVu Sans is taken as :data:`CHAR_EM` of the font size wide, and callers bound how many
items a box holds and clip each one (:func:`clip`).
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from crm_core.report.charts import png_size

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in, PowerPoint's own 16:9
TEMPLATE_WIDTH = Inches(10)  # python-pptx's default template is 4:3
BLUE = RGBColor(0x1F, 0x5F, 0x99)
GREY = RGBColor(0x5B, 0x66, 0x70)
LIGHT = RGBColor(0xE8, 0xF0, 0xF8)
DARK = RGBColor(0x1D, 0x26, 0x30)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
FONT = "DejaVu Sans"
CHAR_EM = 0.6  # average width of a character of DejaVu Sans, in ems (bold included)
LINE_EM = 1.2
TITLE_SLIDE, TITLE_ONLY = "Title Slide", "Title Only"
MARGIN = 0.6  # inches, left and right
BODY_TOP, BODY_BOTTOM = 1.4, 6.85  # inches: the body area under the title, above the footer


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches."""

    left: float
    top: float
    width: float
    height: float

    @property
    def emu(self) -> tuple[Emu, Emu, Emu, Emu]:
        return Inches(self.left), Inches(self.top), Inches(self.width), Inches(self.height)


TITLE_BOX = Box(MARGIN, 0.3, 13.333 - 2 * MARGIN, 1.0)
BODY = Box(MARGIN, BODY_TOP, 13.333 - 2 * MARGIN, BODY_BOTTOM - BODY_TOP)


def clip(text: object, limit: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def colour(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


# --- the deck and its slides ------------------------------------------------------------------------


def new_deck() -> Presentation:
    """A 16:9 deck whose master and layouts are stretched from the template's 4:3."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    factor = WIDTH / TEMPLATE_WIDTH
    master = deck.slide_masters[0]
    for shapes in (master.placeholders, *(layout.placeholders for layout in master.slide_layouts)):
        for shape in shapes:
            shape.left, shape.width = int(shape.left * factor), int(shape.width * factor)
    return deck


def layout(deck, name: str):
    return next(item for item in deck.slide_layouts if item.name == name)


def title_fit(text: str, box: Box, *, largest: int = 32, smallest: int = 20) -> tuple[str, int]:
    """(text, font size) so the text fits ``box``: the largest size whose lines hold it, else the
    smallest size with the text clipped to what its lines hold."""
    text = " ".join(str(text).split())
    width, height = (box.width - 0.2) * 72, (box.height - 0.1) * 72  # the frame's insets
    for size in range(largest, smallest - 1, -2):
        if len(text) <= line_capacity(width, height, size):
            return text, size
    return clip(text, line_capacity(width, height, smallest)), smallest


def line_capacity(width_pt: float, height_pt: float, size: float) -> int:
    """Characters a frame holds at ``size``; lines after the first lose a tenth to word wrapping."""
    lines = int(height_pt // (size * LINE_EM))
    per_line = width_pt / (size * CHAR_EM)
    return int(per_line * (1 + 0.9 * (lines - 1))) if lines else 0


def set_title(slide, text: str, box: Box, *, largest: int = 32, align=PP_ALIGN.LEFT) -> None:
    """The slide's title placeholder moved to ``box``, its text sized to fit."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = box.emu
    text, size = title_fit(text, box, largest=largest)
    frame = title.text_frame
    frame.text = text
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    style(paragraph.runs[0].font, size=size, bold=True, colour=BLUE)


def content_slide(deck, title: str, footer: str, logo: bytes | None):
    """A "Title Only" slide with its title, the footer line and the logo in the corner."""
    slide = deck.slides.add_slide(layout(deck, TITLE_ONLY))
    set_title(slide, title, TITLE_BOX)
    text(slide, Box(MARGIN, 6.95, 10.2, 0.4), [(clip(footer, 115), {"size": 10, "colour": GREY})])
    if logo:
        picture(slide, logo, Box(11.3, 6.92, 1.43, 0.45), align_right=True)
    return slide


def notes(slide, lines: Sequence[str]) -> None:
    """The speaker notes: the detail and the numbers behind the slide."""
    slide.notes_slide.notes_text_frame.text = "\n".join(line for line in lines if line is not None)


# --- text, tables and pictures -----------------------------------------------------------------------


def style(font, *, size: float, bold: bool = False, colour: RGBColor = DARK) -> None:
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = colour


def text(slide, box: Box, lines, *, size: float = 16, colour: RGBColor = DARK):
    """A text box of ``lines``: each a str or (str, {size, bold, colour, after}) pair."""
    shape = slide.shapes.add_textbox(*box.emu)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for n, line in enumerate(lines):
        words, how = (line, {}) if isinstance(line, str) else line
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(how.get("after", 6))
        run = paragraph.add_run()
        run.text = words
        style(run.font, size=how.get("size", size), bold=how.get("bold", False), colour=how.get("colour", colour))
    return shape


def table(slide, box: Box, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], *,
          size: float = 12, row_height: float = 0.5):
    """A table with a blue header row; ``widths`` in inches, cells already clipped by the caller."""
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), *Box(box.left, box.top, sum(widths),
                                                                     row_height * (len(rows) + 1)).emu)
    grid = shape.table
    for n, width in enumerate(widths):
        grid.columns[n].width = Inches(width)
    for r, cells in enumerate([headers, *rows]):
        grid.rows[r].height = Inches(row_height)
        for c, value in enumerate(cells):
            cell = grid.cell(r, c)
            cell.text = str(value)
            cell.margin_top = cell.margin_bottom = Inches(0.04)
            cell.fill.solid()
            cell.fill.fore_color.rgb = BLUE if r == 0 else (LIGHT if r % 2 == 0 else WHITE)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    style(run.font, size=size, bold=r == 0, colour=WHITE if r == 0 else DARK)
    return shape


def picture(slide, png: bytes, box: Box, *, align_right: bool = False):
    """``png`` scaled to fit ``box``, its aspect kept (set against the box's right edge if asked)."""
    width, height = png_size(png)
    factor = min(Inches(box.width) / width, Inches(box.height) / height)
    w, h = int(width * factor), int(height * factor)
    left = Inches(box.left) + (Inches(box.width) - w if align_right else 0)
    return slide.shapes.add_picture(io.BytesIO(png), left, Inches(box.top), Emu(w), Emu(h))


# --- native charts ------------------------------------------------------------------------------------


def _chart(slide, kind, box: Box, data):
    chart = slide.shapes.add_chart(kind, *box.emu, data).chart
    chart.font.name = FONT
    chart.font.size = Pt(12)
    chart.has_legend = False
    chart.has_title = False
    return chart


def _axis(axis, title: str, *, low: float, high: float, unit: float, number_format: str = "0") -> None:
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, unit
    axis.tick_labels.number_format = number_format
    axis.tick_labels.number_format_is_linked = False
    axis.tick_labels.font.size = Pt(12)
    axis.has_major_gridlines = False
    axis.axis_title.text_frame.text = title
    style(axis.axis_title.text_frame.paragraphs[0].runs[0].font, size=12, colour=GREY)


def bar_chart(slide, box: Box, labels: Sequence[str], values: Sequence[float], *, title: str,
              colours: Sequence[RGBColor] | None = None, high: float | None = None, unit: float | None = None):
    """Horizontal bars, the first label on top, each bar's value written at its end."""
    data = CategoryChartData(number_format="0")
    data.categories = list(reversed(labels))  # a bar chart draws its first category at the bottom
    data.add_series(title, list(reversed(values)))
    chart = _chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, box, data)
    top = high or max(values, default=1) * 1.15
    _axis(chart.value_axis, title, low=0, high=top, unit=unit or max(1, round(top / 5)))
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xE3, 0xE7, 0xEB)
    chart.category_axis.tick_labels.font.size = Pt(13)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0", False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    plot.data_labels.font.size, plot.data_labels.font.bold = Pt(13), True
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = BLUE
    for n, fill in enumerate(reversed(colours or [])):
        point = series.points[n]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = fill
    return chart


@dataclass(frozen=True)
class Points:
    """One scatter series: (x, y, label) points drawn as ``dots`` (the label inside or to the right),
    as a dashed ``line``, or as ``words`` alone (the label without a marker)."""

    name: str
    colour: RGBColor
    points: Sequence[tuple[float, float, str]]
    kind: str = "dots"


HIDE_EDGES = '[<1]"";[>5]"";0'  # axis labels 1-5 only, on a 0-6 axis
LINE_GREY = RGBColor(0x9A, 0xA4, 0xAD)


def quadrant_lines(x: float, y: float) -> list[Points]:
    """Dashed lines across a 0-6 by 0-6 grid at ``x`` and ``y``."""
    return [Points("", LINE_GREY, [(x, 0, ""), (x, 6, "")], "line"), Points("", LINE_GREY, [(0, y, ""), (6, y, "")],
                                                                             "line")]


def scatter_chart(slide, box: Box, series: Sequence[Points], *, x_title: str, y_title: str, labels_inside: bool):
    """Points on 1-5 by 1-5 scales, each labelled, on a chart without legend.

    The longest series goes first: LibreOffice drops a scatter series followed by a longer one."""
    series = sorted(series, key=lambda group: -len(group.points))
    data = XyChartData()
    for group in series:
        added = data.add_series(group.name)
        for x, y, _ in group.points:
            added.add_data_point(x, y)
    chart = _chart(slide, XL_CHART_TYPE.XY_SCATTER, box, data)
    _axis(chart.category_axis, x_title, low=0, high=6, unit=1, number_format=HIDE_EDGES)
    _axis(chart.value_axis, y_title, low=0, high=6, unit=1, number_format=HIDE_EDGES)
    for group, drawn in zip(series, chart.plots[0].series):
        if group.kind == "line":
            drawn.marker.style = XL_MARKER_STYLE.NONE
            drawn.format.line.color.rgb = group.colour
            drawn.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            drawn.format.line.width = Pt(1.25)
            continue
        drawn.format.line.fill.background()
        drawn.marker.style = XL_MARKER_STYLE.CIRCLE if group.kind == "dots" else XL_MARKER_STYLE.NONE
        drawn.marker.size = 18 if labels_inside else 12
        drawn.marker.format.fill.solid()
        drawn.marker.format.fill.fore_color.rgb = group.colour
        drawn.marker.format.line.fill.background()
        inside = labels_inside and group.kind == "dots"
        for n, (_, _, label) in enumerate(group.points):
            data_label = drawn.points[n].data_label
            data_label.position = XL_LABEL_POSITION.RIGHT if group.kind == "dots" and not inside else \
                XL_LABEL_POSITION.CENTER
            frame = data_label.text_frame
            frame.text = label
            style(frame.paragraphs[0].runs[0].font, size=12 if inside else 13, bold=True,
                  colour=WHITE if inside else (DARK if group.kind == "dots" else group.colour))
    return chart


def corner_label(name: str, hue: RGBColor, right: bool, top: bool) -> Points:
    """A quadrant's name in its outer corner of a 0-6 grid divided near 2.5."""
    return Points(name, hue, [(4.25 if right else 1.25, 5.75 if top else 0.25, name)], "words")


def spread(cells: dict[object, tuple[int, int]]) -> dict[object, tuple[float, float]]:
    """key -> (x, y): the keys sharing a cell of a 1-5 grid laid out in rows wider than high (a
    chart's cells are wider than tall), so numbered dots overlap as little as they can."""
    members: dict[tuple[int, int], list] = {}
    for key, cell in cells.items():
        members.setdefault(cell, []).append(key)
    spot = {}
    for (x, y), keys in members.items():
        columns = math.ceil(math.sqrt(len(keys) * 1.4))
        rows = math.ceil(len(keys) / columns)
        step_x, step_y = 0.92 / columns, min(0.3, 0.88 / rows)
        for n, key in enumerate(keys):
            spot[key] = (x + (n % columns - (columns - 1) / 2) * step_x, y + ((rows - 1) / 2 - n // columns) * step_y)
    return spot
