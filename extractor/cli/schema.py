"""``extractor schema``: the JSON Schema of the output contract."""

from __future__ import annotations

import argparse
import json
import sys

from extractor.cli.targets import check_target, write_target
from extractor.core.schema import Output


def schema_json() -> str:
    return json.dumps(Output.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def register(sub: argparse._SubParsersAction) -> None:
    sc = sub.add_parser("schema", help="print the JSON Schema of the output")
    sc.add_argument("-o", "--output", help="write to this file instead of stdout")
    sc.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.output:
        check_target(args.output, "--output")
        write_target(args.output, schema_json())
    else:
        sys.stdout.write(schema_json())
    return 0
