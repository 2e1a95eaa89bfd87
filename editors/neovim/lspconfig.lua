-- Annal through nvim-lspconfig: put this in your init.lua (after the plugin
-- manager has loaded nvim-lspconfig). nvim-lspconfig has no `annal` entry of
-- its own, so this registers one.
local lspconfig = require("lspconfig")
local configs = require("lspconfig.configs")

if not configs.annal then
  configs.annal = {
    default_config = {
      cmd = { "annal", "lsp" },
      filetypes = { "annal" },
      root_dir = lspconfig.util.root_pattern("annal.toml", ".git"),
      single_file_support = true,
    },
    docs = { description = "Annal language server (`annal lsp`)" },
  }
end

lspconfig.annal.setup({
  -- cmd = { "/path/to/annal", "lsp" },
  -- capabilities = require("cmp_nvim_lsp").default_capabilities(),
  -- on_attach = function(client, bufnr) ... end,
})
