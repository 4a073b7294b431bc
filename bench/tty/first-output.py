"""Runs a command on a fresh pseudo-terminal and says when a marker first appeared in its output.

P4 needs a real terminal (the explorer refuses pipes) and a clock that starts at fork, not at a shell: Node
has no pty of its own without a native module, and `script` adds a shell. Prints one JSON line:
{"markerMs": ms from fork to the marker (null if it never came), "exitMs": ms to exit (null if killed)}.

Usage: python3 first-output.py MARKER TIMEOUT-MS COLUMNS ROWS [--linger MS] COMMAND [ARG...]

--linger MS keeps the program running that long after the marker before killing it (a warm-up run lets the
explorer write its code cache, which it does a second after start).
"""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

marker = sys.argv[1].encode()
timeout = float(sys.argv[2]) / 1000
columns, rows = int(sys.argv[3]), int(sys.argv[4])
command = sys.argv[5:]
linger = 0.0
if command[:1] == ["--linger"]:
    linger = float(command[1]) / 1000
    command = command[2:]

started = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.execvp(command[0], command)

seen = b""
marker_ms = None
exit_ms = None
deadline = started + timeout
while time.perf_counter() < deadline:
    ready, _, _ = select.select([fd], [], [], max(0, deadline - time.perf_counter()))
    if not ready:
        break
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        chunk = b""
    if not chunk:
        exit_ms = (time.perf_counter() - started) * 1000
        break
    seen = (seen + chunk)[-65536:]
    if marker and marker in seen:
        marker_ms = (time.perf_counter() - started) * 1000
        break

if exit_ms is None and marker_ms is not None and linger > 0:
    until = time.perf_counter() + linger
    while time.perf_counter() < until:
        ready, _, _ = select.select([fd], [], [], max(0, until - time.perf_counter()))
        try:
            if ready and not os.read(fd, 65536):
                break
        except OSError:
            break
if exit_ms is None:
    os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
print(json.dumps({"markerMs": marker_ms, "exitMs": exit_ms}))
