"""Hostile values in pushed operations, generated for every declared field type of
every record type: the service answers each push with a 4xx (never a 5xx), stores
nothing from it, and every device in scope still pulls afterwards.

Bodies are sent as raw bytes, so what a JSON library would never write (``NaN``,
``Infinity``, ``1e999``, lone surrogates) reaches the service as a hostile device
would send it.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from live_service import LiveServer, new_family, new_person, op
from sqlalchemy import func, select

from app.sync.protocol import ENTITIES, FieldSpec
from app.sync.values import MAX_JSON_DEPTH
from server.models import AppliedOp, Conflict, Record, RecordHistory

EXAMPLES = 200
MARK = "@@hostile@@"

NON_FINITE = ["NaN", "-NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1.8e308"]
HUGE_INTS = [str(2**63), str(-(2**63) - 1), "1" + "0" * 30, "-" + "9" * 40]
BAD_TEXT = [r'"a\u0000b"', r'"\ud800"', r'"x\udfff"', r'"\udc00\ud800"']
BAD_DATES = ["20240101", "2024-W01-1", "2024-001", "2024-02-30", "0000-01-01", "99999-01-01",
             "2024-01-01T00:00", "+2024-01-01", "2024-1-1", "31/12/2024", " 2024-01-01", "",
             "2024-01-01\n"]
BAD_INSTANTS = ["0001-01-01T00:30+01:00", "9999-12-31T23:30-01:00", "0001-01-01T00:00:00Z",
                "2025-01-01T10:00:00", "2025-01-01T10:00:00+25:00", "2025-13-01T00:00Z",
                "20250101T000000Z", "2025-01-01 10:00:00Z", "2025-01-01T10:00:00.1234567Z",
                "2025-01-01", "2025-W01-1T10:00Z", "2025-01-01T24:00:00Z"]
ODD_IDS = ["x' OR '1'='1", "", "a" * 37, "a/b", "a b", "\u00e4", "../../etc", "id;--"]
WRONG_FOR_KIND = {
    "text": ["1", "1.5", "true", "{}", "[]"],
    "int": ["1.5", "true", '"1"', "{}", "[]"],
    "bool": ["0", "1", '"true"', "{}", "[]"],
    "date": ["20240101", "true", "{}", "[]", "1.5"],
    "instant": ["1735725600", "true", "{}", "[]"],
    "json": ['"text"', "1", "1.5", "true"],
}


def deep(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def hostile_for(spec: FieldSpec) -> st.SearchStrategy[str]:
    """Raw JSON text that ``spec`` must refuse."""
    kind = spec.kind
    options: list[st.SearchStrategy[str]] = [
        st.sampled_from(NON_FINITE),
        st.sampled_from(WRONG_FOR_KIND[kind]),
        st.integers(min_value=MAX_JSON_DEPTH + 1, max_value=3000).map(deep)
        if kind == "json" else st.just(deep(3)),
    ]
    if not spec.nullable:
        options.append(st.just("null"))
    if kind == "text":
        options.append(st.sampled_from(BAD_TEXT))
        limit = spec.max_length or 100_000
        options.append(st.integers(limit + 1, limit + 50).map(lambda n: json.dumps("x" * n)))
    if kind == "int":
        options.append(st.sampled_from(HUGE_INTS))
    if kind == "date":
        options.append(st.sampled_from(BAD_DATES).map(json.dumps))
    if kind == "instant":
        options.append(st.sampled_from(BAD_INSTANTS).map(json.dumps))
    if kind == "json":
        # Hostile values inside an object or list are what got through before: weigh them.
        inner = st.sampled_from(NON_FINITE + HUGE_INTS + BAD_TEXT)
        options += [inner.map(lambda raw: '{"q1": [1, {"q2": ' + raw + "}]}")] * 3
        options += [inner.map(lambda raw: "[" + raw + "]")] * 2
        options.append(st.sampled_from(BAD_TEXT).map(lambda raw: "{" + raw + ": 1}"))
    return st.one_of(options)


FIELDS = [(entity, spec) for entity, e in ENTITIES.items() for spec in e.fields.values()]
KINDS = sorted({spec.kind for _entity, spec in FIELDS})


@st.composite
def hostile_push(draw: st.DrawFn) -> tuple[bytes, str]:
    """A push body (raw bytes) with one hostile value, after a valid op that would be
    stored if the push were not refused as a whole; and a label of what is hostile.
    Each kind of field is as likely as any other (JSON fields are few but the riskiest)."""
    kind = draw(st.sampled_from(KINDS))
    entity, spec = draw(st.sampled_from([f for f in FIELDS if f[1].kind == kind]))
    template = op(entity, "rec-1", {}, family_id="fam-1")
    place = draw(st.sampled_from(
        ["field"] * 6 + ["id", "op_id", "family_id", "resolves", "made_at", "base_version",
                         "entity"]))
    if place == "field":
        template["fields"] = {spec.name: MARK}
        raw = draw(hostile_for(spec))
    elif place in ("id", "family_id", "op_id"):
        # 37 characters is too long for a record id, not for an op id (up to 64).
        odd = [i for i in ODD_IDS if len(i) <= 36] + ["o" * 65] if place == "op_id" else ODD_IDS
        raw = draw(st.sampled_from(odd).map(json.dumps) | st.sampled_from(BAD_TEXT + ["1"]))
        template[place] = MARK
    elif place == "resolves":
        template["resolves"] = [MARK]
        raw = draw(st.sampled_from(ODD_IDS).map(json.dumps) | st.sampled_from(BAD_TEXT))
    elif place == "made_at":
        template["made_at"] = MARK
        raw = draw(st.sampled_from(BAD_INSTANTS).map(json.dumps) | st.sampled_from(NON_FINITE))
    elif place == "base_version":
        template["base_version"] = MARK
        raw = draw(st.sampled_from(NON_FINITE + HUGE_INTS + ["-1", "1.5", '"1"', "true"]))
    else:
        template["entity"] = MARK
        raw = draw(st.sampled_from(["spaceship", "Family", "family ", "", "x" * 41]).map(
            json.dumps) | st.sampled_from(BAD_TEXT))
    good = new_family("H-1")[1]
    text = json.dumps({"ops": [good, template]}).replace(json.dumps(MARK), raw)
    return text.encode("utf-8", "surrogatepass"), f"{entity}.{spec.name} at {place}: {raw[:40]}"


def stored(live: LiveServer) -> tuple[int, ...]:
    with live.sessions() as s:
        return tuple(s.scalar(select(func.count()).select_from(model)) or 0
                     for model in (Record, RecordHistory, AppliedOp, Conflict))


def test_hostile_values_are_refused_store_nothing_and_break_no_one(people: LiveServer) -> None:
    alice, lena, ada = people.enrol("alice"), people.enrol("lena"), people.enrol("ada")
    fid, family = new_family("H-0")
    alice.push(family, new_person(fid)[1])
    seen = {d.username: len(d.pull_all()[0]) for d in (alice, lena, ada)}
    assert seen == {"alice": 2, "lena": 2, "ada": 2}
    before = stored(people)
    answers: dict[int, int] = {}
    stored_by: list[str] = []

    @given(push=hostile_push())
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(push: tuple[bytes, str]) -> None:
        body, label = push
        r = alice.http.post("/sync/push", content=body,
                            headers={"content-type": "application/json"})
        now = stored(people)
        if now != before and not stored_by:
            stored_by.append(label)  # hypothesis then shrinks over a changed database
        assert 400 <= r.status_code < 500, (label, r.status_code, r.text[:300])
        answers[r.status_code] = answers.get(r.status_code, 0) + 1
        assert "detail" in r.json(), label
        assert now == before, (stored_by, label)

    run()
    assert sum(answers.values()) >= EXAMPLES
    assert set(answers) <= {422, 413}
    # Every device in scope still pulls everything it pulled before, from the start.
    for device in (alice, lena, ada):
        device.cursor = 0
        changes, _purge, scope = device.pull_all()
        assert len(changes) == seen[device.username]
        assert scope is not None and scope["count"] == 2
    # And the service still takes a good push.
    assert alice.push(new_family("H-2")[1])[0]["status"] == "applied"
