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


class RunFailed(Exception):
    """One run failed (say, a node hiccup under load): it is reported and run again, never timed."""


FAILURES: list[str] = []


def retried(fn):
    """fn() timed, again in a fresh folder when a run fails (at most 3 tries)."""
    for attempt in range(3):
        try:
            return fn()
        except RunFailed as e:
            FAILURES.append(str(e))
            print(f"  (discarded a failed run: {e})", file=sys.stderr, flush=True)
    raise SystemExit("three failed runs in a row: " + FAILURES[-1])




def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, env, cwd) -> float:
    t0 = time.monotonic()
    p = subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.monotonic() - t0
    if p.returncode != 0:
        raise RunFailed(f"{cmd[0]} failed ({p.returncode}): {p.stderr.strip().splitlines()[-1][:300]}")
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
        raise RunFailed("official CLI failed: " + ("".join(err) + out).strip().splitlines()[-1][:300])
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
    # "before" runs against the devnet its own build started (its services are part of the run), when there is one.
    envs = {"ours": env, "before": env}
    if before_root and os.environ.get("PEAQOS_BENCH_BEFORE_DEVNET"):
        envs["before"] = dict(env, PEAQOS_DEVNET_DIR=os.environ["PEAQOS_BENCH_BEFORE_DEVNET"])
    peer_cli = str(Path(sys.executable).parent / "peaqos")
    load_start = os.getloadavg()

    # One unmeasured run of each: the class-data archive of `activate` and `--version`, Python's byte-code caches.
    for name, r in ours_roots:
        def warm(r=r, e=envs[name]):
            with tempfile.TemporaryDirectory() as d:
                timed([str(r / "peaqos"), "activate", "--network", "devnet", *DID_FLAGS], e, d)
                timed([str(r / "peaqos"), "--version"], e, d)
        retried(warm)

    def warm_peer():
        with tempfile.TemporaryDirectory() as d:
            timed_peer_activate(devnet_env, d)
    retried(warm_peer)

    t = {k: [] for k in ("ours", "before", "peer", "v-ours", "v-before", "v-peer")}
    cpu = {k: [] for k in ("ours", "before", "peer")}
    def ours_once(r, e):
        with tempfile.TemporaryDirectory() as d:
            c0 = children_cpu()
            wall = timed([str(r / "peaqos"), "activate", "--network", "devnet", *DID_FLAGS], e, d)
            return wall, children_cpu() - c0

    def peer_once():
        with tempfile.TemporaryDirectory() as d:
            c0 = children_cpu()
            wall = timed_peer_activate(devnet_env, d)
            return wall, children_cpu() - c0

    for i in range(runs):
        for name, r in ours_roots:
            wall, used = retried(lambda: ours_once(r, envs[name]))
            t[name].append(wall)
            cpu[name].append(used)
        wall, used = retried(peer_once)
        t["peer"].append(wall)
        cpu["peer"].append(used)
    for i in range(runs):
        for name, r in ours_roots:
            t["v-" + name].append(timed([str(r / "peaqos"), "--version"], envs[name], "/"))
        t["v-peer"].append(timed([peer_cli, "--version"], env, "/"))
    # The flow in one process: register + mint + DID per flow, each side in its own process, rounds interleaved.
    cp = f"{root / 'cli/target/peaqos-cli.jar'}:{(root / 'cli/target/classpath.txt').read_text().strip()}"
    flows = {"ours": [], "peer": []}
    for i in range(3):
        out = subprocess.run(["java", "-XX:+UseSerialGC", "-cp", cp, str(HERE / "InProcessFlow.java"), str(devnet_dir),
                              str(max(5, runs))], capture_output=True, text=True, env=env)
        flows["ours"] += [float(l.split()[1]) for l in out.stdout.splitlines() if l.startswith("FLOW ")]
        out = subprocess.run([sys.executable, str(HERE / "official_inprocess_flow.py"), str(devnet_dir),
                              str(max(5, runs))], capture_output=True, text=True, env=env)
        flows["peer"] += [float(l.split()[1]) for l in out.stdout.splitlines() if l.startswith("FLOW ")]
    load_end = os.getloadavg()
    # Where our activate's classes come from (the launcher's class-data archive, or read from a jar), one run.
    with tempfile.TemporaryDirectory() as d:
        log = Path(d) / "classes.log"
        cds_env = dict(env, PEAQOS_JAVA_OPTS=f"-Xlog:class+load:file={log}")
        timed([str(root / "peaqos"), "activate", "--network", "devnet", *DID_FLAGS], cds_env, d)
        lines = [l for l in log.read_text().splitlines() if " source: " in l]
        shared = sum(1 for l in lines if "source: shared objects file" in l)
        bc_jar = sum(1 for l in lines if " org.bouncycastle." in l and "source: file:" in l)
        print(f"BENCHMARK classes loaded by our activate: {len(lines)}, {shared} from the class-data archive "
              f"({shared / len(lines):.2f}); BouncyCastle classes read from a jar: {bc_jar}", flush=True)

    report("activate --network devnet, whole command, fresh folder each run",
           t["ours"], t["peer"], t["before"] if before_root else None)
    report("activate CPU time (user + sys of the command's processes)",
           cpu["ours"], cpu["peer"], cpu["before"] if before_root else None)
    report("--version (start-up)", t["v-ours"], t["v-peer"], t["v-before"] if before_root else None)
    if flows["ours"] and flows["peer"]:
        report("flow in one process, register + mint + six DID attributes, per flow",
               flows["ours"], flows["peer"], None)
    print(f"BENCHMARK load average (1, 5, 15 min) at start {load_start}, at end {load_end}; "
          f"{os.cpu_count()} CPUs", flush=True)
    if FAILURES:
        print(f"  {len(FAILURES)} failed run(s) discarded and run again: " + " | ".join(FAILURES))
    for k, v in list(t.items()) + [("flow-ours", flows["ours"]), ("flow-peer", flows["peer"])]:
        if v:
            print(f"  {k}: " + " ".join(f"{x:.3f}" for x in v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
