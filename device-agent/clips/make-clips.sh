#!/usr/bin/env bash
# Makes the agent's spoken prompts from prompts.tsv with espeak-ng: <out>/<language>/<clip>.wav.
# Without espeak-ng it says so and makes nothing (exit 0), unless --require is given (the package build).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
require=false
[[ "${1:-}" == "--require" ]] && { require=true; shift; }
out="${1:?usage: make-clips.sh [--require] OUTPUT_DIR}"
if ! command -v espeak-ng >/dev/null; then
  echo "make-clips: espeak-ng is not installed (apt-get install espeak-ng); no prompts made" >&2
  $require && exit 1 || exit 0
fi
count=0
while IFS=$'\t' read -r clip language voice words; do
  [[ -z "$clip" || "$clip" == \#* || "$words" == *"{name}"* ]] && continue
  mkdir -p "$out/$language"
  espeak-ng -v "$voice" -s 140 -w "$out/$language/$clip.wav" "$words"
  count=$((count + 1))
done < "$here/prompts.tsv"
cp "$here/prompts.tsv" "$out/prompts.tsv"
echo "make-clips: $count clips written under $out"
