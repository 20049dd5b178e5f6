#ifndef REVIEW_EDIT_LINE_SHIM_H
#define REVIEW_EDIT_LINE_SHIM_H

#include <stdio.h>

/// Return codes of a key handler, as libedit defines them.
#define REVIEW_CC_REFRESH 4
#define REVIEW_CC_REDISPLAY 8
#define REVIEW_CC_REFRESH_BEEP 9

/// An opaque libedit session: the EditLine, its History, the prompt and the caller's pointer.
typedef struct review_editor review_editor;

/// A key handler: it receives the session and the key typed, and returns one of libedit's
/// CC_ codes (CC_REFRESH, CC_REDISPLAY, ...).
typedef unsigned char (*review_key_handler)(review_editor *editor, int key);

/// Opens a session on the given streams, in emacs mode, reading ~/.editrc. Keys are read
/// by the shim, which ends the read on Ctrl-C and redraws the line when the window is
/// resized, once `review_editor_install_signal_handlers` has run.
/// Returns NULL when libedit cannot set up the terminal.
review_editor *review_editor_open(const char *program, FILE *in, FILE *out, FILE *err);
void review_editor_close(review_editor *editor);

void review_editor_set_client(review_editor *editor, void *client);
void *review_editor_client(review_editor *editor);

/// Copies the prompt; libedit shows the copy from then on.
int review_editor_set_prompt(review_editor *editor, const char *prompt);

/// Binds `handler` to `key` (for example "^I" for Tab) as the completion function.
int review_editor_bind_completion(review_editor *editor, const char *key,
                                  review_key_handler handler);

/// Installs handlers for SIGINT (Ctrl-C) and SIGWINCH (window resized) that note the
/// signal for the key reader. Returns 0, or -1 when a handler cannot be installed.
int review_editor_install_signal_handlers(void);
/// Whether SIGINT arrived since the last call; clears the note.
int review_editor_take_interrupt(void);

/// Reads one line. Returns NULL at end of input or when Ctrl-C ended the read, and
/// `review_editor_interrupted` distinguishes the two. The line keeps its trailing newline.
const char *review_editor_gets(review_editor *editor, int *count);
/// Whether Ctrl-C ended the last `review_editor_gets`, in whatever mode libedit was in.
int review_editor_interrupted(review_editor *editor);
void review_editor_reset(review_editor *editor);
void review_editor_resize(review_editor *editor);

/// The line being edited: its bytes (not NUL-terminated), its length and the cursor offset.
const char *review_editor_line(review_editor *editor, int *length, int *cursor);
int review_editor_insert(review_editor *editor, const char *text);
void review_editor_delete_before_cursor(review_editor *editor, int count);

int review_editor_history_set_size(review_editor *editor, int size);
int review_editor_history_add(review_editor *editor, const char *line);
int review_editor_history_load(review_editor *editor, const char *path);
int review_editor_history_save(review_editor *editor, const char *path);
/// Number of entries in the history.
int review_editor_history_count(review_editor *editor);

#endif
