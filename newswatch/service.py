"""``newswatch serve``: the whole scheduled service on one machine.

Prefect's ephemeral mode runs flows but cannot schedule them, so unless ``PREFECT_API_URL``
points at a server (self-hosted or Prefect Cloud), a local ``prefect server start`` runs as
a child process with its home under the data directory. The deployments are then served
from this process: Prefect's runner starts each scheduled run in a subprocess. On Ctrl-C or
SIGTERM the runner stops and the child server is terminated, so nothing is left behind.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from newswatch.errors import ServiceError
from newswatch.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_POLL_EVERY = 300.0
ALERTS_EVERY = 60.0
HEALTH_EVERY = 900.0
DEFAULT_PORT = 4200
EXIT_GRACE = 5.0
STOP_DEADLINE = 20.0  # seconds from SIGTERM to a forced exit if Prefect's runner hangs
CLAIM_EVENT = "newswatch.claim.detected"


def poll_interval(settings: Settings) -> float:
    """How often the poll deployment runs: the smallest interval of the enabled sources.

    Each source is still polled only when its own ``next_poll_at`` has come, so slower
    sources are skipped on the runs in between.
    """
    intervals = [s.interval for s in settings.sources if s.enabled]
    return min(intervals) if intervals else DEFAULT_POLL_EVERY


@dataclass(frozen=True)
class Schedules:
    """Seconds between runs of each deployment."""

    poll: float = DEFAULT_POLL_EVERY
    alerts: float = ALERTS_EVERY
    health: float = HEALTH_EVERY


def schedules_for(settings: Settings, *, poll: float | None = None, alerts: float | None = None,
                  health: float | None = None) -> Schedules:
    return Schedules(poll=poll or poll_interval(settings), alerts=alerts or ALERTS_EVERY,
                     health=health or HEALTH_EVERY)


def build_deployments(schedules: Schedules, config: str | None = None) -> list[Any]:
    """The served deployments: poll, alerts (also on each claim event), health.

    Entrypoints are module paths (``flows.poll_sources.poll_sources_flow``) so runs load
    the installed package whatever the working directory.
    """
    from prefect.deployments.runner import EntrypointType
    from prefect.events.schemas.deployment_triggers import DeploymentEventTrigger

    from flows.check_health import check_health_flow
    from flows.deliver_alerts import deliver_alerts_flow
    from flows.poll_sources import poll_sources_flow

    params = {"config": config}
    module = EntrypointType.MODULE_PATH
    on_claim = DeploymentEventTrigger(
        name="deliver alerts on new claims", expect={CLAIM_EVENT},
        match={"prefect.resource.id": "newswatch.claim.*"})
    return [
        poll_sources_flow.to_deployment(
            "poll", interval=timedelta(seconds=schedules.poll), parameters=params,
            tags=["newswatch"], entrypoint_type=module,
            description="Poll the due sources; each source keeps its own interval."),
        deliver_alerts_flow.to_deployment(
            "deliver-alerts", interval=timedelta(seconds=schedules.alerts), parameters=params,
            tags=["newswatch"], entrypoint_type=module, triggers=[on_claim],
            description="Drain the alert outbox; also runs on newswatch.claim.detected."),
        check_health_flow.to_deployment(
            "health", interval=timedelta(seconds=schedules.health), parameters=params,
            tags=["newswatch"], entrypoint_type=module,
            description="Report failing or silent sources."),
    ]


# --------------------------------------------------------------------------- local server


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(preferred: int | None = DEFAULT_PORT, host: str = "127.0.0.1") -> int:
    """``preferred`` when it is free, else any free port."""
    if preferred and port_is_free(preferred, host):
        return preferred
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def prefect_command() -> list[str]:
    """The ``prefect`` CLI of this interpreter's environment."""
    beside = Path(sys.executable).with_name("prefect")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("prefect")
    return [found] if found else [sys.executable, "-m", "prefect"]


def server_environment(home: Path, port: int, base: dict[str, str] | None = None
                       ) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.pop("PREFECT_API_URL", None)
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_API_HOST": "127.0.0.1",
        "PREFECT_SERVER_API_PORT": str(port),
        "PREFECT_UI_URL": f"http://127.0.0.1:{port}",
    })
    return env


class LocalServer:
    """A ``prefect server start`` child process; a context manager that always stops it."""

    def __init__(self, home: Path, port: int | None = None, *, startup_timeout: float = 90.0
                 ) -> None:
        self.home = Path(home).resolve()
        self.port = port or free_port()
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.home / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api"

    def start(self) -> "LocalServer":
        self.home.mkdir(parents=True, exist_ok=True)
        cmd = prefect_command() + ["server", "start", "--host", "127.0.0.1",
                                   "--port", str(self.port), "--analytics-off"]
        log.info("starting the Prefect server: %s (log: %s)", " ".join(cmd), self.log_path)
        with open(self.log_path, "ab") as logfile:
            self.process = subprocess.Popen(
                cmd, stdout=logfile, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=server_environment(self.home, self.port), start_new_session=True)
        # The pid file lets a supervisor (or a test) clean up if this process dies hard.
        (self.home / "server.pid").write_text(str(self.process.pid))
        _LIVE_SERVERS.add(self)
        try:
            wait_healthy(self.api_url, self.startup_timeout, alive=self._alive)
        except BaseException:
            self.stop()
            raise
        return self

    def _alive(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            tail = self.log_path.read_text(errors="replace")[-2000:]
            raise ServiceError(f"the Prefect server exited with status "
                               f"{self.process.returncode}:\n{tail}")

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the server and everything it started (its own process group)."""
        _LIVE_SERVERS.discard(self)
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.warning("the Prefect server did not stop in %.0f s; killing it", timeout)
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(5)

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_healthy(api_url: str, timeout: float, *, alive: Callable[[], None] | None = None
                 ) -> None:
    """Return once ``GET <api>/health`` answers 200; raise ServiceError after ``timeout``."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if alive:
            alive()
        try:
            response = httpx.get(f"{api_url}/health", timeout=2.0)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            last = type(exc).__name__
        time.sleep(0.25)
    raise ServiceError(f"the Prefect server at {api_url} was not healthy after {timeout:.0f} s "
                       f"({last})")


# --------------------------------------------------------------------------- serving


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the service the same clean way Ctrl-C does."""
    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def prefect_api(settings: Settings, *, port: int | None = None,
                announce: Callable[[str], None] = print) -> Iterator[str]:
    """The API URL to use: ``PREFECT_API_URL`` if set, else a local server started here."""
    existing = os.environ.get("PREFECT_API_URL")
    if existing:
        announce(f"using the Prefect server at {existing}")
        yield existing
        return
    home = Path(settings.data_dir).expanduser().resolve() / "prefect"
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    server = LocalServer(home, port)
    announce(f"starting a local Prefect server (home {home}) ...")
    with server:
        os.environ["PREFECT_API_URL"] = server.api_url
        os.environ.setdefault("PREFECT_UI_URL", server.url)
        try:
            announce(f"Prefect UI: {server.url}")
            yield server.api_url
        finally:
            os.environ.pop("PREFECT_API_URL", None)
            announce("stopping the local Prefect server")


def serve(settings: Settings, config: str | None = None, *, schedules: Schedules | None = None,
          port: int | None = None, query_seconds: float | None = None,
          announce: Callable[[str], None] = print) -> None:
    """Run the service until Ctrl-C or SIGTERM (blocking)."""
    from storage.db import Database

    schedules = schedules or schedules_for(settings)
    # Bring the schema up to date before any run starts: a database that cannot be opened
    # stops the service here with one clear error instead of failing every scheduled run.
    Database(settings.database).dispose()
    # Check for due runs often (one cheap API call) and start their processes a few seconds
    # early: the server holds a run in Pending until its time, so Python start-up (~2 s on
    # a small machine) is hidden and the poll happens on schedule.
    poll_check = query_seconds or max(1.0, min(5.0, schedules.poll / 10))
    prefetch = max(4.0, min(10.0, schedules.poll))
    with _sigterm_as_interrupt(), prefect_api(settings, port=port, announce=announce) as api:
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api}):
            deployments = build_deployments(schedules, config)
            announce(f"serving {len(deployments)} deployments: poll every {schedules.poll:g} s, "
                     f"alerts every {schedules.alerts:g} s and on {CLAIM_EVENT}, health every "
                     f"{schedules.health:g} s (Ctrl-C stops)")
            # What prefect.serve does, with our runner: it takes SIGTERM over (it pauses the
            # schedules, then exits with SystemExit(0), or is forced out after a deadline);
            # either way we get here and the server is stopped on the way out.
            warnings.filterwarnings("ignore", message="coroutine 'Runner.astop' was never awaited")
            runner = _service_runner()(limit=None, query_seconds=poll_check,
                                       prefetch_seconds=prefetch)  # no limit, as in serve()
            for deployment in deployments:
                runner.add_deployment(deployment)
            try:
                asyncio.run(runner.start())
            except (KeyboardInterrupt, SystemExit):
                pass
    announce("newswatch service stopped")
    exit_after(EXIT_GRACE)


#: Local servers this process started and has not stopped (stopped on a forced exit).
_LIVE_SERVERS: set["LocalServer"] = set()


def _service_runner() -> type:
    """Prefect's runner (what ``prefect.serve`` uses) with a deadline on SIGTERM.

    Prefect's SIGTERM handler stops the runner and raises ``SystemExit``; when the signal
    lands while the runner's control channel is reading, asyncio swallows that exception
    in a callback and the runner never returns (seen in CI, and 1 in 8 runs of the service
    test here). So the handler first arms a deadline: if the process is still here
    ``STOP_DEADLINE`` seconds later, the local server is stopped and the process exits.
    """
    from prefect.runner import Runner

    class ServiceRunner(Runner):
        def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
            exit_after(STOP_DEADLINE, before_exit=_stop_live_servers)
            super().handle_sigterm(*args, **kwargs)

    return ServiceRunner


def _stop_live_servers() -> None:
    for server in list(_LIVE_SERVERS):
        server.stop(timeout=5.0)


def exit_after(grace: float, before_exit: Callable[[], None] | None = None) -> threading.Thread:
    """End the process ``grace`` seconds from now if the interpreter has not exited by then.

    A SIGTERM can land while Prefect's runner is starting a flow run; its handler then
    raises ``SystemExit`` inside library code that swallows it, and a helper thread of the
    half-started run can keep the interpreter from exiting after everything else stopped
    (seen once in CI: 30 s and more). The server and the runs are already stopped when
    this is armed, so a supervisor waiting for the process must not wait on a leftover
    thread. The watchdog is a daemon thread: a normal exit never waits for it.
    """
    def watchdog() -> None:
        time.sleep(grace)
        stuck = [t.name for t in threading.enumerate()
                 if t is not threading.current_thread() and not t.daemon and t.is_alive()]
        print(f"newswatch: still running {grace:g} s after stopping "
              f"(threads: {', '.join(stuck) or 'none'}); exiting now", file=sys.stderr,
              flush=True)
        if before_exit is not None:
            before_exit()
            print("newswatch service stopped (forced: Prefect's runner did not return)",
                  flush=True)
        logging.shutdown()
        os._exit(0)

    thread = threading.Thread(target=watchdog, name="newswatch-exit-watchdog", daemon=True)
    thread.start()
    return thread


def run_deployment_names(deployments: Sequence[Any]) -> list[str]:
    """``flow/deployment`` names, as ``prefect deployment run`` wants them."""
    return [f"{d.flow_name}/{d.name}" for d in deployments]
