"""End-to-end tests of `annal lsp` through pytest-lsp (a real LSP client over stdio).

The server binary is $ANNAL (default: <repo>/.build/debug/annal); the
workspace is Tests/e2e/workspace. Every expected position is computed here
from the fixture files, never taken from the server.

A test of a feature the server does not have yet is marked
`xfail(strict=True)` with the missing feature named: it fails loudly (XPASS)
as soon as the feature lands, and the mark must then be removed.
"""
import asyncio
import json
import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from expected import apply_edits, citations, find, quote_range, split_lines

HERE = pathlib.Path(__file__).parent.resolve()
REPO = HERE.parents[2]
WS = HERE.parent / "workspace"
ANNAL = os.environ.get("ANNAL") or str(REPO / ".build" / "debug" / "annal")

DECLARATIONS = WS / "declarations.annal"
RELATION = WS / "relation.annal"
BROKEN = WS / "broken.annal"
SOURCE = WS / "sources" / "otan-kirghizie.fr.txt"

WAIT = 15  # seconds; wait_for_notification has no timeout of its own

CAPABILITIES = types.ClientCapabilities(
    # Start-up indexing reports $/progress; its end is when the workspace is known.
    window=types.WindowClientCapabilities(work_done_progress=True),
    text_document=types.TextDocumentClientCapabilities(
        rename=types.RenameClientCapabilities(prepare_support=True),
    ),
)


async def initialize(client: LanguageClient, capabilities=CAPABILITIES) -> types.InitializeResult:
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=WS.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=WS.as_uri(), name="workspace")],
        )
    )


async def indexed(client: LanguageClient) -> None:
    """Wait for the end of the server's start-up indexing ($/progress end)."""
    def done():
        return any(reports and isinstance(reports[-1], types.WorkDoneProgressEnd)
                   for reports in client.progress_reports.values())
    async def wait():
        while not done():
            await asyncio.sleep(0.02)
    await asyncio.wait_for(wait(), WAIT)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[ANNAL, "lsp"]))
async def client(lsp_client: LanguageClient):
    lsp_client.init_result = await initialize(lsp_client)
    await indexed(lsp_client)
    yield lsp_client
    await lsp_client.shutdown_session()
    # pytest-lsp waits for the process but does not check how it ended.
    assert lsp_client._server is not None
    assert lsp_client._server.returncode == 0, f"server exited with {lsp_client._server.returncode}"


def open_doc(client: LanguageClient, path: pathlib.Path, text: str | None = None) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="annal", version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


async def diagnostics_for(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """Wait until diagnostics for `uri` have been published, then return them."""
    async def wait():
        while uri not in client.diagnostics:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    await asyncio.wait_for(wait(), WAIT)
    return client.diagnostics[uri]


def items_of(result) -> list[types.CompletionItem]:
    assert result is not None, "no completion result"
    return result.items if isinstance(result, types.CompletionList) else result


def pos(p) -> types.Position:
    return types.Position(line=p.line, character=p.character)


# --------------------------------------------------------------------------


async def test_initialize_announces_the_features(client: LanguageClient):
    info = client.init_result.server_info
    assert info is not None and info.name == "annal"
    caps = client.init_result.capabilities
    assert caps is not None
    assert caps.position_encoding in (None, types.PositionEncodingKind.Utf16)
    assert caps.definition_provider
    assert caps.references_provider
    assert caps.rename_provider
    assert caps.completion_provider is not None
    assert caps.hover_provider


async def test_diagnostics_of_the_broken_file(client: LanguageClient):
    uri = open_doc(client, BROKEN)
    diags = await diagnostics_for(client, uri)
    text = BROKEN.read_text(encoding="utf-8")
    start = find(text, "RETRIAN")
    assert [(d.code, d.range.start.line) for d in diags] == [("AN101", 9)], diags
    d = diags[0]
    assert start.line == 9
    assert d.range.start == pos(start)
    assert d.range.end == types.Position(line=9, character=start.character + len("RETRIAN"))
    assert d.severity == types.DiagnosticSeverity.Error
    assert "RETRIAN" in d.message and "RETRAIN" in d.message  # did you mean


async def test_clean_files_have_no_diagnostics(client: LanguageClient):
    for path in (DECLARATIONS, RELATION):
        uri = open_doc(client, path)
        assert list(await diagnostics_for(client, uri)) == [], path.name


@pytest.mark.parametrize("alias, canonical", [("PPP", "PfP"), ("FIAS", "ISAF")])
async def test_typing_an_alias_offers_the_canonical_programme(client: LanguageClient, alias, canonical):
    text = RELATION.read_text(encoding="utf-8")
    uri = open_doc(client, RELATION, text)
    # Type the alias over the value of `programme = PfP` (the 1994 event).
    at = find(text, "programme = PfP")
    start = types.Position(line=at.line, character=at.character + len("programme = "))
    end = types.Position(line=at.line, character=start.character + len("PfP"))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=alias)],
        )
    )
    cursor = types.Position(line=at.line, character=start.character + len(alias))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=cursor)
    )
    items = items_of(result)
    offered = [i for i in items if i.label == canonical]
    assert offered, f"{canonical} not offered for {alias}: {[i.label for i in items][:20]}"
    item = offered[0]
    # The item replaces the typed alias with the canonical acronym...
    assert isinstance(item.text_edit, types.TextEdit), item.text_edit
    assert item.text_edit.new_text == canonical
    assert item.text_edit.range == types.Range(start=start, end=cursor)
    # ...and survives the client's own filtering on the typed text.
    assert (item.filter_text or item.label).startswith(alias) or alias in (item.filter_text or "").split()
    # It comes first among the offers.
    best = min(items, key=lambda i: i.sort_text or i.label)
    assert best.label == canonical, f"first offer is {best.label}"


async def test_go_to_source_lands_on_the_exact_quote(client: LanguageClient):
    text = RELATION.read_text(encoding="utf-8")
    source_text = SOURCE.read_text(encoding="utf-8")
    uri = open_doc(client, RELATION, text)
    cites = list(citations(text))
    assert len(cites) == 6
    for line, character, quote in cites:
        expected_start, expected_end = quote_range(source_text, quote)
        loc = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=line, character=character),
            )
        )
        if isinstance(loc, list):
            assert len(loc) == 1, loc
            loc = loc[0]
        assert isinstance(loc, types.Location), f"line {line}: {loc!r}"
        assert loc.uri == SOURCE.as_uri()
        assert (loc.range.start, loc.range.end) == (pos(expected_start), pos(expected_end)), (
            f"quote on line {line} ({quote!r}): got {loc.range}, "
            f"expected {expected_start}-{expected_end}"
        )


async def test_go_to_source_counts_utf16_after_an_emoji(client: LanguageClient):
    # The 1994 quote stands after "📌" (two UTF-16 code units) on its line.
    source_text = SOURCE.read_text(encoding="utf-8")
    line = split_lines(source_text)[find(source_text, "c’est à ce moment").line]
    assert line.startswith("📌")
    text = RELATION.read_text(encoding="utf-8")
    uri = open_doc(client, RELATION, text)
    at = find(text, "c'est à ce moment")
    loc = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(at))
    )
    loc = loc[0] if isinstance(loc, list) else loc
    start = find(source_text, "c’est à ce moment")
    end = find(source_text, "bien avant")
    assert loc.range.start == pos(start)
    assert loc.range.end == types.Position(line=end.line, character=end.character + len("bien avant"))


async def test_definition_of_a_reference_is_its_declaration(client: LanguageClient):
    text = RELATION.read_text(encoding="utf-8")
    uri = open_doc(client, RELATION, text)
    at = find(text, "programme = RETRAIN")
    loc = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=at.line, character=at.character + len("programme = R")),
        )
    )
    loc = loc[0] if isinstance(loc, list) else loc
    decl = find(DECLARATIONS.read_text(encoding="utf-8"), "programme RETRAIN")
    decl = decl._replace(character=decl.character + len("programme "))
    assert loc.uri == DECLARATIONS.as_uri()
    assert loc.range == types.Range(start=pos(decl), end=types.Position(line=decl.line, character=decl.character + 7))


async def test_hover_on_a_programme(client: LanguageClient):
    text = RELATION.read_text(encoding="utf-8")
    uri = open_doc(client, RELATION, text)
    for needle, words in [
        ("programme = RETRAIN", ["Retraining programme for discharged military personnel"]),
        ("programme = PfP", ["Partnership for Peace"]),
    ]:
        at = find(text, needle)
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=at.line, character=at.character + len("programme = ") + 1),
            )
        )
        assert hover is not None, f"no hover on {needle}"
        contents = hover.contents
        value = contents.value if isinstance(contents, types.MarkupContent) else str(contents)
        for w in words:
            assert w in value, f"hover on {needle}: {value!r}"
        if hover.range is not None:
            assert hover.range.start == types.Position(line=at.line, character=at.character + len("programme = "))


async def test_rename_across_files(client: LanguageClient):
    text = RELATION.read_text(encoding="utf-8")
    uri = open_doc(client, RELATION, text)
    at = find(text, "programme = RETRAIN")
    where = types.Position(line=at.line, character=at.character + len("programme = RE"))
    doc = types.TextDocumentIdentifier(uri=uri)
    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc, position=where))
    if prepared is not None:  # a Range, or {range, placeholder}
        rng = prepared if isinstance(prepared, types.Range) else prepared.range
        assert rng.start.character == at.character + len("programme = ")
        assert rng.end.character == rng.start.character + len("RETRAIN")
    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc, position=where, new_name="RECONV"))
    assert edit is not None
    per_uri: dict[str, list[types.TextEdit]] = {}
    if edit.document_changes:
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit), change
            per_uri.setdefault(change.text_document.uri, []).extend(change.edits)
    if edit.changes:
        assert not edit.document_changes, "both changes and documentChanges"
        for u, edits in edit.changes.items():
            per_uri.setdefault(u, []).extend(edits)
    assert set(per_uri) == {DECLARATIONS.as_uri(), RELATION.as_uri()}, set(per_uri)
    new_decl = apply_edits(DECLARATIONS.read_text(encoding="utf-8"), per_uri[DECLARATIONS.as_uri()])
    new_rel = apply_edits(text, per_uri[RELATION.as_uri()])
    assert "programme RECONV {" in new_decl and "RETRAIN" not in new_decl
    assert "programme = RECONV" in new_rel and ", RECONV]" in new_rel and "RETRAIN" not in new_rel
    assert len(per_uri[DECLARATIONS.as_uri()]) == 1 and len(per_uri[RELATION.as_uri()]) == 2


async def test_formatting_restores_the_canonical_layout(client: LanguageClient):
    caps = client.init_result.capabilities
    assert caps.document_formatting_provider, "no documentFormattingProvider"
    canonical = RELATION.read_text(encoding="utf-8")
    messy = (
        canonical.replace("  parties    = [NATO, KG]", "    parties = [ NATO ,KG ]")
        .replace("    kind      = membership", "  kind=membership")
        .replace("  event 2015/.. {", "event   2015/..   {")
    )
    assert messy != canonical
    uri = open_doc(client, RELATION, messy)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits, "no edits for a messy file"
    assert apply_edits(messy, edits) == canonical


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[ANNAL, "lsp"]))
async def eager_client(lsp_client: LanguageClient):
    """A client that does not wait for start-up indexing, like an editor
    opening a file the moment the server is up."""
    lsp_client.init_result = await initialize(lsp_client, types.ClientCapabilities())
    yield lsp_client
    await lsp_client.shutdown_session()
    assert lsp_client._server.returncode == 0


async def test_a_file_opened_at_once_never_shows_stale_errors(eager_client: LanguageClient):
    text = RELATION.read_text(encoding="utf-8")
    uri = open_doc(eager_client, RELATION, text)
    line, character, quote = next(citations(text))
    loc = await eager_client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri),
                               position=types.Position(line=line, character=character))
    )
    first = list(await diagnostics_for(eager_client, uri))
    assert first == [], f"first diagnostics of a clean file: {[d.code for d in first]}"
    assert loc is not None, "definition answered null"


# --- the same flows with the capabilities real editors send (recorded by pytest-lsp)

REAL_CLIENTS = ["neovim@v0.7.0", "emacs", "visual-studio-code"]


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[ANNAL, "lsp"]),
    params=REAL_CLIENTS,
)
async def real_client(lsp_client: LanguageClient, request):
    caps = pytest_lsp.client_capabilities(request.param)
    assert caps.window and caps.window.work_done_progress
    lsp_client.init_result = await initialize(lsp_client, caps)
    await indexed(lsp_client)
    yield lsp_client
    await lsp_client.shutdown_session()
    assert lsp_client._server.returncode == 0


def encoding_of(client: LanguageClient) -> str:
    return client.init_result.capabilities.position_encoding or "utf-16"


async def test_real_clients_go_to_source(real_client: LanguageClient):
    enc = encoding_of(real_client)
    offered = (real_client.capabilities.general and real_client.capabilities.general.position_encodings) or ("utf-16",)
    assert enc in offered, f"server chose {enc}, client offered {offered}"
    text = RELATION.read_text(encoding="utf-8")
    source_text = SOURCE.read_text(encoding="utf-8")
    uri = open_doc(real_client, RELATION, text)
    for line, character, quote in citations(text, enc):
        start, end = quote_range(source_text, quote, enc)
        loc = await real_client.text_document_definition_async(
            types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=uri),
                                   position=types.Position(line=line, character=character)))
        if isinstance(loc, list):
            assert len(loc) == 1, loc
            loc = loc[0]
        uri_, rng = (loc.target_uri, loc.target_selection_range) if isinstance(loc, types.LocationLink) else (loc.uri, loc.range)
        assert uri_ == SOURCE.as_uri()
        assert (rng.start, rng.end) == (pos(start), pos(end)), f"{enc} quote {quote!r}"


async def test_real_clients_alias_completion(real_client: LanguageClient):
    text = RELATION.read_text(encoding="utf-8")
    typed = text.replace("programme = PfP", "programme = PPP")
    uri = open_doc(real_client, RELATION, typed)
    at = find(typed, "programme = PPP")
    start = types.Position(line=at.line, character=at.character + len("programme = "))
    cursor = types.Position(line=at.line, character=start.character + 3)
    items = items_of(await real_client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=cursor)))
    item = next((i for i in items if i.label == "PfP"), None)
    assert item is not None, [i.label for i in items][:20]
    edit = item.text_edit
    if isinstance(edit, types.InsertReplaceEdit):
        assert real_client.capabilities.text_document.completion.completion_item.insert_replace_support
        assert edit.replace == types.Range(start=start, end=cursor) and edit.insert.start == start
    else:
        assert isinstance(edit, types.TextEdit) and edit.range == types.Range(start=start, end=cursor)
    assert edit.new_text == "PfP"
    assert item.insert_text_format in (None, types.InsertTextFormat.PlainText) or \
        real_client.capabilities.text_document.completion.completion_item.snippet_support


async def test_shutdown_then_exit_code_0():
    """The whole life of a server by hand: initialize, shutdown, exit, code 0."""
    proc = await asyncio.create_subprocess_exec(
        ANNAL, "lsp", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )

    async def send(obj):
        body = json.dumps(obj).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        await proc.stdin.drain()

    async def receive():
        headers = {}
        while True:
            line = await proc.stdout.readline()
            if line in (b"\r\n", b""):
                break
            k, v = line.decode().split(":", 1)
            headers[k.strip().lower()] = v.strip()
        return json.loads(await proc.stdout.readexactly(int(headers["content-length"])))

    async def response(id_):
        while True:
            msg = await receive()
            if msg.get("id") == id_ and "method" not in msg:
                return msg

    await send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": os.getpid(), "rootUri": WS.as_uri(), "capabilities": {}}})
    assert "result" in await asyncio.wait_for(response(1), WAIT)
    await send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    await send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    reply = await asyncio.wait_for(response(2), WAIT)
    assert "result" in reply and reply["result"] is None, reply
    await send({"jsonrpc": "2.0", "method": "exit"})
    assert await asyncio.wait_for(proc.wait(), WAIT) == 0
