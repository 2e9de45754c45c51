#!/usr/bin/env bash
# The trigger benchmark: builds the release library, the emulator and the C program, then
# runs tests/bench/compare.py (library versus curl's two requests versus python-jenkins).
#   bash tests/bench/run.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
python3 -c 'import jenkins' 2>/dev/null || python3 -m pip install --quiet 'python-jenkins>=1.8,<2'
cargo build --quiet --release --workspace --locked
out=target/release
cc -std=c11 -O2 -I include tests/c/trigger.c -L "$out" -Wl,-rpath,"$PWD/$out" \
   -ljenkins_trigger -o "$out/trigger-bench"
python3 tests/bench/compare.py "$out/jenkins-emulator" "$out/trigger-bench" "${1:-30}"

echo
echo "A complete trigger-wait-follow run of a 10-second build (jenkins-build, defaults):"
cc -std=c11 -O2 -I include tests/c/jenkins-build.c -L "$out" -Wl,-rpath,"$PWD/$out" \
   -ljenkins_trigger -o "$out/jenkins-build"
python3 tests/bench/follow_counts.py "$out/jenkins-emulator" "$out/jenkins-build"
