;;; annal-mode.el --- Major mode for Annal (.annal) files  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages
;; URL: see editors/emacs/README.md in the Annal repository

;;; Commentary:

;; Annal is a plain-text format for relations between states and
;; organisations, the programmes through which they cooperate and dated
;; events, each backed by a verbatim quote of a source document.
;;
;; This mode gives `.annal' files syntax highlighting (block keywords,
;; `cite', strings and their escapes, comments, EDTF dates, declaration
;; ids, references and field keys), `#' comments, indentation of two
;; spaces per open brace or bracket, an Imenu index of the blocks, and
;; registers the language server `annal lsp' with Eglot:
;;
;;   (require 'annal-mode)
;;   (add-hook 'annal-mode-hook #'eglot-ensure)   ; optional: start the server
;;
;; See README.md next to this file.

;;; Code:

(defgroup annal nil
  "Editing Annal files."
  :group 'languages
  :prefix "annal-")

(defcustom annal-indent-offset 2
  "Indentation per open brace or bracket in Annal files."
  :type 'integer
  :safe #'integerp)

(defface annal-declaration-face '((t :inherit font-lock-function-name-face))
  "Face for the id declared by a block (`source ID', `party ID', ...).")

(defface annal-reference-face '((t :inherit font-lock-type-face))
  "Face for references to declarations (`NATO', `PfP', a cited source).")

(defface annal-date-face '((t :inherit font-lock-constant-face))
  "Face for EDTF dates (`2003-04', `1993/..', `2008~').")

(defface annal-field-face '((t :inherit font-lock-variable-name-face))
  "Face for field keys (`kind', `name.fr').")

(defface annal-escape-face '((t :inherit font-lock-builtin-face))
  "Face for escapes in strings (`\\\"', `\\u{A0}').")

(defconst annal-block-keywords '("source" "party" "programme" "relation" "event")
  "Keywords that open a block.")

(defconst annal-reference-fields
  '("parties" "programmes" "programme" "publisher" "owner" "parent" "successor" "aliases")
  "Fields whose values are references (or, for `aliases', identifiers).")

(defconst annal--word "[^][ \t\n\r\"#{}=,]"
  "A character of an Annal word.")

(defconst annal--identifier "[A-Za-z][A-Za-z0-9_.+-]*"
  "An Annal identifier.")

(defconst annal--date
  (concat "\\(?:[0-9]\\|-[0-9]\\|Y[0-9]\\|/\\|\\.\\.\\)" annal--word "*")
  "A word read as a date.
It starts with a digit, `-' and a digit, `Y' and a digit, `/' or `..'.")

(defvar annal-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\r ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?{ "(}" table)
    (modify-syntax-entry ?} "){" table)
    (modify-syntax-entry ?\[ "(]" table)
    (modify-syntax-entry ?\] ")[" table)
    (modify-syntax-entry ?= "." table)
    (modify-syntax-entry ?, "." table)
    ;; Identifier characters beyond letters and digits: symbol constituents.
    (dolist (c '(?- ?_ ?. ?+ ?/ ?? ?~ ?% ?\'))
      (modify-syntax-entry c "_" table))
    table)
  "Syntax table of `annal-mode'.")

(defun annal--in-code-p (pos)
  "Non-nil when POS is outside strings and comments."
  (let ((ppss (save-match-data (save-excursion (syntax-ppss pos)))))
    (not (or (nth 3 ppss) (nth 4 ppss)))))

(defun annal--match-in-code (regexp)
  "A font-lock matcher for REGEXP that skips strings and comments."
  (lambda (limit)
    (let (found)
      (while (and (not found) (re-search-forward regexp limit t))
        (when (annal--in-code-p (match-beginning 0))
          (setq found t)))
      found)))

(defun annal--match-escape (limit)
  "Find the next string escape before LIMIT."
  (let (found)
    (while (and (not found)
                (re-search-forward "\\\\\\(?:[\"\\\\nt]\\|u{[0-9A-Fa-f]+}\\)" limit t))
      (when (nth 3 (save-match-data (save-excursion (syntax-ppss (match-beginning 0)))))
        (setq found t)))
    found))

(defun annal--match-list-reference (limit)
  "Find the next identifier inside a list of a reference field, before LIMIT."
  (let (found)
    (while (and (not found)
                (re-search-forward (concat "\\_<" annal--identifier "\\_>") limit t))
      (when (save-match-data
              (let ((ppss (save-excursion (syntax-ppss (match-beginning 0)))))
                (and (not (nth 3 ppss)) (not (nth 4 ppss))
                     (nth 1 ppss)
                     (eq (char-after (nth 1 ppss)) ?\[)
                     (save-excursion
                       (goto-char (nth 1 ppss))
                       (looking-back (concat "\\(?:" (regexp-opt annal-reference-fields) "\\)"
                                             "[ \t]*=[ \t]*")
                                     (line-beginning-position))))))
        (setq found t)))
    found))

(defconst annal-font-lock-keywords
  `(;; source ID / party ID / programme ID / relation ID
    (,(annal--match-in-code
       (concat "^[ \t]*\\(\\_<\\(?:source\\|party\\|programme\\|relation\\)\\_>\\)"
               "[ \t]+\\(" annal--word "+\\)"))
     (1 font-lock-keyword-face) (2 'annal-declaration-face))
    ;; event DATE
    (,(annal--match-in-code (concat "^[ \t]*\\(\\_<event\\_>\\)[ \t]+\\(" annal--date "\\)"))
     (1 font-lock-keyword-face) (2 'annal-date-face))
    ;; a block keyword alone (a block being typed)
    (,(annal--match-in-code (concat "^[ \t]*\\(" (regexp-opt annal-block-keywords 'symbols) "\\)"))
     (1 font-lock-keyword-face))
    ;; cite SOURCE "quote"
    (,(annal--match-in-code (concat "^[ \t]*\\(\\_<cite\\_>\\)\\(?:[ \t]+\\(" annal--word "+\\)\\)?"))
     (1 font-lock-keyword-face) (2 'annal-reference-face nil t))
    ;; key = value
    (,(annal--match-in-code (concat "^[ \t]*\\(" annal--word "+\\)[ \t]*\\(=\\)"))
     (1 'annal-field-face) (2 'font-lock-builtin-face))
    ;; reference fields: key = ID
    (,(annal--match-in-code
       (concat "^[ \t]*" (regexp-opt annal-reference-fields t)
               "[ \t]*=[ \t]*\\(" annal--identifier "\\)"))
     (2 'annal-reference-face))
    ;; references inside [..] of a reference field, even over several lines
    (annal--match-list-reference (0 'annal-reference-face))
    ;; dates in value position
    (,(annal--match-in-code (concat "\\(?:=\\|^\\)[ \t]*\\(" annal--date "\\)"))
     (1 'annal-date-face))
    ;; escapes in strings
    (annal--match-escape (0 'annal-escape-face prepend)))
  "Highlighting for `annal-mode'.")

(defun annal-indent-line ()
  "Indent the current line: `annal-indent-offset' per open brace or bracket."
  (interactive)
  (let* ((savep (> (current-column) (current-indentation)))
         (indent (save-excursion
                   (beginning-of-line)
                   (let ((depth (car (syntax-ppss (point)))))
                     (skip-chars-forward " \t")
                     (when (memq (char-after) '(?} ?\]))
                       (setq depth (1- depth)))
                     (* annal-indent-offset (max depth 0))))))
    (if savep
        (save-excursion (indent-line-to indent))
      (indent-line-to indent))))

(defvar annal-imenu-generic-expression
  `(("Relations" ,(concat "^\\s-*relation\\s-+\\(" annal--word "+\\)") 1)
    ("Events" ,(concat "^\\s-*event\\s-+\\(" annal--date "\\)") 1)
    ("Programmes" ,(concat "^\\s-*programme\\s-+\\(" annal--word "+\\)") 1)
    ("Parties" ,(concat "^\\s-*party\\s-+\\(" annal--word "+\\)") 1)
    ("Sources" ,(concat "^\\s-*source\\s-+\\(" annal--word "+\\)") 1))
  "Imenu index of `annal-mode'.")

;;;###autoload
(define-derived-mode annal-mode prog-mode "Annal"
  "Major mode for editing Annal files.

\\{annal-mode-map}"
  :syntax-table annal-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local comment-end "")
  (setq-local indent-line-function #'annal-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local tab-width annal-indent-offset)
  (setq-local electric-indent-chars (append '(?} ?\]) electric-indent-chars))
  (setq-local font-lock-defaults '(annal-font-lock-keywords nil nil))
  (setq-local imenu-generic-expression annal-imenu-generic-expression))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.annal\\'" . annal-mode))

;; The language server: `annal lsp' on standard input and output.
(defvar eglot-server-programs)
;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(annal-mode . ("annal" "lsp"))))

(provide 'annal-mode)
;;; annal-mode.el ends here
