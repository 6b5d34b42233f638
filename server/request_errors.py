"""How the service reads request bodies and answers bad ones.

Bodies are parsed as strict JSON (``app.sync.values.loads_strict``: no ``NaN``,
``Infinity`` or numbers that overflow), and every refusal names the problem and
where it is (``body.ops[3].fields.town``), never the value sent: FastAPI's own
answer to an invalid request repeats the whole input, which would carry families'
details into whatever keeps responses and logs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from app.sync.values import JsonRefused, loads_strict

# At most this many problems are listed; a body with thousands of bad items gets a
# short answer that says how many more there were.
MAX_PROBLEMS = 20
MAX_MESSAGE = 200
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")


def location(loc: Sequence[Any]) -> str:
    """``("body", "ops", 3, "fields")`` as ``body.ops[3].fields``; a key that is not a
    plain name (it came from the request, so it could be anything) is not repeated."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
            continue
        name = part if isinstance(part, str) and _NAME.fullmatch(part) else "(key)"
        out += f".{name}" if out else name
    return out


def problem(loc: Sequence[Any], message: str) -> dict[str, str]:
    return {"location": location(loc), "message": message[:MAX_MESSAGE]}


def refusal(status: int, code: str, message: str,
            problems: list[dict[str, str]] | None = None) -> HTTPException:
    detail: dict[str, Any] = {"code": code, "message": message}
    if problems is not None:
        detail["problems"] = problems
    return HTTPException(status, detail=detail)


def summary(problems: list[dict[str, str]], total: int) -> str:
    first = problems[0]
    text = f"The request is not valid: {first['location']}: {first['message']}"
    if total > 1:
        text += f" (and {total - 1} more)"
    return text


def validation_problems(errors: Sequence[Any]) -> list[dict[str, str]]:
    """Pydantic's errors as problems: location and message only (no ``input``, no ``ctx``)."""
    out = []
    for err in errors[:MAX_PROBLEMS]:
        loc = list(err.get("loc", ()))
        if err.get("type") == "extra_forbidden" and loc:
            loc[-1] = "(unknown key)"
        message = str(err.get("msg", "is not valid"))
        given = err.get("input")
        if isinstance(given, str) and len(given) >= 3 and given in message:
            message = f"is not valid ({err.get('type', 'error')})"  # a message quoting it
        out.append(problem(loc, message))
    return out


async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    problems = validation_problems(errors) or [problem(("body",), "is not valid")]
    message = summary(problems, max(len(errors), 1))
    request.state.audit_detail = f"invalid request: {message}"
    return JSONResponse(status_code=422, content={"detail": {
        "code": "invalid_request", "message": message, "problems": problems}})


def install_error_answers(app: FastAPI) -> None:
    """Answer invalid requests with locations and messages, never the input."""
    app.add_exception_handler(RequestValidationError, invalid_request)


class StrictJsonRequest(Request):
    """A request whose JSON body is parsed strictly."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                self._json = loads_strict(await self.body())
            except JsonRefused as exc:
                reason = str(exc)
                self.state.audit_detail = f"invalid JSON: {reason}"
                raise refusal(422, "invalid_json", f"The body is not strict JSON: {reason}.",
                              [problem(("body",), reason)]) from None
        return self._json


class StrictJsonRoute(APIRoute):
    """A route whose handler reads JSON bodies with :class:`StrictJsonRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict
