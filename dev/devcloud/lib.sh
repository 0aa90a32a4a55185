# Shared by the dev cloud scripts: settings, process handling, timings. Sourced, not run.
# shellcheck shell=bash

DEVCLOUD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Machine-wide, like the processes and ports it describes: every checkout (and CI clone) sees the same cloud.
STATE=${MOLT_DEVCLOUD_STATE:-/var/lib/molt-devcloud}
PY=/usr/bin/python3          # `python3` on PATH may be another interpreter without OpenStack's modules
RUN=$STATE/run
LOG=$STATE/log

ADMIN_PASS=devcloud-admin
SERVICE_PASS=devcloud-service
DBUSER=devcloud
DBPASS=devcloud
DBPREFIX=devcloud_
DATABASES=(keystone placement glance nova_api nova nova_cell0)
RABBIT_VHOST=devcloud
RABBIT_USER=devcloud
RABBIT_PASS=devcloud
MEMCACHED_PORT=${MOLT_DEVCLOUD_MEMCACHED_PORT:-11211}
# The real compute host on libvirt (up --libvirt-compute), next to the fake compute-1..N.
LIBVIRT_COMPUTE=compute-libvirt
LIBVIRT_ZONE=libvirt
CONTROL_SERVICES=(memcached keystone placement neutron-stub glance-api nova-api nova-conductor nova-scheduler)

T_START=$(date +%s.%N)
T_STEP=$T_START

log() { printf 'devcloud: %s\n' "$*"; }
die() { printf 'devcloud: ERROR: %s\n' "$*" >&2; exit 1; }

# timed LABEL: prints the time since the previous timed step and since the script started.
timed() {
  local now; now=$(date +%s.%N)
  printf 'devcloud: %-44s %6.1f s  (total %6.1f s)\n' "$1" "$(echo "$now - $T_STEP" | bc)" \
    "$(echo "$now - $T_START" | bc)"
  T_STEP=$now
}

sql() { mysql -uroot -N -B -e "$1"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {  # wait_port PORT SECONDS WHAT
  local deadline=$(( $(date +%s) + $2 ))
  until port_open "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$3 did not open port $1 within $2 s (see $LOG)"
    sleep 0.2
  done
}

wait_http() {  # wait_http URL SECONDS WHAT: until the URL answers at all (any HTTP status)
  local deadline=$(( $(date +%s) + $2 ))
  until curl -s -o /dev/null --max-time 5 "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$3 did not answer at $1 within $2 s (see $LOG)"
    sleep 0.3
  done
}

# A pid file holds "PID STARTTIME" (field 22 of /proc/PID/stat) so that a reused pid is not mistaken.
proc_start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

running_pid() {  # prints the pid of NAME if the process that up started is still alive
  local file=$RUN/$1.pid pid start
  [ -f "$file" ] || return 1
  read -r pid start < "$file"
  [ -n "$pid" ] && [ "$(proc_start_time "$pid")" = "$start" ] || return 1
  echo "$pid"
}

start_daemon() {  # start_daemon NAME [ENV=VALUE...] -- COMMAND...: in its own session, logged
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  if running_pid "$name" >/dev/null; then return 0; fi
  mkdir -p "$RUN" "$LOG"
  env "${envs[@]}" setsid "$@" >>"$LOG/$name.out" 2>&1 < /dev/null &
  local pid=$!
  local start=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do start=$(proc_start_time "$pid") && [ -n "$start" ] && break; sleep 0.05; done
  echo "$pid $start" > "$RUN/$name.pid"
}

stop_daemon() {  # stop_daemon NAME: TERM to its process group, KILL after 20 s; waits until gone
  local name=$1 pid
  pid=$(running_pid "$name") || { rm -f "$RUN/$name.pid"; return 0; }
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local i=0
  while [ -d "/proc/$pid" ] && [ "$(proc_start_time "$pid")" != "" ]; do
    i=$((i + 1))
    if [ $i -eq 200 ]; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
    [ $i -lt 300 ] || die "$name (pid $pid) did not stop"
    # a zombie child of this shell counts as gone
    grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && break
    sleep 0.1
  done
  rm -f "$RUN/$name.pid"
}

render() {  # render TEMPLATE OUTPUT [HOST]
  sed -e "s|@STATE@|$STATE|g" -e "s|@DBUSER@|$DBUSER|g" -e "s|@DBPASS@|$DBPASS|g" \
      -e "s|@DBPREFIX@|$DBPREFIX|g" -e "s|@SERVICE_PASS@|$SERVICE_PASS|g" \
      -e "s|@RABBIT_USER@|$RABBIT_USER|g" -e "s|@RABBIT_PASS@|$RABBIT_PASS|g" \
      -e "s|@RABBIT_VHOST@|$RABBIT_VHOST|g" -e "s|@MEMCACHED_PORT@|$MEMCACHED_PORT|g" \
      -e "s|@HOST@|${3:-}|g" "$DEVCLOUD_DIR/etc/$1" > "$2.tmp"
  mv -f "$2.tmp" "$2"
}

compute_name() {  # accepts 3, compute-3 or compute-libvirt
  case "$1" in compute-*) echo "$1" ;; *[!0-9]*|'') die "not a compute: $1" ;; *) echo "compute-$1" ;; esac
}

start_compute() {  # start_compute compute-N | compute-libvirt
  local host=$1 dir=$STATE/computes/$1
  mkdir -p "$dir/instances" "$dir/lock"
  if [ "$host" = "$LIBVIRT_COMPUTE" ]; then
    render nova-compute-libvirt.conf "$dir/nova-compute.conf" "$host"
    start_daemon "$host" -- "$PY" "$DEVCLOUD_DIR/bin/nova-service" compute --config-file "$STATE/etc/nova.conf" \
      --config-file "$dir/nova-compute.conf" --log-file "$LOG/$host.log"
    return 0
  fi
  [ -f "$dir/hypervisor_version" ] || echo 7.2.0 > "$dir/hypervisor_version"
  render nova-compute.conf "$dir/nova-compute.conf" "$host"
  start_daemon "$host" "MOLT_DEVCLOUD_HV_VERSION_FILE=$dir/hypervisor_version" -- \
    "$PY" "$DEVCLOUD_DIR/bin/nova-service" compute --config-file "$STATE/etc/nova.conf" \
    --config-file "$dir/nova-compute.conf" --log-file "$LOG/$host.log"
}

# Waits until each named compute has sent a heartbeat after SINCE (UTC 'YYYY-MM-DD HH:MM:SS'):
# a stopped compute still counts as up in Nova for up to service_down_time (60 s).
wait_computes_reporting() {  # wait_computes_reporting SINCE SECONDS HOST...
  local since=$1 secs=$2; shift 2
  local deadline=$(( $(date +%s) + secs )) list
  list=$(printf "'%s'," "$@"); list=${list%,}
  while true; do
    local n
    n=$(sql "SELECT COUNT(DISTINCT host) FROM ${DBPREFIX}nova.services WHERE deleted=0 AND \`binary\`='nova-compute'
             AND host IN ($list) AND last_seen_up >= '$since'")
    [ "$n" = "$#" ] && return 0
    if [ "$(date +%s)" -ge "$deadline" ]; then
      local reported silent=() host
      reported=$(sql "SELECT DISTINCT host FROM ${DBPREFIX}nova.services WHERE deleted=0 AND \`binary\`='nova-compute'
                      AND host IN ($list) AND last_seen_up >= '$since'")
      for host in "$@"; do grep -qx "$host" <<<"$reported" || silent+=("$host"); done
      explain_silent_computes "$since" "${silent[@]}"
      die "computes did not report within $secs s: $* (see $LOG)"
    fi
    sleep 0.5
  done
}

# Drops the markers of schemas whose database has no table any more (MariaDB's data gone under a kept
# state directory), and of what was stored in them, so that up creates them again.
forget_empty_schemas() {
  local marker dbs db dependent
  declare -A schemas=([keystone]=keystone [placement]=placement [glance]=glance [nova]="nova_api nova nova_cell0")
  declare -A stored_in=([keystone]=".catalog" [glance]=".flavors .libvirt-compute" [nova]=".flavors .libvirt-compute")
  for marker in "${!schemas[@]}"; do
    [ -f "$STATE/.$marker" ] || continue
    dbs=""
    for db in ${schemas[$marker]}; do dbs+="'$DBPREFIX$db',"; done
    if [ "$(sql "SELECT COUNT(DISTINCT table_schema) FROM information_schema.tables WHERE table_schema IN (${dbs%,})")" \
         != "$(wc -w <<<"${schemas[$marker]}")" ]; then
      log "the $marker database lost its tables: creating its schema again"
      rm -f "$STATE/.$marker"
      for dependent in ${stored_in[$marker]:-}; do rm -f "$STATE/$dependent"; done
    fi
  done
}

# True if the dev cloud's RabbitMQ user can open its vhost (what every Nova service does first).
rabbit_vhost_usable() {
  "$PY" - "$RABBIT_USER" "$RABBIT_PASS" "$RABBIT_VHOST" <<'PY' >/dev/null 2>&1
import sys, amqp
connection = amqp.Connection("127.0.0.1:5672", userid=sys.argv[1], password=sys.argv[2], virtual_host=sys.argv[3],
                             connect_timeout=5)
connection.connect()
connection.close()
PY
}

# Why the named computes did not report: for each, whether its process runs and its last error lines
# since SINCE (UTC 'YYYY-MM-DD HH:MM:SS', as the logs' timestamps).
explain_silent_computes() {  # explain_silent_computes SINCE HOST...
  local since=$1 host pid; shift
  errors() { awk -v since="$since" '($1 " " substr($2, 1, 8)) >= since && / (ERROR|CRITICAL) / && !/ERROR [a-z._]* *$/' \
               "$@" 2>/dev/null | tail -3 | cut -c1-400; }
  for host in "$@"; do
    if pid=$(running_pid "$host"); then
      printf 'devcloud:   %s runs (pid %s); its last errors:\n' "$host" "$pid" >&2
    else
      printf 'devcloud:   %s exited; its last errors:\n' "$host" >&2
    fi
    errors "$LOG/$host.log" | sed 's/^/devcloud:     /' >&2
  done
  errors "$LOG/nova-conductor.log" | sed 's/^/devcloud:   nova-conductor: /' >&2
}

utc_now() { date -u '+%Y-%m-%d %H:%M:%S'; }
