"""A throwaway PostgreSQL cluster for tests: Debian's binaries, a temp folder, a free loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DATABASE = "lung_chat"


def find_binaries() -> Path | None:
    """The newest `/usr/lib/postgresql/<version>/bin` holding initdb and pg_ctl (Debian's layout)."""
    found = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists() and (p / "pg_ctl").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return found[-1] if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_owner(args: list[str]) -> list[str]:
    """initdb refuses to run as root: as root, run the server tools as the `postgres` user."""
    if os.geteuid() != 0:
        return args
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--", *args]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(args)]


def skip_reason() -> str | None:
    if os.environ.get("LUNG_CHAT_TEST_POSTGRES_URL"):
        return None
    if find_binaries() is None:
        return "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)"
    if os.geteuid() == 0:
        import pwd

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to own the test cluster"
    return None


@contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Yield the URL of an empty database on a new cluster; the cluster and its folder go afterwards.

    `LUNG_CHAT_TEST_POSTGRES_URL` names an existing database to use instead.
    """
    given = os.environ.get("LUNG_CHAT_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    binaries = find_binaries()
    assert binaries is not None
    root = Path(tempfile.mkdtemp(prefix="lung-chat-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")

    def tool(name: str, *args: str, check: bool = True) -> None:
        subprocess.run(
            _as_owner([str(binaries / name), *args]), cwd=root, check=check, capture_output=True, timeout=120
        )

    started = False
    try:
        tool("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        tool("pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
        started = True
        tool("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c", f"CREATE DATABASE {DATABASE}")
        yield f"postgresql://postgres@127.0.0.1:{port}/{DATABASE}"
    finally:
        if started:
            tool("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(root, ignore_errors=True)
