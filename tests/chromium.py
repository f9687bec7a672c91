"""Headless Chromium (Debian's package) driven over the DevTools protocol on a pipe, for the browser tests and
the README screenshots.

`--remote-debugging-pipe` makes Chromium read protocol commands from file descriptor 3 and write replies and
events to descriptor 4, each message JSON ended by a NUL byte: no port, no websocket library, no browser
download. Every console message, uncaught exception, log entry and network request of the page is recorded.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
]
TIMEOUT_SECONDS = 60.0


def chromium_path() -> str | None:
    """Where Chromium is installed, or None."""
    return shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).is_file() else None)


class Chromium:
    """One headless Chromium with one page; use as a context manager.

    >>> with Chromium(profile_dir) as browser:  # doctest: +SKIP
    ...     browser.open(Path("out/report.html"))
    ...     browser.evaluate("document.title")
    """

    def __init__(self, profile_dir: Path, binary: str | None = None, width: int = 1400, height: int = 1000) -> None:
        self.binary = binary or chromium_path() or CHROMIUM
        self.profile_dir, self.width, self.height = Path(profile_dir), width, height
        self.events: list[dict] = []
        self._replies: dict[int, queue.Queue] = {}
        self._next_id = 0
        self._lock = threading.Lock()
        self._loaded = threading.Event()
        self.session: str | None = None

    def __enter__(self) -> "Chromium":
        commands_read, commands_write = os.pipe()
        replies_read, replies_write = os.pipe()
        # Move the child's ends above the low descriptors, then put them at 3 and 4 in the child.
        child_read = fcntl.fcntl(commands_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_write = fcntl.fcntl(replies_write, fcntl.F_DUPFD_CLOEXEC, 10)
        for fd in (commands_read, replies_write):
            os.close(fd)

        def arrange_descriptors() -> None:
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        command = [self.binary, *FLAGS, f"--user-data-dir={self.profile_dir}",
                   f"--window-size={self.width},{self.height}", "about:blank"]
        # close_fds=False: descriptors Python opened are non-inheritable anyway (PEP 446), and the two that dup2
        # puts at 3 and 4 must survive into Chromium (pass_fds would close them again after preexec_fn).
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=arrange_descriptors)
        os.close(child_read)
        os.close(child_write)
        self._writer = os.fdopen(commands_write, "wb", buffering=0)
        self._reader = os.fdopen(replies_read, "rb", buffering=0)
        threading.Thread(target=self._read_loop, daemon=True).start()
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", {"width": self.width, "height": self.height,
                                                        "deviceScaleFactor": 1, "mobile": False})
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.call("Browser.close", session=False, timeout=10.0)
        except (OSError, TimeoutError, RuntimeError):
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        for stream in (self._writer, self._reader):
            try:
                stream.close()
            except OSError:
                pass

    def _read_loop(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = self._reader.read(65536)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw.decode("utf-8"))
                if "id" in message and message["id"] in self._replies:
                    self._replies[message["id"]].put(message)
                else:
                    self.events.append(message)
                    if message.get("method") == "Page.loadEventFired":
                        self._loaded.set()

    def call(self, method: str, params: dict | None = None, *, session: bool = True,
             timeout: float = TIMEOUT_SECONDS) -> dict:
        """Send one protocol command and wait for its reply; a protocol error raises RuntimeError."""
        with self._lock:
            self._next_id += 1
            number = self._next_id
            self._replies[number] = queue.Queue()
        message = {"id": number, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        self._writer.write(json.dumps(message).encode("utf-8") + b"\0")
        try:
            reply = self._replies[number].get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no reply to {method} within {timeout} s") from None
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def open(self, page: Path) -> None:
        """Load a file and wait for its load event."""
        self._loaded.clear()
        self.call("Page.navigate", {"url": Path(page).resolve().as_uri()})
        if not self._loaded.wait(TIMEOUT_SECONDS):
            raise TimeoutError(f"{page} did not load")

    def evaluate(self, expression: str) -> object:
        """The value of a JavaScript expression in the page; an exception in it raises RuntimeError."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("text", "exception"))
        return result["result"].get("value")

    def screenshot(self, path: Path, clip: dict | None = None) -> Path:
        """A PNG of the page (or of `clip`: x, y, width, height in CSS pixels of the whole page)."""
        params: dict = {"format": "png", "captureBeyondViewport": True}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        data = self.call("Page.captureScreenshot", params)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def settle(self, seconds: float = 0.3) -> None:
        """Give the page a moment to report late console messages or requests."""
        time.sleep(seconds)

    def console_messages(self) -> list[str]:
        """Every console call, uncaught exception and log entry (CSP violations, failed loads) seen so far."""
        messages = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled":
                messages.append(" ".join(str(arg.get("value", arg.get("description", ""))) for arg in params["args"]))
            elif method == "Runtime.exceptionThrown":
                details = params["exceptionDetails"]
                messages.append(details.get("exception", {}).get("description") or details.get("text", ""))
            elif method == "Log.entryAdded":
                messages.append(params["entry"].get("text", ""))
        return messages

    def requests(self) -> list[str]:
        """The URL of every request the page made."""
        return [event["params"]["request"]["url"] for event in self.events
                if event.get("method") == "Network.requestWillBeSent"]
