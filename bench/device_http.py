"""The simulated devices' HTTP client in the service benchmarks (``server_load``,
``server_push``, ``server_scale`` and their bare-endpoint floors).

The devices run in the benchmark's own process, on the same CPUs as the service and
its database, so whatever CPU the client spends on a request is taken from the
service. httpx's async client spent 0.69 ms of CPU a request against the bare
endpoint, aiohttp's 0.17 ms (2,000 requests each, one after another, on a 2-CPU
machine), and in ``server_load`` the load generator's CPU a request went from
1.2-1.7 ms to about 0.5. So the devices use aiohttp: the figures are then more the
service's own. (The app's own client is httpx: ``bench sync`` runs it as it is.)

Each device keeps up to four connections open, as the httpx clients here did.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
from typing import Any

import aiohttp

CONNECTIONS = 4
# What a request that got no answer raises (refused, reset, timed out).
ERRORS: tuple[type[BaseException], ...] = (aiohttp.ClientError, asyncio.TimeoutError)


class Answer:
    """A reply as the benchmarks read it: its status and its bytes."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    def json(self) -> Any:
        return jsonlib.loads(self.content)

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class DeviceHTTP:
    """One device's connections to ``base_url`` (its requests' paths are joined to it),
    with its device token if it has one. Make it inside the event loop that uses it."""

    def __init__(self, base_url: str, token: str | None = None,
                 timeout: float = 30.0) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._session = aiohttp.ClientSession(
            base_url=base_url.rstrip("/") + "/",
            headers=headers,
            connector=aiohttp.TCPConnector(limit=CONNECTIONS),
            timeout=aiohttp.ClientTimeout(total=timeout),
        )

    async def request(self, method: str, path: str, *, json: Any = None,
                      params: dict[str, Any] | None = None, content: bytes | None = None,
                      headers: dict[str, str] | None = None) -> Answer:
        async with self._session.request(method, path.lstrip("/"), json=json, params=params,
                                         data=content, headers=headers) as response:
            return Answer(response.status, await response.read())

    async def get(self, path: str, **kwargs: Any) -> Answer:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> Answer:
        return await self.request("POST", path, **kwargs)

    async def aclose(self) -> None:
        await self._session.close()
