"""The committed JSON Schema must match the Pydantic models (regenerate: extractor schema)."""

import json
from pathlib import Path

from extractor.cli import schema_json
from extractor.core.schema import SCHEMA_VERSION, Output

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schemas" / "output.schema.json"


def test_schema_file_is_current():
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == schema_json(), (
        "schemas/output.schema.json is stale: run `extractor schema -o schemas/output.schema.json`"
    )


def test_schema_names_the_contract_fields():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert set(schema["required"]) >= {"document", "facts", "not_disclosed", "summary", "run"}
    fact = schema["$defs"]["Fact"]
    assert set(fact["required"]) >= {"id", "category", "statement", "citations"}
    assert fact["properties"]["category"]["enum"] == [
        "revenue",
        "customers",
        "products",
        "channels",
        "financing",
    ]
    assert Output.model_fields["schema_version"].default == SCHEMA_VERSION
