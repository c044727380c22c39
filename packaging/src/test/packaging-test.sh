#!/usr/bin/env bash
# Packaging test: checks the application image and the .deb that `mvn -Ppackage package` wrote
# into DIST (packaging/target/dist), on Linux.
#
#   packaging/src/test/packaging-test.sh packaging/target/dist
#
# 1. the image has both launchers, the trimmed runtime, the jars and the unpacked native libraries;
# 2. its regiontag-cli prints the version and passes `doctor` (which starts the PyTorch engine,
#    loads the tokenizers and SQLite libraries) with an empty home folder, writes nothing and
#    opens no network connection, and runs the headless demo with the bundled demo model;
# 3. the .deb unpacked with dpkg -x into a temporary root has the same layout under
#    /opt/regiontag plus the desktop entries, the icon and the maintainer scripts, and its
#    launcher runs from there.
# Prints one line per check, the start-up times, and "N passed, N failed"; exits 1 on a failure.
set -uo pipefail

dist="${1:?usage: packaging-test.sh DIST_FOLDER}"
# Absolute, because some checks run from a scratch folder.
if [ -d "$dist" ]; then
    dist="$(cd "$dist" && pwd)"
fi
image="$dist/regiontag"
passed=0
failed=0
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

pass() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1" >&2; failed=$((failed + 1)); }

# check DESCRIPTION COMMAND...: passes when the command exits with status 0.
check() {
    local description="$1"
    shift
    if "$@" > "$scratch/check.out" 2>&1; then
        pass "$description"
    else
        fail "$description"
        sed 's/^/     /' "$scratch/check.out" >&2
    fi
}

# contains FILE PATTERN: the file has a line matching the extended regular expression.
contains() { grep -Eq -- "$2" "$1"; }

is_png_of_size() {
    local file="$1" size="$2"
    [ "$(head -c 8 "$file" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || return 1
    # The IHDR chunk contains the width and height as big-endian 32-bit numbers at bytes 16 to 23.
    [ "$(od -An -tu1 -j16 -N8 "$file" | tr -s ' ' | sed 's/^ //')" = "0 0 $((size / 256)) $((size % 256)) 0 0 $((size / 256)) $((size % 256))" ]
}

# check_layout APP_FOLDER: the files every copy of the application needs.
check_layout() {
    local root="$1" where="$2"
    check "$where: GUI launcher bin/regiontag" test -x "$root/bin/regiontag"
    check "$where: command-line launcher bin/regiontag-cli" test -x "$root/bin/regiontag-cli"
    check "$where: trimmed runtime lib/runtime/lib/modules" test -f "$root/lib/runtime/lib/modules"
    check "$where: runtime without jdk.jpackage or javac" \
        bash -c "! grep -q -e jdk.jpackage -e jdk.compiler '$root/lib/runtime/release'"
    for library in libtorch.so libtorch_cpu.so libc10.so libdjl_torch.so; do
        check "$where: libtorch/$library" test -f "$root/lib/app/libtorch/$library"
    done
    check "$where: tokenizers/libtokenizers.so" test -f "$root/lib/app/tokenizers/libtokenizers.so"
    check "$where: sqlite/libsqlitejdbc.so" test -f "$root/lib/app/sqlite/libsqlitejdbc.so"
    check "$where: jna/libjnidispatch.so" test -f "$root/lib/app/jna/libjnidispatch.so"
    check "$where: JavaFX libglass.so beside its jars" test -f "$root/lib/app/libglass.so"
    check "$where: application jar" bash -c "ls '$root'/lib/app/app-*.jar"
    check "$where: no pytorch-native-cpu jar" bash -c "! ls '$root'/lib/app/pytorch-native-cpu-*.jar 2> /dev/null"
    for launcher in regiontag regiontag-cli; do
        check "$where: $launcher.cfg sets offline mode" contains "$root/lib/app/$launcher.cfg" '^java-options=-Dai.djl.offline=true$'
        check "$where: $launcher.cfg points DJL at libtorch" \
            contains "$root/lib/app/$launcher.cfg" '^java-options=-DPYTORCH_LIBRARY_PATH=\$APPDIR/libtorch$'
    done
    check "$where: GUI launcher runs GuiMain" contains "$root/lib/app/regiontag.cfg" '^app.mainclass=org.regiontag.app.GuiMain$'
    check "$where: CLI launcher runs Main" contains "$root/lib/app/regiontag-cli.cfg" '^app.mainclass=org.regiontag.app.Main$'
}

# check_demo_json FILE: the output of `demo --headless --json` is exactly one object
# {"rounds": [...]} with rounds 0, 1, 2, 3, each with exactly the keys round, map,
# pseudo_precision, pseudo_recall and decisions, mAP in percent and at least one decision.
check_demo_json() {
    /usr/bin/python3 - "$1" <<'PYTHON'
import json
import sys

with open(sys.argv[1]) as file:
    report = json.load(file)
assert list(report) == ["rounds"], report
rounds = report["rounds"]
assert [entry["round"] for entry in rounds] == [0, 1, 2, 3], rounds
for entry in rounds:
    assert list(entry) == ["round", "map", "pseudo_precision", "pseudo_recall", "decisions"], entry
    assert 0 <= entry["map"] <= 100, entry
    assert entry["decisions"] > 0, entry
    for key in ("pseudo_precision", "pseudo_recall"):
        assert entry[key] is None or 0 <= entry[key] <= 100, entry
PYTHON
}

# millis_now: milliseconds since the epoch.
millis_now() { echo $(($(date +%s%N) / 1000000)); }

# check_runs APP_FOLDER WHERE: runs the command-line launcher with an empty home folder and
# checks its output and that it wrote nothing there (or, with strace, anywhere).
check_runs() {
    local root="$1" where="$2"
    local home="$scratch/home-$where"
    mkdir -p "$home"
    # The JVM takes user.home from the password database, not from HOME, so set both.
    local -a run_env=(env HOME="$home" JAVA_TOOL_OPTIONS="-Duser.home=$home" XDG_CACHE_HOME="$home/.cache")

    local start end
    start="$(millis_now)"
    "${run_env[@]}" "$root/bin/regiontag-cli" --version > "$scratch/version.out" 2> "$scratch/version.err"
    local status=$?
    end="$(millis_now)"
    echo "     time to --version output: $((end - start)) ms"
    check "$where: regiontag-cli --version exits 0" test "$status" -eq 0
    check "$where: regiontag-cli --version prints the version" contains "$scratch/version.out" '^regiontag [0-9]+\.[0-9]+'

    start="$(millis_now)"
    "${run_env[@]}" "$root/bin/regiontag-cli" doctor --device cpu > "$scratch/doctor.out" 2> "$scratch/doctor.err"
    status=$?
    end="$(millis_now)"
    echo "     time to doctor result: $((end - start)) ms"
    sed 's/^/     | /' "$scratch/doctor.out"
    check "$where: regiontag-cli doctor exits 0" test "$status" -eq 0
    check "$where: doctor reports offline mode" contains "$scratch/doctor.out" '^Offline mode: +on '
    check "$where: doctor ran the engine check" contains "$scratch/doctor.out" '^Engine check: +passed '
    check "$where: doctor loaded libtorch from the image" \
        contains "$scratch/doctor.out" "^PyTorch native library: +$(realpath "$root")/lib/app/libtorch\$"
    check "$where: doctor loaded tokenizers from the image" \
        contains "$scratch/doctor.out" "^Tokenizers native library: +$(realpath "$root")/lib/app/tokenizers\$"
    check "$where: doctor loaded SQLite from the image" \
        contains "$scratch/doctor.out" "native library from $(realpath "$root")/lib/app/sqlite\$"
    check "$where: the home folder stays empty" test -z "$(find "$home" -mindepth 1 -print -quit)"

    if command -v strace > /dev/null; then
        # Every system call that creates, opens for writing, renames or links a file, or connects a socket.
        "${run_env[@]}" strace -f -qq -o "$scratch/strace.log" \
            -e trace=open,openat,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat,connect \
            "$root/bin/regiontag-cli" doctor --device cpu > /dev/null 2>&1
        grep -E -e '^[0-9]+ +(open|openat|creat)\(.*(O_WRONLY|O_RDWR|O_CREAT)' \
            -e '^[0-9]+ +(mkdir|mkdirat|rename|renameat|renameat2|link|linkat|symlink|symlinkat)\(' \
            "$scratch/strace.log" | grep -v -e ' = -1 ' -e '"/dev/' -e '"/proc/' > "$scratch/writes.log"
        check "$where: doctor writes no file anywhere (strace)" test ! -s "$scratch/writes.log"
        if [ -s "$scratch/writes.log" ]; then
            sed 's/^/     | /' "$scratch/writes.log" >&2
        fi
        # DJL must not contact the network: no attempt at an IPv4 or IPv6 connection, successful or not.
        grep -E '^[0-9]+ +connect\(.*AF_INET' "$scratch/strace.log" > "$scratch/connects.log"
        check "$where: doctor opens no network connection (strace)" test ! -s "$scratch/connects.log"
        if [ -s "$scratch/connects.log" ]; then
            sed 's/^/     | /' "$scratch/connects.log" >&2
        fi
    else
        echo "     strace is not installed: only the home folder was checked for writes"
    fi

    # The headless demo with the bundled demo model, at small sizes (80 images, 20 steps per round):
    # the JSON must list round 0 (prompt scoring) and three trained rounds with decisions in each.
    local demo_dir="$scratch/demo-$where"
    start="$(millis_now)"
    (cd "$scratch" && "${run_env[@]}" "$root/bin/regiontag-cli" demo "$demo_dir" --headless --json --device cpu \
        --train-images 60 --test-images 20 --image-size 64 --steps 20 --decisions 20 --seed 3) \
        > "$scratch/demo.out" 2> "$scratch/demo.err"
    status=$?
    end="$(millis_now)"
    echo "     time to a finished headless demo (80 images, 3 rounds of 20 steps): $((end - start)) ms"
    if [ "$status" -eq 1 ] && grep -q 'is not bundled with this build' "$scratch/demo.err"; then
        fail "$where: the demo model is bundled (regiontag-cli demo reports it missing)"
    else
        check "$where: regiontag-cli demo --headless --json exits 0" test "$status" -eq 0
        check "$where: demo JSON has rounds 0 to 3 with mAP and decisions" check_demo_json "$scratch/demo.out"
        sed 's/^/     | /' "$scratch/demo.out"
    fi
    if [ "$status" -ne 0 ]; then
        sed 's/^/     | /' "$scratch/demo.err" >&2
    fi
}

echo "== application image $image"
check "image folder exists" test -d "$image"
check_layout "$image" image
check_runs "$image" image

echo "== Debian package"
debs=("$dist"/regiontag_*.deb)
check "one .deb in $dist" test "${#debs[@]}" -eq 1 -a -f "${debs[0]}"
deb="${debs[0]}"
if [ -f "$deb" ]; then
    dpkg-deb --field "$deb" Package Architecture Depends > "$scratch/fields" 2>&1
    check "package name regiontag" contains "$scratch/fields" '^Package: regiontag$'
    check "package depends on xdg-utils for the desktop entry" contains "$scratch/fields" '^Depends: .*xdg-utils'

    root="$scratch/root"
    check "dpkg -x unpacks the package" dpkg-deb -x "$deb" "$root"
    installed="$root/opt/regiontag"
    check_layout "$installed" deb
    desktop="$installed/lib/regiontag-regiontag.desktop"
    check "deb: desktop entry named RegionTag" contains "$desktop" '^Name=RegionTag$'
    check "deb: desktop entry opens files with the GUI launcher" contains "$desktop" '^Exec=/opt/regiontag/bin/regiontag %f$'
    check "deb: desktop entry accepts SQLite files" contains "$desktop" '^MimeType=application/vnd.sqlite3'
    check "deb: desktop entry icon" contains "$desktop" '^Icon=/opt/regiontag/lib/regiontag.png$'
    check "deb: command-line desktop entry hidden" contains "$installed/lib/regiontag-regiontag-cli.desktop" '^NoDisplay=true$'
    check "deb: MIME type of *.sqlite" contains "$installed/lib/regiontag-regiontag-MimeInfo.xml" 'glob pattern="\*\.sqlite"'
    check "deb: icon is a 256 px PNG" is_png_of_size "$installed/lib/regiontag.png" 256

    dpkg-deb --control "$deb" "$scratch/control"
    check "deb: postinst puts regiontag-cli on the PATH" \
        contains "$scratch/control/postinst" 'update-alternatives --install /usr/bin/regiontag-cli regiontag-cli /opt/regiontag/bin/regiontag-cli'
    check "deb: postinst registers the desktop entry" contains "$scratch/control/postinst" '^xdg-desktop-menu install /opt/regiontag/lib/regiontag-regiontag.desktop$'
    check "deb: prerm removes the alternative" contains "$scratch/control/prerm" 'update-alternatives --remove regiontag-cli'
    for script in postinst prerm postrm preinst; do
        check "deb: $script is valid sh" sh -n "$scratch/control/$script"
    done

    check_runs "$installed" deb
fi

echo "packaging-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
