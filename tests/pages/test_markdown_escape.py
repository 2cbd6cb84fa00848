"""User text shown through Streamlit markdown stays literal."""

from ui.markdown import escape


def test_money_emphasis_links_and_headings_stay_literal():
    assert escape("Cut CAC from $115 to $80") == "Cut CAC from \\$115 to \\$80"
    assert escape("*bold* [link](x) # h") == "\\*bold\\* \\[link\\]\\(x\\) \\# h"
    assert escape("plain words") == "plain words"
