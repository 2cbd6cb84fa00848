"""The tree of whys under a gap: each answer can be asked "why?" again, an answer can branch
into several causes, and any answer can be marked as a root cause.

Rows are plain ``WhyNode`` values (``parent_id`` None for the first answers to "why does this
gap exist?"); everything here is pure, so the screen, the report and the tests read the same
tree. The tree is drawn as Graphviz DOT text built here, with every piece of user text
escaped for DOT.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from crm_core.models import Gap, WhyNode

MIN_DEPTH_WITHOUT_ROOT = 3  # a tree shallower than this with no root cause stopped too early
LABEL_WIDTH = 24  # characters per line in a drawn box
LABEL_LINES = 6  # lines per box before the text is cut with an ellipsis
FONT_SIZE = 10  # points: the size Streamlit draws labels at, so boxes fit their text
BOX_WIDTH_PT = 175  # a box of LABEL_WIDTH characters at FONT_SIZE, with the space after it
TARGET_WIDTH_PT = 820
ROOT_CAUSE_COLUMNS = ("gap", "root_cause", "chain", "level", "gap_id", "node_id")


@dataclass(frozen=True)
class ChainWarning:
    node_id: str | None
    message: str


class WhyTree:
    """The answers of one gap arranged as a tree; an answer whose parent is missing is treated
    as a first answer, so nothing typed is ever hidden."""

    def __init__(self, nodes: Iterable[WhyNode]):
        self.nodes = {node.id: node for node in nodes}
        self.children: dict[str | None, list[WhyNode]] = {}
        for node in sorted(self.nodes.values(), key=lambda n: (n.created_at, n.id)):
            parent = node.parent_id if node.parent_id in self.nodes else None
            self.children.setdefault(parent, []).append(node)

    def __len__(self) -> int:
        return len(self.nodes)

    def walk(self) -> list[tuple[WhyNode, int]]:
        """Every answer with its level (1 = first answer), depth first, in the order typed."""
        ordered: list[tuple[WhyNode, int]] = []
        seen: set[str] = set()
        stack = [(node, 1) for node in reversed(self.children.get(None, []))]
        while stack:
            node, level = stack.pop()
            if node.id in seen:
                continue
            seen.add(node.id)
            ordered.append((node, level))
            stack.extend((child, level + 1) for child in reversed(self.children.get(node.id, [])))
        return ordered

    def subtree_ids(self, node_id: str) -> list[str]:
        """``node_id`` and every answer below it: what deleting that answer removes."""
        found, pending = [], [node_id] if node_id in self.nodes else []
        while pending:
            current = pending.pop()
            if current not in found:
                found.append(current)
                pending.extend(child.id for child in self.children.get(current, []))
        return found

    def chain_to(self, node_id: str) -> list[WhyNode]:
        """The answers from the first "why?" down to ``node_id``."""
        chain: list[WhyNode] = []
        current = self.nodes.get(node_id)
        while current is not None and current not in chain:
            chain.append(current)
            current = self.nodes.get(current.parent_id) if current.parent_id else None
        return list(reversed(chain))

    def is_leaf(self, node_id: str) -> bool:
        return not self.children.get(node_id)

    def depth(self) -> int:
        return max((level for _, level in self.walk()), default=0)

    def leaf_count(self) -> int:
        return sum(1 for node_id in self.nodes if self.is_leaf(node_id))

    def root_causes(self) -> list[WhyNode]:
        return [node for node, _ in self.walk() if node.is_root_cause]


def chain_warnings(tree: WhyTree) -> list[ChainWarning]:
    """Where the room stopped asking too early.

    A chain stops early when its last answer is not marked as a root cause; and a whole tree
    stops early when it is less than three levels deep without any root cause.
    """
    warnings = []
    if len(tree) and tree.depth() < MIN_DEPTH_WITHOUT_ROOT and not tree.root_causes():
        warnings.append(ChainWarning(None, f"Only {tree.depth()} level{'s' if tree.depth() > 1 else ''} deep and no "
                                     "root cause yet: keep asking why (five times is the rule of thumb)."))
    for node, level in tree.walk():
        if tree.is_leaf(node.id) and not node.is_root_cause:
            warnings.append(ChainWarning(node.id, f"The chain ending in '{_short(node.answer)}' (level {level}) stops "
                                         "before a root cause: ask why again, or mark it as a root cause if the team "
                                         "can act on it directly."))
    return warnings


def root_cause_table(gaps: Sequence[Gap], nodes: Sequence[WhyNode]) -> pd.DataFrame:
    """Every root cause across gaps, with columns :data:`ROOT_CAUSE_COLUMNS`.

    ``chain`` is the path of answers from the gap down to the cause, ready to be linked to
    recommendations by ``node_id``.
    """
    rows = []
    for gap in gaps:
        tree = WhyTree(node for node in nodes if node.gap_id == gap.id)
        for cause in tree.root_causes():
            chain = tree.chain_to(cause.id)
            rows.append({"gap": gap.title, "root_cause": cause.answer,
                         "chain": " → ".join(node.answer for node in chain),
                         "level": len(chain), "gap_id": gap.id, "node_id": cause.id})
    return pd.DataFrame(rows, columns=list(ROOT_CAUSE_COLUMNS))


# --- drawing -----------------------------------------------------------------------------------


def dot_label(text: str, *, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """User text as the inside of a DOT double-quoted string, wrapped into short lines.

    Backslashes and quotes are escaped first, so no user text can end the string or become a
    DOT escape such as ``\\N``; line breaks are the only escapes this function writes.
    """
    flat = re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip() or "…"
    wrapped = textwrap.wrap(flat, width=width, break_long_words=True, break_on_hyphens=True)
    if len(wrapped) > lines:
        rest = " ".join(wrapped[lines - 1:])
        wrapped = wrapped[: lines - 1] + [textwrap.shorten(rest, width=width, placeholder=" …")]
    return "\\n".join(line.replace("\\", "\\\\").replace('"', '\\"') for line in wrapped)


def layout_direction(depth: int, leaves: int) -> str:
    """"TB" or "LR", whichever drawing is narrower, so it needs the least shrinking to fit.

    The page scrolls down, not sideways, so width is what limits the text size. Top to bottom,
    the width grows with the number of leaves; left to right, with the number of levels
    (a box and the gap after it are about the same width either way). A deep single chain
    such as the method's worked example reads top to bottom; a bushy tree left to right.
    """
    return "TB" if max(leaves, 1) < depth + 1 else "LR"


def padding_inches(direction: str, depth: int, leaves: int) -> float:
    """Side padding that keeps a small tree from being blown up when stretched to the page.

    Streamlit draws every Graphviz label in one small fixed font and the page shows the chart
    stretched to its width, so the text size depends on how wide the drawing is. A drawing of
    about :data:`TARGET_WIDTH_PT` points stretched across a wide page gives text of about 20 px;
    narrower drawings are padded up to that width, wider ones shrink a little.
    """
    columns = max(leaves, 1) if direction == "TB" else depth + 1
    estimated = columns * BOX_WIDTH_PT
    return round(max(0.1, (TARGET_WIDTH_PT - estimated) / 2 / 72), 2)


def build_why_dot(gap_title: str, tree: WhyTree) -> str:
    """The gap and its whys as DOT: the gap first, root causes filled and labelled, chains that
    stop before a root cause drawn with a dashed border (the next place to ask why)."""
    direction = layout_direction(tree.depth(), tree.leaf_count())
    pad = padding_inches(direction, tree.depth(), tree.leaf_count())
    lines = [
        "digraph whys {",
        f'  graph [rankdir={direction}, nodesep=0.2, ranksep=0.3, pad="{pad},0.05", bgcolor="transparent"];',
        f'  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize={FONT_SIZE}, '
        'fillcolor="#ffffff", color="#5b6b7f", penwidth=1.4, margin="0.12,0.06"];',
        '  edge [color="#8a96a3", arrowsize=0.9, penwidth=1.4];',
        f'  gap [label="{dot_label(gap_title)}", fillcolor="#1f5fa8", fontcolor="#ffffff", color="#1f5fa8"];',
    ]
    names = {}
    for index, (node, _) in enumerate(tree.walk(), start=1):
        names[node.id] = f"n{index}"
        if node.is_root_cause:
            lines.append(f'  n{index} [label="ROOT CAUSE\\n{dot_label(node.answer)}", fillcolor="#fff1dc", '
                         'color="#c0631b", penwidth=3, fontcolor="#3d2000"];')
        elif tree.is_leaf(node.id):
            lines.append(f'  n{index} [label="{dot_label(node.answer)}", style="rounded,filled,dashed", '
                         'color="#c0631b", penwidth=2];')
        else:
            lines.append(f'  n{index} [label="{dot_label(node.answer)}"];')
    for node, _ in tree.walk():
        parent = names.get(node.parent_id or "", "gap")
        lines.append(f"  {parent} -> {names[node.id]};")
    lines.append("}")
    return "\n".join(lines)


def _short(text: str, width: int = 60) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder="…")
