-- Headless Neovim test of editors/neovim (and the Vim syntax it shares with
-- editors/vim): filetype detection, syntax groups on tokens of the fixture
-- workspace, and `require("annal").setup()` starting `annal lsp` without
-- nvim-lspconfig.
-- Run: nvim --headless -u NONE -i NONE -n -c 'luafile Tests/e2e/neovim/plugin.lua' -c 'cquit 2'
-- Env: ANNAL (server binary), ANNAL_E2E_WS (workspace). Exit 0 = pass.
local function log(...) io.stderr:write(table.concat({ ... }, " ") .. "\n") end

local script = debug.getinfo(1, "S").source:sub(2)
local e2e = vim.fn.fnamemodify(script, ":p:h:h")
local repo = vim.fn.fnamemodify(e2e, ":h:h")
local ws = os.getenv("ANNAL_E2E_WS") or (e2e .. "/workspace")
local annal = os.getenv("ANNAL") or (repo .. "/.build/debug/annal")
local WAIT = 15000

local failures = {}
local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then log("ok    " .. name) else table.insert(failures, name); log("FAIL  " .. name .. ": " .. tostring(err)) end
end

local function main()
  vim.opt.runtimepath:prepend(repo .. "/editors/neovim")
  vim.cmd("filetype on")
  vim.cmd("syntax on")
  local exit_code
  require("annal").setup({
    cmd = { annal, "lsp" },
    on_exit = function(code) exit_code = code end,
  })

  vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/relation.annal"))
  local buf = vim.api.nvim_get_current_buf()

  check("ftdetect", function()
    assert(vim.bo[buf].filetype == "annal", "filetype is " .. vim.bo[buf].filetype)
  end)

  check("syntax", function()
    assert(vim.b.current_syntax == "annal", "syntax not loaded")
    local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
    -- { text to find (plain), part of it, syntax group }
    local picked = {
      { "# NATO and the Kyrgyz", "NATO", "annalComment" },
      { "relation nato-kg-e2e", "relation", "annalBlockKeyword" },
      { "relation nato-kg-e2e", "nato-kg-e2e", "annalDeclaration" },
      { "parties    =", "parties", "annalField" },
      { "parties    =", "=", "annalOperator" },
      { "[NATO, KG]", "KG", "annalListReference" },
      { "event 1994/..", "event", "annalEventKeyword" },
      { "event 1994/..", "1994/..", "annalEventDate" },
      { "event ../2021-03-08", "../2021-03-08", "annalEventDate" },
      { "kind      = membership", "membership", "annalEnum" },
      { "programme = PfP", "PfP", "annalReference" },
      { "programme = PfP", "programme", "annalField" },
      { "cite kg-note \"c'est", "cite", "annalCite" },
      { "cite kg-note \"c'est", "kg-note", "annalCitedSource" },
      { "cite kg-note \"c'est", "c'est", "annalString" },
      { "\\\"pratique", "\\\"", "annalEscape" },
      { "place     = \"Bishkek\"", "Bishkek", "annalString" },
      { "relation nato-kg-e2e {", "{", "annalDelimiter" },
    }
    for _, p in ipairs(picked) do
      local found
      for n, line in ipairs(lines) do
        local s = line:find(p[1], 1, true)
        if s then found = { n, s - 1 + line:sub(s):find(p[2], 1, true) }; break end
      end
      assert(found, "not found: " .. p[1])
      for col = found[2], found[2] + #p[2] - 1 do
        local group = vim.fn.synIDattr(vim.fn.synID(found[1], col, 1), "name")
        assert(group == p[3], string.format("%q in %q (line %d col %d): %s, want %s", p[2], p[1], found[1], col, group, p[3]))
      end
    end
  end)

  check("lsp-autostart", function()
    local client
    assert(vim.wait(WAIT, function()
      for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
        if c.name == "annal" and c.initialized then client = c; return true end
      end
      return false
    end, 20), "annal lsp did not attach to the buffer")
    assert(client.config.root_dir == ws, "root_dir " .. tostring(client.config.root_dir))
    -- a second file of the workspace reuses the same server
    vim.cmd("edit " .. vim.fn.fnameescape(ws .. "/declarations.annal"))
    local other = vim.api.nvim_get_current_buf()
    assert(vim.wait(WAIT, function() return vim.lsp.buf_is_attached(other, client.id) end, 20),
      "second buffer not attached to the same client")
    local res = vim.lsp.buf_request_sync(other, "textDocument/hover",
      { textDocument = { uri = vim.uri_from_bufnr(other) }, position = { line = 20, character = 13 } }, WAIT)
    assert(res and res[client.id] and res[client.id].result, "no hover from the started server")
    vim.lsp.stop_client(client.id)
    assert(vim.wait(WAIT, function() return exit_code ~= nil end, 20), "server did not exit")
    assert(exit_code == 0, "server exit code " .. tostring(exit_code))
  end)
end

local ok, e = xpcall(main, debug.traceback)
if not ok then table.insert(failures, "setup: " .. tostring(e)) end
if #failures == 0 then
  log("NVIM PLUGIN: PASS")
  vim.cmd("qall!")
else
  log("NVIM PLUGIN: FAIL: " .. table.concat(failures, "; "))
  vim.cmd("cquit 1")
end
