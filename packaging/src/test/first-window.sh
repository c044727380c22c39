#!/usr/bin/env bash
# Times the GUI launcher of an application image from start until its first RegionTag window is
# viewable, under a private Xvfb display, three times with an empty home folder each time.
#
#   packaging/src/test/first-window.sh packaging/target/dist/regiontag PROJECT_DIR
#
# PROJECT_DIR is a project to open, for example one built by `regiontag demo`. Needs Xvfb,
# xwininfo (x11-utils) and bc. Prints one line per run.
set -uo pipefail

image="${1:?usage: first-window.sh IMAGE_DIR PROJECT_DIR}"
project="${2:?usage: first-window.sh IMAGE_DIR PROJECT_DIR}"
export DISPLAY=:77
Xvfb :77 -screen 0 1600x1000x24 > /dev/null 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2> /dev/null' EXIT
sleep 1

# window_viewable: some top-level window named RegionTag is mapped and viewable.
window_viewable() {
    local id
    for id in $(xwininfo -root -tree 2> /dev/null | grep 'RegionTag' | awk '{print $1}'); do
        if xwininfo -id "$id" 2> /dev/null | grep -q 'IsViewable'; then
            return 0
        fi
    done
    return 1
}

for run in 1 2 3; do
    home="$(mktemp -d)"
    start="$(date +%s.%N)"
    HOME="$home" XDG_CONFIG_HOME="$home/.config" "$image/bin/regiontag" "$project" > "$home.log" 2>&1 &
    app_pid=$!
    shown=""
    for _ in $(seq 1 1200); do
        if window_viewable; then
            shown="$(date +%s.%N)"
            break
        fi
        sleep 0.05
    done
    if [ -n "$shown" ]; then
        echo "run $run: first window after $(echo "$shown - $start" | bc) s"
    else
        echo "run $run: no window within 60 s; the launcher's output:"
        tail -5 "$home.log"
    fi
    kill "$app_pid" 2> /dev/null
    sleep 1
    kill -9 "$app_pid" 2> /dev/null
    wait "$app_pid" 2> /dev/null
    rm -rf "$home" "$home.log"
done
