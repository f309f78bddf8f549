"""Runs the official peaqOS Python SDK 0.12.1's query and monetization calls, unmodified, against our MCR API.

The devnet record is added to the SDK's deployment table at run time (as in official_sdk_econ2_flow.py), here
with its paired MCR (the devnet's MCR API URL from devnet.env), so that PeaqosQueryClient and
MonetizationConfig resolve it. One Economics 2.0 machine is activated through the SDK itself; then:
query_mcr, query_machine and query_operator_machines for it (decimal DID, lossless machine id, 2.0 fields),
the SDK's NOT_FOUND for an unknown machine, the well-known compatibility signal, get_monetization,
opt_in and opt_out signed by the owner, and the server's UNAUTHORIZED_SIGNER for another key.

Usage: python official_sdk_mcr_queries.py <path to devnet.env>
Prints one line per check and a closing 'N passed, N failed' line; exits non-zero on any failure.
"""
from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path
from types import MappingProxyType

sys.path.insert(0, str(Path(__file__).resolve().parent))
import official_sdk_econ2_flow as flow  # noqa: E402  (the shared harness: env, record, checks)

# anvil's well-known dev accounts 5 and 6 (public test keys, funded and delegated by the devnet).
DEV_KEY_5 = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"
DEV_KEY_6 = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e"


def add_devnet_record_with_mcr(env: dict[str, str]) -> None:
    """The harness's devnet record, paired with the devnet's MCR API (the package's files are never edited)."""
    flow.add_devnet_record(env)
    import peaq_os_sdk.deployments as deployments
    from peaq_os_sdk.deployments import MONETIZATION_API_VERSION
    from peaq_os_sdk.deployments.types import MonetizationDeployment

    table = dict(deployments.DEPLOYMENTS)
    table["devnet"] = dataclasses.replace(
        table["devnet"],
        monetization=MonetizationDeployment(api_base=env["PEAQOS_MCR_API_URL"], api_version=MONETIZATION_API_VERSION),
    )
    deployments.DEPLOYMENTS = MappingProxyType(table)


def main() -> int:
    env = flow.load_env(Path(sys.argv[1]))
    add_devnet_record_with_mcr(env)
    from peaq_os_sdk import PeaqosClient
    from peaq_os_sdk.query import PeaqosQueryClient
    from peaq_os_sdk.types.client import DeploymentConfig

    owner = PeaqosClient(rpc_url=env["PEAQOS_RPC_URL"], private_key=DEV_KEY_5,
                         deployment=DeploymentConfig(deployment_id="devnet"))
    params = flow._params(owner, "Sensor", b"mcr-interop")
    machine_id = flow.check("activate_machine through the SDK (the machine the queries read)")(
        lambda: owner.activate_machine(params).machine_id)()
    if machine_id is None:
        return _summary()
    did = f"did:peaq:{machine_id}"
    queries = PeaqosQueryClient(deployment_id="devnet")
    flow.check("PeaqosQueryClient resolves the devnet's MCR API")(
        lambda: _assert(queries.api_url == env["PEAQOS_MCR_API_URL"], queries.api_url))()
    flow.check("query_mcr: the machine under its decimal DID, Provisioned, lossless id, 2.0 fields")(
        lambda: _query_mcr(queries, did, machine_id))()
    flow.check("query_machine: the profile with machine_type and home_chain")(
        lambda: _query_machine(queries, did, machine_id))()
    flow.check("query_operator_machines: the owner's fleet lists the machine")(
        lambda: _operator(queries, owner.address, machine_id))()
    flow.check("query_mcr of an unknown machine id is NOT_FOUND")(lambda: _unknown(queries))()
    flow.check("get_monetization before any write is PENDING")(
        lambda: _get(machine_id, "PENDING", None))()
    flow.check("opt_in signed by the owner: OPTED_IN, signer the owner")(
        lambda: _opt(machine_id, DEV_KEY_5, True, owner.address))()
    flow.check("opt_in signed by another key is refused (UNAUTHORIZED_SIGNER) and changes nothing")(
        lambda: _stranger(machine_id, owner.address))()
    flow.check("opt_out signed by the owner: OPTED_OUT")(
        lambda: _opt(machine_id, DEV_KEY_5, False, owner.address))()
    return _summary()


def _summary() -> int:
    passed = sum(1 for _, ok, _ in flow.RESULTS if ok)
    failed = len(flow.RESULTS) - passed
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def _assert(condition, detail):
    assert condition, detail


def _query_mcr(queries, did, machine_id):
    from peaq_os_sdk.exceptions import ApiError
    deadline = time.monotonic() + 30
    while True:  # the index follows the chain by polling: NOT_FOUND until the activation's block is indexed
        try:
            mcr = queries.query_mcr(did)
            break
        except ApiError as exc:
            if exc.code != "NOT_FOUND" or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    assert mcr["machine_id"] == machine_id and mcr["did"] == did, mcr
    assert mcr["mcr"] == "Provisioned" and mcr["bond_status"] == "bonded", mcr
    assert mcr["mcr_degraded"] is False and mcr.get("home_chain") == 1, mcr
    assert "rating_unavailable" not in mcr and mcr["average_revenue_per_event"] is None, mcr


def _query_machine(queries, did, machine_id):
    profile = queries.query_machine(did)
    peaqos = profile["peaqos"]
    assert peaqos["machine_id"] == machine_id and peaqos["did"] == did, peaqos
    assert peaqos.get("machine_type") == "Sensor" and peaqos.get("home_chain") == 1, peaqos
    assert peaqos.get("relocating") is False, peaqos


def _operator(queries, address, machine_id):
    fleet = queries.query_operator_machines(f"did:peaq:{address}")
    ids = [m["machine_id"] for m in fleet["machines"]]
    assert machine_id in ids, ids
    assert fleet["pagination"]["total"] == len(ids), fleet["pagination"]


def _unknown(queries):
    from peaq_os_sdk.exceptions import ApiError
    try:
        queries.query_mcr("did:peaq:12345")
    except ApiError as exc:
        assert exc.code == "NOT_FOUND", exc.code
        return
    raise AssertionError("no error")


def _config(key):
    from eth_account import Account
    from peaq_os_sdk.monetization import Eip191AccountSigner, MonetizationConfig
    return MonetizationConfig(deployment_id="devnet",
                              signer=None if key is None else Eip191AccountSigner(Account.from_key(key)))


def _get(machine_id, status, signer):
    from peaq_os_sdk.monetization import get_monetization
    state = get_monetization(_config(None), f"did:peaq:{machine_id}")
    assert state.machine_id == machine_id and state.status == status, state
    if signer is None:
        assert state.signer is None and state.updated_at is None, state
    else:
        assert state.signer.lower() == signer.lower() and state.updated_at > 0, state
    return state


def _opt(machine_id, key, opted_in, signer):
    from peaq_os_sdk.monetization import opt_in, opt_out
    state = (opt_in if opted_in else opt_out)(_config(key), machine_id)
    expected = "OPTED_IN" if opted_in else "OPTED_OUT"
    assert state.status == expected and state.signer.lower() == signer.lower(), state
    _get(machine_id, expected, signer)


def _stranger(machine_id, owner):
    from peaq_os_sdk.monetization import MonetizationError, opt_in
    before = _get(machine_id, "OPTED_IN", owner)
    try:
        opt_in(_config(DEV_KEY_6), machine_id)
    except MonetizationError as exc:
        assert exc.code == "UNAUTHORIZED_SIGNER", exc.code
        after = _get(machine_id, "OPTED_IN", owner)
        assert after.updated_at == before.updated_at, (before, after)
        return
    raise AssertionError("no error")


if __name__ == "__main__":
    sys.exit(main())
