"""Runs the official peaqOS Python SDK 0.12.1 (Economics 2.0 only), unmodified, against our devnet.

The SDK only talks to deployments in its own table. This harness adds a `devnet` record to that table at
run time (the addresses and chain id come from devnet.env; the package's files are never edited) and then
drives the 2.0 flow through the SDK's public API: preview, activation with an approval of the net bond on
the native-balance token at 0x...0809, activation fully covered by a voucher, the activation state, a DID
document setter, an event, and the SDK's documented errors for an unknown and an already active machine.

The signer is one of anvil's well-known dev accounts (public test keys): the devnet gives the accounts it
funds the delegation that lets 0x...0809 spend their native balance.

Usage: python official_sdk_econ2_flow.py <path to devnet.env>
Prints one line per check and a closing 'N passed, N failed' line; exits non-zero on any failure.
"""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
import urllib.request
from pathlib import Path
from types import MappingProxyType

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PEAQOS_TELEMETRY", "0")

# anvil's well-known dev accounts 7 and 8 (public test keys, funded and delegated by the devnet).
DEV_KEY_7 = "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356"
DEV_KEY_8 = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97"
# dev account 9: holds the devnet's test USDT (every dev account gets 1,000,000 at deployment).
DEV_KEY_9 = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"
DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"  # dev account 0, owner of the devnet contracts

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


def rpc(url: str, method: str, params: list):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        reply = json.loads(response.read())
    if "error" in reply:
        raise RuntimeError(reply["error"])
    return reply["result"]


def add_devnet_record(env: dict[str, str]) -> None:
    """Adds the `devnet` record to the SDK's deployment table, in memory, before any client reads it."""
    import peaq_os_sdk.deployments as deployments
    from peaq_os_sdk.deployments.types import Deployment, DeploymentContracts
    from peaq_os_sdk.types.primitives import Address

    assert env["PEAQOS_DEPLOYMENT_ID"] == "devnet", env.get("PEAQOS_DEPLOYMENT_ID")
    chain_id = int(env["PEAQOS_CHAIN_ID"])
    assert chain_id not in (3338, 9990), "the devnet must never use a real network's chain id"
    record = Deployment(
        network="peaq",
        chain_id=chain_id,
        record_source="devnet.env",
        recorded_at="devnet",
        event_start_block=0,
        contracts=DeploymentContracts(
            info_desk=Address(env["INFO_DESK_ADDRESS"]),
            machine_registry=Address(env["MACHINE_REGISTRY_ADDRESS"]),
            machine_state_and_sync=Address(env["MACHINE_STATE_AND_SYNC_ADDRESS"]),
            machine_subscription=Address(env["MACHINE_SUBSCRIPTION_ADDRESS"]),
            cross_chain_mirror=Address(env["CROSS_CHAIN_MIRROR_ADDRESS"]),
            machine_bridge_adapter=Address(env["MACHINE_BRIDGE_ADAPTER_ADDRESS"]),
            subscription_token_provision_pool=Address(env["SUBSCRIPTION_TOKEN_PROVISION_POOL_ADDRESS"]),
        ),
        event_registry=Address(env["EVENT_REGISTRY_V2_ADDRESS"]),
    )
    table = dict(deployments.DEPLOYMENTS)
    table["devnet"] = record
    deployments.DEPLOYMENTS = MappingProxyType(table)


def main() -> int:
    env = load_env(Path(sys.argv[1]))
    add_devnet_record(env)
    from peaq_os_sdk import PeaqosClient
    from peaq_os_sdk.types.client import DeploymentConfig

    rpc_url = env["PEAQOS_RPC_URL"]
    client = PeaqosClient(rpc_url=rpc_url, private_key=DEV_KEY_7, deployment=DeploymentConfig(deployment_id="devnet"))
    covered = PeaqosClient(rpc_url=rpc_url, private_key=DEV_KEY_8, deployment=DeploymentConfig(deployment_id="devnet"))
    check("the client resolves the run-time devnet record")(lambda: _resolved(client, env))()

    params = _params(client, "Sensor", b"\xde\xad\xbe\xef")
    preview = check("preview_machine_activation quotes bond, voucher, net and the approval")(
        lambda: _preview(client, env, params))()
    machine_id = check("activate_machine approves the net bond on 0x0809 and activates; the native balance "
                       "drops by net bond + gas")(lambda: _activate(client, env, params, preview))()
    if machine_id:
        check("get_machine_activation_state reads owner, controller, subscription and home")(
            lambda: _state(client, machine_id))()
        check("set_machine_service_endpoints replaces the DID document's endpoints")(
            lambda: _set_endpoints(client, machine_id))()
        check("submit_event for the active machine lands in the 2.0 EventRegistry")(
            lambda: _event(client, env, machine_id))()
        check("activating the same machine again fails with ALREADY_ACTIVATED")(
            lambda: _already_active(client, params))()
    check("an unknown machine gives MACHINE_NOT_FOUND")(lambda: _unknown(client))()
    check("activate_machine with a voucher covering the bond sends no approval and moves no PEAQ")(
        lambda: _voucher(covered, env))()
    payer = PeaqosClient(rpc_url=rpc_url, private_key=DEV_KEY_9, deployment=DeploymentConfig(deployment_id="devnet"))
    check("activate_machine_with_usdt approves the bound to the provision pool, pays 1 USDT and emits "
          "PaidWithUsdt")(lambda: _usdt(payer, env))()

    passed = sum(1 for _, ok, _ in RESULTS if ok)
    failed = len(RESULTS) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def _resolved(client, env):
    assert client.deployment.deployment_id == "devnet"
    assert client.deployment.chain_id == int(env["PEAQOS_CHAIN_ID"])
    assert client.web3.eth.chain_id == int(env["PEAQOS_CHAIN_ID"])


def _params(client, machine_type: str, subject: bytes, tier: int = 0):
    from peaq_os_sdk.onboarding import ActivateMachineParams, ServiceEndpointInput, VerificationMethodInput

    return ActivateMachineParams(
        controller=client.address,
        verification_methods=(VerificationMethodInput(
            id="#key-1", method_type="EcdsaSecp256k1RecoveryMethod2020", controller=client.address,
            public_key_multibase="zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme"),),
        authentication=(0,),
        service_endpoints=(ServiceEndpointInput(id="#api", service_type="MachineApi",
                                                service_endpoint="https://machine.example/api"),),
        machine_type=machine_type,
        credential_subject=subject,
        manufacturer=client.address,
        tier=tier,
    )


def _preview(client, env, params):
    preview = client.preview_machine_activation(params)
    assert preview.deployment_id == "devnet" and preview.chain_id == int(env["PEAQOS_CHAIN_ID"]), preview
    assert preview.machine_id == 6797059852626571897596538631639987226658599017392690144141920250617808126524, preview
    assert preview.machine_id == client.compute_machine_id("Sensor", b"\xde\xad\xbe\xef")
    assert preview.peaq_token.lower() == env["PEAQ_TOKEN_ADDRESS"].lower(), preview.peaq_token
    assert preview.bond_amount == 20 * 10**18, preview.bond_amount  # 1 USD at 0.05 USD/PEAQ (devnet defaults)
    assert preview.voucher_credit == 0 and preview.net_peaq_amount == preview.bond_amount, preview
    assert preview.balance == client.web3.eth.get_balance(client.address), "0x0809 balance is the native balance"
    assert preview.current_allowance == 0 and preview.approval_required, preview
    return preview


def _activate(client, env, params, preview):
    submitted = []
    from dataclasses import replace
    params = replace(params, expected_machine_id=preview.machine_id, max_net_peaq_amount=preview.net_peaq_amount,
                     on_transaction_submitted=submitted.append)
    before = client.web3.eth.get_balance(client.address)
    result = client.activate_machine(params)
    after = client.web3.eth.get_balance(client.address)
    phases = [s.phase for s in submitted]
    assert phases == ["approval", "activation"], phases
    fees = 0
    for s in submitted:
        receipt = client.web3.eth.get_transaction_receipt(s.transaction_hash)
        assert receipt["status"] == 1, receipt
        fees += receipt["gasUsed"] * receipt["effectiveGasPrice"]
        print(f"     GAS {s.phase}: {receipt['gasUsed']}", flush=True)
    assert before - after == preview.net_peaq_amount + fees, (before - after, preview.net_peaq_amount, fees)
    assert result.machine_id == preview.machine_id and result.owner.lower() == client.address.lower(), result
    assert result.bond_amount == preview.bond_amount and result.net_peaq_amount == preview.net_peaq_amount, result
    assert result.events.voucher_redeemed is None and result.is_homed_locally, result
    return result.machine_id


def _state(client, machine_id):
    state = client.get_machine_activation_state(machine_id)
    assert state.owner.lower() == client.address.lower() and state.controller.lower() == client.address.lower(), state
    assert state.subscription.tier == 0 and state.subscription.period_start > 0, state
    assert state.subscription.period_end - state.subscription.period_start == 30 * 24 * 3600, state
    assert state.subscription.bonded_amount == 20 * 10**18, state
    assert state.is_homed_locally, state


def _set_endpoints(client, machine_id):
    from peaq_os_sdk.onboarding import ServiceEndpointInput
    endpoints = (ServiceEndpointInput(id="#api", service_type="MachineApi", service_endpoint="https://new.example/api"),)
    client.set_machine_service_endpoints(machine_id, endpoints)
    stored = client.web3.eth.contract(
        address=client.deployment.contracts.machine_registry,
        abi=[{"type": "function", "name": "serviceEndpointsOf", "stateMutability": "view",
              "inputs": [{"name": "tokenId", "type": "uint256"}],
              "outputs": [{"name": "", "type": "tuple[]", "components": [
                  {"name": "id", "type": "string"}, {"name": "serviceType", "type": "string"},
                  {"name": "serviceEndpoint", "type": "string"}]}]}],
    ).functions.serviceEndpointsOf(machine_id).call()
    assert [tuple(e) for e in stored] == [("#api", "MachineApi", "https://new.example/api")], stored


def _event(client, env, machine_id):
    block = client.web3.eth.get_block("latest")
    tx_hash, data_hash = client.submit_event(
        machine_id=machine_id, event_type=0, value=2500, timestamp=int(block["timestamp"]) - 1,
        raw_data=b"meter reading 42", trust_level=0, source_chain_id=0, source_tx_hash=None,
        metadata=b"", currency="USD")
    assert len(bytes(data_hash)) == 32
    assert client.event_registry.address.lower() == env["EVENT_REGISTRY_V2_ADDRESS"].lower()
    count = client.event_registry.functions.getEventCount(machine_id).call()
    assert count == 1, count


def _already_active(client, params):
    from peaq_os_sdk.exceptions import ActivationError
    try:
        client.activate_machine(params)
    except ActivationError as exc:
        assert exc.code == "ALREADY_ACTIVATED", (exc.code, str(exc))
        return
    raise AssertionError("a second activation succeeded")


def _unknown(client):
    from peaq_os_sdk.exceptions import ActivationError
    unknown = client.compute_machine_id("Sensor", b"never activated")
    try:
        client.get_machine_activation_state(unknown)
    except ActivationError as exc:
        assert exc.code == "MACHINE_NOT_FOUND", (exc.code, str(exc))
        return
    raise AssertionError("an unknown machine has an activation state")


def _voucher(client, env):
    params = _params(client, "Robot", b"\x01\x02", tier=1)
    bond = client.preview_machine_activation(params).bond_amount
    # devnet-only admin call: MachineSubscription.grantVoucher from the deployer (unlocked on anvil)
    from eth_abi import encode
    from eth_utils import keccak
    data = "0x" + (keccak(text="grantVoucher(address,uint256)")[:4] + encode(["address", "uint256"],
                                                                              [client.address, bond])).hex()
    tx = rpc(env["PEAQOS_RPC_URL"], "eth_sendTransaction",
             [{"from": DEPLOYER, "to": env["MACHINE_SUBSCRIPTION_ADDRESS"], "data": data}])
    assert client.web3.eth.wait_for_transaction_receipt(tx, timeout=30)["status"] == 1
    preview = client.preview_machine_activation(params)
    assert preview.voucher_credit == bond and preview.net_peaq_amount == 0 and not preview.approval_required, preview
    submitted = []
    from dataclasses import replace
    before = client.web3.eth.get_balance(client.address)
    result = client.activate_machine(replace(params, on_transaction_submitted=submitted.append))
    assert [s.phase for s in submitted] == ["activation"], submitted
    receipt = client.web3.eth.get_transaction_receipt(result.transaction_hash)
    print(f"     GAS activation (voucher-covered): {receipt['gasUsed']}", flush=True)
    assert before - client.web3.eth.get_balance(client.address) == receipt["gasUsed"] * receipt["effectiveGasPrice"]
    assert result.voucher_credit_applied == bond and result.events.voucher_redeemed is not None, result
    assert result.subscription.bonded_amount == bond and result.subscription.tier == 1, result


def _usdt(client, env):
    from peaq_os_sdk.onboarding import ActivateMachineWithUsdtParams, PreviewMachineActivationWithUsdtParams

    base = _params(client, "Meter", b"\x0a\x0b")
    core = {name: getattr(base, name) for name in (
        "controller", "verification_methods", "authentication", "service_endpoints", "machine_type",
        "credential_subject", "manufacturer", "tier")}
    preview = client.preview_machine_activation_with_usdt(PreviewMachineActivationWithUsdtParams(**core, slippage_bps=50))
    assert preview.usdt_token.lower() != "0x" + "00" * 20, preview
    assert preview.net_peaq_amount == 20 * 10**18 and preview.quoted_usdt_amount == 1_000_000, preview
    assert preview.max_usdt_amount == 1_005_000 and preview.approval_required, preview
    submitted = []
    result = client.activate_machine_with_usdt(ActivateMachineWithUsdtParams(
        **core, max_usdt_amount=preview.max_usdt_amount, expected_machine_id=preview.machine_id,
        on_transaction_submitted=submitted.append))
    phases = [s.phase for s in submitted]
    assert len(phases) == 2, phases
    for s in submitted:
        receipt = client.web3.eth.get_transaction_receipt(s.transaction_hash)
        assert receipt["status"] == 1, receipt
        print(f"     GAS {s.phase} (USDT rail): {receipt['gasUsed']}", flush=True)
    assert result.usdt_amount == 1_000_000 and result.paid_with_usdt is not None, result
    assert result.paid_with_usdt.peaq_amount == preview.net_peaq_amount, result.paid_with_usdt
    assert result.subscription.bonded_amount == 20 * 10**18 and result.is_homed_locally, result


if __name__ == "__main__":
    sys.exit(main())
