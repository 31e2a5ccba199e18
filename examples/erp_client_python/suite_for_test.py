"""What test_erp_flow.py runs the example client against: Python stubs
generated from protos/ at test time, a crm-suite process of its own on the
test PostgreSQL and Redis, and a service account created in it with crmctl.

Every missing piece (a Debian package, a binary, a server) is an error with a
message saying what to do, never a reason to skip.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time


class SetupError(Exception):
    """Something the test needs is missing or would not start."""


def required_environment(name):
    value = os.environ.get(name, "")
    if not value:
        raise SetupError("%s is not set; run this test through ctest (make test)" % name)
    return value


def generate_stubs(proto_root, out_dir):
    """Runs grpc_tools.protoc over every .proto under proto_root into out_dir.

    The google/protobuf well-known types come from grpc_tools' own include
    folder; google/rpc, google/api and google/longrunning are in protos/.
    """
    try:
        import grpc  # noqa: F401  (checked here for a clear message)
        import grpc_tools  # noqa: F401
        from google.protobuf import descriptor  # noqa: F401
    except ImportError as e:
        raise SetupError("%s; install python3-grpcio python3-grpc-tools python3-protobuf "
                         "(scripts/install-deps.sh does) and run Debian's python3 "
                         "(this is %s)" % (e, sys.executable)) from None
    protos = sorted(os.path.relpath(os.path.join(folder, name), proto_root)
                    for folder, _, names in os.walk(proto_root)
                    for name in names if name.endswith(".proto"))
    if not protos:
        raise SetupError("no .proto files under %s" % proto_root)
    result = subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", "-I", proto_root,
         "--python_out=" + out_dir, "--grpc_python_out=" + out_dir] + protos,
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SetupError("grpc_tools.protoc failed (exit %d):\n%s"
                         % (result.returncode, result.stderr))
    return protos


def free_loopback_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Suite:
    """A crm-suite process on a free loopback port, and crmctl to administer it."""

    def __init__(self, build_dir, pg_dsn, redis_address):
        self.binary = os.path.join(build_dir, "services", "suite", "crm-suite")
        self.crmctl_binary = os.path.join(build_dir, "tools", "crmctl", "crmctl")
        for path in (self.binary, self.crmctl_binary):
            if not os.access(path, os.X_OK):
                raise SetupError("%s is missing; build it first (make build)" % path)
        self.pg_dsn = pg_dsn
        self.redis_address = redis_address
        self.address = ""
        self.work = tempfile.mkdtemp(prefix="erp-client-test-")
        self.log_path = os.path.join(self.work, "suite.log")
        self._process = None

    def start(self, timeout_seconds=30):
        self.address = "127.0.0.1:%d" % free_loopback_port()
        with open(self.log_path, "wb") as log:
            self._process = subprocess.Popen(
                [self.binary, "--listen", self.address, "--customer_listen", "127.0.0.1:0",
                 "--hierarchy_listen", "127.0.0.1:0", "--opportunity_listen", "127.0.0.1:0",
                 "--contract_listen", "127.0.0.1:0", "--collaboration_listen", "127.0.0.1:0",
                 "--scoring_listen", "127.0.0.1:0", "--pg_dsn", self.pg_dsn,
                 "--redis_address", self.redis_address],
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise SetupError("crm-suite exited at start-up (%d):\n%s"
                                 % (self._process.returncode, self.log_tail()))
            health = self.crmctl("health", check=False)
            if health.returncode == 0 and health.stdout.strip() == "SERVING":
                return
            time.sleep(0.5)
        raise SetupError("the gateway on %s is not SERVING after %d s:\n%s"
                         % (self.address, timeout_seconds, self.log_tail()))

    def stop(self):
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    def log_tail(self, lines=20):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def crmctl(self, *args, check=True):
        """Runs crmctl against this suite, with no saved login of whoever runs the test."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("CRM_TOKEN", "CRM_SERVER", "CRM_AS")}
        env["HOME"] = self.work
        env["XDG_CONFIG_HOME"] = os.path.join(self.work, "config")
        result = subprocess.run([self.crmctl_binary, "--server", self.address] + list(args),
                                capture_output=True, text=True, env=env, check=False)
        if check and result.returncode != 0:
            raise SetupError("crmctl %s failed (%d): %s%s" % (
                " ".join(args), result.returncode, result.stdout, result.stderr))
        return result

    def create_service_account(self, user_id, org_unit="hq", role="integration"):
        """Creates users/<user_id> as the bootstrap administrator admin@hq."""
        self.crmctl("--as", "admin@hq", "org", "users", "create", user_id,
                    "--org-unit", "orgUnits/" + org_unit, "--role", role,
                    "--display-name", "ERP client test " + user_id, "--service-account")
