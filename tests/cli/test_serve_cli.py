"""``kompetanse-opt serve``: loopback without a token, any other address with the printed one
(uvicorn itself is replaced: these tests only look at what the command prepares)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cli_helpers import Cli

pytest.importorskip("uvicorn", reason="the web extra is not installed")


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_loopback_needs_no_token(cli: Cli, started: list[dict[str, Any]], tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    result = cli("serve", "ws")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("open http://127.0.0.1:8000/\n") and "?token" not in result.stdout
    assert (tmp_path / "ws" / "workspace.sqlite").is_file()
    [call] = started
    assert (call["host"], call["port"]) == ("127.0.0.1", 8000)
    with TestClient(call["app"]) as client:
        assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_another_address_prints_the_token_it_requires(
    cli: Cli, started: list[dict[str, Any]]
) -> None:
    from fastapi.testclient import TestClient

    result = cli("serve", "ws", "--host", "0.0.0.0", "--port", "8123")
    assert result.exit_code == 0, result.output
    token = result.stdout.split("?token=", 1)[1].split()[0]
    assert len(token) >= 24 and f"token {token}" in result.stdout
    [call] = started
    assert (call["host"], call["port"]) == ("0.0.0.0", 8123)
    with TestClient(call["app"]) as client:
        assert client.get("/api/instances").status_code == 401
        assert client.get("/api/instances", headers={"X-Kompetanse-Token": token}).json() == []


def test_bad_options(cli: Cli, started: list[dict[str, Any]]) -> None:
    assert cli("serve", "--port", "70000").exit_code == 2
    assert started == []
