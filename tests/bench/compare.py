"""Compares one trigger from a fresh process, as a deployment step does it, across the tools a
user would pick: the library (tests/c/trigger.c), curl doing the pasted script's two requests
(crumb, then POST with the cookie), and python-jenkins. All run in one session against the
same emulator on 127.0.0.1, interleaved round by round so machine noise hits each alike.

Usage: compare.py <emulator binary> <trigger binary> [rounds]
Prints medians, the ratio of each to curl, and the HTTP requests each trigger cost.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

USER, PASSWORD, TOKEN = "deployer", "pw-deployer", "11aa22bb33cc44dd55ee66ff77889900"
JOB = "Run a script"


def start_emulator(binary, config):
    proc = subprocess.Popen([binary, "--config", config], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    if not line.startswith("JENKINS_EMULATOR_URL="):
        proc.kill()
        sys.exit("the emulator did not start: %r" % line)
    return proc, line.split("=", 1)[1]


def admin(base, verb, method="GET"):
    origin = base.split("/", 3)[:3]
    url = "/".join(origin) + "/__emulator/" + verb
    with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=5) as r:
        return r.read()


def curl_script(base, cookies):
    """The pasted script: GET the crumb, then POST with its header and the session cookie."""
    crumb = json.loads(subprocess.run(
        ["curl", "-sf", "-u", "%s:%s" % (USER, PASSWORD), "-c", cookies,
         base + "crumbIssuer/api/json"], capture_output=True, check=True).stdout)
    header = "%s: %s" % (crumb["crumbRequestField"], crumb["crumb"])
    subprocess.run(
        ["curl", "-sf", "-o", "/dev/null", "-u", "%s:%s" % (USER, PASSWORD), "-b", cookies,
         "-H", header, "-X", "POST", base + "job/Run%20a%20script/build"],
        check=True)


def commands(base, trigger, cookies):
    env_pw = dict(os.environ, JENKINS_URL=base, JENKINS_USER_ID=USER, JENKINS_PASSWORD=PASSWORD)
    env_pw.pop("JENKINS_API_TOKEN", None)
    env_tok = dict(os.environ, JENKINS_URL=base, JENKINS_USER_ID=USER, JENKINS_API_TOKEN=TOKEN)
    python = [sys.executable, os.path.join(os.path.dirname(__file__), "..", "python",
                                           "crumb_and_build.py"), base, USER, PASSWORD, JOB]
    run = lambda argv, env=None: subprocess.run(argv, env=env, check=True,
                                                stdout=subprocess.DEVNULL)
    return {
        "curl, pasted script (password)": lambda: curl_script(base, cookies),
        "jenkins_trigger C (password)": lambda: run([trigger, JOB], env_pw),
        "jenkins_trigger C (API token)": lambda: run([trigger, JOB], env_tok),
        "curl, one POST (API token)": lambda: run(
            ["curl", "-sf", "-o", "/dev/null", "-u", "%s:%s" % (USER, TOKEN), "-X", "POST",
             base + "job/Run%20a%20script/build"]),
        "python-jenkins build_job (password)": lambda: run(python),
    }


def main():
    emulator, trigger = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    config = os.path.join(os.path.dirname(__file__), "..", "emulator", "demo.json")
    proc, base = start_emulator(emulator, config)
    try:
        with tempfile.NamedTemporaryFile(suffix=".cookies") as jar:
            tools = commands(base, trigger, jar.name)
            times = {name: [] for name in tools}
            requests = {}
            for name, call in tools.items():
                admin(base, "clear", "POST")
                call()
                requests[name] = len(json.loads(admin(base, "requests")))
            for _ in range(rounds):
                for name, call in tools.items():
                    started = time.perf_counter()
                    call()
                    times[name].append(time.perf_counter() - started)
    finally:
        proc.kill()

    baseline = statistics.median(times["curl, pasted script (password)"])
    print("%-38s %9s %8s %9s" % ("one trigger from a fresh process", "median", "vs curl",
                                  "requests"))
    for name, samples in times.items():
        median = statistics.median(samples)
        print("%-38s %7.1fms %7.2fx %9d" % (name, median * 1000, median / baseline,
                                            requests[name]))
    print("(%d rounds, interleaved; ratio = median / median of the curl script)" % rounds)


if __name__ == "__main__":
    main()
