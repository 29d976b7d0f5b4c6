"""Grade on an existing Dask cluster: a `Runner` whose jobs run in the workers' sandboxes.

``coursekit grade PATH... --out DIR --dask ADDRESS`` grades exactly as a local run does — the
pipeline reads the files, skips what the gradebook holds, and calls
`coursekit.grading.step.grade_submission` for each submission, judging the answers and saving
each result in this process as it arrives (the gradebook has one writer: the instructor's
machine; a client killed at any point resumes like a local run). Only the *run* of a job moves:

* `DaskRunner.connect` opens a ``distributed.Client`` and registers `SandboxPlugin` on every
  worker, present and future. The plugin starts one warm sandbox `coursekit.grading.runner.Runner`
  per worker process (a slot per worker thread), once, and keeps it for later batches with the
  same settings.
* `DaskRunner.run` sends the job as JSON text; `run_job` runs it on the worker's warm runner and
  returns the sandbox's reply as JSON text, which is checked here by the same
  `coursekit.grading.runner.parse_result` as a local worker's reply. Expected answers never leave
  this machine; learner objects never cross (only plain data, both ways).
* A worker that dies mid-job: the scheduler reschedules the job on another worker (up to its
  ``allowed-failures``); this client only ever gets one reply per job, so a record is neither
  lost nor doubled. Past that limit, or on another failure of the cluster, the submission is
  reported as a grader failure and is not saved, so the next run retries it.

Importing this module imports ``distributed``; nothing else in coursekit does.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from coursekit.errors import CoursekitError, GradingError, MissingExtraError
from coursekit.grading.runner import parse_result
from coursekit.sandbox.protocol import Job, Limits, RunResult, decode

try:
    from distributed import Client, WorkerPlugin, get_worker
except ImportError:  # pragma: no cover - depends on the environment
    raise MissingExtraError("Grading on a Dask cluster (--dask)", "cluster") from None

__all__ = ["DaskRunner", "SandboxPlugin", "job_from_json", "job_to_json", "run_job"]

_CONNECT_TIMEOUT = 15.0
_WORKER_WAIT = 60.0


def job_to_json(job: Job) -> str:
    """A `Job` as JSON text (what is sent to a worker): the sandbox protocol's own encoding."""
    return json.dumps(job.to_dict())


def job_from_json(text: str) -> Job:
    """The `Job` in `job_to_json`'s text, validated as the sandbox protocol validates it."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise GradingError("a coursekit job must be a JSON object")
    job: Job = decode(data, (Job,))
    return job


def lesson_versions() -> dict[str, str]:
    """The coursekit version and each lesson's version, as installed in this process."""
    import importlib.metadata

    from coursekit.lessons.registry import get_lesson, lesson_ids

    versions = {"coursekit": importlib.metadata.version("coursekit")}
    for lesson in lesson_ids():
        try:
            versions[lesson] = get_lesson(lesson).version
        except CoursekitError:
            versions[lesson] = "unloadable"
    return versions


class SandboxPlugin(WorkerPlugin):
    """One warm sandbox Runner per Dask worker process, started when the plugin is set up."""

    idempotent = True  # a later batch with the same settings reuses the warm runner

    def __init__(self, limits: Limits, sandbox: bool, versions: dict[str, str]) -> None:
        self.limits = limits
        self.sandbox = sandbox
        self.versions = versions
        self.runner: Any = None
        self.problem = "the coursekit sandbox was not set up on this worker"

    @property
    def name(self) -> str:
        """Same settings and versions, same name (so the plugin is registered once)."""
        text = json.dumps([self.limits.to_dict(), self.sandbox, self.versions], sort_keys=True)
        return f"coursekit-sandbox-{hashlib.sha256(text.encode()).hexdigest()[:16]}"

    async def setup(self, worker: Any) -> None:
        # Off the worker's event loop: loading the lessons takes seconds, heartbeats must not wait.
        import asyncio

        await asyncio.get_running_loop().run_in_executor(None, self._start, worker.address,
                                                         max(1, worker.state.nthreads))

    def _start(self, address: str, slots: int) -> None:
        from coursekit.grading.runner import Runner

        mine = lesson_versions()
        differ = sorted(k for k in self.versions if mine.get(k) != self.versions[k])
        if differ:
            self.problem = (f"worker {address} has another coursekit ("
                            + ", ".join(f"{k} {mine.get(k, 'missing')} here, "
                                        f"{self.versions[k]} on the client" for k in differ[:3])
                            + "); install the same coursekit on every worker")
            raise GradingError(self.problem)
        try:
            self.runner = Runner(self.limits, workers=slots, sandbox=self.sandbox)
        except GradingError as exc:
            self.problem = f"worker {address} cannot grade: {exc}"
            raise GradingError(self.problem) from None

    def teardown(self, worker: Any) -> None:
        if self.runner is not None:
            self.runner.close()
            self.runner = None


def run_job(job_json: str, plugin_name: str) -> str:
    """On a Dask worker: run one job on the worker's warm sandbox; the reply as JSON text."""
    plugin = get_worker().plugins.get(plugin_name)
    if not isinstance(plugin, SandboxPlugin) or plugin.runner is None:
        problem = plugin.problem if isinstance(plugin, SandboxPlugin) else \
            "the coursekit sandbox is not set up on this worker"
        raise GradingError(problem)
    job = job_from_json(job_json)
    run: RunResult = plugin.runner.run(job)
    return json.dumps(run.to_dict())


class DaskRunner:
    """A `Runner` that runs each job on a Dask cluster's workers (thread-safe; a context
    manager). Build it with `DaskRunner.connect`."""

    def __init__(self, client: Client, address: str, plugin: str) -> None:
        self.client = client
        self.address = address
        self.plugin = plugin

    @classmethod
    def connect(cls, address: str, limits: Limits, *, sandbox: bool = True) -> DaskRunner:
        """Connect to the scheduler at `address` and set up the sandbox on every worker.

        Raises `GradingError` when the scheduler cannot be reached, no worker joins within a
        minute, or a worker cannot grade (no bubblewrap, another coursekit version).
        """
        try:
            client = Client(address, timeout=_CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise GradingError(f"cannot reach the Dask scheduler at {address}: "
                               f"{_one_line(exc)}") from None
        try:
            client.wait_for_workers(1, timeout=_WORKER_WAIT)
            plugin = SandboxPlugin(limits, sandbox, lesson_versions())
            client.register_plugin(plugin, name=plugin.name)
        except GradingError:
            client.close()
            raise
        except Exception as exc:
            client.close()
            raise GradingError(f"the Dask cluster at {address} cannot grade: "
                               f"{_one_line(exc)}") from None
        return cls(client, address, plugin.name)

    @property
    def slots(self) -> int:
        """Jobs worth keeping in flight: twice the cluster's worker threads."""
        return max(1, 2 * sum(self.client.nthreads().values()))

    def run(self, job: Job) -> RunResult:
        """Run `job` on some worker; a crash of the submission is a RunResult, as locally.

        Raises `GradingError` when the connection to the scheduler is lost, and the cluster's
        own error (e.g. ``KilledWorker``) when the job could not be run.
        """
        key = f"coursekit-{job.lesson}-{job.key[:12]}-{secrets.token_hex(4)}"
        future = self.client.submit(run_job, job_to_json(job), self.plugin, key=key,
                                    pure=False)
        try:
            reply = future.result()
        except CoursekitError:
            raise
        except Exception as exc:
            if self.client.status not in ("running", "connecting"):
                raise GradingError(f"lost the Dask scheduler at {self.address}: "
                                   f"{_one_line(exc)}") from None
            raise
        finally:
            future.release()
        try:
            data = json.loads(reply) if isinstance(reply, str) else None
        except ValueError:
            data = None
        return parse_result(data if isinstance(data, dict) else {}, job)

    def close(self) -> None:
        """Disconnect (the workers keep their warm sandboxes for the next batch)."""
        self.client.close()

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]
