"""Runs the official `peaqos activate` (peaq-os-cli, pinned in requirements.txt) once, unmodified, on our devnet.

The official CLI asks for the 2FA code on its prompt after printing the otpauth URI; this driver answers it as an
authenticator app would: it reads the URI from the CLI's stderr and writes the RFC 6238 code to its stdin. A fresh
key (PEAQOS_PRIVATE_KEY) is generated for each run, so every run is a whole activation.

Usage: python peer_activate.py <devnet.env> [extra activate flags...]
Runs in the current directory (the CLI writes its log there); exits with the CLI's exit code.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path


def load_env(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip().strip('"')
    return values


def totp(otpauth_uri: str, offset_steps: int = 0) -> str:
    """RFC 6238 (SHA-1, 6 digits, 30 s) from an otpauth URI."""
    query = urllib.parse.parse_qs(urllib.parse.urlparse(otpauth_uri).query)
    secret = query["secret"][0]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    counter = int(time.time()) // 30 + offset_steps
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def peer_env(devnet_env: Path) -> dict[str, str]:
    from eth_account import Account

    env = dict(os.environ)
    env.update(load_env(devnet_env))
    # The official CLI knows peaq, agung, mainnet and testnet, and funds on chain "peaq" for peaq/mainnet only (the devnet station takes "peaq"); every address and URL comes from the devnet.
    env["PEAQOS_NETWORK"] = "peaq"
    env["PEAQOS_PRIVATE_KEY"] = "0x" + Account.create().key.hex().removeprefix("0x")
    env["DO_NOT_TRACK"] = "1"
    env["PEAQOS_TELEMETRY"] = "0"
    return env


def run(devnet_env: Path, flags: list[str], cli: str) -> int:
    env = peer_env(devnet_env)
    proc = subprocess.Popen([cli, "activate", *flags], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    err_lines: list[str] = []

    def pump_stderr():
        for line in proc.stderr:
            err_lines.append(line)
            if "otpauth URI" in line:
                uri = line.split(":", 1)[1].strip()
                proc.stdin.write(totp(uri) + "\n")
                proc.stdin.flush()

    t = threading.Thread(target=pump_stderr, daemon=True)
    t.start()
    out = proc.stdout.read()
    rc = proc.wait()
    t.join()
    if rc != 0 or "activated successfully" not in out:
        sys.stderr.write("".join(err_lines) + out)
        return rc or 1
    return 0


if __name__ == "__main__":
    here = Path(sys.executable).parent
    sys.exit(run(Path(sys.argv[1]), sys.argv[2:], str(here / "peaqos")))
