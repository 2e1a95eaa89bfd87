"""The editor integrations under editors/ agree with each other and with the
server: one language id and file extension, `#` comments, `annal lsp` as
the server command, and one grammar (VS Code and Sublime), one Vim syntax
(Vim and Neovim). The behaviour itself is tested by the Neovim and Emacs
suites (annal-mode, the Neovim plugin, the Vim syntax) and test_grammar.py."""
import json
import pathlib
import plistlib
import re
import tomllib

import onigurumacffi

REPO = pathlib.Path(__file__).resolve().parents[3]
EDITORS = REPO / "editors"
VSCODE = EDITORS / "vscode"


def jsonc(path: pathlib.Path):
    """JSON with // comment lines (Sublime settings)."""
    return json.loads("\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.lstrip().startswith("//")))


def test_every_editor_folder_has_a_readme():
    for name in ("neovim", "emacs", "vscode", "helix", "sublime", "vim"):
        readme = EDITORS / name / "README.md"
        assert readme.is_file(), readme
        text = readme.read_text(encoding="utf-8")
        assert "annal lsp" in text or name == "vim", f"{readme} does not say how the server starts"


def test_vscode_extension():
    pkg = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    (language,) = pkg["contributes"]["languages"]
    assert language["id"] == "annal" and language["extensions"] == [".annal"]
    assert (VSCODE / language["configuration"]).is_file()
    (grammar,) = pkg["contributes"]["grammars"]
    assert grammar["language"] == "annal"
    grammar_file = VSCODE / grammar["path"]
    assert json.loads(grammar_file.read_text(encoding="utf-8"))["scopeName"] == grammar["scopeName"] == "source.annal"
    assert (VSCODE / pkg["main"]).is_file()
    assert "vscode-languageclient" in pkg["dependencies"]
    assert "onLanguage:annal" in pkg["activationEvents"]
    source = (VSCODE / pkg["main"]).read_text(encoding="utf-8")
    assert '"lsp"' in source and "vscode-languageclient/node" in source
    assert pkg["contributes"]["configuration"]["properties"]["annal.server.path"]["default"] == "annal"


def test_vscode_language_configuration():
    conf = json.loads((VSCODE / "language-configuration.json").read_text(encoding="utf-8"))
    assert conf["comments"] == {"lineComment": "#"}
    assert ["{", "}"] in conf["brackets"] and ["[", "]"] in conf["brackets"]
    assert {p["open"] for p in conf["autoClosingPairs"]} == {"{", "[", '"'}
    patterns = [conf["wordPattern"], conf["indentationRules"]["increaseIndentPattern"],
                conf["indentationRules"]["decreaseIndentPattern"]]
    for p in patterns:
        re.compile(p)
        onigurumacffi.compile(p)
    word = re.compile(conf["wordPattern"])
    for w in ("nato-uz-fr", "C5+1", "name.fr", "2008~/..", "../2021-03-08", "1993/..", "2004-06-11?"):
        assert word.fullmatch(w), w
    inc = re.compile(conf["indentationRules"]["increaseIndentPattern"])
    dec = re.compile(conf["indentationRules"]["decreaseIndentPattern"])
    assert inc.search("relation nato-uz {") and inc.search("  programmes = [") and inc.search("  event 2003 {  # April")
    assert not inc.search("# {") and not inc.search('  name = "a {"')
    assert dec.search("  }") and dec.search("]") and not dec.search("  kind = page")


def test_helix_languages_toml():
    conf = tomllib.loads((EDITORS / "helix" / "languages.toml").read_text(encoding="utf-8"))
    (language,) = conf["language"]
    assert language["name"] == "annal" and language["file-types"] == ["annal"]
    assert language["comment-token"] == "#" and language["language-servers"] == ["annal"]
    assert language["indent"] == {"tab-width": 2, "unit": "  "}
    server = conf["language-server"]["annal"]
    assert server == {"command": "annal", "args": ["lsp"]}


def test_sublime_files():
    lsp = jsonc(EDITORS / "sublime" / "LSP-annal.sublime-settings")
    client = lsp["clients"]["annal"]
    assert client["command"] == ["annal", "lsp"] and client["selector"] == "source.annal" and client["enabled"]
    with (EDITORS / "sublime" / "Comments.tmPreferences").open("rb") as f:
        prefs = plistlib.load(f)
    assert prefs["scope"] == "source.annal"
    assert {v["name"]: v["value"] for v in prefs["settings"]["shellVariables"]} == {"TM_COMMENT_START": "# "}
    with (EDITORS / "sublime" / "Indentation.tmPreferences").open("rb") as f:
        indent = plistlib.load(f)["settings"]
    conf = json.loads((VSCODE / "language-configuration.json").read_text(encoding="utf-8"))["indentationRules"]
    assert indent == conf, "Sublime and VS Code indentation rules differ"
    assert jsonc(EDITORS / "sublime" / "Annal.sublime-settings")["tab_size"] == 2


def test_vim_and_neovim_share_one_syntax_file():
    vim = (EDITORS / "vim" / "syntax" / "annal.vim").read_bytes()
    assert (EDITORS / "neovim" / "syntax" / "annal.vim").read_bytes() == vim, \
        "editors/neovim/syntax/annal.vim must be a copy of editors/vim/syntax/annal.vim"
    assert "*.annal" in (EDITORS / "vim" / "ftdetect" / "annal.vim").read_text(encoding="utf-8")
    assert "*.annal" in (EDITORS / "neovim" / "ftdetect" / "annal.lua").read_text(encoding="utf-8")


def test_emacs_mode_registers_the_server():
    text = (EDITORS / "emacs" / "annal-mode.el").read_text(encoding="utf-8")
    assert "'(annal-mode . (\"annal\" \"lsp\"))" in text
    assert '("\\\\.annal\\\\\'" . annal-mode)' in text
