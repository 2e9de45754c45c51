#!/usr/bin/env bash
# Runs the Pester tests of the JenkinsTrigger PowerShell module when PowerShell 7 (pwsh) is
# installed: builds the emulator and the module folder (powershell/build-module.sh, debug
# library), then runs tests/powershell/Invoke-Tests.ps1 non-interactively.
#
# Without pwsh it prints one line saying so and exits 0; the module's scripts are then only
# checked by tests/grammar/check_powershell.py. That line is not a pass.
#
#   bash tests/powershell/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v pwsh >/dev/null 2>&1; then
    echo "Pester: skipped: pwsh is not installed on this machine (the module's scripts were only parsed)"
    exit 0
fi

cargo build --locked -p jenkins-emulator >&2
cargo build --locked --lib >&2
module_dir="$(bash powershell/build-module.sh --no-build debug "target/powershell-test/JenkinsTrigger")"

JT_MODULE_DIR="$module_dir" JT_EMULATOR="$PWD/target/debug/jenkins-emulator" \
    pwsh -NoProfile -NonInteractive -File tests/powershell/Invoke-Tests.ps1 </dev/null
