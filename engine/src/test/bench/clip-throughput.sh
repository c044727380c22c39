#!/usr/bin/env bash
# CLIP engine benchmark: ViT-B/16 at 224 px with random weights of the real size, our DJL engine
# against PyTorch eager (Debian's python3-torch with OpenBLAS), same thread count.
#
#   engine/src/test/bench/clip-throughput.sh [--device cpu|gpu] [--images 1000] [--threads 2]
#
# Writes the checkpoint to /tmp/regiontag-bench/vit-b-16 (about 600 MB, never committed) once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
device=cpu
images=1000
threads=2
python_images=200
while [ $# -gt 0 ]; do
    case "$1" in
        --device) device="$2"; shift 2 ;;
        --images) images="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        *) echo "unknown option $1; expected --device, --images or --threads" >&2; exit 1 ;;
    esac
done

work=/tmp/regiontag-bench
model="$work/vit-b-16"
mkdir -p "$work"
if [ ! -f "$model/model.safetensors" ]; then
    tokenizer=tiny
    [ -f "$root/../shared/clip-tokenizer/tokenizer.json" ] && tokenizer="$root/../shared/clip-tokenizer/tokenizer.json"
    /usr/bin/python3 "$root/engine/src/test/python/make_tiny_clip.py" --out "$model" --variant vit-b-16 \
        --tokenizer "$tokenizer"
fi

# Debian's torch links the reference BLAS; a fair eager baseline uses OpenBLAS.
openblas="$work/openblas/usr/lib/x86_64-linux-gnu/openblas-pthread"
if [ ! -f "$openblas/libblas.so.3" ]; then
    (cd "$work" && apt-get download libopenblas0-pthread > /dev/null && dpkg -x libopenblas0-pthread_*.deb "$work/openblas")
fi

(cd "$root" && mvn -q -pl engine -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test > /dev/null)
classpath="$root/engine/target/test-classes:$root/engine/target/classes:$(cat "$root/engine/target/bench-classpath.txt")"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
OPT_OUT_TRACKING=true java -Xmx2g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
    -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$classpath" org.regiontag.engine.clip.ClipThroughputBenchmark \
    --model "$model" --images "$images" --batch 8 --device "$device"
if [ "$device" = cpu ]; then
    LD_LIBRARY_PATH="$openblas" /usr/bin/python3 "$root/engine/src/test/python/clip_reference.py" bench \
        --model "$model" --threads "$threads" --images "$python_images" --batch 8
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
