"""Expectations computed from the fixture files alone, independently of the
server: where a quote stands in its source (by a regex written from the
folding rules of docs/language.md §11), LSP positions in UTF-16 code units,
and applying LSP text edits."""
import re
from typing import NamedTuple

SPACE = r"[\s\u00a0\u202f]"  # \s already covers NBSP and NNBSP; spelled out for readers


class Pos(NamedTuple):
    line: int
    character: int  # UTF-16 code units


def quote_regex(quote: str) -> "re.Pattern[str]":
    """A regex that finds `quote` in a source, whatever its typography:
    ' matches any apostrophe, " any quotation mark (with the optional space
    inside « »), - any dash, a space any run of white space, and the space
    before : ; ! ? is optional."""
    parts = []
    for tok in re.findall(r'\s*"\s*|\s*[:;!?]|\s+|.', quote.strip(), flags=re.S):
        if '"' in tok:
            parts.append(SPACE + '*["«»“”„]' + SPACE + "*")
        elif tok.strip() in (":", ";", "!", "?"):
            parts.append(SPACE + "*" + re.escape(tok.strip()))
        elif tok.isspace():
            parts.append(SPACE + "+")
        elif tok == "'":
            parts.append("['’‘ʼ′]")
        elif tok == "-":
            parts.append("[-–—‑]")
        else:
            parts.append(re.escape(tok))
    return re.compile("".join(parts))


def split_lines(text: str) -> list[str]:
    """Lines as LSP counts them: \\n, \\r\\n and a lone \\r end a line."""
    return re.split(r"\r\n|\r|\n", text)


def units(s: str, encoding: str = "utf-16") -> int:
    """Length of s in the code units of an LSP position encoding."""
    if encoding == "utf-16":
        return len(s.encode("utf-16-le")) // 2
    if encoding == "utf-8":
        return len(s.encode("utf-8"))
    assert encoding == "utf-32", encoding
    return len(s)


utf16_len = units


def position(text: str, offset: int, encoding: str = "utf-16") -> Pos:
    """The LSP position of a str offset (code points), in `encoding` units."""
    before = text[:offset]
    lines = split_lines(before)
    return Pos(len(lines) - 1, units(lines[-1], encoding))


def offset(text: str, pos, encoding: str = "utf-16") -> int:
    """The str offset of an LSP position given in `encoding` units."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    i = starts[pos.line]
    count = 0
    while count < pos.character:
        count += units(text[i], encoding)
        i += 1
    return i


def quote_range(source_text: str, quote: str, encoding: str = "utf-16") -> tuple[Pos, Pos]:
    """The one range where `quote` occurs in the source; fails unless exactly one."""
    matches = list(quote_regex(quote).finditer(source_text))
    assert len(matches) == 1, f"quote {quote!r} occurs {len(matches)} times in the source"
    m = matches[0]
    return position(source_text, m.start(), encoding), position(source_text, m.end(), encoding)


def apply_edits(text: str, edits) -> str:
    """Apply LSP TextEdits (all ranges relative to the original text)."""
    spans = sorted(
        ((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits),
        key=lambda s: (s[0], s[1]),
    )
    out, last = [], 0
    for start, end, new in spans:
        assert start >= last, "overlapping edits"
        out.append(text[last:start])
        out.append(new)
        last = end
    out.append(text[last:])
    return "".join(out)


CITE = re.compile(r'^(?P<indent>\s*)cite\s+(?P<source>\S+)\s+"(?P<quote>(?:[^"\\]|\\.)*)"')


def unescape(s: str) -> str:
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), s)


def citations(annal_text: str, encoding: str = "utf-16"):
    """(line, character inside the quote, quote) for every `cite` line."""
    for n, line in enumerate(split_lines(annal_text)):
        m = CITE.match(line)
        if m:
            col = units(line[: m.start("quote")], encoding) + 3  # a few characters into the quote
            yield n, col, unescape(m["quote"])


def find(text: str, needle: str, nth: int = 0) -> Pos:
    """Position of the nth occurrence of needle (fails if absent)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return position(text, at)
