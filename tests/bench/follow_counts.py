"""Counts what a complete trigger-wait-follow run costs Jenkins: jenkins-build (tests/c) at
its default settings follows a 10-second build of the emulator, then the emulator's request
log is summarised: requests by kind, and console bytes fetched against the log's size.

Usage: follow_counts.py <emulator binary> <jenkins-build binary> [extra jenkins-build args]
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

LINES = 200
CONSOLE = "".join("step %03d: compiling module %03d\n" % (i, i) for i in range(LINES))
CONFIG = {
    "users": [{"name": "deployer", "password": "pw-deployer",
               "api_tokens": ["11aa22bb33cc44dd55ee66ff77889900"]}],
    "console_mode": "legacy",
    "jobs": [{"full_name": "ten-seconds", "quiet_period_ms": 1000, "duration_ms": 10000,
              "console": CONSOLE}],
}


def main():
    emulator, jenkins_build = sys.argv[1], sys.argv[2]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(CONFIG, f)
    proc = subprocess.Popen([emulator, "--config", f.name], stdout=subprocess.PIPE, text=True)
    try:
        base = proc.stdout.readline().strip().split("=", 1)[1]
        env = dict(os.environ, JENKINS_URL=base, JENKINS_USER_ID="deployer",
                   JENKINS_API_TOKEN="11aa22bb33cc44dd55ee66ff77889900")
        run = subprocess.run([jenkins_build] + sys.argv[3:] + ["ten-seconds"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
        origin = "/".join(base.split("/")[:3])
        with urllib.request.urlopen(origin + "/__emulator/requests", timeout=5) as r:
            log = json.loads(r.read())
    finally:
        proc.kill()
        os.unlink(f.name)

    kinds = {}
    console_bytes = 0
    for req in log:
        path = req["path"]
        parts = path.strip("/").split("/")
        kind = ("console" if "progressiveText" in path else "queue item" if "/queue/" in path
                else "trigger" if req["method"] == "POST"
                else "build" if len(parts) >= 3 and parts[-3].isdigit() else "other")
        kinds[(req["method"], kind)] = kinds.get((req["method"], kind), 0) + 1
        if kind == "console":
            console_bytes += req["response_len"]
    print("jenkins-build exit %d, stdout %s the log" %
          (run.returncode, "equals" if run.stdout.decode() == CONSOLE else "DIFFERS FROM"))
    for (method, kind), n in sorted(kinds.items()):
        print("  %-4s %-10s %3d" % (method, kind, n))
    gets = sum(n for (m, _), n in kinds.items() if m == "GET")
    print("GET requests in all: %d; console body bytes fetched: %d for a %d-byte log "
          "(%d LF written as CRLF by Jenkins)" % (gets, console_bytes, len(CONSOLE), LINES))


if __name__ == "__main__":
    main()
