#!/usr/bin/env bash
# The main job: the workflow release engineers paste as a script (crumb, POST to
# /job/<name>/build, queue item), run from C through libjenkins_trigger.
#
#   bash tests/demo.sh [job] [NAME=VALUE ...]
#
# Without JENKINS_URL it starts the bundled Jenkins emulator on 127.0.0.1 (context path
# /jenkins, user deployer, job "Run a script") and triggers that job with a password, so
# the crumb round trip shows. With JENKINS_URL, JENKINS_USER_ID and JENKINS_API_TOKEN set it
# triggers the given job on that Jenkins instead.
set -euo pipefail
cd "$(dirname "$0")/.."

job="${1:-Run a script}"
[ "$#" -gt 0 ] && shift

cargo build --quiet --workspace --locked
out=target/debug
cc -std=c11 -Wall -Wextra -O1 -I include tests/c/trigger.c -L "$out" \
   -Wl,-rpath,"$PWD/$out" -ljenkins_trigger -o "$out/trigger-demo"

if [ -z "${JENKINS_URL:-}" ]; then
    log=$(mktemp)
    "$out/jenkins-emulator" --config tests/emulator/demo.json > "$log" &
    emulator=$!
    trap 'kill $emulator 2>/dev/null; rm -f "$log"' EXIT
    for _ in $(seq 100); do
        grep -q '^JENKINS_EMULATOR_URL=' "$log" && break
        sleep 0.1
    done
    line=$(grep -m1 '^JENKINS_EMULATOR_URL=' "$log") || {
        echo "the emulator did not start" >&2; exit 1; }
    export JENKINS_URL="${line#JENKINS_EMULATOR_URL=}"
    export JENKINS_USER_ID=deployer JENKINS_PASSWORD=pw-deployer
    unset JENKINS_API_TOKEN
    echo "emulator: $JENKINS_URL (user deployer, password auth)"
fi

"$out/trigger-demo" "$job" "$@"
