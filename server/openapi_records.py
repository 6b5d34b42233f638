"""The record types and their fields in the service's OpenAPI document.

Generated from ``app.sync.protocol.ENTITIES`` (the declarations both sides use), so
a client writer or a fuzzer can build valid operations: each record type gets a
component schema of its fields (``<entity>Fields``) and one of its operation
(``<entity>Op``, with ``entity`` as a constant); a push's ``ops`` are one of those,
told apart by ``entity``. ``x-record-types`` at the top lists every record type with
how it takes part in sync.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI

from app.sync.protocol import ENTITIES, EntitySpec
from app.sync.values import (
    DATE_PATTERN,
    INSTANT_PATTERN,
    INT64_MAX,
    INT64_MIN,
    MAX_JSON_DEPTH,
    FieldSpec,
)

REF = "#/components/schemas/"


def field_schema(spec: FieldSpec) -> dict[str, Any]:
    """The JSON Schema of one declared field, as ``check_value`` checks it."""
    kind = spec.kind
    schema: dict[str, Any]
    if kind == "text":
        schema = {"type": "string", "description": "Text without NUL characters."}
        if spec.max_length is not None:
            schema["maxLength"] = spec.max_length
    elif kind == "int":
        schema = {"type": "integer", "minimum": INT64_MIN, "maximum": INT64_MAX}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "date":
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN,
                  "description": "A date, YYYY-MM-DD."}
    elif kind == "instant":
        schema = {"type": "string", "format": "date-time", "pattern": INSTANT_PATTERN,
                  "description": "An instant with its zone (Z or +HH:MM), within years "
                  "0001-9999 in UTC."}
    else:
        schema = {"type": ["object", "array"],
                  "description": f"A JSON object or list: finite numbers, whole numbers "
                  f"within 64 bits, nested at most {MAX_JSON_DEPTH} levels."}
    schema["x-kind"] = kind
    if spec.nullable:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def fields_schema(entity: EntitySpec) -> dict[str, Any]:
    return {
        "title": f"{entity.entity} fields",
        "type": "object",
        "description": f"The fields an operation on a {entity.entity} may change (only "
        "those it changes need be sent).",
        "properties": {name: field_schema(spec) for name, spec in entity.fields.items()},
        "additionalProperties": False,
    }


def record_types() -> dict[str, Any]:
    return {
        name: {
            "fields": {"$ref": f"{REF}{name}Fields"},
            "operation": {"$ref": f"{REF}{name}Op"},
            "family_key": spec.sync.family_key,
            "append_only": spec.sync.append_only,
            "final_when": spec.sync.final_when,
        }
        for name, spec in ENTITIES.items()
    }


def add_record_types(doc: dict[str, Any]) -> None:
    """Document every record type's fields and operation in ``doc`` (changed in place)."""
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    op = schemas.get("Op")
    push = schemas.get("PushRequest")
    if op is None or push is None:
        return
    mapping = {}
    for name, spec in ENTITIES.items():
        schemas[f"{name}Fields"] = fields_schema(spec)
        entity_op = copy.deepcopy(op)
        entity_op["title"] = f"{name} operation"
        entity_op["properties"]["entity"] = {"type": "string", "const": name}
        entity_op["properties"]["fields"] = {"$ref": f"{REF}{name}Fields"}
        schemas[f"{name}Op"] = entity_op
        mapping[name] = f"{REF}{name}Op"
    push["properties"]["ops"]["items"] = {
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
        "discriminator": {"propertyName": "entity", "mapping": mapping},
    }
    doc["x-record-types"] = record_types()


def document_record_types(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI document list the record types and their fields."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            add_record_types(build())
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]
