"""One process, FLOWS self-managed flows through the official Python SDK (pinned in interop/peer-cli/requirements.txt)
on a running devnet: for each a new key (funded on the devnet, not timed), then, timed, a client for it, register,
mint and the six DID attributes (operator empty, as its CLI writes them). The first flow warms up and is not printed.
Prints one line per flow, "FLOW <seconds>", for bench/activate_bench.py.

Usage: python official_inprocess_flow.py DEVNET_DIR FLOWS
"""
from __future__ import annotations

import json
import os
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "interop" / "peer-cli"))
import peer_activate  # noqa: E402

os.environ["DO_NOT_TRACK"] = "1"
os.environ["PEAQOS_TELEMETRY"] = "0"


def main() -> int:
    devnet = Path(sys.argv[1])
    flows = int(sys.argv[2])
    os.environ.update(peer_activate.load_env(devnet / "devnet.env"))
    os.environ["PEAQOS_NETWORK"] = "peaq"
    from peaq_os_sdk import PeaqosClient

    rpc = os.environ["PEAQOS_RPC_URL"]
    for i in range(flows + 1):
        address, key = PeaqosClient.generate_keypair()
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "anvil_setBalance",
                           "params": [address, hex(10 * 10**18)]}).encode()
        urllib.request.urlopen(urllib.request.Request(rpc, body, {"Content-Type": "application/json"})).read()
        os.environ["PEAQOS_PRIVATE_KEY"] = key
        t0 = time.monotonic()
        client = PeaqosClient.from_env()
        machine_id = client.register_machine()
        client.mint_nft(machine_id=machine_id, recipient=address)
        token_id = client.token_id_of(machine_id=machine_id)
        client.write_machine_did_attributes(machine_id, token_id, "", "https://example.org/docs",
                                            "https://example.org/api", "public")
        elapsed = time.monotonic() - t0
        if i > 0:
            print(f"FLOW {elapsed:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
