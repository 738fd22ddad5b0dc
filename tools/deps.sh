#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, and only those missing.
# Runs apt-get directly as root, through sudo otherwise; when neither is possible it
# names the packages so a person can install them.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libwxgtk3.2-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libssl-dev
  nlohmann-json3-dev libsimdjson-dev libcli11-dev catch2
  libbenchmark-dev libsqlite3-dev
  xvfb xauth time e2fsprogs util-linux
  # The syslog forwarding test starts its own rsyslogd in a private mount namespace.
  # Debian 12's rsyslog ships no init script, so installing it starts no daemon where
  # systemd is not running (and where it is, the unit reads journald, leaving /dev/log alone).
  rsyslog
  openssl  # the tests run the documented `openssl pkeyutl` recipe for signed checkpoints
)
# Benchmarks and screenshots need a few more (make bench, tools/screenshots.sh).
if [ "${1:-}" = "--bench" ]; then
  packages+=(hyperfine imagemagick)
fi
# The fuzz targets need clang and its libFuzzer/sanitizer runtimes (make fuzz, and make test,
# which runs each fuzz target briefly).
if [ "${1:-}" = "--fuzz" ]; then
  packages+=(clang-14 libclang-rt-14-dev)
fi

# The FHIR export's tests validate with node (tests/fhir): Debian's nodejs and npm when no
# node is installed at all (a node from elsewhere brings its own npm).
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

# tests/fhir/node_modules from the pinned package-lock.json, when missing or stale.
fhir_validator() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/fhir"
  local stamp="$dir/node_modules/.kc-package-lock.sha256"
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "deps: installing the FHIR schema validator (npm ci in tests/fhir)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  fhir_validator
  exit 0
fi

echo "deps: installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo_cmd=(sudo -n)
elif command -v sudo >/dev/null 2>&1 && [ -t 0 ]; then
  sudo_cmd=(sudo)
else
  echo "deps: cannot install packages (not root and no usable sudo)." >&2
  echo "deps: please run:  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  # A fresh machine may have stale package lists: refresh once and try again.
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
fhir_validator
