#!/usr/bin/env bash
# Measures CLIP RN50 image-tower inference at 224 px: RegionTag's engine (DJL, libtorch 2.7.1) and
# PyTorch eager (Debian's python3-torch) on the same random weights of the real size, with the same
# thread count, one after the other. Prints one JSON line per engine and the oneDNN check.
#
# Throughput is measured in ROUNDS short runs that alternate between the two engines, so that both
# see the same share of a machine that others use too; the summary gives the median of each engine
# and their ratio. Memory is measured in one longer run per engine (--images, after WARMUP batches).
#
# Usage: engine/src/test/bench/clip-resnet-benchmark.sh [--device cpu|gpu] [--images N] [--batch B]
#            [--rounds R] [--round-images N]
# Environment: RN50_DIR (default /tmp/regiontag-rn50-bench, generated when absent; never commit it),
# THREADS (default 2), WARMUP (batches run before timing, default 25: resident memory grows while
# the allocators warm up over the first 25 or so batches of RN50, then stays flat), OPENBLAS_DIR (folder with OpenBLAS's libblas.so.3; default the copy unpacked
# by: apt-get download libopenblas0-pthread && dpkg -x libopenblas0-pthread_*.deb /tmp/openblas).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
model="${RN50_DIR:-/tmp/regiontag-rn50-bench}"
threads="${THREADS:-2}"
warmup="${WARMUP:-25}"
openblas="${OPENBLAS_DIR:-/tmp/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread}"
device=cpu
images=1000
batch=8
rounds=5
round_images=160
while [ $# -gt 0 ]; do
    case "$1" in
        --device) device="$2"; shift 2 ;;
        --images) images="$2"; shift 2 ;;
        --batch) batch="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        --round-images) round_images="$2"; shift 2 ;;
        *) echo "unknown option '$1'; expected --device, --images, --batch, --rounds or --round-images" >&2
           exit 1 ;;
    esac
done
python=/usr/bin/python3
reference="$root/engine/src/test/python/clip_resnet_reference.py"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

if [ ! -f "$model/model.safetensors" ]; then
    # The image tower has RN50's real sizes; the text tower, which is not measured, is tiny so that
    # loading the file does not dominate either engine's resident memory.
    echo "writing random RN50 weights to $model" >&2
    "$python" "$reference" checkpoint --out "$model" --layers 3,4,6,3 --width 64 --heads 32 \
        --image-size 224 --output-dim 1024 --text-width 64 --text-layers 1 --text-heads 1 --vocab-size 1000
fi

(cd "$root" && mvn -q -pl engine -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
classpath="$root/engine/target/test-classes:$root/engine/target/classes:$(cat "$root/engine/target/test-classpath.txt")"

if [ -f "$openblas/libblas.so.3" ]; then
    torch_env=(env "LD_LIBRARY_PATH=$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
else
    echo "warning: no OpenBLAS at $openblas; PyTorch eager will use Debian's slow reference BLAS" >&2
    torch_env=(env)
fi
java_command=(java -Xmx2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true
    "-Dai.djl.pytorch.num_threads=$threads" -Dai.djl.pytorch.num_interop_threads=1
    -cp "$classpath" org.regiontag.engine.clip.resnet.ResNetThroughputBenchmark --model "$model" --device "$device")
export OPT_OUT_TRACKING=true OMP_NUM_THREADS="$threads"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# oneDNN check: one batch each with oneDNN's verbose log, counting executed convolution primitives.
"${torch_env[@]}" DNNL_VERBOSE=1 "$python" "$reference" benchmark --model "$model" --images "$batch" \
    --batch "$batch" --warmup 0 --threads "$threads" --device "$device" > "$results/torch-onednn.log" 2>&1 || true
DNNL_VERBOSE=1 ONEDNN_VERBOSE=1 "${java_command[@]}" --images "$batch" --batch "$batch" --warmup 0 \
    > "$results/djl-onednn.log" 2>&1 || true
echo "oneDNN convolutions executed in one batch: pytorch-eager $(grep -c 'exec,cpu,convolution' "$results/torch-onednn.log" || true)," \
    "regiontag-djl $(grep -c 'exec,cpu,convolution' "$results/djl-onednn.log" || true)"

for round in $(seq 1 "$rounds"); do
    "${torch_env[@]}" "$python" "$reference" benchmark --model "$model" --images "$round_images" \
        --batch "$batch" --warmup 3 --threads "$threads" --device "$device" > "$results/torch-round-$round.json"
    "${java_command[@]}" --images "$round_images" --batch "$batch" --warmup 3 \
        --out "$results/djl-round-$round.json" 2> /dev/null
    echo "round $round (load $(cut -d' ' -f1 /proc/loadavg)): pytorch-eager" \
        "$(grep -o '"images_per_second": [0-9.]*' "$results/torch-round-$round.json" | cut -d' ' -f2) images/s," \
        "regiontag-djl $(grep -o '"images_per_second":[0-9.]*' "$results/djl-round-$round.json" | cut -d: -f2) images/s"
done
"$python" - "$results" "$rounds" <<'SUMMARY'
import json, statistics, sys
folder, rounds = sys.argv[1], int(sys.argv[2])
torch = [json.load(open(f"{folder}/torch-round-{r}.json"))["images_per_second"] for r in range(1, rounds + 1)]
djl = [json.load(open(f"{folder}/djl-round-{r}.json"))["images_per_second"] for r in range(1, rounds + 1)]
print(json.dumps({"median_pytorch_eager": statistics.median(torch), "median_regiontag_djl": statistics.median(djl),
                  "ratio_of_medians": round(statistics.median(djl) / statistics.median(torch), 3),
                  "ratio_per_round": [round(d / t, 3) for d, t in zip(djl, torch)]}))
SUMMARY

# Memory: one longer run per engine; both also report their throughput over it.
"${torch_env[@]}" "$python" "$reference" benchmark --model "$model" --images "$images" --batch "$batch" \
    --warmup "$warmup" --threads "$threads" --device "$device"
"${java_command[@]}" --images "$images" --batch "$batch" --warmup "$warmup" --rss-every 25 \
    --out "$results/djl.json" 2> /dev/null
cat "$results/djl.json"

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
