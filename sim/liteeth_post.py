"""Post-processing of LiteX-generated Verilog for Icarus Verilog: pure text rules, no LiteX import.

LiteX writes combinational logic as ``always @(*)`` blocks with non-blocking assignments. Generated
with ``regular_comb=False`` (one block per target, so no block reads what it writes), two things
remain for an event-driven simulator such as Icarus:

* a block whose inputs never change after time 0 (constants, a reset value) never runs, so its
  target stays X. :func:`kick_comb_blocks` makes every block read one register that changes once
  at time 0, so each block runs once at start (the trick migen's own simulator output used);
* non-blocking assignments in combinational blocks delay the value by a delta cycle and can race
  the clocked logic; :func:`blocking_comb` turns them into blocking ones, only inside
  ``always @(*)`` blocks and only at statement starts (a ``<=`` comparison stays).

:func:`for_icarus` applies both and says how many blocks it changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["slot_memories", "CombBlock", "comb_blocks", "blocking_comb", "kick_comb_blocks", "for_icarus", "PostProcessError"]

KICK_SOURCE = "liteeth_sim_kick_s"
KICK_SINK = "liteeth_sim_kick_d"

_COMB_START = re.compile(r"^[ \t]*always @\(\*\) begin[ \t]*$", re.M)
_TOKEN = re.compile(r"\bbegin\b|\bend\b")
# A statement that starts with an lvalue (name, optional bit/part selects) and a non-blocking `<=`.
_NB_ASSIGN = re.compile(r"^(?P<lhs>[ \t]*[A-Za-z_][A-Za-z0-9_$]*(?:\[[^\]\n]*\])*)[ \t]*<=", re.M)


class PostProcessError(ValueError):
    """The Verilog does not have the shape the post-processing expects."""


@dataclass(frozen=True)
class CombBlock:
    """An ``always @(*) begin ... end`` block: ``start`` of its first line, ``end`` just after its
    closing ``end``; ``body_start`` just after ``begin``."""

    start: int
    body_start: int
    end: int


def comb_blocks(text: str) -> list[CombBlock]:
    """Every ``always @(*) begin ... end`` block of ``text``, matched by begin/end nesting."""
    blocks = []
    for m in _COMB_START.finditer(text):
        depth = 0
        for t in _TOKEN.finditer(text, m.end() - len("begin")):
            depth += 1 if t.group() == "begin" else -1
            if depth == 0:
                blocks.append(CombBlock(m.start(), m.end(), t.end()))
                break
        else:
            line = text.count("\n", 0, m.start()) + 1
            raise PostProcessError(f"always @(*) block at line {line} has no matching end")
    return blocks


def _edit_blocks(text: str, edit) -> tuple[str, int]:
    out, pos, n = [], 0, 0
    for b in comb_blocks(text):
        out.append(text[pos : b.body_start])
        body = text[b.body_start : b.end]
        new = edit(body)
        n += new != body
        out.append(new)
        pos = b.end
    out.append(text[pos:])
    return "".join(out), n


def blocking_comb(text: str) -> tuple[str, int]:
    """Non-blocking assignments inside ``always @(*)`` blocks made blocking; returns the text and
    the number of blocks changed. Clocked blocks are left as they are."""
    return _edit_blocks(text, lambda body: _NB_ASSIGN.sub(r"\g<lhs> =", body))


def kick_comb_blocks(text: str) -> tuple[str, int]:
    """Every ``always @(*)`` block reads :data:`KICK_SOURCE`, a register that goes from X to 0 at
    time 0, so each block runs once at start. The register is declared before the first block
    (one module per file, as LiteX writes it). Returns the text and the number of blocks kicked."""
    if text.count("\nmodule ") + text.startswith("module ") != 1:
        raise PostProcessError("expected exactly one module in the generated Verilog")
    if KICK_SOURCE in text:
        raise PostProcessError(f"{KICK_SOURCE} is already in the Verilog: post-processed twice?")
    blocks = comb_blocks(text)
    if not blocks:
        return text, 0
    kicked, n = _edit_blocks(text, lambda body: f"\n    {KICK_SINK} = {KICK_SOURCE};{body}")
    decl = (
        f"// Simulation only: every always @(*) block reads {KICK_SOURCE}, so each runs once at time 0.\n"
        f"reg {KICK_SOURCE};\nreg {KICK_SINK};\ninitial {KICK_SOURCE} <= 1'b0;\n\n"
    )
    first = comb_blocks(kicked)[0].start
    return kicked[:first] + decl + kicked[first:], n


def for_icarus(text: str) -> tuple[str, dict[str, int]]:
    """``text`` ready for Icarus: blocking assignments in, and a time-0 kick of, every
    combinational block. Returns the text and counts (``blocks``, ``made_blocking``, ``kicked``)."""
    blocks = len(comb_blocks(text))
    text, made_blocking = blocking_comb(text)
    text, kicked = kick_comb_blocks(text)
    return text, {"blocks": blocks, "made_blocking": made_blocking, "kicked": kicked}


_MEMORY = re.compile(r"^reg\s*\[(\d+):0\]\s*([A-Za-z_][A-Za-z0-9_]*)\s*\[0:(\d+)\];", re.M)


def slot_memories(text: str, min_bytes: int = 1514) -> list[dict[str, int | str]]:
    """The 32-bit memory arrays deep enough for a frame of ``min_bytes`` (the MAC's slots), in the
    order the Verilog declares them: ``[{"name", "depth"}]``."""
    out: list[dict[str, int | str]] = []
    for m in _MEMORY.finditer(text):
        width, name, depth = int(m.group(1)) + 1, m.group(2), int(m.group(3)) + 1
        if width == 32 and depth * 4 >= min_bytes:
            out.append({"name": name, "depth": depth})
    return out
