# Shared settings of the virtlab scripts (sourced, not run).
# shellcheck shell=bash
VIRTLAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$VIRTLAB/../.." && pwd)
# Machine-wide, like the daemons it describes: every checkout (and CI clone) sees the same lab.
STATE=${VIRTLAB_STATE:-/var/lib/molt-virtlab}
RUN=$STATE/run
LOG=$STATE/log
GUEST=$STATE/guest
# Guest RAM files live on tmpfs (the lab's memory_backing_dir); the agent's keep directory is beside them.
MEMORY_BACKING_DIR=${VIRTLAB_MEMORY_BACKING_DIR:-/dev/shm/molt-virtlab/ram}
QEMU_CONF=/etc/libvirt/qemu.conf
HOOK_SOURCE=$REPO/host-agent/src/main/resources/io/molt/agent/steps/libvirt-qemu-hook.sh
HOOK=/etc/libvirt/hooks/qemu
PACKAGES="libvirt-daemon-system libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients libvirt0 qemu-system-x86 qemu-utils kexec-tools busybox-static gcc libc6-dev"
LIBVIRT_URI=qemu:///system

t0=$(date +%s%N)
step_start() { ts=$(date +%s%N); }
step_done() { printf 'virtlab: %-34s %6d ms\n' "$1" $(( ($(date +%s%N) - ts) / 1000000 )); }
total_done() { printf 'virtlab: %-34s %6d ms\n' "$1" $(( ($(date +%s%N) - t0) / 1000000 )); }

libvirt_answers() { timeout 5 virsh -c "$LIBVIRT_URI" version >/dev/null 2>&1; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Starts libvirtd (foreground, so that the subreaper is its parent) and waits until it answers.
start_libvirtd() {
  mkdir -p "$RUN" "$LOG"
  setsid "$STATE/bin/subreaper" "$RUN/libvirtd.pid" /usr/sbin/libvirtd \
    >>"$LOG/libvirtd.log" 2>&1 </dev/null &
  for _ in $(seq 1 200); do
    libvirt_answers && return 0
    sleep 0.05
  done
  echo "virtlab: libvirtd did not answer within 10 s; see $LOG/libvirtd.log" >&2
  return 1
}

# Stops the process of a pidfile: SIGTERM, then after $3 seconds (default 10) SIGKILL when $4 is "kill"
# (for libvirtd: its guests' QEMU processes are not its children's to lose and it reconnects to them).
stop_pid() { # pidfile name [seconds] [kill]
  local pidfile=$1 name=$2 seconds=${3:-10} then=${4:-} pid deadline
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  deadline=$(( $(date +%s) + seconds ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
    sleep 0.05
  done
  if [ "$then" = kill ]; then
    echo "virtlab: $name (pid $pid) did not stop within $seconds s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
      sleep 0.05
    done
  fi
  echo "virtlab: $name (pid $pid) did not stop within $seconds s" >&2
  return 1
}
