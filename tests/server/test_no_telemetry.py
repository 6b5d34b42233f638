"""The service records nothing through OpenTelemetry, even on a host whose other services
configure a provider: FastAPI's own telemetry would keep request validation errors with
their input values and exceptions with their messages, here families' records."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

# In a process of its own: a global provider can be set once a process.
_SCRIPT = textwrap.dedent("""
    import sys
    from opentelemetry import trace
    from opentelemetry.trace import NoOpTracer, TracerProvider

    asked = []

    class Recording(TracerProvider):
        def get_tracer(self, *args, **kwargs):
            asked.append(args[0] if args else "")
            return NoOpTracer()

    trace.set_tracer_provider(Recording())
    from fastapi.testclient import TestClient
    from server.app import create_app

    with TestClient(create_app(sys.argv[1])) as client:
        assert client.get("/health").status_code == 200
        answer = client.post("/api/v1/sync/push", json={"ops": [{"entity": "person"}]},
                             headers={"Authorization": "Bearer not-a-token"})
        assert answer.status_code in (401, 422), answer.status_code
    print(len(asked))
""")


def test_a_configured_provider_is_never_asked_for_a_tracer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'service.db'}"
    done = subprocess.run([sys.executable, "-c", _SCRIPT, url], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "0"
