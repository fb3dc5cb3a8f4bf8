#!/usr/bin/env bash
# Makes the test venv (.venv) with the PyPI clients the tests use (Tests/Fixtures/requirements.txt) and prints its
# python. Idempotent: when the venv already holds those requirements it only checks.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
requirements=Tests/Fixtures/requirements.txt
stamp=.venv/requirements.txt
if ! cmp -s "$requirements" "$stamp" 2>/dev/null; then
    rm -rf .venv
    python3 -m venv .venv >&2
    .venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements" >&2
    cp "$requirements" "$stamp"
fi
echo "$PWD/.venv/bin/python"
