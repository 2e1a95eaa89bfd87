"""The one TextMate grammar (editors/vscode/syntaxes/annal.tmLanguage.json),
used by VS Code and Sublime Text.

- every regex compiles with Oniguruma, the engine of VS Code and Sublime
  (onigurumacffi, the binding babi uses);
- the Sublime copy (editors/sublime/Annal.tmLanguage, a plist) holds the same grammar;
- babi's TextMate engine tokenises every sample file with it, and the
  keywords, ids, references, field keys, strings, escapes, dates and comments
  get the intended scopes: on tokens picked by hand in each sample file, and
  on every line by a line-by-line oracle written from docs/language.md.
"""
import json
import pathlib
import plistlib
import re
import shutil

import onigurumacffi
import pytest
from babi.highlight import Grammars, highlight_line

HERE = pathlib.Path(__file__).parent.resolve()
REPO = HERE.parents[2]
GRAMMAR = REPO / "editors" / "vscode" / "syntaxes" / "annal.tmLanguage.json"
SUBLIME = REPO / "editors" / "sublime" / "Annal.tmLanguage"
SAMPLES = sorted((REPO / "samples").glob("*.annal"))
WORKSPACE = sorted((HERE.parent / "workspace").glob("*.annal"))
BROKEN = sorted((REPO / "samples" / "broken").glob("*.annal"))


def load_grammar() -> dict:
    return json.loads(GRAMMAR.read_text(encoding="utf-8"))


def regexes(node, path="$"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("match", "begin", "end", "while") and isinstance(value, str):
                yield f"{path}.{key}", value
            else:
                yield from regexes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from regexes(value, f"{path}[{i}]")


@pytest.fixture(scope="session")
def compiler(tmp_path_factory):
    folder = tmp_path_factory.mktemp("grammars")
    shutil.copy(GRAMMAR, folder / "source.annal.json")  # babi finds a grammar by its scope name
    return Grammars(str(folder)).compiler_for_scope("source.annal")


class Tokens:
    """A file tokenised: the scope stack of every character."""

    def __init__(self, compiler, path: pathlib.Path):
        self.path = path
        self.lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        self.scopes: list[list[tuple[str, ...]]] = []
        state = compiler.root_state
        for i, line in enumerate(self.lines):
            state, regions = highlight_line(compiler, state, line, i == 0)
            per_char: list[tuple[str, ...]] = [()] * len(line)
            for start, end, scope in regions:
                for c in range(start, end):
                    per_char[c] = scope
            self.scopes.append(per_char)

    def find(self, needle: str, nth: int = 0) -> tuple[int, str]:
        """Line and match of the nth occurrence of `needle`, where a run of
        spaces in the needle stands for any run of spaces (the formatter
        aligns `=`)."""
        pattern = re.compile(r"[ \t]+".join(re.escape(part) for part in needle.split(" ")))
        seen = 0
        for n, line in enumerate(self.lines):
            for m in pattern.finditer(line):
                if seen == nth:
                    return n, m
                seen += 1
        raise AssertionError(f"{needle!r} not in {self.path.name}")

    CONTAINERS = ("comment.line.number-sign", "string.quoted.double")

    def check(self, line: int, start: int, end: int, scope: str, innermost: bool = True):
        """Every character of [start, end) on `line` has `scope` (as its
        innermost scope, or anywhere in its stack; comments and strings
        anywhere, as their delimiters have a scope of their own inside)."""
        innermost = innermost and scope not in self.CONTAINERS
        assert start < end, "empty span"
        for c in range(start, end):
            stack = self.scopes[line][c]
            names = stack[-1:] if innermost else stack
            assert any(s == scope or s.startswith(scope + ".") for s in names), (
                f"{self.path.name}:{line + 1}:{c + 1} {self.lines[line][start:end]!r}: "
                f"{stack} has no {scope}"
            )

    def expect(self, needle: str, scope: str, nth: int = 0, within: str | None = None, innermost: bool = True):
        """`needle` (or the part `within` of it) has `scope`."""
        line, m = self.find(needle, nth)
        part = within or m[0]
        offset = m[0].index(part)
        self.check(line, m.start() + offset, m.start() + offset + len(part), scope, innermost)


# ---------------------------------------------------------------------------


def test_every_regex_compiles_with_oniguruma():
    found = list(regexes(load_grammar()))
    assert len(found) > 20
    for where, pattern in found:
        try:
            onigurumacffi.compile(pattern)
        except Exception as e:  # onigurumacffi.OnigError
            pytest.fail(f"{where}: {pattern!r} does not compile: {e}")


def test_grammar_metadata():
    g = load_grammar()
    assert g["scopeName"] == "source.annal"
    assert g["fileTypes"] == ["annal"]
    for include in re.findall(r'"include": "#([^"]+)"', GRAMMAR.read_text(encoding="utf-8")):
        assert include in g["repository"], f"#{include} is not in the repository"


def test_sublime_copy_is_the_same_grammar():
    g = load_grammar()
    g.pop("$schema", None)
    with SUBLIME.open("rb") as f:
        assert plistlib.load(f) == g, "editors/sublime/Annal.tmLanguage differs: run editors/sublime/build-tmlanguage"


# Hand-picked tokens of each sample file: (needle, scope, options).
PICKED = {
    "nato-uzbekistan.annal": [
        ("# NATO and Uzbekistan", "comment.line.number-sign"),
        ("source nato-uz-fr", "keyword.other.block", {"within": "source"}),
        ("source nato-uz-fr", "entity.name", {"within": "nato-uz-fr"}),
        ("publisher = NATO", "variable.other.reference", {"within": "NATO"}),
        ("updated = 2023-10-13", "constant.numeric.date", {"within": "2023-10-13"}),
        ("relation nato-uz {", "entity.name", {"within": "nato-uz"}),
        ("parties = [NATO, UZ]", "variable.other.reference", {"within": "UZ"}),
        ("parties = [NATO, UZ]", "support.type.property-name", {"within": "parties"}),
        ("parties = [NATO, UZ]", "keyword.operator.assignment", {"within": "="}),
        ("event ../2023-10-13", "keyword.other.block", {"within": "event"}),
        ("event ../2023-10-13", "constant.numeric.date", {"within": "../2023-10-13"}),
        ("event 1993/..", "constant.numeric.date", {"within": "1993/.."}),
        ("event 2003-04", "constant.numeric.date", {"within": "2003-04"}),
        ("event 2013/2017", "constant.numeric.date", {"within": "2013/2017"}),
        ("cite nato-uz-fr", "keyword.other.cite", {"within": "cite"}),
        ("cite nato-uz-fr", "variable.other.reference", {"within": "nato-uz-fr"}),
        ('"En avril 2003, l\'Ouzbékistan a accueilli', "string.quoted.double", {"within": "En avril 2003"}),
        ('\\"défense\\"', "constant.character.escape", {"within": '\\"'}),
        ('\\"défense\\"', "string.quoted.double", {"within": "défense"}),
        ("programme = EADRCC", "variable.other.reference", {"within": "EADRCC"}),
        ("programme = EADRCC", "support.type.property-name", {"within": "programme"}),
        ("kind = exercise", "support.type.property-name", {"within": "kind"}),
        ("{", "punctuation.section.block.begin"),
        ("}", "punctuation.section.block.end"),
    ],
    "nato-kazakhstan.annal": [
        ("# NATO and Kazakhstan", "comment.line.number-sign"),
        ("event 1995", "keyword.other.block", {"within": "event"}),
        ("event 1995", "constant.numeric.date", {"within": "1995"}),
        ("programmes = [NACC, EAPC, PfP", "variable.other.reference", {"within": "PfP"}),
        ("cite nato-kz-fr", "keyword.other.cite", {"within": "cite"}),
        ("source nato-kz-fr", "entity.name", {"within": "nato-kz-fr"}),
        ("updated = 2022-05-23", "constant.numeric.date", {"within": "2022-05-23"}),
    ],
    "nato-kyrgyz-republic.annal": [
        ("relation nato-kg", "keyword.other.block", {"within": "relation"}),
        ("relation nato-kg", "entity.name", {"within": "nato-kg"}),
        ("event 1992", "constant.numeric.date", {"within": "1992"}),
        ("programme = NACC", "variable.other.reference", {"within": "NACC"}),
        ("cite nato-kg-fr", "variable.other.reference", {"within": "nato-kg-fr"}),
    ],
    "turkmenistan-united-states.annal": [
        ("# Turkmenistan and the United States", "comment.line.number-sign"),
        ("source tm-us-press", "entity.name", {"within": "tm-us-press"}),
        ("programmes = [CARICC, CND, C5+1, USTBC, TAPI]", "variable.other.reference", {"within": "C5+1"}),
        ("event 2008~/..", "constant.numeric.date", {"within": "2008~/.."}),
        ("event 2020-12-15/2020-12-17", "constant.numeric.date", {"within": "2020-12-15/2020-12-17"}),
        ("event 1992-02-19", "constant.numeric.date", {"within": "1992-02-19"}),
        ("parties = [TM, US, AF]", "variable.other.reference", {"within": "AF"}),
        ('\\"Asie centrale + États-Unis\\"', "constant.character.escape", {"within": '\\"'}),
        ('"security",', "string.quoted.double", {"within": "security"}),
        ("kind = consultation", "constant.language", {"within": "consultation"}),
        ("cite tm-us-press", "keyword.other.cite", {"within": "cite"}),
    ],
}


def test_every_sample_file_has_picked_tokens():
    assert {p.name for p in SAMPLES} == set(PICKED), "a sample file was added or renamed: pick its tokens"


@pytest.mark.parametrize("name", sorted(PICKED))
def test_picked_tokens(compiler, name):
    tokens = Tokens(compiler, REPO / "samples" / name)
    for entry in PICKED[name]:
        needle, scope, opts = entry if len(entry) == 3 else (*entry, {})
        tokens.expect(needle, scope, **opts)


def test_snippets_from_the_language_reference(compiler, tmp_path):
    f = tmp_path / "snippets.annal"
    f.write_text(
        "# A comment on its own line.\n"
        "party UZ {\n"
        "  kind    = state   # a comment after a field\n"
        '  name    = "Uzbekistan #1"   # the # in the string is text, not a comment\n'
        '  name.fr = "Ouzbékistan\\u{A0}!"\n'
        "  aliases = [OTAN]\n"
        "}\n"
        "programme USTBC {\n"
        '  name  = "US–Turkmenistan Business Council"\n'
        "  since = 2008~\n"
        "  until = 199X\n"
        "}\n"
        "relation nato-kz {\n"
        "  parties    = [NATO, KZ]\n"
        "  programmes = [\n"
        "    PfP,\n"
        "    PARP, # a comment in a list\n"
        "  ]\n"
        "  event 2004-06-11? { kind = other }\n"
        "  event -0044 {\n"
        "  }\n"
        "}\n",
        encoding="utf-8",
    )
    t = Tokens(compiler, f)
    t.expect("kind = state", "constant.language", within="state")
    t.expect("# a comment after a field", "comment.line.number-sign")
    t.expect('"Uzbekistan #1"', "string.quoted.double", within="#1")
    t.expect("# the # in the string", "comment.line.number-sign")
    t.expect("name.fr", "support.type.property-name")
    t.expect("\\u{A0}", "constant.character.escape")
    t.expect("[OTAN]", "entity.name", within="OTAN")
    t.expect("since = 2008~", "constant.numeric.date", within="2008~")
    t.expect("until = 199X", "constant.numeric.date", within="199X")
    t.expect("    PfP,", "variable.other.reference", within="PfP")
    t.expect("    PARP,", "variable.other.reference", within="PARP")
    t.expect("# a comment in a list", "comment.line.number-sign")
    t.expect("  ]", "punctuation.section.brackets.end", within="]")
    t.expect("2004-06-11?", "constant.numeric.date")
    t.expect("event -0044", "constant.numeric.date", within="-0044")
    t.expect("{ kind = other }", "support.type.property-name", within="kind")


# --- every line of every sample, against an oracle written from docs/language.md

WORD = r'[^\s"#{}\[\]=,]+'
BLOCK = re.compile(r"^(\s*)(source|party|programme|relation)\s+(" + WORD + r")\s*\{")
EVENT = re.compile(r"^(\s*)(event)\s+(" + WORD + r")\s*\{")
CITE = re.compile(r'^(\s*)(cite)\s+(' + WORD + r')\s+(")((?:[^"\\]|\\.)*)(")')
FIELD = re.compile(r"^(\s*)(" + WORD + r")\s*(=)\s*(" + WORD + r")?")
DATE = re.compile(r"(?:\d|-\d|Y\d|/|\.\.)")
REFERENCE_FIELDS = {"publisher", "owner", "parent", "successor", "programme"}
REFERENCE_LISTS = {"parties", "programmes"}


def comment_start(line: str) -> int | None:
    """Where a comment starts, outside strings (-1 if none)."""
    in_string = escaped = False
    for i, ch in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "#":
            return i
    return None


def span(m, group):
    return m.start(group), m.end(group)


@pytest.mark.parametrize("path", SAMPLES + WORKSPACE, ids=lambda p: p.name)
def test_every_line_of_every_sample(compiler, path):
    t = Tokens(compiler, path)
    counts = dict(blocks=0, events=0, cites=0, fields=0, dates=0, comments=0, references=0, escapes=0)
    in_reference_list = False
    for n, raw in enumerate(t.lines):
        line = raw.rstrip("\r\n")
        hash_at = comment_start(line)
        if hash_at is not None:
            t.check(n, hash_at, len(line), "comment.line.number-sign")
            counts["comments"] += 1
        code = line if hash_at is None else line[:hash_at]
        if in_reference_list:
            for m in re.finditer(r"[A-Za-z][A-Za-z0-9_.+\-]*", code):
                t.check(n, m.start(), m.end(), "variable.other.reference")
                counts["references"] += 1
            if "]" in code:
                in_reference_list = False
            continue
        if m := BLOCK.match(code):
            t.check(n, *span(m, 2), "keyword.other.block")
            t.check(n, *span(m, 3), "entity.name")
            counts["blocks"] += 1
        elif m := EVENT.match(code):
            t.check(n, *span(m, 2), "keyword.other.block")
            t.check(n, *span(m, 3), "constant.numeric.date")
            counts["events"] += 1
            counts["dates"] += 1
        elif m := CITE.match(code):
            t.check(n, *span(m, 2), "keyword.other.cite")
            t.check(n, *span(m, 3), "variable.other.reference")
            t.check(n, m.start(4), m.end(6), "string.quoted.double", innermost=False)
            for e in re.finditer(r"\\.", m[5]):
                t.check(n, m.start(5) + e.start(), m.start(5) + e.end(), "constant.character.escape")
                counts["escapes"] += 1
            counts["cites"] += 1
            counts["references"] += 1
        elif m := FIELD.match(code):
            key, value = m[2], m[4]
            t.check(n, *span(m, 2), "support.type.property-name")
            t.check(n, *span(m, 3), "keyword.operator.assignment")
            counts["fields"] += 1
            if value and DATE.match(value):
                t.check(n, *span(m, 4), "constant.numeric.date")
                counts["dates"] += 1
            elif value and key in REFERENCE_FIELDS:
                t.check(n, *span(m, 4), "variable.other.reference")
                counts["references"] += 1
            if key in REFERENCE_LISTS:
                rest = code[m.end(3):]
                for r in re.finditer(r"[A-Za-z][A-Za-z0-9_.+\-]*", rest):
                    t.check(n, m.end(3) + r.start(), m.end(3) + r.end(), "variable.other.reference")
                    counts["references"] += 1
                in_reference_list = "[" in rest and "]" not in rest
            for s in re.finditer(r'"((?:[^"\\]|\\.)*)"', code[m.end(3):]):
                t.check(n, m.end(3) + s.start(), m.end(3) + s.end(), "string.quoted.double", innermost=False)
    # the oracle did see each kind of token in each file
    assert counts["blocks"] and counts["fields"] and counts["comments"] and counts["references"], counts
    if path.name != "declarations.annal":
        assert counts["events"] and counts["cites"] and counts["dates"], counts


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_samples_tokenise(compiler, path):
    t = Tokens(compiler, path)  # no exception, whatever the errors
    assert len(t.scopes) == len(t.lines)
