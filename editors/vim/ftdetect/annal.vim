" Annal files: *.annal
autocmd BufRead,BufNewFile *.annal setfiletype annal
