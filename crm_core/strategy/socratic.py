"""Socratic follow-up questions for a vague answer in a 5-whys chain.

A useful answer says who does (or fails to do) what, and goes one step further than the
statement it answers. The heuristics, deliberately simple so a facilitator can predict them:

- **no actor**: none of the words naming a person or team (we, reps, sales, nobody, the
  customer...), no capitalised name after the first word and no acronym such as IT or CRM;
- **no object**: fewer than two words left once small words, actor words, empty nouns
  (things, stuff, issues, problems) and judgements are removed;
- **restates the question**: the answer's words score 80 or more against the statement it
  answers (RapidFuzz ``token_set_ratio``), or all their words come from that statement;
- **blames or judges**: "human error", "lazy", "bad", "careless"... stop the chain at a person
  instead of the process that lets it happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

RESTATES_AT = 80
ACTOR_WORDS = frozenset({
    "i", "we", "our", "us", "they", "their", "he", "she", "you", "nobody", "noone", "everyone", "someone",
    "team", "teams", "sales", "marketing", "support", "rep", "reps", "agent", "agents", "manager", "managers",
    "management", "customer", "customers", "prospect", "prospects", "staff", "admin", "administrator", "owner",
    "owners", "people", "user", "users", "leadership", "director", "directors", "executive", "executives",
    "finance", "ops", "operations", "vendor", "partner", "partners", "employee", "employees", "board",
})
EMPTY_WORDS = frozenset({
    "thing", "things", "stuff", "issue", "issues", "problem", "problems", "it", "this", "that", "these", "those",
    "something", "anything", "everything", "way", "ways", "lot", "lots", "kind", "sort",
})
SMALL_WORDS = frozenset({
    "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "to", "of", "in", "on", "for", "at",
    "by", "with", "and", "or", "but", "not", "no", "do", "does", "did", "don't", "doesn't", "didn't", "because",
    "so", "as", "too", "very", "just", "there", "here", "have", "has", "had", "can", "cannot", "can't", "could",
    "would", "should", "will", "why", "what", "when", "how", "enough", "all", "any", "some", "more", "less",
    "get", "gets", "got", "from", "into", "than", "then", "if", "its", "it's", "also",
})
JUDGEMENT_WORDS = ("human error", "lazy", "laziness", "careless", "incompetent", "bad", "poor", "stupid",
                   "don't care", "do not care", "somehow")


@dataclass(frozen=True)
class FollowUp:
    code: str
    question: str


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def _content_words(text: str) -> set[str]:
    ignored = SMALL_WORDS | ACTOR_WORDS | EMPTY_WORDS | set(JUDGEMENT_WORDS)
    return {word for word in _words(text) if word not in ignored}


def has_actor(text: str) -> bool:
    if set(_words(text)) & ACTOR_WORDS:
        return True
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return any(len(word) > 1 and word.isupper() for word in words) or any(w[:1].isupper() for w in words[1:])


def restates(answer: str, question: str) -> bool:
    if not question.strip():
        return False
    if fuzz.token_set_ratio(answer, question, processor=utils.default_process) >= RESTATES_AT:
        return True
    own = _content_words(answer)
    return bool(own) and not own - _content_words(question)


def follow_up_questions(answer: str, question: str = "") -> list[FollowUp]:
    """What to ask next when ``answer`` (to the statement ``question``) is vague; [] when it is fine."""
    follow_ups = []
    if not has_actor(answer):
        follow_ups.append(FollowUp("NO_ACTOR", "Who? Name the person or team that does, or fails to do, this."))
    if len(_content_words(answer)) < 2:
        follow_ups.append(FollowUp("NO_OBJECT", "What exactly? Name the thing involved: which record, step, "
                                   "report, message or field."))
    if restates(answer, question):
        follow_ups.append(FollowUp("RESTATES", "This says the same as the line above in other words. "
                                   "Ask: what makes that happen?"))
    lowered = f" {answer.lower()} "
    judged = [word for word in JUDGEMENT_WORDS if f" {word} " in re.sub(r"[^a-z' ]", " ", lowered)]
    if judged:
        follow_ups.append(FollowUp("JUDGES", f"'{judged[0]}' stops at a person or a verdict: ask what in the "
                                   "process lets it happen."))
    return follow_ups
