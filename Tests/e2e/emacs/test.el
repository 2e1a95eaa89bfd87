;;; test.el --- End-to-end test of `annal lsp' in Emacs with Eglot  -*- lexical-binding: t; -*-

;; Run: emacs --batch -l Tests/e2e/emacs/test.el
;;   (not -Q: Debian's site-start puts elpa-eglot on the load-path)
;; Env: ANNAL               server binary (default <repo>/.build/debug/annal)
;;      ANNAL_E2E_WS        workspace (default Tests/e2e/workspace)
;;      ANNAL_E2E_PENDING   comma-separated checks to skip while their server
;;                          feature is missing, e.g. "hover,formatting"
;; Exit: 0 when every check passed, 1 otherwise.
;;
;; The mode under test is the real editors/emacs/annal-mode.el, and the
;; server is found the way a user's set-up finds it: the `("annal" "lsp")'
;; entry that annal-mode adds to `eglot-server-programs', with $ANNAL put on
;; `exec-path' under the name `annal'.  Expected positions are computed here
;; from the fixture files.

;;; Code:

(require 'cl-lib)
(require 'subr-x)
(require 'eglot)
(require 'flymake)
(require 'xref)

(defvar e2e-here (file-name-directory (or load-file-name buffer-file-name)))
(defvar e2e-root (expand-file-name "../../.." e2e-here))
(defvar e2e-ws (file-name-as-directory
                (or (getenv "ANNAL_E2E_WS") (expand-file-name "../workspace" e2e-here))))
(defvar e2e-annal (or (getenv "ANNAL") (expand-file-name ".build/debug/annal" e2e-root)))
(defvar e2e-source (expand-file-name "sources/otan-kirghizie.fr.txt" e2e-ws))
(defvar e2e-pending (split-string (or (getenv "ANNAL_E2E_PENDING") "") "[, ]+" t))
(defvar e2e-passed 0)
(defvar e2e-failed nil)
(defvar e2e-skipped nil)

(add-to-list 'load-path (expand-file-name "editors/emacs" e2e-root))
(require 'annal-mode)

;; `annal' on exec-path: a private folder with a link to $ANNAL.
(defvar e2e-bin (make-temp-file "annal-e2e-bin" t))
(make-symbolic-link (expand-file-name e2e-annal) (expand-file-name "annal" e2e-bin) t)
(push e2e-bin exec-path)
(setenv "PATH" (concat e2e-bin path-separator (getenv "PATH")))

(setq eglot-sync-connect t
      eglot-connect-timeout 20
      eglot-autoreconnect nil
      project-find-functions (list (lambda (_dir) (cons 'transient e2e-ws))))

(defvar e2e-published nil
  "Visited files for which the server has published diagnostics (Eglot drops
the ones it publishes for files no buffer visits).")
(cl-defmethod eglot-handle-notification :after
  (_server (_method (eql textDocument/publishDiagnostics)) &key uri &allow-other-keys)
  (let ((path (eglot--uri-to-path uri)))
    (when (find-buffer-visiting path)
      (push path e2e-published))))

(defun e2e-log (fmt &rest args) (princ (concat (apply #'format fmt args) "\n") #'external-debugging-output))

(defun e2e-wait (pred what &optional secs)
  "Pump events until PRED is non-nil, else signal an error naming WHAT."
  (let ((deadline (+ (float-time) (or secs 15))))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or (funcall pred) (error "Timeout waiting for %s" what))))

(defun e2e-check (cond fmt &rest args)
  (unless cond (error "%s" (apply #'format fmt args))))

(defmacro e2e-deftest (name &rest body)
  "Run BODY as the check NAME, unless NAME is pending."
  (declare (indent 1))
  `(if (member ,name e2e-pending)
       (progn (push ,name e2e-skipped)
              (e2e-log "PENDING (skipped via ANNAL_E2E_PENDING): %s" ,name))
     (condition-case err
         (progn ,@body (cl-incf e2e-passed) (e2e-log "ok    %s" ,name))
       (error (push ,name e2e-failed)
              (e2e-log "FAIL  %s: %s" ,name (error-message-string err))))))

(defun e2e-visit (file)
  (find-file (expand-file-name file e2e-ws))
  (e2e-check (eq major-mode 'annal-mode) "major mode of %s is %s" file major-mode)
  (e2e-wait (lambda () eglot--managed-mode) (format "eglot managing %s" file)))

(defun e2e-goto (needle)
  "Move point to the start of NEEDLE in the current buffer."
  (goto-char (point-min))
  (e2e-check (search-forward needle nil t) "%S not found in %s" needle (buffer-name))
  (goto-char (match-beginning 0)))

(defun e2e-face-at (needle &optional offset)
  (e2e-goto needle)
  (forward-char (or offset 0))
  (let ((face (get-text-property (point) 'face)))
    (if (listp face) face (list face))))

(defun e2e-main ()
  (e2e-check (file-executable-p e2e-annal) "server not executable: %s" e2e-annal)
  (find-file (expand-file-name "broken.annal" e2e-ws))
  (e2e-check (eq major-mode 'annal-mode) "auto-mode-alist: major mode %s" major-mode)
  (let ((contact (eglot--guess-contact)))
    (e2e-check (equal (nth 3 contact) '("annal" "lsp")) "eglot contact %S" (nth 3 contact))
    (apply #'eglot contact))
  (e2e-wait (lambda () (eglot-current-server)) "eglot connection")

  (e2e-deftest "diagnostics"
    ;; flymake's timers do not run in batch: start it by hand until the
    ;; workspace-aware set (one AN101 on line 10) is there.
    (let ((want (lambda ()
                  (flymake-start)
                  (let ((ds (flymake-diagnostics)))
                    (and (= (length ds) 1)
                         (= (line-number-at-pos (flymake-diagnostic-beg (car ds))) 10)
                         ds)))))
      (ignore-errors (e2e-wait want "diagnostics of broken.annal"))
      (let ((ds (flymake-diagnostics)))
        (e2e-check (= (length ds) 1) "diagnostics: %S"
                   (mapcar #'flymake-diagnostic-text ds))
        (let ((d (car ds)))
          (e2e-check (string-match-p "\\[AN101\\]" (flymake-diagnostic-text d)) "text %S" (flymake-diagnostic-text d))
          (e2e-check (eq (flymake-diagnostic-type d) 'eglot-error) "type %S" (flymake-diagnostic-type d))
          (e2e-goto "RETRIAN")
          (e2e-check (= (line-number-at-pos) 10) "fixture: RETRIAN on line %d" (line-number-at-pos))
          (e2e-check (and (= (flymake-diagnostic-beg d) (point))
                          (= (flymake-diagnostic-end d) (+ (point) (length "RETRIAN"))))
                     "diagnostic at %d-%d, RETRIAN at %d"
                     (flymake-diagnostic-beg d) (flymake-diagnostic-end d) (point))))))

  (e2e-visit "relation.annal")

  (e2e-deftest "no-diagnostics-in-a-clean-file"
    (e2e-wait (lambda () (member buffer-file-name e2e-published))
              "diagnostics published for relation.annal")
    (e2e-wait (lambda () (flymake-start)
                (memq 'eglot-flymake-backend (flymake-reporting-backends)))
              "eglot reporting to flymake in relation.annal")
    (e2e-check (null (flymake-diagnostics)) "diagnostics in relation.annal: %S"
               (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))

  (e2e-deftest "completion"
    ;; Type the alias PPP over `programme = PfP'.
    (e2e-goto "programme = PfP")
    (forward-char (length "programme = "))
    (delete-char 3)
    (insert "PPP")
    (let* ((capf (eglot-completion-at-point))
           (beg (nth 0 capf)) (end (nth 1 capf)) (table (nth 2 capf))
           (candidates (all-completions (buffer-substring-no-properties beg end) table)))
      (e2e-check (equal (buffer-substring-no-properties beg end) "PPP") "capf bounds %S" (list beg end))
      (e2e-check (member "PfP" candidates) "PfP not among the candidates for PPP: %S" candidates)
      ;; Choose it as a completion UI (company, corfu) does: insert the
      ;; candidate, then run the exit function, which applies the textEdit.
      (let ((choice (car (member "PfP" candidates)))
            (exit (plist-get (nthcdr 3 capf) :exit-function)))
        (delete-region beg end)
        (goto-char beg)
        (insert choice)
        (when exit (funcall exit choice 'finished)))
      (e2e-check (equal (string-trim (thing-at-point 'line t)) "programme = PfP")
                 "after choosing PfP the line is %S" (thing-at-point 'line t)))
    ;; ...and the real command, on the other alias: FIAS becomes ISAF.
    (e2e-goto "programme = PfP")
    (forward-char (length "programme = "))
    (delete-char 3)
    (insert "FIAS")
    (completion-at-point)
    (e2e-check (equal (string-trim (thing-at-point 'line t)) "programme = ISAF")
               "completion-at-point on FIAS gave %S" (thing-at-point 'line t))
    (delete-char -4)
    (insert "PfP"))

  (e2e-deftest "xref-definition"
    (set-buffer (find-buffer-visiting (expand-file-name "relation.annal" e2e-ws)))
    (switch-to-buffer (current-buffer))
    (let (want-line want-col want-pos)
      (with-temp-buffer
        (insert-file-contents e2e-source)
        (e2e-goto "c’est à ce moment")
        (setq want-line (line-number-at-pos) want-col (current-column) want-pos (point)))
      (e2e-goto "c'est à ce moment")
      (let* ((id (xref-backend-identifier-at-point 'eglot))
             (defs (xref-backend-definitions 'eglot id))
             (loc (and defs (xref-item-location (car defs)))))
        (e2e-check (= (length defs) 1) "definitions %S" defs)
        (e2e-check (equal (xref-location-group loc) e2e-source) "definition in %S" (xref-location-group loc))
        (e2e-check (= (xref-location-line loc) want-line) "definition line %S, want %S"
                   (xref-location-line loc) want-line))
      ;; the real command: visit the source at the quote
      (xref-find-definitions (xref-backend-identifier-at-point 'eglot))
      (e2e-check (equal buffer-file-name e2e-source) "xref-find-definitions landed in %S" buffer-file-name)
      (e2e-check (and (= (line-number-at-pos) want-line) (= (current-column) want-col) (= (point) want-pos))
                 "landed at %d:%d, want %d:%d (after the emoji: UTF-16 columns)"
                 (line-number-at-pos) (current-column) want-line want-col)
      (e2e-check (looking-at-p "c’est à ce moment") "point is not on the quote: %S"
                 (buffer-substring-no-properties (point) (min (point-max) (+ (point) 20))))))

  (e2e-deftest "hover"
    (switch-to-buffer (find-buffer-visiting (expand-file-name "relation.annal" e2e-ws)))
    (e2e-goto "programme = RETRAIN")
    (forward-char (length "programme = R"))
    (let* ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                   (eglot--TextDocumentPositionParams)))
           (contents (plist-get hover :contents))
           (text (if (stringp contents) contents (or (plist-get contents :value) (format "%S" contents)))))
      (e2e-check (string-match-p "Retraining programme for discharged military personnel" text)
                 "hover: %S" text)))

  (e2e-deftest "annal-mode-font-lock"
    (switch-to-buffer (find-buffer-visiting (expand-file-name "relation.annal" e2e-ws)))
    (font-lock-ensure)
    (dolist (c `(("# NATO and the Kyrgyz" 2 font-lock-comment-face)
                 ("relation nato-kg-e2e" 0 font-lock-keyword-face)
                 ("nato-kg-e2e" 0 annal-declaration-face)
                 ("parties    =" 0 annal-field-face)
                 ("NATO, KG]" 0 annal-reference-face)
                 ("event 1994" 0 font-lock-keyword-face)
                 ("1994/.." 0 annal-date-face)
                 ("../2021-03-08" 0 annal-date-face)
                 ("programme = PfP" 12 annal-reference-face)
                 ("cite kg-note" 0 font-lock-keyword-face)
                 ("kg-note \"c'est" 0 annal-reference-face)
                 ("\"c'est à ce moment" 1 font-lock-string-face)
                 ("\\\"pratique" 0 annal-escape-face)))
      (let ((faces (e2e-face-at (nth 0 c) (nth 1 c))))
        (e2e-check (memq (nth 2 c) faces) "face at %S+%d: %S, want %S" (nth 0 c) (nth 1 c) faces (nth 2 c)))))

  (e2e-deftest "annal-mode-indentation"
    (let ((canonical (with-temp-buffer
                       (insert-file-contents (expand-file-name "relation.annal" e2e-ws))
                       (buffer-string))))
      (with-temp-buffer
        (insert (replace-regexp-in-string "^[ \t]+" "" canonical))
        (annal-mode)
        (indent-region (point-min) (point-max))
        (e2e-check (equal (buffer-string) canonical) "indent-region differs from the canonical layout"))))

  ;; Clean shutdown, by hand: `eglot-shutdown' kills the process at once and
  ;; so never shows its exit status.
  (let* ((server (eglot-current-server))
         (proc (jsonrpc--process server)))
    (e2e-deftest "shutdown"
      (setf (eglot--shutdown-requested server) t)
      (jsonrpc-request server :shutdown nil :timeout 5)
      (jsonrpc-notify server :exit nil)
      (e2e-wait (lambda () (not (process-live-p proc))) "server exit")
      (e2e-check (and (eq (process-status proc) 'exit) (= (process-exit-status proc) 0))
                 "server exit: %s %s" (process-status proc) (process-exit-status proc)))))

(defun e2e-dump-eglot-buffers ()
  "Print the tail of Eglot's events and stderr buffers."
  (dolist (b (buffer-list))
    (when (string-match-p "\\`\\*EGLOT" (buffer-name b))
      (with-current-buffer b
        (e2e-log "----- %s -----\n%s" (buffer-name b)
                 (buffer-substring-no-properties (max (point-min) (- (point-max) 3000)) (point-max)))))))

(let ((setup-ok (condition-case err
                    (progn (e2e-main) t)
                  (error (e2e-log "FAIL  setup: %s" (error-message-string err)) nil))))
  (ignore-errors (delete-directory e2e-bin t))
  (e2e-log "EMACS E2E: %d passed, %d failed, %d pending"
           e2e-passed (length e2e-failed) (length e2e-skipped))
  (if (and setup-ok (null e2e-failed))
      (progn (e2e-log "EMACS E2E: PASS") (kill-emacs 0))
    (e2e-dump-eglot-buffers)
    (e2e-log "EMACS E2E: FAIL: %s" (string-join (reverse e2e-failed) "; "))
    (kill-emacs 1)))
;;; test.el ends here
