"""A private nginx for tests: its own prefix, a free port on 127.0.0.1, raw HTTP/1.1 requests.

nginx runs as a plain child process (`daemon off; master_process off;`), started with Popen and
stopped by its own PID: terminate, then kill after a timeout. Every wait is bounded. A fresh
process per configuration is faster here than `nginx -s reload` (about 10 ms against about
100 ms on a 2-core machine, where a reload also has to wait for the old worker to go), so
`NginxProcess.start` always starts a new one. This module knows nothing about the models.
"""

from __future__ import annotations

import socket
import subprocess
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
    status: int
    headers: dict[str, str]  # lower-case names; a repeated header keeps its last value
    body: bytes


def send(port: int, target: str, host: str | None, timeout: float = REQUEST_TIMEOUT) -> Reply:
    """One `GET <target> HTTP/1.1` with the given Host header, as raw bytes, to 127.0.0.1."""
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


class NginxProcess:
    """One nginx at a time under `prefix`, listening on 127.0.0.1:`port`."""

    def __init__(self, binary: str, prefix: Path) -> None:
        self.binary = binary
        self.prefix = prefix
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
