"""The mixed load of ``bench server_load`` (``server_load_mix_*``): about one op in ten
reallocates a family or deletes a person.

The same 50 worker devices sync at the app's pace as in the budgeted run, now
deleting a person in about 5% of their ops, while the team lead's devices
(``LEAD_DEVICES``) sync at the same pace, half of their ops moving a family of
the team to another worker. Worker devices purge the families that move away
and take up those that move to them; an op on a family that moved before the
device pulled is refused (and kept by the service as a conflict or applied, as
the protocol says), which is counted, not an error. The run reports errors
(failed requests: must be 0), the p95 figures beside the plain run's, and how
many ops reallocated, deleted, or were refused.
"""

from __future__ import annotations

from typing import Any

from bench.harness import Result
from bench.server_load_bench import (
    API,
    DEVICES_PER_WORKER,
    REQUEST_TIMEOUT,
    SEED,
    _Device,
    _enrol,
    _few_at_a_time,
    _Run,
)

LEAD = "bench.load.lead"
LEAD_DEVICES = 5
DELETES = 0.05  # of a worker device's ops
REALLOCATES = 0.5  # of a lead device's ops


async def mix_devices(url: str, workers: list[str], devices: list[_Device],
                      clients: list[Any]) -> list[_Device]:
    """Enrol the lead's devices (each pulls the team's scope) and set every device to the
    mix; return all the devices of the mix."""
    import random

    from bench.device_http import DeviceHTTP

    anonymous = DeviceHTTP(url, timeout=REQUEST_TIMEOUT)
    try:
        tokens = await _few_at_a_time([_enrol(anonymous, LEAD, f"lead device {n}")
                                       for n in range(1, LEAD_DEVICES + 1)])
    finally:
        await anonymous.aclose()
    leads = []
    for n, token in enumerate(tokens):
        http = DeviceHTTP(url + API, token, timeout=REQUEST_TIMEOUT)
        clients.append(http)
        leads.append(_Device(name=f"lead{n}", username=LEAD, http=http,
                             rng=random.Random(SEED * 7000 + n), reallocates=REALLOCATES,
                             holders=list(workers)))
    await _few_at_a_time([lead.pull(None) for lead in leads])
    for lead in leads:
        lead.share = sorted(fid for (entity, fid) in lead.versions if entity == "family")
    for n, device in enumerate(devices):
        device.deletes = DELETES
        device.slot = (n % DEVICES_PER_WORKER, DEVICES_PER_WORKER)
    return devices + leads


def mix_figures(run: _Run, prefix: str) -> list[Result]:
    """What the mix was made of, beside its latency figures."""
    kinds, statuses = run.tally.kinds, run.tally.statuses
    pushed = sum(kinds.values())
    return [
        Result(f"{prefix}_reallocations", kinds.get("reallocate", 0), f"of {pushed} ops pushed"),
        Result(f"{prefix}_deletes", kinds.get("delete", 0), f"of {pushed} ops pushed"),
        Result(f"{prefix}_refused_ops", statuses.get("rejected", 0),
               "kept by the service (the family moved, or the record was deleted)"),
    ]
