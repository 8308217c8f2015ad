"""A readable page about the JSON API, drawn from its own OpenAPI document.

django-ninja's docs page loads Swagger UI from a CDN, and the portal makes no requests to
other sites. This page is plain server-rendered HTML in the portal's layout instead: it
works without JavaScript, passes the same accessibility checks as the other pages, and
can never disagree with the API because it reads the same OpenAPI document.
"""

from django.shortcuts import render
from django.urls import reverse

from selvhjelp.api import api

REF_PREFIX = "#/components/schemas/"


def _ref_name(ref):
    return ref.removeprefix(REF_PREFIX)


def describe_type(schema):
    """A short human description of a JSON Schema, e.g. "string (pattern ^[0-9]{4}$)"."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "anyOf" in schema:
        options = [option for option in schema["anyOf"] if option.get("type") != "null"]
        nullable = len(options) < len(schema["anyOf"])
        text = " or ".join(describe_type(option) for option in options)
        return f"{text} or null" if nullable else text
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {describe_type(schema.get('items', {}))}"
    details = []
    if "enum" in schema:
        details.append("one of " + ", ".join(str(value) for value in schema["enum"]))
    if "format" in schema:
        details.append(schema["format"])
    if "pattern" in schema:
        details.append(f"pattern {schema['pattern']}")
    if "minimum" in schema and "maximum" in schema:
        details.append(f"{schema['minimum']}–{schema['maximum']}")
    if "default" in schema:
        details.append(f"default {schema['default']}")
    return f"{kind} ({'; '.join(details)})" if details else kind


def _referenced(schema):
    """Names of the component schemas a schema points to, however deeply."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            yield _ref_name(schema["$ref"])
        for value in schema.values():
            yield from _referenced(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _referenced(value)


def api_reference(document):
    """The operations and the response schemas of an OpenAPI document, ready to render."""
    components = document.get("components", {}).get("schemas", {})
    operations = []
    wanted = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = []
            for code, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema", {})
                responses.append(
                    {
                        "code": code,
                        "description": response.get("description", ""),
                        "schema": describe_type(schema) if schema else "",
                    }
                )
                wanted.extend(_referenced(schema))
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "location": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": describe_type(parameter.get("schema", {})),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "responses": responses,
                }
            )

    # Every schema a response reaches, in the order first met.
    schemas = []
    seen = set()
    while wanted:
        name = wanted.pop(0)
        if name in seen or name not in components:
            continue
        seen.add(name)
        component = components[name]
        wanted.extend(_referenced(component))
        required = set(component.get("required", []))
        schemas.append(
            {
                "name": name,
                "description": component.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": describe_type(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
            }
        )
    return operations, schemas


def docs(request):
    document = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    operations, schemas = api_reference(document)
    return render(
        request,
        "api/docs.html",
        {
            "info": document["info"],
            "openapi_url": reverse("api:openapi-json"),
            "base_url": request.build_absolute_uri(reverse("api:api-root")),
            "operations": operations,
            "schemas": schemas,
        },
    )
