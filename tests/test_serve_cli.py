"""`kg serve` as a user runs it: a real process on 127.0.0.1 and what it logs."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from test_serve import build_store, free_port


def serve_and_log(store: Path, *flags: str) -> str:
    """Start `kg serve`, request /status once, stop it; what it printed (uvicorn writes its access log
    to stdout, the rest to stderr)."""
    port = free_port()
    command = [sys.executable, "-c", "from kg.cli import main; raise SystemExit(main())"]
    args = ["serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    process = subprocess.Popen(
        [*command, *args, *flags], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.time() + 60
        while True:
            assert process.poll() is None, "kg serve exited"
            assert time.time() < deadline, "kg serve did not start"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/status", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    return output


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("cli") / "store")


def test_access_log_is_off_by_default_and_on_with_the_flag(store):
    assert '"GET /status HTTP/1.1" 200' not in serve_and_log(store)
    assert '"GET /status HTTP/1.1" 200' in serve_and_log(store, "--access-log")
