-- End-to-end test of `annal lsp` in headless Neovim 0.7 through vim.lsp.
--
-- Run: nvim --headless -u NONE -i NONE -n -c 'luafile Tests/e2e/neovim/test.lua' -c 'cquit 2'
--   (the trailing `cquit 2` only runs if luafile itself fails, e.g. a Lua syntax error)
-- Env: ANNAL               server binary (default <repo>/.build/debug/annal)
--      ANNAL_E2E_WS        workspace (default Tests/e2e/workspace)
--      ANNAL_E2E_PENDING   comma-separated checks to skip while their server
--                          feature is missing, e.g. "formatting,hover"
-- Exit: 0 when every check passed, 1 otherwise.
-- Every expected position is computed here from the fixture files.

local function log(...) io.stderr:write(table.concat({ ... }, " ") .. "\n") end

local script = debug.getinfo(1, "S").source:sub(2)
local here = vim.fn.fnamemodify(script, ":p:h")
local e2e = vim.fn.fnamemodify(here, ":h")
local repo = vim.fn.fnamemodify(e2e, ":h:h")
local ws = os.getenv("ANNAL_E2E_WS") or (e2e .. "/workspace")
local annal = os.getenv("ANNAL") or (repo .. "/.build/debug/annal")
local relation = ws .. "/relation.annal"
local broken = ws .. "/broken.annal"
local source = ws .. "/sources/otan-kirghizie.fr.txt"
local WAIT = 15000

local pending = {}
for name in (os.getenv("ANNAL_E2E_PENDING") or ""):gmatch("[^,%s]+") do pending[name] = true end

local passed, failed, skipped = 0, {}, {}
local function check(name, fn)
  if pending[name] then
    table.insert(skipped, name)
    log("PENDING (skipped via ANNAL_E2E_PENDING): " .. name)
    return
  end
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    log("ok    " .. name)
  else
    table.insert(failed, name)
    log("FAIL  " .. name .. ": " .. tostring(err))
  end
end

local function eq(got, want, what)
  if not vim.deep_equal(got, want) then
    error(string.format("%s: got %s, want %s", what, vim.inspect(got), vim.inspect(want)), 2)
  end
end

--- 0-based line and byte column of the first occurrence of `needle` in a file's lines.
local function find_in(lines, needle)
  for i, line in ipairs(lines) do
    local s = line:find(needle, 1, true)
    if s then return i - 1, s - 1, line end
  end
  error("not found: " .. needle)
end

local function utf16(line, byte) return select(2, vim.str_utfindex(line, byte)) end

local exit_code, exit_signal
local client_id
local published = {} -- URIs the server has published diagnostics for

local function open(path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = "annal"
  assert(vim.lsp.buf_attach_client(buf, client_id), "buf_attach_client failed")
  return buf
end

local function main()
  assert(vim.fn.executable(annal) == 1, "server not executable: " .. annal)
  client_id = vim.lsp.start_client({
    name = "annal",
    cmd = { annal, "lsp" },
    root_dir = ws,
    workspace_folders = { { uri = vim.uri_from_fname(ws), name = "workspace" } },
    on_exit = function(code, signal) exit_code, exit_signal = code, signal end,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
        published[result.uri] = true
        return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      end,
    },
  })
  assert(client_id, "start_client failed")
  local client = vim.lsp.get_client_by_id(client_id)

  -- Ready: initialized, then the end of start-up indexing ($/progress).
  assert(vim.wait(WAIT, function() return client.initialized end, 20), "timeout: initialize")
  assert(vim.wait(WAIT, function()
    for _, p in pairs(client.messages.progress) do if p.done then return true end end
    return false
  end, 20), "timeout: start-up indexing ($/progress end)")

  local rel_buf = open(relation)

  check("diagnostics", function()
    local buf = open(broken)
    local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    local line, col = find_in(lines, "RETRIAN")
    eq(line, 9, "fixture line of RETRIAN")
    local function summary()
      return vim.tbl_map(function(d)
        return { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity }
      end, vim.diagnostic.get(buf))
    end
    local want = { { code = "AN101", lnum = 9, col = col, end_col = col + #"RETRIAN", severity = vim.diagnostic.severity.ERROR } }
    vim.wait(WAIT, function() return vim.deep_equal(summary(), want) end, 20)
    eq(summary(), want, "diagnostics of broken.annal")
    -- and the clean file has none, once the server has published for it
    assert(vim.wait(WAIT, function() return published[vim.uri_from_bufnr(rel_buf)] end, 20),
      "no diagnostics published for relation.annal")
    eq(#vim.diagnostic.get(rel_buf), 0, "diagnostics of relation.annal")
  end)

  check("go-to-source", function()
    vim.api.nvim_set_current_buf(rel_buf)
    local lines = vim.api.nvim_buf_get_lines(rel_buf, 0, -1, false)
    local line, col = find_in(lines, "c'est à ce moment")
    local src = vim.fn.readfile(source)
    local sline, sbyte, text = find_in(src, "c’est à ce moment")
    local _, ebyte = find_in(src, "bien avant")
    ebyte = ebyte + #"bien avant"
    assert(text:sub(1, 4) == "📌", "fixture: the quote's line starts with an emoji")
    local want = {
      uri = vim.uri_from_fname(source),
      range = { start = { line = sline, character = utf16(text, sbyte) },
                ["end"] = { line = sline, character = utf16(text, ebyte) } },
    }
    -- the request...
    local params = { textDocument = { uri = vim.uri_from_bufnr(rel_buf) },
                     position = { line = line, character = utf16(lines[line + 1], col) } }
    local res = vim.lsp.buf_request_sync(rel_buf, "textDocument/definition", params, WAIT)
    assert(res and res[client_id], "no definition response")
    assert(not res[client_id].err, vim.inspect(res[client_id].err))
    local loc = res[client_id].result
    if vim.tbl_islist(loc) then eq(#loc, 1, "locations"); loc = loc[1] end
    eq(loc, want, "definition of the quote")
    -- ...and the real command: the cursor lands on the quote in the source.
    vim.api.nvim_win_set_cursor(0, { line + 1, col })
    vim.lsp.buf.definition()
    vim.wait(WAIT, function() return vim.api.nvim_buf_get_name(0) == source end, 20)
    eq(vim.api.nvim_buf_get_name(0), source, "buffer after vim.lsp.buf.definition()")
    eq(vim.api.nvim_win_get_cursor(0), { sline + 1, sbyte }, "cursor after vim.lsp.buf.definition()")
    vim.api.nvim_set_current_buf(rel_buf)
  end)

  check("completion", function()
    -- Type the alias PPP over `programme = PfP`, as a user would.
    local lines = vim.api.nvim_buf_get_lines(rel_buf, 0, -1, false)
    local line, col = find_in(lines, "programme = PfP")
    local s = col + #"programme = "
    vim.api.nvim_buf_set_text(rel_buf, line, s, line, s + 3, { "PPP" })
    local params = { textDocument = { uri = vim.uri_from_bufnr(rel_buf) },
                     position = { line = line, character = s + 3 } }
    local res = vim.lsp.buf_request_sync(rel_buf, "textDocument/completion", params, WAIT)
    assert(res and res[client_id] and res[client_id].result, "no completion response")
    local result = res[client_id].result
    local items = result.items or result
    local found
    for _, item in ipairs(items) do if item.label == "PfP" then found = item end end
    assert(found, "PfP not offered for PPP: " .. vim.inspect(vim.tbl_map(function(i) return i.label end, items)))
    eq(found.textEdit, { range = { start = { line = line, character = s }, ["end"] = { line = line, character = s + 3 } },
                         newText = "PfP" }, "textEdit of PfP")
    -- restore the buffer
    vim.api.nvim_buf_set_text(rel_buf, line, s, line, s + 3, { "PfP" })
  end)

  check("hover", function()
    local lines = vim.api.nvim_buf_get_lines(rel_buf, 0, -1, false)
    local line, col = find_in(lines, "programme = RETRAIN")
    local params = { textDocument = { uri = vim.uri_from_bufnr(rel_buf) },
                     position = { line = line, character = col + #"programme = R" } }
    local res = vim.lsp.buf_request_sync(rel_buf, "textDocument/hover", params, WAIT)
    assert(res and res[client_id] and res[client_id].result, "no hover")
    local contents = res[client_id].result.contents
    local text = type(contents) == "string" and contents or contents.value or vim.inspect(contents)
    assert(text:find("Retraining programme for discharged military personnel", 1, true), "hover: " .. text)
  end)

  check("formatting", function()
    local canonical = vim.api.nvim_buf_get_lines(rel_buf, 0, -1, false)
    local line = find_in(canonical, "    kind      = membership")
    vim.api.nvim_buf_set_lines(rel_buf, line, line + 1, false, { "  kind=membership" })
    vim.api.nvim_set_current_buf(rel_buf)
    vim.lsp.buf.formatting_sync({ tabSize = 2, insertSpaces = true }, WAIT)
    eq(vim.api.nvim_buf_get_lines(rel_buf, 0, -1, false), canonical, "buffer after formatting_sync")
  end)

  -- Clean shutdown: shutdown + exit, and the server exits with code 0.
  vim.lsp.stop_client(client_id)
  assert(vim.wait(WAIT, function() return exit_code ~= nil end, 20), "timeout: server exit")
  check("shutdown", function()
    eq({ exit_code, exit_signal }, { 0, 0 }, "server exit code and signal")
  end)
end

local ok, e = xpcall(main, debug.traceback)
if not ok then table.insert(failed, "setup: " .. tostring(e)) end
log(string.format("NVIM E2E: %d passed, %d failed, %d pending", passed, #failed, #skipped))
if #failed == 0 and ok then
  log("NVIM E2E: PASS")
  vim.cmd("qall!")
else
  log("NVIM E2E: FAIL: " .. table.concat(failed, "; "))
  vim.cmd("cquit 1") -- a bare error in --headless would not exit
end
