"""The browser tests' live server itself: a connection Chromium drops leaves nothing open."""

from __future__ import annotations

import gc
import socket
import struct
import sys
import time
from pathlib import Path

import pytest
from flask import Flask, send_file

from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

FAVICON = Path(__file__).parents[2] / "charter" / "static" / "favicon.svg"


def test_a_reset_connection_leaves_no_file_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """A client that resets the connection once the file arrives, as Chromium does with an
    abandoned favicon, must not leave the file for the garbage collector to warn about (the
    warning would fail whichever test runs then)."""
    app = Flask(__name__)
    app.add_url_rule("/favicon.svg", "favicon", lambda: send_file(FAVICON))
    leaks: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda caught: leaks.append(caught.exc_value))
    server = LiveServer(app)
    server.start()
    try:
        for _ in range(20):
            client = socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1])))
            client.sendall(b"GET /favicon.svg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert client.recv(12) == b"HTTP/1.1 200"
            # SO_LINGER with a zero timeout: close() sends a reset instead of a FIN.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            client.close()
        time.sleep(0.2)
    finally:
        server.stop()
    gc.collect()
    assert leaks == []
