#!/usr/bin/env bash
# Runs every test of JenkinsTrigger, installing what the tests need first when it is
# missing (valgrind, gcc, g++ and Mono from Debian; python-jenkins and the PowerShell grammar
# from PyPI; cargo-nextest from crates.io).
# Usage: bash tests/run-all.sh        (from anywhere; exits non-zero on the first failure)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "installing test dependencies where missing"
missing=""
for tool in valgrind:valgrind cc:gcc c++:g++ mcs:mono-mcs mono:mono-runtime; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || missing="$missing ${tool#*:}"
done
if [ -n "$missing" ]; then
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
if ! python3 -c 'import jenkins' >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check 'python-jenkins>=1.8,<2'
fi
if ! python3 -c 'import tree_sitter, tree_sitter_powershell' >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check -r tests/grammar/requirements.txt
fi
if ! cargo nextest --version >/dev/null 2>&1; then
    cargo install --locked cargo-nextest
fi

step "formatting and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "building the library (cdylib, staticlib) and the emulator"
cargo build --workspace --locked

step "the generated header is committed and up to date"
if [ -n "$(git status --porcelain -- include)" ]; then
    git --no-pager diff -- include | head -50
    echo "include/jenkins_trigger.h changed in a fresh build: commit the regenerated header" >&2
    exit 1
fi

step "every test: unit, scenarios, C ABI and header, valgrind, python-jenkins, C# under Mono"
cargo nextest run --workspace --locked --no-fail-fast
cargo test --workspace --doc --locked

step "PowerShell module: every script parsed by a PowerShell grammar"
python3 tests/grammar/check_powershell.py

step "PowerShell module: Pester (runs only where pwsh is installed)"
bash tests/powershell/run.sh
