"""python-jenkins' own crumb-and-build flow, run by tests/interop against the emulator.

Usage: crumb_and_build.py <jenkins url> <user> <password> <job>
Prints "queue item <id>" on success.
"""
import sys

try:
    import jenkins
except ImportError:
    sys.exit("python-jenkins is not installed: run `pip install python-jenkins`")


def main():
    url, user, password, job = sys.argv[1:5]
    server = jenkins.Jenkins(url, username=user, password=password, timeout=10)
    # build_job fetches the crumb itself (maybe_add_crumb) and POSTs to /job/<name>/build.
    queue_id = server.build_job(job)
    print("queue item %s" % queue_id)


if __name__ == "__main__":
    main()
