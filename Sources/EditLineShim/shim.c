#include "EditLineShim.h"

#include <histedit.h>
#include <stdlib.h>
#include <string.h>

struct review_editor {
  EditLine *el;
  History *history;
  HistEvent event;
  char *prompt;
  void *client;
  review_key_handler completion;
};

static char *prompt_of(EditLine *el) {
  review_editor *editor = NULL;
  el_get(el, EL_CLIENTDATA, &editor);
  if (editor == NULL || editor->prompt == NULL) {
    return "";
  }
  return editor->prompt;
}

review_editor *review_editor_open(const char *program, FILE *in, FILE *out, FILE *err) {
  review_editor *editor = calloc(1, sizeof *editor);
  if (editor == NULL) {
    return NULL;
  }
  editor->el = el_init(program, in, out, err);
  if (editor->el == NULL) {
    free(editor);
    return NULL;
  }
  editor->history = history_init();
  if (editor->history == NULL) {
    el_end(editor->el);
    free(editor);
    return NULL;
  }
  // The size must be set before anything is loaded: a history of size zero keeps nothing.
  history(editor->history, &editor->event, H_SETSIZE, 1000);
  history(editor->history, &editor->event, H_SETUNIQUE, 1);

  el_set(editor->el, EL_CLIENTDATA, editor);
  el_set(editor->el, EL_EDITOR, "emacs");
  el_set(editor->el, EL_PROMPT, prompt_of);
  el_set(editor->el, EL_HIST, history, editor->history);
  el_source(editor->el, NULL);
  return editor;
}

void review_editor_close(review_editor *editor) {
  if (editor == NULL) {
    return;
  }
  history_end(editor->history);
  el_end(editor->el);
  free(editor->prompt);
  free(editor);
}

void review_editor_set_client(review_editor *editor, void *client) { editor->client = client; }

void *review_editor_client(review_editor *editor) { return editor->client; }

int review_editor_set_prompt(review_editor *editor, const char *prompt) {
  char *copy = strdup(prompt);
  if (copy == NULL) {
    return -1;
  }
  free(editor->prompt);
  editor->prompt = copy;
  return 0;
}

// libedit calls a key handler with the EditLine only; the session behind it holds the
// Swift handler to call.
static unsigned char dispatch_completion(EditLine *el, int key) {
  review_editor *editor = NULL;
  el_get(el, EL_CLIENTDATA, &editor);
  if (editor == NULL || editor->completion == NULL) {
    return CC_ERROR;
  }
  return editor->completion(editor, key);
}

int review_editor_bind_completion(review_editor *editor, const char *key,
                                  review_key_handler handler) {
  editor->completion = handler;
  if (el_set(editor->el, EL_ADDFN, "review-complete", "Complete the word before the cursor",
             dispatch_completion) != 0) {
    return -1;
  }
  return el_set(editor->el, EL_BIND, key, "review-complete", NULL);
}

const char *review_editor_gets(review_editor *editor, int *count) {
  return el_gets(editor->el, count);
}

void review_editor_reset(review_editor *editor) { el_reset(editor->el); }

void review_editor_resize(review_editor *editor) { el_resize(editor->el); }

const char *review_editor_line(review_editor *editor, int *length, int *cursor) {
  const LineInfo *info = el_line(editor->el);
  *length = (int)(info->lastchar - info->buffer);
  *cursor = (int)(info->cursor - info->buffer);
  return info->buffer;
}

int review_editor_insert(review_editor *editor, const char *text) {
  return el_insertstr(editor->el, text);
}

void review_editor_delete_before_cursor(review_editor *editor, int count) {
  el_deletestr(editor->el, count);
}

int review_editor_history_set_size(review_editor *editor, int size) {
  return history(editor->history, &editor->event, H_SETSIZE, size);
}

int review_editor_history_add(review_editor *editor, const char *line) {
  return history(editor->history, &editor->event, H_ENTER, line);
}

int review_editor_history_load(review_editor *editor, const char *path) {
  return history(editor->history, &editor->event, H_LOAD, path);
}

int review_editor_history_save(review_editor *editor, const char *path) {
  return history(editor->history, &editor->event, H_SAVE, path);
}

int review_editor_history_count(review_editor *editor) {
  if (history(editor->history, &editor->event, H_GETSIZE) < 0) {
    return 0;
  }
  return editor->event.num;
}
