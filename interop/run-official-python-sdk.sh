#!/usr/bin/env bash
# Runs the official peaqOS Python SDK (pinned in python/requirements.txt), unmodified, against a fresh devnet
# started by ./peaqos: the wire-compatibility check of the contracts, precompile emulations, Gas Station and
# MCR API. Everything lives under target/interop and is removed by the next run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/interop"
rm -rf "$work"
mkdir -p "$work"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check -r "$root/interop/python/requirements.txt"

devnet="$work/devnet"
stop() { "$root/peaqos" devnet down --devnet-dir "$devnet" >&2 || true; }
trap stop EXIT
"$root/peaqos" devnet up --detach --devnet-dir "$devnet" >&2
"$work/venv/bin/python" "$root/interop/python/official_sdk_flow.py" "$devnet/devnet.env"
