#!/usr/bin/env bash
# Runs a service image the way a container runtime would, without one: unpacks the OCI image
# layout (the tar Jib wrote) layer by layer into a root folder, then starts the image's entrypoint
# in that root (chroot), as the image's user, in its working directory, with only the image's
# environment plus the NAME=VALUE pairs given here, in private mount and PID namespaces with /proc
# and /dev, as a runtime provides them. Needs root (namespaces, mounts). Used by the services'
# ImageTest; by hand:
#
#   image/run-image.sh gas-station/target/peaqos-gas-station-image.tar /tmp/gs-root PEAQOS_RPC_URL=...
set -euo pipefail
tar="$1"
root="$2"
shift 2

if [ -z "${PEAQOS_IMAGE_NS:-}" ]; then
  # A private mount namespace: the mounts below vanish with the process, however it ends.
  exec env PEAQOS_IMAGE_NS=1 unshare --mount --propagation private -- "$0" "$tar" "$root" "$@"
fi

rm -rf "$root"
mkdir -p "$root"
layout="$root.layout"
rm -rf "$layout"
mkdir -p "$layout"
tar -xf "$tar" -C "$layout"
python3 - "$layout" "$root" <<'PY'
import json, os, sys, tarfile
layout, root = sys.argv[1], sys.argv[2]
def blob(digest):
    return os.path.join(layout, "blobs", *digest.split(":", 1))
index = json.load(open(os.path.join(layout, "index.json")))
manifest = json.load(open(blob(index["manifests"][0]["digest"])))
config = json.load(open(blob(manifest["config"]["digest"])))["config"]
for layer in manifest["layers"]:
    with tarfile.open(blob(layer["digest"])) as t:
        t.extractall(root)
with open(os.path.join(layout, "entrypoint"), "w") as f:
    f.write("\0".join(config["Entrypoint"]) + "\0")
with open(os.path.join(layout, "env"), "w") as f:
    f.write("\0".join(config.get("Env", [])) + "\0")
with open(os.path.join(layout, "user"), "w") as f:
    f.write(config.get("User", "0:0"))
with open(os.path.join(layout, "workdir"), "w") as f:
    f.write(config.get("WorkingDir", "/"))
PY
mapfile -d '' -t entrypoint < "$layout/entrypoint"
mapfile -d '' -t image_env < "$layout/env"
user="$(cat "$layout/user")"
workdir="$(cat "$layout/workdir")"
rm -rf "$layout"

# What a runtime provides: /dev, /proc (mounted by unshare below), /etc/hosts.
mkdir -p "$root/dev" "$root/proc" "$root/etc"
mount --bind /dev "$root/dev"
cp /etc/hosts "$root/etc/hosts"

exec env -i "${image_env[@]}" "$@" \
  unshare --pid --fork --kill-child --mount-proc=/proc --root="$root" --wd="$workdir" \
  --setuid "${user%%:*}" --setgid "${user##*:}" -- "${entrypoint[@]}"
