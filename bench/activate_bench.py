"""Interleaved benchmark of `peaqos activate` against the official CLI (pinned in interop/peer-cli/requirements.txt).

Run through bench/activate-vs-official.sh, which builds, installs the peer in a venv and starts one devnet for both.
Every round runs each contestant once, in turn, each in a fresh folder (a new key, so a whole activation); the
figures are medians. Prints lines starting with BENCHMARK, with the ours/peer ratio, and the load average.

Usage: python activate_bench.py ROOT DEVNET_DIR RUNS [BEFORE_ROOT]
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "interop" / "peer-cli"))
import peer_activate  # noqa: E402

DID_FLAGS = ["--doc-url", "https://example.org/docs", "--data-api", "https://example.org/api"]


CPU: dict[str, list[float]] = {}


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, env, cwd) -> float:
    t0 = time.monotonic()
    p = subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({p.returncode}):\n{p.stderr[-3000:]}{p.stdout[-1000:]}")
    return elapsed


def timed_peer_activate(devnet_env: Path, cwd: str) -> float:
    """The official CLI's activate, its 2FA prompt answered from the otpauth URI it prints; the key is made before
    the clock starts (our CLI makes its own inside its run)."""
    env = peer_activate.peer_env(devnet_env)
    cli = str(Path(sys.executable).parent / "peaqos")
    t0 = time.monotonic()
    proc = subprocess.Popen([cli, "activate", *DID_FLAGS], env=env, cwd=cwd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    err: list[str] = []

    def pump():
        for line in proc.stderr:
            err.append(line)
            if "otpauth URI" in line:
                proc.stdin.write(peer_activate.totp(line.split(":", 1)[1].strip()) + "\n")
                proc.stdin.flush()

    t = threading.Thread(target=pump, daemon=True)
    t.start()
    out = proc.stdout.read()
    rc = proc.wait()
    elapsed = time.monotonic() - t0
    t.join()
    if rc != 0 or "activated successfully" not in out:
        raise SystemExit("official CLI failed:\n" + "".join(err)[-3000:] + out)
    return elapsed


def report(what: str, ours: list[float], peer: list[float], before: list[float] | None):
    mo, mp = statistics.median(ours), statistics.median(peer)
    line = (f"BENCHMARK {what}: ours {mo:.3f} s, official {mp:.3f} s, ours/official {mo / mp:.2f}"
            f" (median of {len(ours)}, interleaved)")
    if before:
        mb = statistics.median(before)
        line += f"; before {mb:.3f} s, before/official {mb / mp:.2f}"
    print(line, flush=True)


def main() -> int:
    root, devnet_dir, runs = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), int(sys.argv[3])
    before_root = Path(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
    devnet_env = devnet_dir / "devnet.env"
    env = dict(os.environ)
    env["PEAQOS_DEVNET_DIR"] = str(devnet_dir)
    ours_roots = [("ours", root)] + ([("before", before_root)] if before_root else [])
    peer_cli = str(Path(sys.executable).parent / "peaqos")
    load_start = os.getloadavg()

    # One unmeasured run of each: the class-data archive of `activate`, Python's byte-code caches.
    with tempfile.TemporaryDirectory() as d:
        for _, r in ours_roots:
            timed([str(r / "peaqos"), "activate", "--network", "devnet", *DID_FLAGS], env, d)
            timed([str(r / "peaqos"), "--version"], env, d)
            os.rename(Path(d) / ".peaqos", Path(d) / f".peaqos-{time.monotonic_ns()}")
    with tempfile.TemporaryDirectory() as d:
        timed_peer_activate(devnet_env, d)

    t = {k: [] for k in ("ours", "before", "peer", "v-ours", "v-before", "v-peer")}
    cpu = {k: [] for k in ("ours", "before", "peer")}
    for i in range(runs):
        for name, r in ours_roots:
            with tempfile.TemporaryDirectory() as d:
                c0 = children_cpu()
                t[name].append(timed([str(r / "peaqos"), "activate", "--network", "devnet", *DID_FLAGS], env, d))
                cpu[name].append(children_cpu() - c0)
        with tempfile.TemporaryDirectory() as d:
            c0 = children_cpu()
            t["peer"].append(timed_peer_activate(devnet_env, d))
            cpu["peer"].append(children_cpu() - c0)
    for i in range(runs):
        for name, r in ours_roots:
            t["v-" + name].append(timed([str(r / "peaqos"), "--version"], env, "/"))
        t["v-peer"].append(timed([peer_cli, "--version"], env, "/"))
    load_end = os.getloadavg()

    report("activate --network devnet, whole command, fresh folder each run",
           t["ours"], t["peer"], t["before"] if before_root else None)
    report("activate CPU time (user + sys of the command's processes)",
           cpu["ours"], cpu["peer"], cpu["before"] if before_root else None)
    report("--version (start-up)", t["v-ours"], t["v-peer"], t["v-before"] if before_root else None)
    print(f"BENCHMARK load average (1, 5, 15 min) at start {load_start}, at end {load_end}; "
          f"{os.cpu_count()} CPUs", flush=True)
    for k, v in t.items():
        if v:
            print(f"  {k}: " + " ".join(f"{x:.3f}" for x in v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
