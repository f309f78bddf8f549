"""Runs the official peaqOS CLI 0.1.1 (Economics 2.0), unmodified, against our devnet.

The CLI (through its SDK 0.12.1) only talks to deployments in the SDK's own table. Each CLI command runs
in a child Python process that first adds the `devnet` record to that table at run time, with the same
code as the SDK check (interop/python-0.12/official_sdk_econ2_flow.py: add_devnet_record), and then calls
the CLI's own entry point (`peaqos = peaq_os_cli.main:cli`) with the arguments. Nothing of the installed
packages is edited.

Checks: `peaqos activate --yes --json` on the PEAQ rail (approval of the net bond on 0x...0809, then
activateMachine), a re-run that reports the machine already active and sends nothing, `peaqos machine
status <id> --json`, `peaqos qualify event` for the active machine into the 2.0 EventRegistry, and
`peaqos activate --payment usdt --slippage-bps 50` (approval to the provision pool, activateMachineWithUsdt).

The signer is anvil's well-known dev account 6 (a public test key): the devnet funds it and gives it the
delegation that lets 0x...0809 spend its native balance.

Usage: python official_cli_econ2_flow.py <path to devnet.env>
       python official_cli_econ2_flow.py --cli <path to devnet.env> <peaqos arguments...>   (one command)
Prints one line per check and a closing 'N passed, N failed' line; exits non-zero on any failure.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python-0.12"))
from official_sdk_econ2_flow import add_devnet_record, load_env, rpc  # noqa: E402  (the one record)

DEV_KEY_6 = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"
DEV_ADDRESS_6 = "0x976EA74026E726554dB657fA54763abd0C3a0aa9"
# dev account 5 pays on the USDT rail (every dev account holds the devnet's test USDT).
DEV_KEY_5 = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"
DEV_ADDRESS_5 = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc"

RESULTS: list[tuple[str, bool]] = []


def run_cli(env_file: str, args: list[str]) -> None:
    """Child mode: the run-time record, then the official CLI's own entry point."""
    add_devnet_record(load_env(Path(env_file)))
    from peaq_os_cli.main import cli

    cli.main(args=args, prog_name="peaqos")


def peaqos(env_file: Path, workdir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(Path(__file__).resolve()), "--cli", str(env_file), *args]
    proc = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=300)
    print(f"     $ peaqos {' '.join(args)} -> exit {proc.returncode}", flush=True)
    return proc


def check(name: str, ok: bool, detail: str = "") -> bool:
    RESULTS.append((name, ok))
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"), flush=True)
    return ok


def main() -> int:
    env_file = Path(sys.argv[1]).resolve()
    devnet = load_env(env_file)
    rpc_url = devnet["PEAQOS_RPC_URL"]
    # Beside the devnet folder (target/interop-cli-0.1), which the next run removes.
    workdir = Path(tempfile.mkdtemp(prefix="official-cli-", dir=env_file.parent.parent))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PEAQOS_") and k not in ("TOKENOMICS_DEPLOYMENT_ID",)
    }
    env.update(
        {
            "PEAQOS_DEPLOYMENT_ID": "devnet",
            "PEAQOS_RPC_URL": rpc_url,
            "PEAQOS_PRIVATE_KEY": DEV_KEY_6,
            "DO_NOT_TRACK": "1",
            "PEAQOS_TELEMETRY": "0",
            "HOME": str(workdir),
        }
    )
    doc = workdir / "did-document.json"
    doc.write_text(
        json.dumps(
            {
                "verificationMethods": [
                    {
                        "id": "#key-1",
                        "methodType": "EcdsaSecp256k1RecoveryMethod2020",
                        "controller": DEV_ADDRESS_6,
                        "publicKeyMultibase": "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
                    }
                ],
                "authentication": [0],
                "serviceEndpoints": [
                    {"id": "#api", "serviceType": "MachineApi", "serviceEndpoint": "https://machine.example/api"}
                ],
            }
        )
    )
    activate = [
        "activate",
        "--machine-type",
        "Sensor",
        "--credential-subject-hex",
        "0x0c11",
        "--manufacturer",
        DEV_ADDRESS_6,
        "--tier",
        "entry",
        "--did-document",
        str(doc),
        "--skip-funding",
        "--yes",
        "--json",
    ]
    nonce_before = int(rpc(rpc_url, "eth_getTransactionCount", [DEV_ADDRESS_6, "latest"]), 16)
    first = peaqos(env_file, workdir, env, *activate)
    machine_id = None
    try:
        report = json.loads(first.stdout)
        machine_id = report.get("machine_id")
        nonce_after = int(rpc(rpc_url, "eth_getTransactionCount", [DEV_ADDRESS_6, "latest"]), 16)
        check(
            "activate --yes activates on the PEAQ rail (approval + activateMachine, machine id as a string)",
            first.returncode == 0
            and report.get("status") == "activated"
            and report.get("deployment_id") == "devnet"
            and isinstance(machine_id, str)
            and report.get("owner", "").lower() == DEV_ADDRESS_6.lower()
            and nonce_after - nonce_before == 2,
            f"exit {first.returncode}, nonce +{nonce_after - nonce_before}, {first.stdout}{first.stderr[-2000:]}",
        )
    except (ValueError, json.JSONDecodeError):
        check("activate --yes activates on the PEAQ rail", False, first.stdout + first.stderr[-2000:])

    again = peaqos(env_file, workdir, env, *activate)
    try:
        report = json.loads(again.stdout)
        nonce_again = int(rpc(rpc_url, "eth_getTransactionCount", [DEV_ADDRESS_6, "latest"]), 16)
        check(
            "a re-run reports already_active and sends nothing",
            again.returncode == 0 and report.get("status") == "already_active" and nonce_again == nonce_before + 2,
            again.stdout + again.stderr[-2000:],
        )
    except (ValueError, json.JSONDecodeError):
        check("a re-run reports already_active", False, again.stdout + again.stderr[-2000:])

    if machine_id:
        status = peaqos(env_file, workdir, env, "machine", "status", machine_id, "--json")
        try:
            s = json.loads(status.stdout)
            text = json.dumps(s).lower()
            check(
                "machine status reads the active machine",
                status.returncode == 0 and machine_id in json.dumps(s) and "active" in text,
                status.stdout + status.stderr[-2000:],
            )
        except (ValueError, json.JSONDecodeError):
            check("machine status reads the active machine", False, status.stdout + status.stderr[-2000:])

        block = rpc(rpc_url, "eth_getBlockByNumber", ["latest", False])
        ts = str(int(block["timestamp"], 16) - 1)
        event = peaqos(
            env_file, workdir, env,
            "qualify", "event", "--machine-id", machine_id, "--type", "revenue", "--value", "1250",
            "--ts", ts, "--currency", "USD", "--yes", "--json",
        )
        logs = rpc(
            rpc_url,
            "eth_getLogs",
            [{"address": devnet["EVENT_REGISTRY_V2_ADDRESS"], "fromBlock": "0x0", "toBlock": "latest"}],
        )
        check(
            "qualify event lands in the 2.0 EventRegistry",
            event.returncode == 0 and len(logs) >= 1,
            f"exit {event.returncode}, {len(logs)} logs: {event.stdout}{event.stderr[-2000:]}",
        )

    usdt_env = dict(env, PEAQOS_PRIVATE_KEY=DEV_KEY_5)
    usdt_doc = workdir / "did-document-usdt.json"
    usdt_doc.write_text(doc.read_text().replace(DEV_ADDRESS_6, DEV_ADDRESS_5))
    usdt_activate = [
        "activate", "--machine-type", "Sensor", "--credential-subject-hex", "0x0c12",
        "--manufacturer", DEV_ADDRESS_5, "--tier", "entry", "--did-document", str(usdt_doc),
        "--payment", "usdt", "--slippage-bps", "50", "--skip-funding", "--yes", "--json",
    ]
    usdt_nonce = int(rpc(rpc_url, "eth_getTransactionCount", [DEV_ADDRESS_5, "latest"]), 16)
    paid = peaqos(env_file, workdir, usdt_env, *usdt_activate)
    try:
        report = json.loads(paid.stdout)
        nonce_after = int(rpc(rpc_url, "eth_getTransactionCount", [DEV_ADDRESS_5, "latest"]), 16)
        check(
            "activate --payment usdt pays 1 USDT through the provision pool (approval + activateMachineWithUsdt)",
            paid.returncode == 0
            and report.get("status") == "activated"
            and report.get("payment") == "usdt"
            and str(report.get("usdt_amount")) == "1000000"
            and str(report.get("max_usdt_amount")) == "1005000"
            and nonce_after - usdt_nonce == 2,
            f"exit {paid.returncode}, nonce +{nonce_after - usdt_nonce}, {paid.stdout}{paid.stderr[-2000:]}",
        )
    except (ValueError, json.JSONDecodeError):
        check("activate --payment usdt", False, paid.stdout + paid.stderr[-2000:])

    passed = sum(1 for _, ok in RESULTS if ok)
    failed = len(RESULTS) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--cli":
        os.environ.setdefault("DO_NOT_TRACK", "1")
        run_cli(sys.argv[2], sys.argv[3:])
    else:
        try:
            sys.exit(main())
        except Exception:  # report, never hide
            traceback.print_exc()
            sys.exit(1)
