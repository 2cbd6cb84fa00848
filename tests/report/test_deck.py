"""The PowerPoint deck a consultant presents as it is: real titles that fit, notes on every slide,
native charts, the strategy chapters before the audit, and no slide for an empty section."""

from __future__ import annotations

import io
import math
import time
from dataclasses import replace

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu

from crm_core.report.engagement import OWNERSHIP, PURPOSE, SHORTFALL
from crm_core.report.to_pptx import render_pptx

CHAR_EM, LINE_EM = 0.55, 1.2  # the estimate: a character is 0.55 em wide, a line 1.2 em high


def deck(content: bytes):
    return Presentation(io.BytesIO(content))


def titles(presentation) -> list[str]:
    return [slide.shapes.title.text for slide in presentation.slides]


def all_text(presentation) -> str:
    parts = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            elif shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def chart_labels(chart) -> list[str]:
    """The custom text of every data label (names on the stakeholder grid, ranks on the matrix)."""
    return [t.text for t in chart._chartSpace.xpath(".//c:dLbl//a:t") if t.text]


@pytest.fixture(scope="module")
def sample_deck(exports):
    return deck(exports["pptx"])


def test_every_slide_has_a_title_placeholder_whose_text_fits(sample_deck):
    assert sample_deck.slide_width == Emu(12192000) and sample_deck.slide_height == Emu(6858000)  # 16:9
    for n, slide in enumerate(sample_deck.slides, 1):
        title = slide.shapes.title
        assert title is not None and title.is_placeholder, n
        assert title.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE), n
        assert title.text.strip(), n
        assert title.left + title.width <= sample_deck.slide_width, n
        size = title.text_frame.paragraphs[0].runs[0].font.size.pt
        lines = math.floor(Emu(title.height).pt // (size * LINE_EM))
        assert lines >= 1 and len(title.text) * size * CHAR_EM <= Emu(title.width).pt * lines, (n, title.text)


def test_no_text_box_overflows(sample_deck):
    for n, slide in enumerate(sample_deck.slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.is_placeholder or not shape.text_frame.text:
                continue
            width = Emu(shape.width).pt - 14.4  # the frame's left and right insets
            needed = 0.0
            for paragraph in shape.text_frame.paragraphs:
                size = max((run.font.size.pt for run in paragraph.runs if run.font.size), default=18)
                lines = max(1, math.ceil(len(paragraph.text) * size * CHAR_EM / width))
                needed += lines * size * LINE_EM + (paragraph.space_after.pt if paragraph.space_after else 0)
            assert needed <= Emu(shape.height).pt, (n, slide.shapes.title.text, shape.text_frame.text[:60])
            assert shape.top + shape.height <= sample_deck.slide_height, n


def test_every_slide_has_speaker_notes(sample_deck, sample_report):
    for n, slide in enumerate(sample_deck.slides, 1):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), n
    notes = {slide.shapes.title.text: slide.notes_slide.notes_text_frame.text for slide in sample_deck.slides}
    data = next(s for s in sample_report.areas if s.area == "data")
    for finding in data.findings:  # every finding of the area, with its count, beyond the six on the slide
        assert f"{finding.code} · {finding.affected_count:,} affected" in notes[data.heading]
    scorecard = next(text for title, text in notes.items() if title.startswith("Health scorecard"))
    for area in sample_report.scorecard.areas:
        assert area.label in scorecard
    gap = sample_report.engagement.gaps[0]
    assert all(why.answer in notes[gap.title] for why in gap.whys)
    steps = notes["Next steps"]
    rec = sample_report.next_steps(6)[0]
    assert rec.rationale in steps and rec.actions[0] in steps


def test_native_charts_scorecard_matrix_stakeholders_and_votes(sample_deck, sample_report):
    found = {slide.shapes.title.text: charts(slide) for slide in sample_deck.slides}
    assert sum(len(c) for c in found.values()) >= 3
    scored = [a for a in sample_report.scorecard.areas if a.value is not None]
    scorecard = next(c for title, c in found.items() if title.startswith("Health scorecard"))[0]
    plot = scorecard.plots[0]
    assert len(plot.series[0].values) == len(scored)
    assert sorted(plot.categories) == sorted(a.label for a in scored)
    assert {round(v, 1) for v in plot.series[0].values} == {a.value for a in scored}
    assert scorecard.value_axis.maximum_scale == 100 and not scorecard.has_legend
    matrix = found["Impact and effort: quick wins first"][0]
    ranks = {str(n) for n in range(1, len(sample_report.recommendations) + 1)}
    assert ranks <= set(chart_labels(matrix))
    grid = found[f"{OWNERSHIP}: the stakeholders"][0]
    assert {str(p.number) for p in sample_report.engagement.stakeholders} <= set(chart_labels(grid))
    votes = found[f"{SHORTFALL}: what the room voted for"][0]
    assert sorted(votes.plots[0].series[0].values) == sorted(n for _, n in sample_report.engagement.voted)
    for chart in (scorecard, matrix, grid, votes):
        assert chart.font.size.pt >= 12


def test_the_strategy_chapters_come_first_with_goals_owners_and_causes(sample_deck, sample_report):
    names = titles(sample_deck)
    e = sample_report.engagement
    order = [names.index(PURPOSE), names.index(f"{OWNERSHIP}: the stakeholders"),
             names.index(f"{SHORTFALL}: what the room voted for"), names.index(e.gaps[0].title),
             next(n for n, t in enumerate(names) if t.startswith("Health scorecard")),
             names.index(sample_report.areas[0].heading), names.index("Impact and effort: quick wins first"),
             names.index("Next steps"), next(n for n, t in enumerate(names) if t.startswith("Appendix"))]
    assert order == sorted(order)
    text = all_text(sample_deck)
    for goal in e.goals:
        assert goal.title in text and f"{goal.baseline} → {goal.target}" in text
    for person in e.stakeholders:
        assert person.name in text
    for gap in e.gaps:
        assert gap.title in names
        assert all(cause in text for cause in gap.root_causes)
        assert f"{gap.votes} votes in the workshop" in text
    assert "Nobody is accountable for 'Trains users and drives adoption'" in text
    assert "Qualified lead" in text
    # the recommendations show the goals they serve and the room's votes
    assert "Goal: Grow qualified leads from the website (marketing)" in text
    assert "4. Bring Marketing into the CRM · 4 votes in the workshop" in text
    gap_slide = sample_deck.slides[names.index(e.gaps[0].title)]
    assert any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in gap_slide.shapes)  # the whys tree


def test_an_empty_strategy_half_gives_no_strategy_slides(redacted_exports, redacted_report):
    presentation = deck(redacted_exports["pptx"])
    names = titles(presentation)
    assert not redacted_report.engagement.goals
    assert not any(t.startswith((PURPOSE, OWNERSHIP, SHORTFALL)) for t in names)
    assert names[:2] == [redacted_report.title, "Executive summary"]
    assert names[2].startswith("Health scorecard")
    assert "What the actions are for" not in names  # nothing links a recommendation to a goal or a cause
    footer = "personal data redacted"
    assert all(footer in all_text_of(slide) for slide in list(presentation.slides)[1:])


def all_text_of(slide) -> str:
    return " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_the_logo_is_on_the_cover_and_small_in_a_corner(sample_report):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), (31, 95, 153)).save(buffer, format="PNG")
    presentation = deck(render_pptx(replace(sample_report, logo=buffer.getvalue())))
    for n, slide in enumerate(presentation.slides):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE and s.height < Emu(914400 * 1.3)]
        assert pictures, n
        if n:
            corner = min(pictures, key=lambda p: p.height)
            assert corner.height <= Emu(914400 // 2) and corner.top > presentation.slide_height * 0.85


def test_the_deck_renders_fast(sample_report):
    render_pptx(sample_report)  # warm: imports and the first chart renderer start
    start = time.perf_counter()
    render_pptx(sample_report)
    assert time.perf_counter() - start < 3
