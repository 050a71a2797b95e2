"""Single-point source mutants of Verilog-2005 RTL, for mutation testing (`make mutants`).

Each mutant changes one token (or wraps one ``if`` condition) of one file; the rest of the text,
comments and layout included, is untouched, so a mutant's diff reads like a one-line code change.
Mutants are made only where an expression is evaluated: right-hand sides of ``assign``, of
procedural assignments and of ``wire``/``reg``/``localparam`` initialisers (the top's
``PARAMS_OK`` check is one), ``if``/``case`` conditions and the port connections of instances.
Never in port or parameter declarations, parameter overrides, ranges and part-selects (``[...]``),
replication counts or ``for`` headers, where a change mostly fails to elaborate or hangs.

Operators (one name each, used in mutant ids and reports):

========  =====================================================
``rel``   ``==`` <-> ``!=``, ``<`` -> ``<=``, ``<=`` -> ``<``, ``>`` -> ``>=``, ``>=`` -> ``>``
``log``   ``&&`` <-> ``||``
``bit``   binary ``&`` <-> ``|``, ``^`` -> ``|``
``arith`` binary ``+`` <-> ``-``
``shift`` ``<<`` <-> ``>>``
``not``   a unary ``!`` or ``~`` deleted
``const`` a 1-bit literal flipped; a wider sized literal: lowest bit flipped (``b``/``h``/``o``)
          or value plus one (``d``); a plain decimal plus one
``cond``  an ``if`` condition negated: ``if (c)`` -> ``if (!(c))``
========  =====================================================

Everything is deterministic: :func:`mutants` lists a file's mutants in source order, and a mutant's
id is a hash of the file name, the text of its line, its column in that line and its replacement,
so ids survive edits elsewhere in the file (the equivalent-mutant list refers to them).
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Mutant", "Token", "tokenize", "mutants", "apply", "diff", "instantiated_modules", "OPERATORS"]

OPERATORS = ("rel", "log", "bit", "arith", "shift", "not", "const", "cond")

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<directive>`[A-Za-z_]\w*[^\n]*)
  | (?P<string>"(?:\\.|[^"\\])*")
  | (?P<sized>(?:\d[\d_]*)?\s*'[sS]?[bBoOdDhH]\s*[0-9a-fA-FxXzZ_?]+)
  | (?P<number>\d[\d_]*(?:\.\d+)?)
  | (?P<ident>[A-Za-z_][\w$]*|\$[A-Za-z_]\w*)
  | (?P<op>===|!==|<<<|>>>|==|!=|<=|>=|&&|\|\||<<|>>|\+:|-:|\*\*|~&|~\||~\^|\^~|[-+*/%<>!~&|^?:;,.#@=(){}\[\]])
    """,
    re.VERBOSE | re.DOTALL,
)

_SKIP_KINDS = ("ws", "comment", "directive", "string")
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}
_KEYWORDS = {
    "module", "endmodule", "input", "output", "inout", "wire", "reg", "integer", "genvar", "parameter",
    "localparam", "assign", "always", "initial", "begin", "end", "if", "else", "case", "casez", "casex",
    "endcase", "default", "for", "while", "generate", "endgenerate", "function", "endfunction", "task",
    "endtask", "posedge", "negedge", "or", "signed",
}

_SWAPS = {
    "==": ("rel", "!="), "!=": ("rel", "=="), "<": ("rel", "<="), "<=": ("rel", "<"),
    ">": ("rel", ">="), ">=": ("rel", ">"),
    "&&": ("log", "||"), "||": ("log", "&&"),
    "&": ("bit", "|"), "|": ("bit", "&"), "^": ("bit", "|"),
    "+": ("arith", "-"), "-": ("arith", "+"),
    "<<": ("shift", ">>"), ">>": ("shift", "<<"),
}
_BINARY_ONLY = {"&", "|", "^", "+", "-"}


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind (``sized``, ``number``, ``ident``, ``op``), text and offsets."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mutant:
    """One single-point change of one file: replace ``source[start:end]`` by ``replacement``."""

    file: str
    operator: str
    start: int
    end: int
    original: str
    replacement: str
    line: int
    column: int
    id: str

    def describe(self) -> str:
        return f"{self.file}:{self.line}: {self.operator}: {self.original!r} -> {self.replacement!r}"


def tokenize(source: str) -> list[Token]:
    """The tokens of ``source`` without whitespace, comments, directives and strings."""
    out: list[Token] = []
    pos = 0
    while pos < len(source):
        m = _TOKEN_RE.match(source, pos)
        if m is None:
            raise ValueError(f"cannot tokenize Verilog at offset {pos}: {source[pos:pos + 20]!r}")
        kind = m.lastgroup or "op"
        if kind not in _SKIP_KINDS:
            out.append(Token(kind, m.group(), m.start(), m.end()))
        pos = m.end()
    return out


def _matching(toks: list[Token], i: int) -> int:
    """Index of the bracket closing the one at ``i``."""
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j].text
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"unbalanced {toks[i].text!r} at offset {toks[i].start}")


def _find_top(toks: list[Token], i: int, wanted: set[str], stop: str = ";") -> int | None:
    """First index >= i of a token in ``wanted`` outside brackets, before ``stop``; None if none."""
    depth = 0
    for j in range(i, len(toks)):
        t = toks[j].text
        if depth == 0 and t in wanted:
            return j
        if depth == 0 and t == stop:
            return None
        if t in _OPEN:
            depth += 1
        elif t in _CLOSE:
            depth -= 1
    return None


def _end_of_statement(toks: list[Token], i: int) -> int:
    j = _find_top(toks, i, {";"})
    if j is None:
        raise ValueError(f"no ';' after offset {toks[i].start}")
    return j


def _regions(toks: list[Token]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Expression regions (token index ranges) and ``if`` conditions (index of '(' and ')')."""
    regions: list[tuple[int, int]] = []
    conditions: list[tuple[int, int]] = []
    n = len(toks)
    i = 0
    while i < n:
        t = toks[i]
        x = t.text
        if x == "module":
            # header: name, #( parameters ), ( ports ), ';'
            i = _end_of_statement(toks, i) + 1
        elif x in ("input", "output", "inout", "parameter", "integer", "genvar", "function", "task"):
            i = _end_of_statement(toks, i) + 1
        elif x in ("wire", "reg", "localparam"):
            semi = _end_of_statement(toks, i)
            eq = _find_top(toks, i, {"="})
            if eq is not None and eq < semi:
                regions.append((eq + 1, semi))
            i = semi + 1
        elif x == "assign":
            semi = _end_of_statement(toks, i)
            eq = _find_top(toks, i, {"="})
            if eq is not None and eq < semi:
                regions.append((eq + 1, semi))
            i = semi + 1
        elif x in ("always", "initial"):
            i += 1
            if i < n and toks[i].text == "@":
                i += 1
                if i < n and toks[i].text == "(":
                    i = _matching(toks, i) + 1
                elif i < n and toks[i].text == "*":
                    i += 1
        elif x in ("if", "while", "case", "casez", "casex"):
            close = _matching(toks, i + 1)
            regions.append((i + 2, close))
            if x == "if":
                conditions.append((i + 1, close))
            i = close + 1
        elif x == "for":
            i = _matching(toks, i + 1) + 1
        elif x == "begin":
            i += 3 if i + 1 < n and toks[i + 1].text == ":" else 1
        elif x == "default":
            i += 2 if i + 1 < n and toks[i + 1].text == ":" else 1
        elif t.kind == "ident" and x not in _KEYWORDS and i + 1 < n and (
            toks[i + 1].kind == "ident" or toks[i + 1].text == "#"
        ):
            # module instance: the expressions connected to its ports
            j = i + 1
            if toks[j].text == "#":
                j = _matching(toks, j + 1) + 1
            j += 1  # instance name
            close = _matching(toks, j)
            k = j + 1
            while k < close:
                if toks[k].text == "." and toks[k + 2].text == "(":
                    end = _matching(toks, k + 2)
                    regions.append((k + 3, end))
                    k = end + 1
                else:
                    k += 1
            i = _end_of_statement(toks, close + 1) + 1
        elif (t.kind in ("ident", "sized", "number") and x not in _KEYWORDS) or x in ("{",):
            # a procedural assignment, or a case label ending in ':'
            op = _find_top(toks, i, {"=", "<=", ":"})
            semi = _end_of_statement(toks, i)
            if op is None or op > semi:
                i = semi + 1
            elif toks[op].text == ":":
                i = op + 1
            else:
                regions.append((op + 1, semi))
                i = semi + 1
        else:
            i += 1
    return regions, conditions


def _operand_end(tok: Token | None) -> bool:
    return tok is not None and (tok.kind in ("ident", "sized", "number") or tok.text in _CLOSE)


def _const_replacement(text: str) -> str | None:
    if "'" not in text:
        return str(int(text.replace("_", "")) + 1)
    width_text, rest = text.split("'", 1)
    rest = rest.strip()
    signed = rest[0] in "sS"
    if signed:
        rest = rest[1:]
    base, digits = rest[0].lower(), rest[1:].replace("_", "").strip()
    if re.search(r"[xXzZ?]", digits):
        return None
    value = int(digits, {"b": 2, "o": 8, "d": 10, "h": 16}[base])
    width = int(width_text.replace("_", "")) if width_text.strip() else 32
    if base == "d" and width > 1:
        value = (value + 1) % (1 << width)
    else:
        value ^= 1
    fmt = {"b": "b", "o": "o", "d": "d", "h": "X"}[base]
    body = format(value, fmt)
    if base == "b":
        body = body.zfill(len(digits))
    return f"{width_text.strip()}'{'s' if signed else ''}{rest[0]}{body}"


def _make_id(file: str, source: str, start: int, end: int, replacement: str) -> tuple[int, int, str]:
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start)
    line_end = len(source) if line_end < 0 else line_end
    line_text = source[line_start:line_end]
    line = source.count("\n", 0, start) + 1
    column = start - line_start
    key = f"{Path(file).name}\0{line_text.strip()}\0{column - (len(line_text) - len(line_text.lstrip()))}"
    key += f"\0{source[start:end]}\0{replacement}"
    return line, column + 1, f"{Path(file).stem}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


def mutants(source: str, file: str = "<source>") -> list[Mutant]:
    """Every single-point mutant of ``source`` (a Verilog file named ``file``), in source order."""
    toks = tokenize(source)
    regions, conditions = _regions(toks)
    found: list[tuple[str, int, int, str]] = []
    for a, b in regions:
        depth_sq = 0
        for k in range(a, b):
            t = toks[k]
            if t.text == "[":
                depth_sq += 1
                continue
            if t.text == "]":
                depth_sq -= 1
                continue
            if depth_sq:
                continue
            prev = toks[k - 1] if k > 0 else None
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if t.kind == "op" and t.text in _SWAPS:
                if t.text in _BINARY_ONLY and not _operand_end(prev):
                    continue
                name, rep = _SWAPS[t.text]
                found.append((name, t.start, t.end, rep))
            elif t.kind == "op" and t.text in ("!", "~") and not _operand_end(prev):
                found.append(("not", t.start, t.end, ""))
            elif t.kind in ("sized", "number") and not (nxt is not None and nxt.text == "{"):
                rep = _const_replacement(t.text)
                if rep is not None and rep != t.text:
                    found.append(("const", t.start, t.end, rep))
    for open_i, close_i in conditions:
        s, e = toks[open_i + 1].start, toks[close_i - 1].end
        found.append(("cond", s, e, f"!({source[s:e]})"))
    found.sort(key=lambda f: (f[1], OPERATORS.index(f[0])))
    out: list[Mutant] = []
    seen: set[str] = set()
    for name, s, e, rep in found:
        line, col, mid = _make_id(file, source, s, e, rep)
        if mid in seen:  # the same change twice on one line: keep one
            continue
        seen.add(mid)
        out.append(Mutant(file, name, s, e, source[s:e], rep, line, col, mid))
    return out


def apply(source: str, mutant: Mutant) -> str:
    """``source`` with ``mutant`` applied."""
    if source[mutant.start:mutant.end] != mutant.original:
        raise ValueError(f"mutant {mutant.id} does not match this source at offset {mutant.start}")
    return source[: mutant.start] + mutant.replacement + source[mutant.end:]


def diff(source: str, mutant: Mutant) -> str:
    """A unified diff (3 lines of context) of ``mutant`` against ``source``."""
    lines = difflib.unified_diff(
        source.splitlines(keepends=True), apply(source, mutant).splitlines(keepends=True),
        fromfile=f"a/{mutant.file}", tofile=f"b/{mutant.file}", n=3,
    )
    return "".join(lines)


def instantiated_modules(source: str) -> set[str]:
    """Names of the modules instantiated in ``source``."""
    toks = tokenize(source)
    names = set()
    for i, t in enumerate(toks[:-1]):
        nxt = toks[i + 1]
        prev = toks[i - 1].text if i else ";"
        if (
            t.kind == "ident" and t.text not in _KEYWORDS and (nxt.kind == "ident" or nxt.text == "#")
            and (prev in (";", "begin", "end", ")", "else", "endgenerate", "generate") or toks[i - 2].text == ":")
            and nxt.text not in _KEYWORDS
        ):
            names.add(t.text)
    return names
