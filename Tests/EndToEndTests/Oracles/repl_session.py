#!/usr/bin/env python3
"""Drive review's REPL on a pseudo-terminal, as a person typing would.

Reads a JSON list of steps from standard input. Each step is {"send": TEXT} (written to the
terminal; "\\t" is Tab, "\\u0003" Ctrl-C, "\\u0004" Ctrl-D, "\\u001b[A" the Up arrow),
{"expect": TEXT} (waits until the output contains TEXT since the previous expect, or fails
after a timeout) or {"resize": [COLUMNS, ROWS]} (sets the terminal's size, which sends
SIGWINCH). Prints a JSON object with the whole output and the exit status.

HOME is the given folder too, so that libedit reads HOME/.editrc, if the test wrote one,
and never the user's.

Usage: repl_session.py REVIEW HOME [ARGUMENT ...] < steps.json
"""

import fcntl
import json
import os
import pty
import select
import struct
import sys
import termios
import time

TIMEOUT = 10.0


def main():
    review, home, arguments = sys.argv[1], sys.argv[2], sys.argv[3:]
    steps = json.load(sys.stdin)
    environment = dict(os.environ)
    environment.update(
        {
            "HOME": home,
            "XDG_STATE_HOME": os.path.join(home, "state"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "COLUMNS": "120",
        }
    )
    environment.pop("NO_COLOR", None)
    pid, descriptor = pty.fork()
    if pid == 0:
        os.execve(review, [review] + arguments, environment)

    output = b""
    mark = 0
    failure = None

    def read_available(wait):
        nonlocal output
        ready, _, _ = select.select([descriptor], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:
            return None
        if not chunk:
            return None
        output += chunk
        return True

    for step in steps:
        if "send" in step:
            try:
                os.write(descriptor, step["send"].encode("utf-8"))
            except OSError:
                failure = f"review had exited before {step['send']!r} was sent"
                break
            time.sleep(0.05)
        elif "resize" in step:
            columns, rows = step["resize"]
            fcntl.ioctl(descriptor, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            time.sleep(0.2)
        elif "expect" in step:
            wanted = step["expect"].encode("utf-8")
            deadline = time.time() + TIMEOUT
            while wanted not in output[mark:]:
                if time.time() > deadline:
                    failure = f"timed out waiting for {step['expect']!r}"
                    break
                if read_available(0.1) is None:
                    break
            if failure:
                break
            found = output.index(wanted, mark)
            mark = found + len(wanted)
            # The prompt is drawn a moment before libedit switches the terminal to raw
            # mode; keys sent in between would be read in cooked mode.
            time.sleep(0.2)

    # Collect what is left, then the exit status.
    deadline = time.time() + TIMEOUT
    status = None
    while time.time() < deadline:
        if read_available(0.1) is None:
            pass
        finished, code = os.waitpid(pid, os.WNOHANG)
        if finished:
            status = os.waitstatus_to_exitcode(code)
            while read_available(0.05):
                pass
            break
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        failure = failure or "review did not exit"
    print(json.dumps({"output": output.decode("utf-8", "replace"), "status": status, "failure": failure}))


if __name__ == "__main__":
    main()
