" Vim syntax file
" Language:    Annal (relations, programmes and dated events backed by quotes)
" Filenames:   *.annal
" Maintainer:  the Annal project (editors/vim in the Annal repository)
" The scopes follow the TextMate grammar editors/vscode/syntaxes/annal.tmLanguage.json.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn sync minlines=50

" A word: any run of characters but white space, quotes, # { } [ ] = ,
" Later definitions win when two items start at the same place.

" Dates: a value word that starts with a digit, -digit, Ydigit, / or ..
syn match annalDate +\%(^\|[ \t\[=,{]\@1<=\)\%(\d\|-\d\|Y\d\|/\|\.\.\)[^ \t"#{}\[\],=]*+

" Punctuation
syn match annalOperator   "="
syn match annalDelimiter  "[{}\[\],]"

" key = (name, name.fr, kind, ...)
syn match annalField +^\s*\zs[^ \t"#{}\[\],=]\+\ze\s*=+

" Values of enumerations (kind, lang) and references (programme = PfP, ...)
syn match annalEnum      +\%(\<\%(kind\|lang\)\s*=\s*\)\@<=\a[A-Za-z0-9_.+-]*+
syn match annalReference +\%(\<\%(programme\|publisher\|owner\|parent\|successor\)\s*=\s*\)\@<=\a[A-Za-z0-9_.+-]*+

" Lists: [..] of references (parties, programmes), of aliases, or of values
syn region annalList    matchgroup=annalDelimiter start="\[" end="\]" contains=annalString,annalDate,annalComment,annalDelimiter
syn region annalRefList matchgroup=annalDelimiter start=+\%(\<\%(parties\|programmes\)\s*=\s*\)\@<=\[+ end="\]" contains=annalListReference,annalComment,annalDelimiter
syn region annalAliases matchgroup=annalDelimiter start=+\%(\<aliases\s*=\s*\)\@<=\[+ end="\]" contains=annalAlias,annalComment,annalDelimiter
syn match annalListReference "\a[A-Za-z0-9_.+-]*" contained
syn match annalAlias         "\a[A-Za-z0-9_.+-]*" contained

" Blocks: source/party/programme/relation ID, event DATE; citations: cite SOURCE "quote"
" (a keyword followed by = is a field: `programme = PfP`)
syn match annalBlockKeyword +\%(^\s*\|[{}]\s*\)\zs\<\%(source\|party\|programme\|relation\)\>\%(\s*=\)\@!+ nextgroup=annalDeclaration skipwhite
syn match annalEventKeyword +\%(^\s*\|[{}]\s*\)\zs\<event\>\%(\s*=\)\@!+ nextgroup=annalEventDate skipwhite
syn match annalCite         +\%(^\s*\|[{}]\s*\)\zs\<cite\>\%(\s*=\)\@!+ nextgroup=annalCitedSource skipwhite
syn match annalDeclaration +[^ \t"#{}\[\],=]\++ contained
syn match annalEventDate   +[^ \t"#{}\[\],=]\++ contained
syn match annalCitedSource +[^ \t"#{}\[\],=]\++ contained

" Strings (one line) and their escapes
syn region annalString start=+"+ skip=+\\\\\|\\"+ end=+"+ end=+$+ oneline contains=annalEscape,annalBadEscape,@Spell
syn match annalBadEscape +\\.+ contained
syn match annalEscape    +\\\%(["\\nt]\|u{\x\{1,6}}\)+ contained

" Comments: # to the end of the line
syn keyword annalTodo TODO FIXME XXX NOTE contained
syn match annalComment "#.*$" contains=annalTodo,@Spell

hi def link annalComment        Comment
hi def link annalTodo           Todo
hi def link annalString         String
hi def link annalEscape         SpecialChar
hi def link annalBadEscape      Error
hi def link annalBlockKeyword   Keyword
hi def link annalEventKeyword   Keyword
hi def link annalCite           Keyword
hi def link annalDeclaration    Function
hi def link annalEventDate      annalDate
hi def link annalDate           Number
hi def link annalCitedSource    annalReference
hi def link annalListReference  annalReference
hi def link annalReference      Type
hi def link annalAlias          Function
hi def link annalEnum           Constant
hi def link annalField          Identifier
hi def link annalOperator       Operator
hi def link annalDelimiter      Delimiter

let b:current_syntax = "annal"

let &cpo = s:cpo_save
unlet s:cpo_save
