"""Every export of the sample company's report, opened with a real reader of its format: the
scorecard values and the top recommendations must be in each."""

from __future__ import annotations

import pytest

from crm_core import report as reports
from crm_core.scorecard import format_score
from tests.report.readers import html_text, pdf_pages, plain_text, pptx_slides, xlsx_sheets


def squash(text: str) -> str:
    return " ".join(text.split())


def scored_areas(report):
    return [a for a in (*report.scorecard.areas, report.scorecard.overall) if a.value is not None]


@pytest.mark.parametrize("fmt", list(reports.FORMATS))
def test_every_format_carries_the_scorecard_and_the_top_recommendations(fmt, exports, sample_report):
    text = plain_text(fmt, exports[fmt])
    assert sample_report.client in text
    if fmt == "xlsx":  # numbers stay numbers in a spreadsheet
        rows = xlsx_sheets(exports[fmt])["Scorecard"]
        found = {row[0]: row[1] for row in rows[1:]}
        assert found == {a.label: (round(a.value, 1) if a.value is not None else None)
                         for a in (*sample_report.scorecard.areas, sample_report.scorecard.overall)}
    else:
        for area in scored_areas(sample_report):
            score = format_score(area.value)
            shown = (f"{area.label}: {score}", f"{area.label} {score}", f"| {area.label} | {score} |",
                     f"Health scorecard: {score} over")
            assert any(form in text for form in shown), (fmt, area.label)
    tops = sample_report.next_steps(4) if fmt == "pptx" else sample_report.recommendations[:5]
    for rec in tops:
        assert squash(rec.title) in text, (fmt, rec.title)


def test_the_sample_scorecard_is_what_the_audits_measured(sample_report, sample_audit):
    # 5 areas have data to score; fit for purpose has no checklist answer, so it is not scored
    card = {a.area: a for a in sample_report.scorecard.areas}
    assert card["fit"].value is None and card["fit"].band == "grey"
    assert card["data"].value == round(sample_audit["data"].score("overall").value, 1)
    assert card["duplicates"].value == round(sample_audit["duplicates"].score("uniqueness").value, 1)
    assert card["compliance"].band == "red"  # card numbers, IBANs and SSNs typed into notes
    scored = [a.value for a in card.values() if a.value is not None]
    assert sample_report.scorecard.overall.value == pytest.approx(sum(scored) / len(scored), abs=0.05)


def test_pdf_has_a_title_page_a_section_per_area_and_an_appendix(exports, sample_report):
    pages = pdf_pages(exports["pdf"])
    assert len(pages) >= 12
    assert "Brightwave Analytics Ltd" in pages[0] and "Ada Consultant" in pages[0]
    assert "Executive summary" in pages[1]
    assert "Health scorecard" in " ".join(pages[2:6])  # after the strategy half's chapters
    text = squash(" ".join(pages))
    for section in sample_report.areas:
        assert section.heading in text
    for heading in ("Recommendations", "Impact and effort", "Roadmap", "Five-year plan, reviewed every year",
                    "Success conditions", "Appendix: methods and assumptions"):
        assert heading in text
    assert "Page 2" in pages[1] and "Page" not in pages[0]  # numbered, the cover excepted


def test_pptx_deck_tells_the_story_then_the_scorecard_areas_and_what_to_do(exports, sample_report):
    slides = pptx_slides(exports["pptx"])
    titles = [slide.splitlines()[0] for slide in slides]
    areas = [section.heading for section in sample_report.areas]
    assert titles[:2] == [sample_report.title, "Executive summary"]
    first_area = titles.index(areas[0])
    assert titles[first_area - 1].startswith("Health scorecard")
    assert titles[first_area:first_area + len(areas)] == areas
    assert titles[first_area + len(areas)] == "Impact and effort: quick wins first"
    assert titles.index("Roadmap") < titles.index("Next steps") < titles.index("Success conditions")
    assert titles[-1].startswith("Appendix: methods and assumptions")


def test_xlsx_action_plan_is_one_filtered_row_per_recommendation(exports, sample_report):
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(exports["xlsx"]))
    plan = book["Action plan"]
    rows = list(plan.iter_rows(values_only=True))
    header = rows[0]
    assert plan.auto_filter.ref == f"A1:{plan.cell(1, len(header)).column_letter}{len(rows)}"
    assert len(rows) - 1 == len(sample_report.recommendations)
    title = header.index("Title")
    assert [r[title] for r in rows[1:6]] == [r.title for r in sample_report.recommendations[:5]]
    findings = xlsx_sheets(exports["xlsx"])["Findings"]
    assert len(findings) - 1 == sum(len(s.findings) for s in sample_report.areas)
    codes = {row[1] for row in findings[1:]}
    assert {"DATA.OWNER_INACTIVE", "COMPLIANCE.CARD_IN_TEXT", "USAGE.TEAM_NOT_USING"} <= codes


def test_html_is_one_self_contained_file_with_embedded_charts(exports):
    text, tags, images = html_text(exports["html"])
    assert "script" not in tags and "link" not in tags
    assert len(images) >= 5  # scorecard, matrix and the scored areas
    assert all(src.startswith("data:image/png;base64,") for src in images)
    assert "Health scorecard" in text and "Appendix: methods and assumptions" in text


def test_markdown_lists_recommendations_under_their_priority(exports, sample_report):
    from crm_core.report.to_markdown import esc

    text = exports["md"].decode("utf-8")
    bounds = [text.index(f"### {label}") for label in ("Essential", "Important", "Desirable")]
    bounds.append(text.index("## Roadmap"))
    for n, recs in enumerate(sample_report.by_priority().values()):
        for rec in recs:
            assert bounds[n] < text.index(f"**{esc(rec.title)}**") < bounds[n + 1], rec.key
