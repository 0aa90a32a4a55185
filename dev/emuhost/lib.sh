# Shared settings of the emulated compute host's scripts (sourced, not run). docs/emuhost.md.
# shellcheck shell=bash
EMUHOST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$EMUHOST/../.." && pwd)
# Machine-wide like the virt lab: the image is built once and reused by every checkout and CI run.
STATE=${EMUHOST_STATE:-/var/lib/molt-emuhost}
IMAGE=$STATE/image
RUN=$STATE/run
LOG=$STATE/log
# The emulated host: RAM, and the region of it that its kernels keep across a kexec (memmap=SIZE!OFFSET).
MEMORY_MIB=${EMUHOST_MEMORY_MIB:-3072}
PRESERVED=${EMUHOST_PRESERVED:-1G!1G}
CPUS=${EMUHOST_CPUS:-2}
CPU_MODEL=${EMUHOST_CPU_MODEL:-qemu64}
# Its only links to this machine, through QEMU's user networking (restrict=on: nothing else is reachable):
SSH_PORT=${EMUHOST_SSH_PORT:-18722}       # 127.0.0.1:SSH_PORT -> the emulated host's sshd
BROKER_PORT=${EMUHOST_BROKER_PORT:-5672}  # the emulated host's 10.0.2.100:5672 -> 127.0.0.1:BROKER_PORT
CONSOLE_PORT=${EMUHOST_CONSOLE_PORT:-18755} # 127.0.0.1:CONSOLE_PORT -> the nested guest's serial console
SUITE=bookworm
MIRROR=${EMUHOST_MIRROR:-http://deb.debian.org/debian}
# What the image holds: a Debian 12 compute host (Debian's 6.1 cloud kernel, QEMU 7.2, libvirt 9.0, Java 17).
PACKAGES="systemd-sysv udev dbus kmod linux-image-cloud-amd64 initramfs-tools kexec-tools e2fsprogs
openssh-server iproute2 procps openjdk-17-jre-headless libvirt-daemon-system libvirt-daemon-driver-qemu
libvirt-clients qemu-system-x86 qemu-utils"
# The kernel a KERNEL campaign installs: bookworm-backports' cloud kernel, kept in the image as a local suite.
UPGRADE_KERNEL_META=linux-image-cloud-amd64
UPGRADE_SUITE=bookworm-backports
# The emulator the emulated host runs under: bookworm-backports' QEMU 10.0, unpacked into the state directory
# (not installed: this machine's QEMU 7.2 stays for the virt lab). Debian 12's QEMU 7.2 TCG breaks the 6.12
# kernel's boot here, about one boot in eight (docs/emuhost.md); 10.0 booted it every time.
EMULATOR_SUITE=bookworm-backports
EMULATOR_PACKAGES="qemu-system-x86 qemu-system-data seabios"
EMULATOR=$STATE/emulator
EMULATOR_QEMU=$EMULATOR/root/usr/bin/qemu-system-x86_64
EMULATOR_FIRMWARE=$EMULATOR/firmware

t0=$(date +%s%N)
step_start() { ts=$(date +%s%N); }
step_done() { printf 'emuhost: %-34s %7d ms\n' "$1" $(( ($(date +%s%N) - ts) / 1000000 )); }
total_done() { printf 'emuhost: %-34s %7d ms\n' "$1" $(( ($(date +%s%N) - t0) / 1000000 )); }

emu_ssh() {
  ssh -q -i "$IMAGE/id_ed25519" -p "$SSH_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o ConnectTimeout=5 -o BatchMode=yes root@127.0.0.1 "$@"
}
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
