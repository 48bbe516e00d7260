"""``kompetanse-opt serve``: the planner in a browser (the ``web`` extra; imported lazily)."""

from __future__ import annotations

import ipaddress
import secrets
import webbrowser
from pathlib import Path

import click

from kompetanse_opt.cli.common import err, out


def is_loopback(host: str) -> bool:
    """True for 127.0.0.1, ::1 and localhost: only this machine can connect."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@click.argument(
    "workspace",
    metavar="[WORKSPACE]",
    required=False,
    default="kompetanse-workspace",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
def serve_command(workspace: Path, host: str, port: int, open_browser: bool) -> None:
    """Serve the planner in a browser on WORKSPACE (a folder; created if missing).

    Binds 127.0.0.1 by default. Any other address needs the token this command prints: open the
    printed URL once (it sets a cookie), or send the header X-Kompetanse-Token.
    """
    try:
        import uvicorn

        from kompetanse_opt.web import create_app
    except ImportError as exc:
        err.print(f"serve needs the web extra: pip install 'kompetanse-opt[web]' ({exc.name})")
        raise SystemExit(2) from None
    from kompetanse_opt.web.app import LOOPBACK_NAMES

    local = is_loopback(host)
    token = None if local else secrets.token_urlsafe(24)
    app = create_app(workspace, token, LOOPBACK_NAMES if local else None)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    out.print(f"workspace {workspace.resolve()}", markup=False)
    out.print(f"open {url}", markup=False)
    if token:
        out.print(f"token {token} (required on every request from another machine)", markup=False)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS = (serve_command,)
