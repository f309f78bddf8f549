#!/usr/bin/env bash
# Runs the official peaqOS CLI 0.1.1 (Economics 2.0; pinned with its SDK 0.12.1 in python-cli-0.1/
# requirements.txt, its own virtual environment), unmodified, against a fresh devnet started by ./peaqos:
# activate --yes, machine status, qualify event. The CLI reads the same run-time `devnet` deployment record
# as the SDK check (interop/run-official-python-sdk-0.12.sh). Everything lives under target/interop-cli-0.1
# and is removed by the next run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/interop-cli-0.1"
rm -rf "$work"
mkdir -p "$work"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check -r "$root/interop/python-cli-0.1/requirements.txt"

devnet="$work/devnet"
stop() { HOME="$work/home" "$root/peaqos" devnet down --devnet-dir "$devnet" >&2 || true; }
trap stop EXIT
HOME="$work/home" "$root/peaqos" devnet up --detach --mcr-port 0 --devnet-dir "$devnet" >&2
HOME="$work/home" "$work/venv/bin/python" "$root/interop/python-cli-0.1/official_cli_econ2_flow.py" "$devnet/devnet.env"
