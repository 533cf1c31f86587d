"""A private nginx for tests: its own prefix, a free port on 127.0.0.1, raw HTTP/1.1 requests.

nginx runs as a plain child process (`daemon off; master_process off;`), started with Popen and
stopped by its own PID: terminate, then kill after a timeout. Every wait is bounded. A fresh
process per configuration is faster here than `nginx -s reload` (about 10 ms against about
100 ms on a 2-core machine, where a reload also has to wait for the old worker to go), so
`NginxProcess.start` always starts a new one. `EchoServer` is the backend rewritten locations
proxy to: a thread on 127.0.0.1 that answers each request with the request target it received,
one connection at a time, every socket operation with a timeout, stopped by an event and a
bounded join. This module knows nothing about the models.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 5.0
STOP_TIMEOUT = 5.0
REQUEST_TIMEOUT = 5.0
#: a reply larger than this is cut off (nginx's error pages are under 1 kB)
MAX_REPLY = 64 * 1024


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class Reply:
    status: int  # 0 for an HTTP/0.9 answer, which has no status line
    headers: dict[str, str]  # lower-case names; a repeated header keeps its last value
    body: bytes
    #: the answer has no status line and no headers: all of it is the body
    http09: bool = False


def send(port: int, target: str, host: str | None, timeout: float = REQUEST_TIMEOUT) -> Reply:
    """One `GET <target> HTTP/1.1` with the given Host header, as raw bytes, to 127.0.0.1.

    `target` goes out as is, UTF-8 encoded (a lone surrogate as the byte it stands for): it may
    hold control bytes or be an absolute URL. An answer that does not start `HTTP/`, or none,
    is an HTTP/0.9 answer (nginx's to a request line a LF ended before its version): a body
    without status line or headers."""
    head = f"GET {target} HTTP/1.1\r\n"
    if host is not None:
        head += f"Host: {host}\r\n"
    head += "Connection: close\r\n\r\n"
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head.encode("utf-8", "surrogateescape"))
        while size < MAX_REPLY and time.monotonic() < deadline:
            chunk = sock.recv(MAX_REPLY)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    raw = b"".join(chunks)
    if not raw.startswith(b"HTTP/"):
        # nothing at all is an HTTP/0.9 answer too: `return 200;` sends an empty body
        return Reply(0, {}, raw, http09=True)
    header_bytes, _, body = raw.partition(b"\r\n\r\n")
    lines = header_bytes.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise OSError(f"not an HTTP reply: {raw[:200]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Reply(int(parts[1]), headers, body)


class EchoServer:
    """A backend on 127.0.0.1 that answers every request with the target of its request line:
    in the header `X-Ingresslab-Upstream` and as the body `upstream <target>` (for answers
    nginx relays to an HTTP/0.9 client, which see no headers)."""

    HEADER = "X-Ingresslab-Upstream"

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)  # how often the loop looks at the stop event
        self.port: int = self._sock.getsockname()[1]
        self.requests = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="echo", daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # the socket was closed by stop()
            # an OSError: nginx gave up on this connection; the test sees nginx's answer
            with conn, contextlib.suppress(OSError):
                self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(REQUEST_TIMEOUT)
        head = b""
        deadline = time.monotonic() + REQUEST_TIMEOUT
        while b"\r\n\r\n" not in head and len(head) < MAX_REPLY and time.monotonic() < deadline:
            chunk = conn.recv(MAX_REPLY)
            if not chunk:
                break
            head += chunk
        parts = head.split(b"\r\n", 1)[0].split(b" ")
        target = parts[1] if len(parts) == 3 else b"(not a request line)"
        body = b"upstream " + target + b"\n"
        conn.sendall(
            b"HTTP/1.0 200 OK\r\n" + self.HEADER.encode() + b": " + target + b"\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
        )
        self.requests += 1

    def stop(self) -> None:
        """Stop the loop, close the socket, wait (bounded) for the thread."""
        self._stop.set()
        self._sock.close()
        self._thread.join(timeout=STOP_TIMEOUT)


class NginxProcess:
    """One nginx at a time under `prefix`, listening on 127.0.0.1:`port`.

    `upstream` is the address rewritten locations proxy to (an `EchoServer`), if any."""

    def __init__(self, binary: str, prefix: Path, upstream: str | None = None) -> None:
        self.binary = binary
        self.prefix = prefix
        self.upstream = upstream
        self.port = free_port()
        self.starts = 0
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def listen(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def conf_path(self) -> Path:
        return self.prefix / "nginx.conf"

    def start(self, conf_text: str) -> None:
        """Stop the running nginx, write `conf_text`, start nginx on it and wait until it listens.

        Raises RuntimeError (with nginx's error log) when nginx exits or does not listen in time.
        """
        self.stop()
        self.conf_path.write_text(conf_text, encoding="utf-8")
        log = self.prefix / "error.log"
        log.write_text("", encoding="utf-8")
        proc = subprocess.Popen(
            [
                self.binary,
                "-p",
                f"{self.prefix}/",
                "-c",
                str(self.conf_path),
                "-g",
                "daemon off; master_process off;",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._proc = proc
        self.starts += 1
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                self._proc = None
                raise RuntimeError(
                    f"nginx exited with {proc.returncode}:\n{stderr}"
                    + log.read_text(encoding="utf-8", errors="replace")
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.002)
        self.stop()
        raise RuntimeError(f"nginx did not listen on {self.listen} within {START_TIMEOUT} s")

    def stop(self) -> None:
        """Terminate our nginx by its PID; kill it if it has not exited in STOP_TIMEOUT."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=STOP_TIMEOUT)
        if proc.stderr is not None:
            proc.stderr.close()
