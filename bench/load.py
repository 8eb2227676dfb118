"""A small HTTP load generator, run in its own process by ``bench/run.py``.

Each worker thread keeps one connection (keep-alive) and its own cookie, sends its request
again and again for the given duration, and records each latency. The result: requests per
second, median and 99th percentile latency, and the count of failed requests (any status but
the expected one).
"""

from __future__ import annotations

import http.client
import json
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Scenario:
    """One route to drive: method, path, body builder, headers, expected status."""

    name: str
    method: str
    path: str
    body: str | None = None
    content_type: str | None = None
    cookie: str | None = None
    csrf: str | None = None
    expect: int = 200
    #: For answer saves: the questions to answer, one per thread in turn; each request flips
    #: the answer between "Je ne sais pas" and no answer, with revision None (overwrite).
    autosave_questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    errors: int
    rps: float
    median_ms: float
    p99_ms: float


def run(base_url: str, scenario: Scenario, connections: int, seconds: float) -> Result:
    """Drive one scenario; return its figures."""
    parts = urlsplit(base_url)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(index: int) -> None:
        nonlocal errors
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine: list[float] = []
        failures = 0
        flip = False
        while time.perf_counter() < deadline:
            headers = {"Accept": "application/json" if scenario.autosave_questions else "*/*"}
            if scenario.cookie:
                headers["Cookie"] = scenario.cookie
            if scenario.csrf:
                headers["X-CSRFToken"] = scenario.csrf
            body = scenario.body
            if scenario.autosave_questions:
                question = scenario.autosave_questions[index % len(scenario.autosave_questions)]
                body = json.dumps(
                    {
                        "question": question,
                        "value": "unknown" if flip else None,
                        "comment": None,
                        "revision": None,
                    }
                )
                flip = not flip
            if body is not None:
                headers["Content-Type"] = scenario.content_type or "application/json"
            start = time.perf_counter()
            try:
                connection.request(scenario.method, scenario.path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == scenario.expect
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                ok = False
            mine.append((time.perf_counter() - start) * 1000)
            failures += 0 if ok else 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors += failures

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        return Result(scenario.name, 0, errors, 0.0, 0.0, 0.0)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return Result(
        scenario.name,
        len(latencies),
        errors,
        len(latencies) / elapsed,
        statistics.median(latencies),
        p99,
    )


if __name__ == "__main__":
    # Called by bench/run.py: argv = base URL, connections, seconds; scenarios as JSON on stdin.
    base, connections, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    scenarios = [
        Scenario(**{**item, "autosave_questions": tuple(item.get("autosave_questions", ()))})
        for item in json.load(sys.stdin)
    ]
    print(json.dumps([asdict(run(base, s, connections, seconds)) for s in scenarios]))
