#!/bin/sh
# molt-hook-version: 1
# libvirt qemu hook installed by the Molt host agent (docs/adr/0005-preservation-through-libvirt.md).
#
# libvirt 9.0 deletes a domain's RAM file when its QEMU stops, and the restored domain gets a new id,
# so a new path. Before a memory-preserving save the agent hard-links each RAM file into
# <memory_backing_dir>/molt-keep/ and writes <uuid>.hold there (one line per RAM file: alias keep-path).
# On "prepare" of that domain (the restore), this hook links the kept files to the new paths, before
# QEMU starts and maps them. If a file the agent kept is missing, it refuses the start: QEMU would map
# an empty file and the restored guest would run on zeroed memory.
# Every other operation and every domain without a hold file is left alone.
[ "$2" = prepare ] || exit 0
conf=${MOLT_QEMU_CONF:-/etc/libvirt/qemu.conf}
mbd=$(sed -n 's/^[[:space:]]*memory_backing_dir[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' "$conf" 2>/dev/null | tail -n 1)
[ -n "$mbd" ] || mbd=/var/lib/libvirt/qemu/ram
xml=$(cat)
uuid=$(printf '%s\n' "$xml" | sed -n 's/.*<uuid>\([0-9a-fA-F-]*\)<\/uuid>.*/\1/p' | head -n 1)
hold="$mbd/molt-keep/$uuid.hold"
[ -n "$uuid" ] && [ -f "$hold" ] || exit 0
id=$(printf '%s\n' "$xml" | sed -n "s/.*<domain [^>]*id=['\"]\([0-9]*\)['\"].*/\1/p" | head -n 1)
if [ -z "$id" ]; then
  echo "molt hook: no domain id in the XML of $1; cannot place the kept RAM file" >&2
  exit 1
fi
short=$(printf '%s' "$1" | cut -c1-20)
dir="$mbd/libvirt/qemu/$id-$short"
mkdir -p "$dir" || exit 1
while read -r alias kept; do
  [ -n "$alias" ] || continue
  if [ ! -f "$kept" ]; then
    echo "molt hook: kept RAM file $kept of $1 is missing; refusing to start on empty memory" >&2
    exit 1
  fi
  rm -f "$dir/$alias"
  ln "$kept" "$dir/$alias" || exit 1
done < "$hold"
exit 0
