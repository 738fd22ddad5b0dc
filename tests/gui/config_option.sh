#!/usr/bin/env bash
# ketamine-checklist --config FILE, as the whole program: a settings file that makes records
# group-readable gives a records folder of mode 750 (700 without it; 750 again when it is the
# default $XDG_CONFIG_HOME/ketamine-checklist/config.yaml), and a missing settings
# file never lets the app start (the problem is printed, and shown in a dialog that waits).
#   config_option.sh APP PROTOCOLS_DIR
set -euo pipefail
app=${1:?app}
protocols=${2:?protocols}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" HOME="$work/home"
mkdir -p "$HOME"

start() { # records folder name, then more options
    local records=$work/$1; shift
    timeout 60 "$app" --protocols "$protocols" --records "$records" --quit-when-idle "$@"
}

printf 'records:\n  group_readable: true\n' > "$work/group.yaml"
start shared --config "$work/group.yaml"
mode=$(stat -c %a "$work/shared")
[ "$mode" = 750 ] || { echo "FAIL: --config group_readable gave a records folder of mode $mode, not 750"; exit 1; }

start private
mode=$(stat -c %a "$work/private")
[ "$mode" = 700 ] || { echo "FAIL: without a settings file the records folder is $mode, not 700"; exit 1; }

mkdir -p "$XDG_CONFIG_HOME/ketamine-checklist"
cp "$work/group.yaml" "$XDG_CONFIG_HOME/ketamine-checklist/config.yaml"
start default
mode=$(stat -c %a "$work/default")
[ "$mode" = 750 ] || { echo "FAIL: the default settings file (XDG_CONFIG_HOME) was not read: mode $mode"; exit 1; }

status=0
timeout 15 "$app" --protocols "$protocols" --records "$work/never" --quit-when-idle \
    --config "$work/no-such.yaml" 2> "$work/err" || status=$?
[ "$status" != 0 ] || { echo "FAIL: the app started with a missing --config file"; exit 1; }
grep -q "no-such.yaml" "$work/err" || { echo "FAIL: the missing settings file is not named:"; cat "$work/err"; exit 1; }
[ ! -e "$work/never" ] || { echo "FAIL: a records folder was made although the settings were refused"; exit 1; }
echo "ok: --config honoured (750), no file private (700), the default file read (750), missing file refused and named"
