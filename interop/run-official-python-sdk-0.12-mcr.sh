#!/usr/bin/env bash
# Runs the official peaqOS Python SDK 0.12.1's MCR query and monetization calls (pinned in
# python-0.12/requirements.txt), unmodified, against the MCR API of a fresh devnet started by ./peaqos.
# Same harness as run-official-python-sdk-0.12.sh (its own venv and devnet, under target/interop-0.12-mcr,
# removed by the next run); the run-time devnet record is paired with the devnet's MCR API URL.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/interop-0.12-mcr"
rm -rf "$work"
mkdir -p "$work"

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check -r "$root/interop/python-0.12/requirements.txt"

# Any free ports for the services (devnet.env carries their URLs): other devnets may hold the defaults.
export PEAQOS_DEVNET_MCR_PORT="${PEAQOS_DEVNET_MCR_PORT:-0}"
export PEAQOS_DEVNET_GAS_STATION_PORT="${PEAQOS_DEVNET_GAS_STATION_PORT:-0}"
devnet="$work/devnet"
stop() { HOME="$work/home" "$root/peaqos" devnet down --devnet-dir "$devnet" >&2 || true; }
trap stop EXIT
HOME="$work/home" "$root/peaqos" devnet up --detach --devnet-dir "$devnet" >&2
HOME="$work/home" "$work/venv/bin/python" "$root/interop/python-0.12/official_sdk_mcr_queries.py" "$devnet/devnet.env"
