#!/usr/bin/env bash
# Installs the Debian packages the build and tests need, and only those missing.
# Runs apt-get directly as root, through sudo otherwise; when neither is possible it
# names the packages so a person can install them.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libwxgtk3.2-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libssl-dev
  nlohmann-json3-dev libcli11-dev catch2
  xvfb xauth time
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

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
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
