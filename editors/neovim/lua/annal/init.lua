-- Annal for Neovim: starts `annal lsp` for every buffer of filetype `annal`,
-- without nvim-lspconfig. Works with Neovim 0.7 and later.
--
--   require("annal").setup()                              -- `annal` on $PATH
--   require("annal").setup({ cmd = { "/path/to/annal", "lsp" } })
--
-- One server per workspace root: the nearest folder upwards holding one of
-- `root_markers`, else the file's folder.
local M = {}

M.config = {
  name = "annal",
  cmd = { "annal", "lsp" },
  root_markers = { "annal.toml", ".git" },
  on_attach = nil, -- function(client, bufnr), e.g. to set key maps
  capabilities = nil, -- e.g. require("cmp_nvim_lsp").default_capabilities()
  on_exit = nil, -- function(code, signal, client_id)
}

local uv = vim.loop
local clients = {} -- root -> client id (Neovim 0.7, without vim.lsp.start)

local function dirname(path) return vim.fn.fnamemodify(path, ":h") end

function M.root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = name == "" and uv.cwd() or dirname(vim.fn.fnamemodify(name, ":p"))
  local here = dir
  while true do
    for _, marker in ipairs(M.config.root_markers) do
      if uv.fs_stat(here .. "/" .. marker) then return here end
    end
    local parent = dirname(here)
    if parent == here then return dir end
    here = parent
  end
end

local function client_config(root)
  return {
    name = M.config.name,
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
    on_attach = M.config.on_attach,
    capabilities = M.config.capabilities,
    on_exit = M.config.on_exit,
  }
end

--- Starts (or reuses) the server of the buffer's workspace and attaches the buffer.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local root = M.root_dir(bufnr)
  if vim.lsp.start then -- Neovim 0.8+: reuses a client of the same name and root
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    local config = client_config(root)
    local on_exit = config.on_exit
    config.on_exit = function(...)
      clients[root] = nil
      if on_exit then on_exit(...) end
    end
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", M.config, opts or {})
  local group = vim.api.nvim_create_augroup("annal_lsp", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "annal",
    callback = function(args) M.start(args.buf) end,
  })
  -- Buffers already open when setup() runs
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == "annal" then M.start(buf) end
  end
end

return M
