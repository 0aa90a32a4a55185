#!/usr/bin/env python3
"""A stand-in for Keystone's token and catalog API and Molt's /v1/campaigns API, for testing campaign.yml
and the molt_service role's catalog registration (services and endpoints kept in memory).

    stub_api.py PORT_FILE REQUEST_LOG FINAL_STATE

Listens on 127.0.0.1 (a free port, written to PORT_FILE), logs every request as a JSON line to
REQUEST_LOG, and plays one campaign: PLANNED after creation; after approval RUNNING for three reads,
then FINAL_STATE (DONE, PAUSED, ABORTED, or RUNNING for ever). The shapes follow docs/campaigns.md,
docs/openapi.json and docs/snapshot-format.md; it checks nothing but the token header, so the test
reads the log.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "stub-token-1"
REASON = "host compute-2 failed in step UPGRADE after 3 attempts: exit code 100"
PLAN = {"feasible": True, "plan": {
    "target": "USERSPACE",
    "waves": [{"number": 1, "duration_seconds": 60.0, "moved_gib": 4.0, "hosts": [
        {"host": "compute-1", "availability_zone": "nova", "duration_seconds": 60.0, "vms": []},
        {"host": "compute-2", "availability_zone": "nova", "duration_seconds": 50.0, "vms": []}]}],
    "skipped_hosts": [],
    "totals": {"waves": 1, "actions": {"PRESERVE": 3, "LIVE_MIGRATE": 1, "COLD_RESTART": 0},
               "vms_moved_twice": 0, "total_downtime_seconds": 3.3, "p99_downtime_seconds": 1.1,
               "max_downtime_seconds": 1.1, "moved_gib": 4.0, "makespan_seconds": 60.0},
    "evacuate_all": {"waves": 1, "actions": {"LIVE_MIGRATE": 4}, "vms_moved_twice": 0,
                     "total_downtime_seconds": 0.4, "p99_downtime_seconds": 0.1, "max_downtime_seconds": 0.1,
                     "moved_gib": 16.0, "makespan_seconds": 240.0},
    "cold_restart_all": {"waves": 1, "actions": {"COLD_RESTART": 4}, "vms_moved_twice": 0,
                         "total_downtime_seconds": 240.0, "p99_downtime_seconds": 60.0,
                         "max_downtime_seconds": 60.0, "moved_gib": 0.0, "makespan_seconds": 90.0}}}


class Stub(BaseHTTPRequestHandler):
    state = "NONE"
    reads_after_approval = 0
    services = []
    endpoints = []

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def campaign(self):
        view = {"id": "c-1", "name": "stub", "state": Stub.state, "target": "USERSPACE"}
        if Stub.state in ("PAUSED", "ABORTED"):
            view["state_reason"] = REASON
        return {"campaign": view}

    def handle_any(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        with open(sys.argv[2], "a") as log:
            log.write(json.dumps({"method": method, "path": self.path, "token": self.headers.get("X-Auth-Token"),
                                  "body": json.loads(body) if body else None}) + "\n")
        if method == "POST" and self.path == "/v3/auth/tokens":
            return self.answer(201, {"token": {}}, {"X-Subject-Token": TOKEN})
        if self.headers.get("X-Auth-Token") != TOKEN:
            return self.answer(401, {"error": {"code": 401, "message": "no valid X-Auth-Token"}})
        if self.path.startswith("/v3/"):
            return self.catalog(method, body)
        if method == "POST" and self.path == "/v1/campaigns":
            Stub.state = "PLANNED"
            return self.answer(201, self.campaign())
        if method == "GET" and self.path == "/v1/campaigns/c-1/plan":
            return self.answer(200, PLAN)
        if method == "POST" and self.path == "/v1/campaigns/c-1/approve":
            if Stub.state != "PLANNED":
                return self.answer(409, {"conflictingRequest": {"code": 409, "message": "not PLANNED"}})
            Stub.state = "APPROVED"
            return self.answer(200, self.campaign())
        if method == "GET" and self.path == "/v1/campaigns/c-1":
            if Stub.state not in ("NONE", "PLANNED"):
                Stub.reads_after_approval += 1
                Stub.state = "RUNNING" if Stub.reads_after_approval < 4 else sys.argv[3]
            return self.answer(200, self.campaign())
        if method == "GET" and self.path == "/v1/campaigns/c-1/hosts":
            failed = Stub.state == "PAUSED"
            return self.answer(200, {"hosts": [{"host": "compute-1", "state": "DONE"},
                                               {"host": "compute-2", "state": "FAILED" if failed else "DONE"}]})
        return self.answer(404, {"itemNotFound": {"code": 404, "message": self.path}})

    def catalog(self, method, body):
        path, _, query = self.path.partition("?")
        where = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        if method == "GET" and path == "/v3/services":
            return self.answer(200, {"services": [s for s in Stub.services if s["type"] == where.get("type", s["type"])]})
        if method == "POST" and path == "/v3/services":
            service = dict(json.loads(body)["service"], id="svc-%d" % (len(Stub.services) + 1))
            Stub.services.append(service)
            return self.answer(201, {"service": service})
        if method == "GET" and path == "/v3/endpoints":
            return self.answer(200, {"endpoints": [e for e in Stub.endpoints if all(e.get(k) == v for k, v in where.items())]})
        if method == "POST" and path == "/v3/endpoints":
            endpoint = dict(json.loads(body)["endpoint"], id="ep-%d" % (len(Stub.endpoints) + 1))
            Stub.endpoints.append(endpoint)
            return self.answer(201, {"endpoint": endpoint})
        if method == "PATCH" and path.startswith("/v3/endpoints/"):
            endpoint = next(e for e in Stub.endpoints if e["id"] == path.rsplit("/", 1)[1])
            endpoint.update(json.loads(body)["endpoint"])
            return self.answer(200, {"endpoint": endpoint})
        return self.answer(404, {"error": {"code": 404, "message": self.path}})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")


server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
