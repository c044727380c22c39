#!/usr/bin/env bash
# Takes the documentation's screenshots of the application with the real JavaFX toolkit under Xvfb.
# Usage, from the repository root: app/src/test/scripts/screenshots.sh [OUT_DIR [PROJECT_DIR]]
# Without PROJECT_DIR the program builds a project from generated demo scenes (no model yet); with
# one that has model versions and suggestions it also takes the heatmap, review grid and charts.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
cd "$root"
out="${1:-docs/screenshots}"
mvn -q -pl app -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt
classpath="app/target/test-classes:app/target/classes:$(cat app/target/test-classpath.txt)"
export OPT_OUT_TRACKING=true
shift || true
xvfb-run -a -s "-screen 0 1400x900x24" java -Xmx2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
    -Dprism.order=sw -cp "$classpath" org.regiontag.app.gui.Screenshots "$out" "$@"
