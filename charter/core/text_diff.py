"""Differences between two texts, paragraph by paragraph then word by word (pure, difflib).

Used to show a Region administrator what a new charter version changes before publishing it.
The result is a list of blocks of segments; the template marks removed words with ``<del>``
and added ones with ``<ins>``, each with words a screen reader says (never colour alone).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

SegmentKind = Literal["same", "added", "removed"]
BlockKind = Literal["same", "added", "removed", "changed"]
_WORDS = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str


@dataclass(frozen=True)
class Block:
    """One paragraph of the comparison: unchanged, added, removed, or changed (word diff)."""

    kind: BlockKind
    segments: tuple[Segment, ...]


def _words(old: str, new: str) -> tuple[Segment, ...]:
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("removed", "".join(before[i1:i2])))
        if j2 > j1:
            segments.append(Segment("added", "".join(after[j1:j2])))
    return tuple(segments)


def diff_paragraphs(old: list[str], new: list[str]) -> list[Block]:
    """Compare two lists of paragraphs; a changed paragraph is diffed word by word."""
    blocks: list[Block] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            blocks += [Block("same", (Segment("same", p),)) for p in old[i1:i2]]
            continue
        removed, added = old[i1:i2], new[j1:j2]
        paired = min(len(removed), len(added)) if tag == "replace" else 0
        for before, after in zip(removed[:paired], added[:paired], strict=True):
            blocks.append(Block("changed", _words(before, after)))
        blocks += [Block("removed", (Segment("removed", p),)) for p in removed[paired:]]
        blocks += [Block("added", (Segment("added", p),)) for p in added[paired:]]
    return blocks


def has_changes(blocks: list[Block]) -> bool:
    """Whether the comparison found any difference."""
    return any(block.kind != "same" for block in blocks)
