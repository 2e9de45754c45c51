#!/usr/bin/env bash
# Assembles an importable JenkinsTrigger module folder from a cargo build for this platform:
# everything in powershell/JenkinsTrigger/ plus the native library at
# runtimes/<rid>/native/<file>, where NativeLibrary.Load (JenkinsTrigger.cs) looks for it.
#
#   bash powershell/build-module.sh [--no-build] [release|debug] [out-dir]
#
# release is the default profile; out-dir (the module folder itself) defaults to
# target/powershell/JenkinsTrigger. --no-build takes the library cargo already built (the
# tests use it). CARGO_TARGET_DIR is honoured. Prints the module folder's path.
set -euo pipefail

usage() {
    echo "usage: bash powershell/build-module.sh [--no-build] [release|debug] [out-dir]" >&2
    exit 2
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=1
profile=release
out=""
for arg in "$@"; do
    case "$arg" in
        --no-build) build=0 ;;
        release | debug) profile="$arg" ;;
        -*) usage ;;
        *) [ -z "$out" ] || usage; out="$arg" ;;
    esac
done

# The same RID names as NativeLibrary.RuntimeId().
case "$(uname -s)" in
    Linux) os=linux; file=libjenkins_trigger.so ;;
    Darwin) os=osx; file=libjenkins_trigger.dylib ;;
    MINGW* | MSYS* | CYGWIN*) os=win; file=jenkins_trigger.dll ;;
    *) echo "build-module.sh: unsupported system $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "build-module.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
rid="$os-$arch"

target="${CARGO_TARGET_DIR:-$root/target}"
out="${out:-$target/powershell/JenkinsTrigger}"

if [ "$build" = 1 ]; then
    flags=()
    [ "$profile" = release ] && flags+=(--release)
    # cargo's progress goes to stderr, so stdout keeps only the folder's path.
    (cd "$root" && cargo build --lib "${flags[@]}") >&2
fi
library="$target/$profile/$file"
if [ ! -f "$library" ]; then
    echo "build-module.sh: $library does not exist; run without --no-build" >&2
    exit 1
fi

# Start from an empty folder so no file of an earlier layout lingers, but never empty a
# folder this script did not make (one without the module's C# source).
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
    if [ ! -f "$out/JenkinsTrigger.cs" ]; then
        echo "build-module.sh: $out is not empty and not a module folder built here;" \
            "remove it or name another" >&2
        exit 1
    fi
    rm -rf "$out"
fi
mkdir -p "$out/runtimes/$rid/native"
cp -R "$root/powershell/JenkinsTrigger/." "$out/"
cp "$library" "$out/runtimes/$rid/native/$file"

echo "$(cd "$out" && pwd)"
