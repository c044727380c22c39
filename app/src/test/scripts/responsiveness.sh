#!/usr/bin/env bash
# Runs the application responsiveness benchmark (docs/benchmarks.md, "Application responsiveness").
# Usage, from the repository root: app/src/test/scripts/responsiveness.sh [WORK_DIR] [--xvfb]
# By default it runs on Monocle's headless platform with software rendering; --xvfb uses the real
# GTK toolkit under Xvfb instead. Generated projects are kept in WORK_DIR and reused.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
work="${1:-/tmp}"
mvn -q -pl app -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt
classpath="app/target/test-classes:app/target/classes:$(cat app/target/test-classpath.txt)"
export OPT_OUT_TRACKING=true
options=(-Xmx2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dregiontag.log.level=WARN
    ${REGIONTAG_BENCH_OPTS:-})
if [ "${2:-}" = "--xvfb" ]; then
    exec xvfb-run -a -s "-screen 0 1400x900x24" java "${options[@]}" -cp "$classpath" \
        org.regiontag.app.gui.bench.ResponsivenessBenchmark "$work"
fi
exec java "${options[@]}" -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw \
    -Dprism.text=t2k -Djava.awt.headless=true -cp "$classpath" \
    org.regiontag.app.gui.bench.ResponsivenessBenchmark "$work"
