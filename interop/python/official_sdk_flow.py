"""Runs the official peaqOS Python SDK, unmodified, against our devnet.

Proves wire compatibility of the devnet contracts, the DID and batch precompile emulations, the Gas Station
and the MCR API with the real client: the self-managed flow of the onboarding guide (2FA, funding, register,
mint, DID attributes), an event, the MCR queries, and the error paths the guide names.

Usage: python official_sdk_flow.py <path to devnet.env>
Prints one line per check and a closing 'N passed, N failed' line; exits non-zero on any failure.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
import sys
import time
import traceback
import urllib.parse
import urllib.request
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PEAQOS_TELEMETRY", "0")

RESULTS: list[tuple[str, bool, str]] = []


def check(name):
    def wrap(fn):
        def run(*args, **kwargs):
            try:
                value = fn(*args, **kwargs)
                RESULTS.append((name, True, ""))
                print(f"ok   {name}", flush=True)
                return value
            except Exception as exc:  # a failed check is reported, the rest still runs where it can
                RESULTS.append((name, False, f"{type(exc).__name__}: {exc}"))
                print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
                traceback.print_exc(file=sys.stderr)
                return None
        return run
    return wrap


def load_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip().strip('"')
    return values


def totp_now(otpauth_uri: str, offset_steps: int = 0) -> str:
    """RFC 6238 code (SHA-1, 6 digits, 30 s) from an otpauth URI: the authenticator app's job."""
    query = urllib.parse.parse_qs(urllib.parse.urlparse(otpauth_uri).query)
    secret = query["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    counter = int(time.time()) // 30 + offset_steps
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def rpc(url: str, method: str, params: list):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        reply = json.loads(response.read())
    if "error" in reply:
        raise RuntimeError(reply["error"])
    return reply["result"]


def main() -> int:
    env = load_env(Path(sys.argv[1]))
    os.environ.update(env)
    from peaq_os_sdk import PeaqosClient
    from peaq_os_sdk.did.did_precompile import read_attribute

    rpc_url = env["PEAQOS_RPC_URL"]
    station = env["PEAQOS_GAS_STATION_URL"]

    address, private_key = PeaqosClient.generate_keypair()
    os.environ["PEAQOS_PRIVATE_KEY"] = private_key
    client = PeaqosClient.from_env()
    assert client.address.lower() == address.lower()

    setup = check("setup_faucet_2fa returns otpauth URI and QR URL")(lambda: _setup(client, address, station))()
    if setup:
        check("confirm_faucet_2fa with a TOTP code")(
            lambda: client.confirm_faucet_2fa(address, station, totp_now(setup["otpauth_uri"])))()
        check("fund_from_gas_station funds the fresh wallet")(lambda: _fund(client, address, station, setup))()
        check("a wrong 2FA code gives ApiError INVALID_2FA")(lambda: _wrong_code(client, address, station))()

    # The faucet pays gas; the 1 PEAQ bond is the owner's. Here owner == machine, topped up from the devnet.
    rpc(rpc_url, "anvil_setBalance", [address, hex(5 * 10**18)])

    machine_id = check("register_machine returns the new machine id")(lambda: _register(client))()
    check("a second register_machine fails with AlreadyRegistered")(lambda: _register_again(client))()
    token_id = None
    if machine_id:
        token_id = check("mint_nft + token_id_of give an independent token id")(
            lambda: _mint(client, machine_id, address))()
    if machine_id and token_id:
        check("write_machine_did_attributes lands six attributes in one batch")(
            lambda: _did(client, machine_id, token_id, address, read_attribute))()
        check("submit_event (revenue, USD) is accepted")(lambda: _event(client, machine_id))()
        check("query_mcr shows the machine as Provisioned and bonded")(lambda: _mcr(client, address))()
        check("query_machine returns the machine profile")(lambda: _machine(client, address, machine_id))()

    passed = sum(1 for _, ok, _ in RESULTS if ok)
    failed = len(RESULTS) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def _setup(client, address, station):
    setup = client.setup_faucet_2fa(address, station, "svg")
    assert setup["otpauth_uri"].startswith("otpauth://totp/"), setup
    assert setup["qr_image_url"].startswith("http"), setup
    with urllib.request.urlopen(setup["qr_image_url"], timeout=10) as response:
        assert b"<svg" in response.read(4096)
    return setup


def _fund(client, address, station, setup):
    # A code is accepted once; the confirm step used this window's code, so take the next step's.
    result = client.fund_from_gas_station(address, address, "peaq", totp_now(setup["otpauth_uri"], 1), station)
    assert result["status"] in ("success", "skipped"), result
    if result["status"] == "success":
        assert result["tx_hash"].startswith("0x") and int(result["funded_amount"]) > 0, result
    return result


def _wrong_code(client, address, station):
    from peaq_os_sdk.exceptions import ApiError
    try:
        client.fund_from_gas_station(address, address, "peaq", "000000", station)
    except ApiError as exc:
        assert exc.code == "INVALID_2FA", exc.code
        return
    raise AssertionError("a wrong code was accepted")


def _register(client):
    machine_id = client.register_machine()
    assert isinstance(machine_id, int) and machine_id > 0
    assert client.identity_registry.functions.machineWalletOf(machine_id).call().lower() == client.address.lower()
    assert client.identity_staking.functions.isStaked(machine_id).call()
    return machine_id


def _register_again(client):
    try:
        client.register_machine()
    except Exception as exc:
        assert "AlreadyRegistered" in f"{type(exc).__name__} {exc} {getattr(exc, 'code', '')}", exc
        return
    raise AssertionError("second registration succeeded")


def _mint(client, machine_id, address):
    tx_hash = client.mint_nft(machine_id=machine_id, recipient=address)
    assert str(tx_hash).replace("0x", "").__len__() == 64, tx_hash
    token_id = client.token_id_of(machine_id=machine_id)
    assert token_id > 0
    assert client.machine_nft.functions.ownerOf(token_id).call().lower() == address.lower()
    return token_id


def _did(client, machine_id, token_id, address, read_attribute):
    client.write_machine_did_attributes(
        machine_id=machine_id,
        nft_token_id=token_id,
        operator_did="",
        documentation_url="https://example.org/docs",
        data_api="https://example.org/api",
        data_visibility="public",
    )
    assert read_attribute(client, address, "machineId")["value"] == str(machine_id)
    assert read_attribute(client, address, "nftTokenId")["value"] == str(token_id)
    assert read_attribute(client, address, "data_visibility")["value"] == "public"


def _event(client, machine_id):
    block = client.web3.eth.get_block("latest")
    tx_hash, data_hash = client.submit_event(
        machine_id=machine_id, event_type=0, value=2500, timestamp=int(block["timestamp"]) - 1,
        raw_data=b"meter reading 42", trust_level=0, source_chain_id=0, source_tx_hash=None,
        metadata=b"", currency="USD")
    assert len(bytes(data_hash)) == 32
    count = client.event_registry.functions.getEventCount(machine_id).call()
    assert count == 1, count


def _mcr(client, address):
    deadline = time.monotonic() + 15
    while True:
        try:
            response = client.query_mcr(f"did:peaq:{address}")
            if response.get("bond_status") == "bonded":
                break
        except Exception:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"MCR never showed the machine: {response}")
        time.sleep(0.25)  # polling an eventually consistent index, bounded by the deadline
    assert response["mcr"] == "Provisioned", response
    assert response["mcr_score"] == 0, response


def _machine(client, address, machine_id):
    profile = client.query_machine(f"did:peaq:{address}")
    assert profile["peaqos"]["machine_id"] == machine_id, profile


if __name__ == "__main__":
    sys.exit(main())
