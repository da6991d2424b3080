#!/bin/sh
# Regenerates screenshots/*.png from the real kview binary on `kview --demo`.
#
# Each shot runs kview in a private tmux server at a fixed 120x40, types its keys, waits for
# what it should show, captures the screen with its colors (`tmux capture-pane -e -p`) and
# renders that to PNG with render.py (Python 3 + Pillow, installed into a venv on first use).
#
# usage: screenshots/capture.sh            (from anywhere; needs cargo, tmux, python3,
#                                           and the DejaVu fonts: apt-get install fonts-dejavu-core)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
cd "$repo"
cargo build --locked --quiet
bin=${CARGO_TARGET_DIR:-$repo/target}/debug/kview

venv=${KVIEW_SHOTS_VENV:-${TMPDIR:-/tmp}/kview-screenshots-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import PIL' 2>/dev/null || "$venv/bin/pip" install --quiet pillow

work=$(mktemp -d)
socket="kview-shots-$$"
# An empty config directory: the shots show the built-in defaults, never the user's setup.
mkdir "$work/config"
cleanup() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

screen() {
    tmux -L "$socket" capture-pane -p -t shot
}

# wait_for TEXT: until the screen shows TEXT (30 s at most).
wait_for() {
    tries=0
    until screen | grep -qF -- "$1"; do
        tries=$((tries + 1))
        if [ "$tries" -gt 300 ]; then
            echo "capture.sh: timed out waiting for '$1'; screen:" >&2
            screen >&2
            exit 1
        fi
        sleep 0.1
    done
}

# shot NAME THEME WAIT_FOR [KEYS...]: run, type KEYS (tmux key names), wait, capture, render.
# RENDER_ARGS (terminal default colors) apply to the next shot only.
shot() {
    name=$1 theme=$2 expect=$3
    shift 3
    tmux -L "$socket" -f /dev/null new-session -d -s shot -x 120 -y 40 \
        "env KVIEW_CONFIG_DIR='$work/config' COLORTERM=truecolor '$bin' --demo --theme $theme"
    wait_for "Running"
    wait_for "worker-1"
    # The first rows show while the rest of the list arrives; let it settle before typing.
    sleep 2
    for key in "$@"; do
        tmux -L "$socket" send-keys -t shot "$key"
    done
    wait_for "$expect"
    # The text waited for may show before the last keys are drawn.
    sleep 0.5
    tmux -L "$socket" capture-pane -e -p -t shot > "$work/$name.ans"
    tmux -L "$socket" kill-session -t shot
    # shellcheck disable=SC2086
    "$venv/bin/python" "$here/render.py" "$work/$name.ans" "$here/$name.png" ${RENDER_ARGS:-}
    RENDER_ARGS=
    echo "screenshots/$name.png"
}

shot dashboard-default default "<l> logs" j j j j
shot dashboard-dracula dracula "<s> scale" Tab j j
RENDER_ARGS="--bg #fafafa --fg #262626" shot dashboard-light light "<l> logs" j j
shot help-nord nord "keys from the active keymap" "?"
shot filter-zoom-gruvbox gruvbox "/svc-0007" / s v c - 0 0 0 7 Enter Enter
