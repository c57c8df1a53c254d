"""How the LINE emulator answers requests that break LINE's messaging-api.yml.

    python -m benchmarks.emulator_conformance [--invalid 4556] [--seed 16]

Prints the single-violation requests answered 400 (target: all) and the schema-invalid
requests answered 5xx (target: none), with the statuses of any that miss. Needs
../shared/line-openapi (or SAMMACHIP_SHARED_DIR).
"""
from __future__ import annotations

import argparse
import collections
import logging
import sys
import time

from tests.emulator.openapi import shared_openapi_dir
from tests.emulator.violations import run_schema_invalid, run_single_violations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invalid", type=int, default=4556, help="schema-invalid requests to send")
    parser.add_argument("--seed", type=int, default=16)
    options = parser.parse_args()
    if shared_openapi_dir() is None:
        sys.exit("LINE's OpenAPI files are not here (../shared/line-openapi or SAMMACHIP_SHARED_DIR)")
    logging.disable(logging.CRITICAL)
    started = time.monotonic()
    single, spoiled = run_single_violations()
    if spoiled:
        sys.exit(f"baseline requests refused, the count would mean nothing: {spoiled}")
    answered_400 = sum(outcome.status == 400 for outcome in single)
    print(f"single-violation requests answered 400: {answered_400} of {len(single)}")
    for outcome in single:
        if outcome.status != 400:
            print(f"  {outcome.status}  {outcome.case}: {outcome.what} at {'.'.join(map(str, outcome.path))}")
    invalid = run_schema_invalid(options.invalid, options.seed)
    statuses = collections.Counter(outcome.status for outcome in invalid)
    failed = sum(count for status, count in statuses.items() if status >= 500)
    print(f"schema-invalid requests answered 5xx: {failed} of {len(invalid)} (statuses: {dict(sorted(statuses.items()))})")
    print(f"({time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    main()
