"""LINE's OpenAPI descriptions as JSON Schema validators, read from the shared reference copy.

OpenAPI's `discriminator` means nothing to JSON Schema, so each schema that has one is
given a dispatching twin: it validates the base schema and then, chosen by the
discriminating property, the mapped subtype (which must exist). References are pointed at
the twins except where a subtype includes its base through `allOf`. Object schemas also
reject properties they do not declare, so a misspelt field fails instead of passing.
"""
from __future__ import annotations

import copy
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

REF_PREFIX = "#/components/schemas/"
DISPATCH_SUFFIX = "__dispatch"


def shared_openapi_dir() -> Path | None:
    candidates = [Path(__file__).resolve().parents[3] / "shared" / "line-openapi"]
    if os.environ.get("SAMMACHIP_SHARED_DIR"):
        candidates.append(Path(os.environ["SAMMACHIP_SHARED_DIR"]) / "line-openapi")
    return next((path for path in candidates if (path / "webhook.yml").is_file()), None)


def _bases(schemas: dict[str, Any]) -> set[str]:
    """Schemas that other schemas include through `allOf`."""
    return {part["$ref"].removeprefix(REF_PREFIX) for schema in schemas.values()
            for part in schema.get("allOf", []) if "$ref" in part}


def _rewrite(node: Any, discriminated: set[str], in_all_of: bool = False) -> Any:
    if isinstance(node, list):
        return [_rewrite(item, discriminated, in_all_of) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("nullable"):
        node = {key: value for key, value in node.items() if key != "nullable"}
        node = {"anyOf": [node, {"type": "null"}]}
    rewritten = {}
    for key, value in node.items():
        if key == "$ref" and not in_all_of and value.removeprefix(REF_PREFIX) in discriminated:
            value += DISPATCH_SUFFIX
        rewritten[key] = _rewrite(value, discriminated, key == "allOf")
    return rewritten


def _dispatcher(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    discriminator = schema["discriminator"]
    prop, mapping = discriminator["propertyName"], discriminator.get("mapping", {})
    return {"allOf": [{"$ref": REF_PREFIX + name},
                      {"properties": {prop: {"enum": sorted(mapping)}}},
                      *({"if": {"properties": {prop: {"const": value}}, "required": [prop]},
                         "then": {"$ref": target}} for value, target in mapping.items())]}


def _strict(schemas: dict[str, Any]) -> None:
    """Close every object schema that is not a base; a subtype sees its base's properties through allOf."""
    bases = _bases(schemas)
    for name, schema in schemas.items():
        declares = "properties" in schema or "allOf" in schema
        if name not in bases and declares and "additionalProperties" not in schema and "discriminator" not in schema:
            schema["unevaluatedProperties"] = False


@cache
def components(spec_file: str) -> dict[str, Any]:
    spec = yaml.safe_load((shared_openapi_dir() / spec_file).read_text(encoding="utf-8"))
    schemas = copy.deepcopy(spec["components"]["schemas"])
    discriminated = {name for name, schema in schemas.items() if "discriminator" in schema}
    _strict(schemas)
    schemas = {name: _rewrite(schema, discriminated) for name, schema in schemas.items()}
    for name in discriminated:
        schemas[name + DISPATCH_SUFFIX] = _dispatcher(name, schemas[name])
    return {"spec": spec, "schemas": schemas, "discriminated": discriminated}


def validator(spec_file: str, schema: dict[str, Any]) -> Draft202012Validator:
    loaded = components(spec_file)
    root = {**_rewrite(schema, loaded["discriminated"]), "components": {"schemas": loaded["schemas"]}}
    return Draft202012Validator(root)


def schema_errors(spec_file: str, schema_name: str, instance: Any) -> list[str]:
    found = validator(spec_file, {"$ref": REF_PREFIX + schema_name}).iter_errors(instance)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in found]


def operation(method: str, path: str) -> dict[str, Any] | None:
    """The messaging-api.yml operation serving `method path`; literal paths win over `{param}` ones."""
    paths = components("messaging-api.yml")["spec"]["paths"]
    for template, operations in sorted(paths.items(), key=lambda item: item[0].count("{")):
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    return None


def _json_schema(content: dict[str, Any] | None) -> dict[str, Any] | None:
    return ((content or {}).get("application/json") or {}).get("schema")


def exchange_errors(method: str, path: str, request_body: Any, status: int, response_body: Any) -> list[str]:
    """Where one API call's request or response departs from messaging-api.yml."""
    found = operation(method, path)
    if found is None:
        return [f"{method} {path}: not in messaging-api.yml"]
    problems = []
    request_schema = _json_schema((found.get("requestBody") or {}).get("content"))
    if request_schema is not None:
        problems += [f"request {e.message}" for e in validator("messaging-api.yml", request_schema)
                     .iter_errors(request_body)]
    documented = found["responses"].get(str(status))
    if documented is None and status >= 400:
        documented = {"content": {"application/json": {"schema": {"$ref": REF_PREFIX + "ErrorResponse"}}}}
    if documented is None:
        return problems + [f"{method} {path}: status {status} is not documented"]
    response_schema = _json_schema(documented.get("content"))
    if response_schema is not None:
        problems += [f"response {'/'.join(map(str, e.absolute_path))}: {e.message}"
                     for e in validator("messaging-api.yml", response_schema).iter_errors(response_body)]
    return [f"{method} {path} -> {status}: {problem}" for problem in problems]
