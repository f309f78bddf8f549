#!/usr/bin/env bash
# Assembles the root file system of a service image without any base image (none can be pulled
# offline): a Java runtime made by jlink from the local JDK's jmods, plus exactly the shared
# libraries its binaries link against (found with ldd), copied from the build machine at their
# own paths. Jib then layers this folder and the service's jars onto `scratch`.
#
#   image/assemble-runtime.sh <output-folder> <comma-separated JDK modules>
set -euo pipefail
out="$1"
modules="$2"

java_bin="$(readlink -f "$(command -v java)")"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$java_bin")")}"
jlink="$jdk/bin/jlink"
[ -x "$jlink" ] || jlink="$(command -v jlink)"
if [ ! -d "$jdk/jmods" ]; then
  echo "assemble-runtime: $jdk has no jmods; install the JDK package (openjdk-17-jdk-headless)" >&2
  exit 2
fi

rm -rf "$out"
mkdir -p "$out/opt" "$out/tmp" "$out/data"
"$jlink" --module-path "$jdk/jmods" --add-modules "$modules" --strip-debug --no-man-pages \
  --no-header-files --compress=2 --output "$out/opt/java"

# The JDK's trust store is a symlink into /etc on Debian; the image gets the file itself.
for f in cacerts blocked.certs default.policy public_suffix_list.dat; do
  src="$jdk/lib/security/$f"
  if [ -e "$src" ]; then
    rm -f "$out/opt/java/lib/security/$f"
    cp -L "$src" "$out/opt/java/lib/security/$f"
  fi
done

# Every shared library any ELF file of the runtime needs, with the dynamic loader itself; and the
# rest of glibc, which native libraries unpacked from jars at run time link against (sqlite-jdbc
# needs libpthread, which the runtime's own binaries do not).
libc_dir="$(dirname "$(ldd "$jdk/bin/java" | grep -oE '/[^ ]*/libc\.so\.6')")"
{
  find "$out/opt/java" -type f \( -perm -u+x -o -name '*.so' \) -print0 |
    while IFS= read -r -d '' elf; do
      ldd "$elf" 2>/dev/null | grep -oE '(/[^ ]+)' || true
    done
  for lib in libpthread.so.0 libdl.so.2 libm.so.6 librt.so.1 libgcc_s.so.1; do
    echo "$libc_dir/$lib"
  done
} | sort -u | while read -r lib; do
    case "$lib" in "$out"/* | */opt/java/*) continue ;; esac
    [ -e "$lib" ] || continue
    mkdir -p "$out$(dirname "$lib")"
    cp -L "$lib" "$out$lib"
  done
echo "assemble-runtime: $(du -sh "$out" | cut -f1) in $out ($modules)" >&2
