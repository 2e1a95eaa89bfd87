-- Annal files: *.annal (works with Neovim 0.7 and later)
vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
  pattern = "*.annal",
  callback = function() vim.bo.filetype = "annal" end,
})
