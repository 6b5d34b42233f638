"""The FastAPI application of the central sync service."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig
from starlette.middleware.gzip import GZipMiddleware

from app.sync.protocol import API_PREFIX, MAX_BODY_BYTES
from server.compression import REPLY_LEVEL, REPLY_MIN_BYTES, GzipRequests
from server.db import init_database, make_engine, session_factory
from server.enrol_api import router as enrol_router
from server.hash_pool import HashPool
from server.middleware import AuditTrail, BodyLimit
from server.openapi_records import document_record_types
from server.recovery_api import router as recovery_router
from server.request_errors import install_error_answers
from server.scope_warmup import ScopeWarmer
from server.sync_api import SERVICE_VERSION, health, router
from server.throttle import ThrottleSettings

log = logging.getLogger("hearth.server")

HANDLER_THREADS = int(os.environ.get("HEARTH_SERVER_THREADS", "8"))


# FastAPI's own OpenTelemetry spans, metrics and logs stay off, even where a host
# configures a provider for its other services: they record request validation errors
# with their input values and exceptions with their messages, which here are families'
# records. (Off, they also cost nothing a request.)
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False,
                                 "operation_spans": False, "auto_configure": False}


def app_from_environment() -> FastAPI:
    """The app over HEARTH_DATABASE_URL (or the embedded default), without migrating:
    what each worker process of ``hearth-server serve --workers N`` runs (``serve``
    has brought the database up to date before starting them)."""
    from server.db import default_database_url

    return create_app(default_database_url(), migrate=False)


def create_app(database_url: str, *, migrate: bool = True) -> FastAPI:
    """Build the service over the database at ``database_url`` (migrated to the newest schema)."""
    # Read first: a bad setting stops the service with one clear line (SettingsError).
    throttle = ThrottleSettings.from_environment()
    hash_pool = HashPool.from_environment()
    engine = init_database(database_url) if migrate else make_engine(database_url)
    sessions = session_factory(engine)
    warmer = ScopeWarmer(sessions)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Handlers run on anyio's thread pool. Its default of 40 threads makes them
        # fight over the GIL, and a transaction holding a lock waits its turn for it
        # as long as the others; a few threads keep the queue where it is cheap.
        to_thread.current_default_thread_limiter().total_tokens = HANDLER_THREADS
        yield
        hash_pool.shutdown()
        warmer.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        telemetry=NO_TELEMETRY,
        title="Hearth central sync service",
        version=SERVICE_VERSION,
        description=(
            "Devices enrol once, then push their outbox and pull changes in their "
            "scope. See app/sync_protocol.py for the protocol."
        ),
    )
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.throttle = throttle  # sign-in limits (server.throttle)
    app.state.hash_pool = hash_pool  # password checks, off the request threads
    app.state.scope_warmer = warmer  # a scope's digest worked out ahead of its last page
    app.include_router(enrol_router, prefix=API_PREFIX)
    app.include_router(router, prefix=API_PREFIX)
    app.include_router(recovery_router, prefix=API_PREFIX)
    app.add_api_route("/health", health, methods=["GET"], include_in_schema=False)
    install_error_answers(app)
    document_record_types(app)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # A bug, not bad input: say so plainly, keep details out of the answer.
        log.error("unexpected error on %s %s: %s", request.method, request.url.path,
                  type(exc).__name__)
        return JSONResponse(
            status_code=500,
            content={"detail": {"code": "server_error", "message": "The service hit an error."}},
        )

    # Added innermost first: every request is audited, including those refused for size;
    # a reply is compressed for a device that takes gzip; a body is limited as sent, and
    # again as inflated when it came compressed (server.compression).
    app.add_middleware(GzipRequests, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(GZipMiddleware, minimum_size=REPLY_MIN_BYTES, compresslevel=REPLY_LEVEL)
    app.add_middleware(AuditTrail, sessions=sessions)
    return app
