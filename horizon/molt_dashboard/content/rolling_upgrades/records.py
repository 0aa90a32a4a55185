"""The API's JSON objects as the rows Horizon's tables read (attributes), with the figures the pages show."""

ACTIVE_STATES = ("APPROVED", "RUNNING", "ABORTING")


class Record(object):
    def __init__(self, values, **extra):
        self.__dict__.update(values)
        self.__dict__.update(extra)

    def __getattr__(self, name):
        # an optional field the service left out of this object reads as absent, not as an error
        if name.startswith("__"):
            raise AttributeError(name)
        return None


def campaign_row(campaign, hosts=None, vms=None):
    """A campaign with hosts done / total and the downtime measured so far (seconds), when hosts and vms are given."""
    row = Record(campaign)
    if hosts is not None:
        row.hosts_done = sum(1 for h in hosts if h["state"] in ("DONE", "SKIPPED"))
        row.hosts_total = len(hosts)
        row.progress = "%d / %d" % (row.hosts_done, row.hosts_total)
    if vms is not None:
        row.downtime_seconds = downtime_so_far(vms)
    return row


def downtime_so_far(vms):
    return sum(vm.get("actual_downtime_ms") or 0 for vm in vms) / 1000.0


def selector_text(selector):
    selector = selector or {}
    if selector.get("hosts"):
        return ", ".join(selector["hosts"])
    if selector.get("aggregate"):
        return "aggregate %s" % selector["aggregate"]
    if selector.get("availability_zone"):
        return "zone %s" % selector["availability_zone"]
    return ""


def plan_body(document):
    """The plan of a plan document: the feasible plan, else the draft as far as it got."""
    return document.get("plan") or document.get("draft") or {"waves": [], "frontier": [], "skipped_hosts": []}


def plan_vms(plan):
    """One row per VM of the plan: wave, host, action, destination, predicted downtime and reason."""
    rows = []
    for wave in plan.get("waves", []):
        for host in wave.get("hosts", []):
            for vm in host.get("vms", []):
                rows.append(Record(vm, id=vm.get("vm_uuid"), wave=wave["number"], host=host.get("host")))
    return rows


def wave_rows(plan):
    return [Record(wave, id=str(wave["number"]),
                   host_names=", ".join(h.get("host", "") for h in wave.get("hosts", [])),
                   vm_count=sum(len(h.get("vms", [])) for h in wave.get("hosts", [])))
            for wave in plan.get("waves", [])]


def totals_rows(plan):
    """The chosen plan's totals beside the two baselines and each strategy of the frontier."""
    rows = []

    def add(key, label, totals, chosen=False, feasible=True):
        if totals:
            rows.append(Record(totals, id=key, label=label, chosen=chosen, feasible=feasible,
                               actions_text=", ".join("%s %s" % kv for kv in sorted((totals.get("actions") or {}).items()) if kv[1])))

    add("plan", "this plan", plan.get("totals"), chosen=True)
    for point in plan.get("frontier", []):
        add("strategy-" + point["strategy"], "strategy %s" % point["strategy"], point.get("totals"),
            point.get("chosen", False), point.get("feasible", True))
    add("evacuate_all", "baseline: evacuate every host", plan.get("evacuate_all"))
    add("cold_restart_all", "baseline: cold restart every VM", plan.get("cold_restart_all"))
    return rows


def timeline(hosts, events):
    """One bar per host, from its first event to its last, placed in percent of the span of all hosts' events."""
    from django.utils.dateparse import parse_datetime
    times = {}
    for event in events:
        if event.get("host"):
            at = parse_datetime(event["occurred_at"])
            first, last = times.get(event["host"], (at, at))
            times[event["host"]] = (min(first, at), max(last, at))
    if not times:
        return []
    start = min(t[0] for t in times.values())
    end = max(t[1] for t in times.values())
    span = max((end - start).total_seconds(), 0.001)
    states = {h["host"]: h["state"] for h in hosts}
    bars = []
    for host in sorted(times, key=lambda h: times[h][0]):
        first, last = times[host]
        bars.append({"host": host, "state": states.get(host, ""),
                     "left": round(100 * (first - start).total_seconds() / span, 2),
                     "width": max(round(100 * (last - first).total_seconds() / span, 2), 0.5),
                     "seconds": round((last - first).total_seconds(), 1)})
    return bars
