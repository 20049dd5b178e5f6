// wcwidth is an X/Open function, which glibc declares only on request.
#define _GNU_SOURCE

#include "EditLineShim.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

struct review_editor {
  EditLine *el;
  History *history;
  HistEvent event;
  char *prompt;
  void *client;
  review_key_handler completion;
  int input;
  FILE *output;
  // Set when Ctrl-C arrived during the current review_editor_gets; from then on every
  // character read fails, so that whatever libedit was doing ends the read.
  int cancelled;
};

// Set by the signal handlers. Each handler also writes a byte to wake_pipe, because the
// signal may be delivered to another thread than the one waiting for a key.
static volatile sig_atomic_t interrupt_pending = 0;
static volatile sig_atomic_t resize_pending = 0;
static int wake_pipe[2] = {-1, -1};

static void note_signal(int number) {
  int saved = errno;
  if (number == SIGINT) {
    interrupt_pending = 1;
  } else {
    resize_pending = 1;
  }
  if (wake_pipe[1] >= 0) {
    ssize_t ignored = write(wake_pipe[1], "", 1);
    (void)ignored;
  }
  errno = saved;
}

static void drain_wake_pipe(void) {
  char bytes[64];
  if (wake_pipe[0] < 0) {
    return;
  }
  while (read(wake_pipe[0], bytes, sizeof bytes) > 0) {
  }
}

int review_editor_install_signal_handlers(void) {
  if (wake_pipe[0] < 0) {
    if (pipe(wake_pipe) != 0) {
      return -1;
    }
    for (int index = 0; index < 2; index++) {
      fcntl(wake_pipe[index], F_SETFL, fcntl(wake_pipe[index], F_GETFL) | O_NONBLOCK);
      fcntl(wake_pipe[index], F_SETFD, FD_CLOEXEC);
    }
  }
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = note_signal;
  sigemptyset(&action.sa_mask);
  // Other calls resume after the handler. The key reader still wakes, because a signal
  // always interrupts poll and the wake pipe covers a signal taken by another thread.
  action.sa_flags = SA_RESTART;
  if (sigaction(SIGINT, &action, NULL) != 0 || sigaction(SIGWINCH, &action, NULL) != 0) {
    return -1;
  }
  // A parent may start review with these signals blocked, and the mask survives exec.
  sigset_t unblocked;
  sigemptyset(&unblocked);
  sigaddset(&unblocked, SIGINT);
  sigaddset(&unblocked, SIGWINCH);
  return pthread_sigmask(SIG_UNBLOCK, &unblocked, NULL) == 0 ? 0 : -1;
}

int review_editor_take_interrupt(void) {
  int pending = interrupt_pending;
  interrupt_pending = 0;
  return pending;
}

// Moves the terminal's cursor one character on, as the terminal wraps text at `width`.
static void advance_cursor(int *row, int *column, int width, wchar_t character) {
  int cells = wcwidth(character);
  if (cells < 0) {
    cells = 2;  // libedit draws a control character as ^X.
  }
  if (*column + cells > width) {
    *row += 1;
    *column = 0;
  }
  *column += cells;
}

// The row of the cursor, counted from the prompt's row, once the prompt and the line
// before the cursor are wrapped at `width` columns.
static int cursor_row(review_editor *editor, int width) {
  int row = 0;
  int column = 0;
  const char *prompt = editor->prompt != NULL ? editor->prompt : "";
  size_t left = strlen(prompt);
  mbstate_t state;
  memset(&state, 0, sizeof state);
  while (left > 0) {
    wchar_t character;
    size_t length = mbrtowc(&character, prompt, left, &state);
    if (length == 0 || length == (size_t)-1 || length == (size_t)-2) {
      memset(&state, 0, sizeof state);
      character = L'?';
      length = 1;
    }
    advance_cursor(&row, &column, width, character);
    prompt += length;
    left -= length;
  }
  const LineInfoW *line = el_wline(editor->el);
  for (const wchar_t *character = line->buffer; character < line->cursor; character++) {
    advance_cursor(&row, &column, width, *character);
  }
  return column >= width ? row + 1 : row;
}

// Draws the prompt and the line again for the terminal's new width. This assumes that the
// terminal has rewrapped the old text to the new width, as tmux 3.3 does, so that the
// prompt starts `cursor_row` rows above the cursor: clear from there down and draw afresh.
// NOTE: on a terminal that keeps the old rows on resize, a line longer than one row can
// leave a stale row above the prompt or clear a row of earlier output.
static void redraw_after_resize(review_editor *editor) {
  struct winsize size;
  if (ioctl(fileno(editor->output), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    int rows = cursor_row(editor, size.ws_col);
    fputs("\r", editor->output);
    if (rows > 0) {
      fprintf(editor->output, "\033[%dA", rows);
    }
    fputs("\033[J", editor->output);
    fflush(editor->output);
  }
  el_resize(editor->el);
  el_set(editor->el, EL_REFRESH);
}

// Reads one character for libedit, in place of its own reader. It waits in poll, so that
// Ctrl-C ends the wait in every editing mode (a search, a key sequence, vi commands) and
// a window resize redraws the line at once.
static int read_character(EditLine *el, wchar_t *character) {
  review_editor *editor = NULL;
  el_get(el, EL_CLIENTDATA, &editor);
  char bytes[MB_LEN_MAX];
  size_t count = 0;
  *character = L'\0';
  for (;;) {
    if (editor->cancelled || interrupt_pending) {
      interrupt_pending = 0;
      editor->cancelled = 1;
      errno = EINTR;
      return -1;
    }
    if (resize_pending) {
      resize_pending = 0;
      redraw_after_resize(editor);
    }
    struct pollfd waits[2] = {{editor->input, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
    int ready = poll(waits, wake_pipe[0] >= 0 ? 2 : 1, -1);
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    if (wake_pipe[0] >= 0 && (waits[1].revents & POLLIN)) {
      drain_wake_pipe();
    }
    if (waits[0].revents & POLLNVAL) {
      errno = EBADF;
      return -1;
    }
    if ((waits[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
      continue;
    }
    ssize_t received = read(editor->input, bytes + count, 1);
    if (received < 0) {
      if (errno == EINTR || errno == EAGAIN) {
        continue;
      }
      return -1;
    }
    if (received == 0) {
      return 0;
    }
    count += 1;
    for (;;) {
      mbstate_t state;
      memset(&state, 0, sizeof state);
      size_t length = mbrtowc(character, bytes, count, &state);
      if (length == (size_t)-2) {
        // An incomplete character: read its next byte, unless it cannot be one.
        if (count == sizeof bytes) {
          count = 0;
        }
        break;
      }
      if (length == (size_t)-1) {
        // Not UTF-8: drop the bytes before the last, which may start a character.
        if (count > 1) {
          bytes[0] = bytes[count - 1];
          count = 1;
          continue;
        }
        count = 0;
        break;
      }
      return 1;
    }
  }
}

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
  editor->input = fileno(in);
  editor->output = out;
  el_set(editor->el, EL_GETCFN, read_character);
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
  // Ctrl-C pressed while a command ran is not meant for this line, and the size is read
  // afresh when the read starts.
  drain_wake_pipe();
  interrupt_pending = 0;
  resize_pending = 0;
  editor->cancelled = 0;
  return el_gets(editor->el, count);
}

int review_editor_interrupted(review_editor *editor) { return editor->cancelled; }

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
