#!/usr/bin/env bash
# The `activate` benchmark against the official CLI (peaq-os-cli and peaq-os-sdk pinned in
# interop/peer-cli/requirements.txt), outside the default test run:
#
#   bench/activate-vs-official.sh [RUNS] [BEFORE_ROOT]
#
# Builds through ./peaqos, installs the official CLI in a venv under target/bench, starts one devnet for both
# (target/bench/devnet, any free ports), and prints BENCHMARK lines: the whole `activate` (a fresh folder each
# run, median of RUNS interleaved, default 7), its CPU time, `--version`, the flow in one process, and the load
# average during the runs. BEFORE_ROOT, optional, is another built checkout timed in the same rounds, against a
# devnet started by its own launcher (target/bench/devnet-before).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-7}
before=${2:-}
work="$root/target/bench"
mkdir -p "$work"
export HOME="$work/home" PEAQOS_LAUNCHER_QUIET=1
mkdir -p "$HOME"

"$root/peaqos" --version >&2
if [ ! -x "$work/venv/bin/peaqos" ] || ! cmp -s "$root/interop/peer-cli/requirements.txt" "$work/venv/requirements.txt"; then
  rm -rf "$work/venv"
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q --disable-pip-version-check -r "$root/interop/peer-cli/requirements.txt"
  cp "$root/interop/peer-cli/requirements.txt" "$work/venv/requirements.txt"
fi

devnet="$work/devnet"
# BEFORE_ROOT's runs go to a devnet of its own build (its MCR API and Gas Station too): the services are part of
# what `activate` waits for, so "before" is the other checkout as a whole.
before_devnet="$work/devnet-before"
stop() {
  "$root/peaqos" devnet down --devnet-dir "$devnet" >&2 || true
  if [ -n "$before" ]; then "$before/peaqos" devnet down --devnet-dir "$before_devnet" >&2 || true; fi
}
trap stop EXIT
"$root/peaqos" devnet up --detach --devnet-dir "$devnet" --mcr-port 0 --gas-station-port 0 >&2
if [ -n "$before" ]; then
  "$before/peaqos" devnet up --detach --devnet-dir "$before_devnet" --mcr-port 0 --gas-station-port 0 >&2
  export PEAQOS_BENCH_BEFORE_DEVNET="$before_devnet"
fi
"$work/venv/bin/python" "$root/bench/activate_bench.py" "$root" "$devnet" "$runs" "$before"
