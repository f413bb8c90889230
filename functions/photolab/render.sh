#!/usr/bin/env bash
# Re-render the photo lab corpus: functions/photolab/render.sh [SEEDS] [OUT]
#   SEEDS: "1-70" (default), "1 5 9", "3-6 40"; OUT: corpus folder (default functions/photolab/corpus)
# Needs Debian's blender (3.4), python3-numpy, python3-pil, fonts-dejavu-core, fonts-dejavu-extra:
#   apt-get install -y blender python3-numpy python3-pil fonts-dejavu-core fonts-dejavu-extra
# Each seed: one Blender run (gen.py: the seller's shot + the clean shot) and the post step (post.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seeds="${1:-1-70}"
out="${2:-$here/corpus}"
raw="${PHOTOLAB_RAW:-${TMPDIR:-/tmp}/photolab-raw}"
samples="${SAMPLES:-2}"
clean_samples="${CLEAN_SAMPLES:-2}"
threads="${THREADS:-$(nproc)}"
command -v blender >/dev/null || { echo "blender not found: apt-get install -y blender python3-numpy python3-pil" >&2; exit 2; }
/usr/bin/python3 -c 'import numpy, PIL' || { echo "python3-numpy / python3-pil missing" >&2; exit 2; }
list=()
for part in $seeds; do
  if [[ $part == *-* ]]; then for ((s=${part%-*}; s<=${part#*-}; s++)); do list+=("$s"); done; else list+=("$part"); fi
done
mkdir -p "$out" "$raw"
failed=0
for s in "${list[@]}"; do
  id=$(/usr/bin/python3 -c "import sys; sys.path.insert(0,'$here/blender'); import plan; print(plan.spec($s)['id'])")
  start=$(date +%s)
  blender -b --factory-startup --python-exit-code 1 -P "$here/blender/gen.py" -- \
    --seed "$s" --raw "$raw/$id" --samples "$samples" --clean-samples "$clean_samples" --fast-gi 1 --threads "$threads" \
    > "$raw/$id.log" 2>&1 || { echo "FAILED render seed $s (log: $raw/$id.log)" >&2; grep -A8 Traceback "$raw/$id.log" >&2; failed=$((failed+1)); continue; }
  /usr/bin/python3 "$here/blender/post.py" "$raw/$id" "$out" || { echo "FAILED post seed $s" >&2; failed=$((failed+1)); continue; }
  [ -n "${PHOTOLAB_KEEP_RAW:-}" ] || rm -f "$raw/$id/passes.npz"
  echo "seed $s -> $out/$id in $(( $(date +%s) - start )) s"
done
/usr/bin/python3 "$here/blender/index.py" "$out"
[ "$failed" -eq 0 ] || { echo "$failed seed(s) failed" >&2; exit 1; }
