"""A stand-in for Molt's API on a local port: canned answers by method and path, and the requests it got."""

import http.server
import json
import threading


class StubApi(object):
    def __init__(self):
        self.routes = {}
        self.requests = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                stub.requests.append({"method": self.command, "path": self.path, "headers": dict(self.headers),
                                      "body": body})
                status, answer = stub.routes.get((self.command, self.path.split("?")[0]),
                                                 (404, {"itemNotFound": {"code": 404, "message": "no such path"}}))
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-OpenStack-Request-ID", "req-00000000-0000-0000-0000-000000000001")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def on(self, method, path, answer, status=200):
        self.routes[(method, path)] = (status, answer)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


CAMPAIGN_ID = "6f1c1a3e-4d7b-4a55-9a43-1b2c3d4e5f60"


def campaign(state="PLANNED", **extra):
    value = {"id": CAMPAIGN_ID, "name": "qemu 9", "state": state, "target": "USERSPACE",
             "created_at": "2026-12-03T18:00:00Z", "created_by": "admin", "updated_at": "2026-12-03T18:00:01Z",
             "hosts": {"hosts": ["compute-00000", "compute-00001"]}, "upgrade_command": ["true"]}
    value.update(extra)
    return value


def totals(total, actions):
    return {"actions": actions, "makespan_seconds": 30.0, "max_downtime_seconds": total / 2,
            "moved_gib": 1.5, "p99_downtime_seconds": total / 2, "total_downtime_seconds": total,
            "vms_moved_twice": 0, "vms_not_running": 0, "waves": 2}


PLAN = {"feasible": True, "plan": {
    "target": "USERSPACE", "skipped_hosts": [],
    "waves": [{"number": 1, "duration_seconds": 12.5, "moved_gib": 0.5, "hosts": [
        {"host": "compute-00000", "availability_zone": "az1", "duration_seconds": 12.5, "vms": [
            {"vm_uuid": "vm-a", "action": "PRESERVE", "downtime_seconds": 0.8, "moved_mib": 0,
             "reason": "its downtime limit allows keeping it in place"},
            {"vm_uuid": "vm-b", "action": "LIVE_MIGRATE", "destination": "compute-00001", "downtime_seconds": 0.05,
             "moved_mib": 512, "reason": "limit 100 ms is below the preserve pause"}]}]},
              {"number": 2, "duration_seconds": 10.0, "moved_gib": 1.0, "hosts": [
                  {"host": "compute-00001", "duration_seconds": 10.0, "vms": []}]}],
    "totals": totals(0.85, {"PRESERVE": 1, "LIVE_MIGRATE": 1}),
    "evacuate_all": totals(0.1, {"LIVE_MIGRATE": 2}),
    "cold_restart_all": totals(64.0, {"COLD_RESTART": 2}),
    "frontier": [{"strategy": "balanced", "chosen": True, "feasible": True,
                  "totals": totals(0.85, {"PRESERVE": 1, "LIVE_MIGRATE": 1})},
                 {"strategy": "least-moved", "chosen": False, "feasible": True,
                  "totals": totals(1.6, {"PRESERVE": 2})}]}}

HOSTS = [{"host": "compute-00000", "position": 0, "wave": 1, "state": "DONE", "step": "FINISH", "upgraded": True,
          "updated_at": "2026-12-03T18:00:10Z"},
         {"host": "compute-00001", "position": 1, "wave": 2, "state": "FAILED", "step": "UPGRADE", "upgraded": False,
          "last_error": "exit 100: E: Unable to locate package", "updated_at": "2026-12-03T18:00:20Z"}]
VMS = [{"vm_uuid": "vm-a", "vm_name": "web-1", "source_host": "compute-00000", "action": "PRESERVE",
        "state": "DONE", "predicted_downtime_ms": 800, "actual_downtime_ms": 912, "reason": "kept in place"},
       {"vm_uuid": "vm-b", "vm_name": "db-1", "source_host": "compute-00000", "action": "LIVE_MIGRATE",
        "destination": "compute-00001", "state": "DONE", "predicted_downtime_ms": 50, "actual_downtime_ms": 88}]
EVENTS = [{"id": 1, "type": "campaign.planned", "message": "planned", "occurred_at": "2026-12-03T18:00:00Z"},
          {"id": 2, "type": "host.step", "host": "compute-00000", "message": "precheck",
           "occurred_at": "2026-12-03T18:00:02Z"},
          {"id": 3, "type": "host.done", "host": "compute-00000", "message": "done",
           "occurred_at": "2026-12-03T18:00:10Z"},
          {"id": 4, "type": "host.failed", "host": "compute-00001", "message": "upgrade failed",
           "occurred_at": "2026-12-03T18:00:20Z"}]


def serve_campaign(stub, state="PLANNED"):
    base = "/v1/campaigns/" + CAMPAIGN_ID
    stub.on("GET", "/v1/campaigns", {"campaigns": [campaign(state)]})
    stub.on("GET", base, {"campaign": campaign(state)})
    stub.on("GET", base + "/plan", PLAN)
    stub.on("GET", base + "/hosts", {"hosts": HOSTS})
    stub.on("GET", base + "/vms", {"vms": VMS})
    stub.on("GET", base + "/events", {"events": EVENTS})


class StubApiTestMixin(object):
    """For Horizon's TestCase: a stand-in API per test, reached over a real socket (Horizon's TestCase blocks
    connections to catch unmocked calls; this test lets them through, and Horizon's tearDown restores them)."""

    def setUp(self):
        super().setUp()
        from openstack_dashboard.test import helpers
        helpers.HTTPConnection.connect = self._real_conn_request
        self.stub = StubApi()
        self.addCleanup(self.stub.close)
