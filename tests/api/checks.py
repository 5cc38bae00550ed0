"""
What the content API's answers are checked against: IPTC's ninjs 3.1 schema (from ../shared/ninjs) and
the API's own OpenAPI document, each with the jsonschema package, formats (URIs, times) included.
"""

import functools
import json
from pathlib import Path

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

NINJS_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "ninjs" / "ninjs-schema_3.1.json"


@functools.cache
def _ninjs_validator():
    schema = json.loads(NINJS_SCHEMA.read_text())
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def ninjs_errors(item):
    """Every way ``item`` breaks the ninjs 3.1 schema, as readable lines (none for a valid item)."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in _ninjs_validator().iter_errors(item)
    ]


def openapi_errors(document, answer, schema):
    """
    Every way ``answer`` breaks ``schema`` (a schema of the OpenAPI ``document``, with ``$ref`` to its
    components), as readable lines.
    """
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(document, DRAFT202012))
    validator = jsonschema.Draft202012Validator(
        {"$id": "urn:answer", **_rebased(schema)},
        registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(answer)]


def _rebased(schema):
    """``schema`` with its ``#/components/...`` references pointing into the OpenAPI document."""
    text = json.dumps(schema).replace('"#/components/', '"urn:openapi#/components/')
    return json.loads(text)
