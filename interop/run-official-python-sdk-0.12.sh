#!/usr/bin/env bash
# Runs the official peaqOS Python SDK 0.12.1 (Economics 2.0; pinned in python-0.12/requirements.txt, its own
# virtual environment beside the 0.11.2 one), unmodified, against a fresh devnet started by ./peaqos. The
# harness adds the `devnet` deployment record to the SDK's table at run time. Everything lives under
# target/interop-0.12 and is removed by the next run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/interop-0.12"
rm -rf "$work"
mkdir -p "$work"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check -r "$root/interop/python-0.12/requirements.txt"

devnet="$work/devnet"
stop() { HOME="$work/home" "$root/peaqos" devnet down --devnet-dir "$devnet" >&2 || true; }
trap stop EXIT
HOME="$work/home" "$root/peaqos" devnet up --detach --devnet-dir "$devnet" >&2
HOME="$work/home" "$work/venv/bin/python" "$root/interop/python-0.12/official_sdk_econ2_flow.py" "$devnet/devnet.env"
