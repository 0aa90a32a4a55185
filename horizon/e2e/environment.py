"""What the browser test runs against, started and removed by it: a Molt service on a simulated cloud (its own
PostgreSQL database and RabbitMQ vhost) signed in through the dev cloud's Keystone, registered in the catalog
under a service type of its own; Horizon (Debian's openstack-dashboard) with the plugin enabled, under uwsgi;
a Keystone user without admin. Ports: MOLT_E2E_SERVICE_PORT (18790) and MOLT_E2E_HORIZON_PORT (18791)."""

import glob
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN = os.path.dirname(HERE)
ROOT = os.path.dirname(PLUGIN)
TARGET = os.path.join(PLUGIN, "target")
SERVICE_PORT = int(os.environ.get("MOLT_E2E_SERVICE_PORT", "18790"))
HORIZON_PORT = int(os.environ.get("MOLT_E2E_HORIZON_PORT", "18791"))
KEYSTONE = "http://127.0.0.1:5000/v3"
OPENRC = "/var/lib/molt-devcloud/admin-openrc"
SERVICE_TYPE = "rolling-upgrade-horizon-e2e"
DASHBOARD = "/usr/lib/python3/dist-packages/openstack_dashboard"
ENABLED_FILE = os.path.join(DASHBOARD, "local", "enabled", "_2080_molt_panel.py")
SETTINGS_FILE = "/etc/openstack-dashboard/local_settings.d/_2080_molt_e2e.py"
SUFFIX = secrets.token_hex(4)
DATABASE = "molt_horizon_e2e_" + SUFFIX
VHOST = "molt-horizon-e2e-" + SUFFIX
MEMBER = "molt-e2e-member-" + SUFFIX


def admin_env():
    env = dict(os.environ)
    with open(OPENRC) as f:
        for line in f:
            if line.startswith("export "):
                key, _, value = line[len("export "):].strip().partition("=")
                env[key] = value.strip("'\"")
    return env


def openstack(*args):
    return subprocess.run(("/usr/bin/openstack",) + args, env=admin_env(), check=True, capture_output=True,
                          text=True).stdout


def admin_password():
    return admin_env()["OS_PASSWORD"]


def wait_for(url, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status < 500:
                    return
        except urllib.error.HTTPError as e:
            if e.code < 500:
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError("%s did not answer at %s within %d s" % (what, url, seconds))


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def sweep():
    """Removes what an earlier run killed before its clean-up left: catalog entries of the test's service type
    (two would make the endpoint ambiguous), its member users, databases and vhosts."""
    for service in json.loads(openstack("service", "list", "--long", "-f", "json")):
        if service["Type"] == SERVICE_TYPE:
            openstack("service", "delete", service["ID"])
    for user in openstack("user", "list", "-f", "value", "-c", "Name").split():
        if user.startswith("molt-e2e-member-"):
            openstack("user", "delete", user)
    databases = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SELECT datname FROM "
                                "pg_database WHERE datname LIKE 'molt\\_horizon\\_e2e\\_%'"],
                               check=True, capture_output=True, text=True).stdout.split()
    for database in databases:
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c",
                        "DROP DATABASE IF EXISTS %s WITH (FORCE)" % database], check=True)
    vhosts = subprocess.run(["rabbitmqctl", "-q", "list_vhosts"], check=True, capture_output=True,
                            text=True).stdout.split()
    for vhost in vhosts:
        if vhost.startswith("molt-horizon-e2e-"):
            subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], check=True, capture_output=True)


class Environment(object):
    def __init__(self):
        self.processes = []
        self.undo = []
        os.makedirs(TARGET, exist_ok=True)

    def start(self):
        for port in (SERVICE_PORT, HORIZON_PORT):
            if port_in_use(port):
                raise RuntimeError("port %d is in use: stop what listens there or set MOLT_E2E_SERVICE_PORT / "
                                   "MOLT_E2E_HORIZON_PORT" % port)
        sweep()
        try:
            self._service()
            self._catalog()
            self._member()
            self._horizon()
        except BaseException:
            self.stop()
            raise

    def _service(self):
        jars = [j for j in glob.glob(os.path.join(ROOT, "upgrade-service/target/upgrade-service-*.jar"))
                if "-sources" not in j and not j.endswith(".original")]
        if not jars:
            raise RuntimeError("no upgrade-service jar: build first (./mvnw -B -q install -DskipTests)")
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "CREATE DATABASE " + DATABASE],
                       check=True)
        self.undo.append(lambda: subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c",
                                                 "DROP DATABASE IF EXISTS %s WITH (FORCE)" % DATABASE]))
        subprocess.run(["rabbitmqctl", "-q", "add_vhost", VHOST], check=True, capture_output=True)
        self.undo.append(lambda: subprocess.run(["rabbitmqctl", "-q", "delete_vhost", VHOST], capture_output=True))
        subprocess.run(["rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"],
                       check=True, capture_output=True)
        log = open(os.path.join(TARGET, "molt-service.log"), "w")
        self._spawn(["java", "-jar", jars[0], "serve", "--server.port=%d" % SERVICE_PORT,
                     "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                     "--spring.datasource.username=postgres", "--spring.rabbitmq.host=127.0.0.1",
                     "--spring.rabbitmq.virtual-host=" + VHOST, "--molt.auth.mode=keystone",
                     "--molt.auth.keystone-url=" + KEYSTONE, "--molt.simulation.enabled=true",
                     "--molt.simulation.hosts=6", "--molt.simulation.time-scale=0.05",
                     "--molt.simulation.heartbeat=500ms", "--molt.engine.tick=100ms"], log)
        wait_for("http://127.0.0.1:%d/actuator/health/readiness" % SERVICE_PORT, 180, "Molt")

    def _catalog(self):
        service = json.loads(openstack("service", "create", "--name", "molt-horizon-e2e", "-f", "json",
                                       SERVICE_TYPE))["id"]
        self.undo.append(lambda: openstack("service", "delete", service))
        openstack("endpoint", "create", "--region", "RegionOne", service, "public",
                  "http://127.0.0.1:%d" % SERVICE_PORT)

    def _member(self):
        self.member_password = secrets.token_urlsafe(16)
        openstack("user", "create", "--domain", "Default", "--password", self.member_password, MEMBER)
        self.undo.append(lambda: openstack("user", "delete", MEMBER))
        openstack("role", "add", "--user", MEMBER, "--project", "admin", "member")

    def _horizon(self):
        shutil.copy(os.path.join(PLUGIN, "molt_dashboard", "enabled", "_2080_molt_panel.py"), ENABLED_FILE)
        self.undo.append(lambda: os.remove(ENABLED_FILE))
        with open(SETTINGS_FILE, "w") as f:
            f.write("# written by horizon/e2e for its run, removed after it\n"
                    "OPENSTACK_KEYSTONE_URL = %r\n"
                    "ALLOWED_HOSTS = ['127.0.0.1', 'localhost']\n"
                    "MOLT_SERVICE_TYPE = %r\n"
                    "SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'\n"
                    % (KEYSTONE, SERVICE_TYPE))
        self.undo.append(lambda: os.remove(SETTINGS_FILE))
        log = open(os.path.join(TARGET, "horizon.log"), "w")
        self._spawn(["uwsgi", "--plugin", "python3", "--http-socket", "127.0.0.1:%d" % HORIZON_PORT,
                     "--wsgi-file", "/usr/share/openstack-dashboard/wsgi.py", "--pythonpath", PLUGIN,
                     "--static-map", "/static=/var/lib/openstack-dashboard/static", "--master", "--processes", "2",
                     "--threads", "4", "--add-header", "Connection: close", "--die-on-term"], log)
        wait_for("http://127.0.0.1:%d/auth/login/" % HORIZON_PORT, 120, "Horizon")

    def _spawn(self, command, log):
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(process)

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []
        for step in reversed(self.undo):
            try:
                step()
            except Exception as e:  # go on removing the rest
                print("e2e clean-up step failed: %s" % e)
        self.undo = []


def stop_on_signals(env):
    """SIGTERM and SIGINT stop what env started, then exit."""
    def handler(signum, frame):
        env.stop()
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


if __name__ == "__main__":
    # by hand, to look around: python3 horizon/e2e/environment.py (kill -TERM or Ctrl-C removes it all)
    env = Environment()
    stop_on_signals(env)
    env.start()
    print("Horizon http://127.0.0.1:%d  Molt http://127.0.0.1:%d  member %s  (SIGTERM stops)"
          % (HORIZON_PORT, SERVICE_PORT, MEMBER), flush=True)
    while True:
        time.sleep(3600)
