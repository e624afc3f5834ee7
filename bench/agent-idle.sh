#!/usr/bin/env bash
# Measures the device agent at idle on this machine, as a stand-in for a Raspberry Pi: heap in use,
# resident memory, threads and CPU, with the JVM options of its systemd unit, connected to a local hub.
# Usage: bench/agent-idle.sh [SECONDS]   (default 60). Writes bench/results/agent-idle-<date>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_TO_SAMPLE="${1:-60}"
cd "$ROOT"
./carecall build -q >/dev/null 2>&1
JAVA_HOME="$(./carecall java-home)"
JAVA="$JAVA_HOME/bin/java"
work="$(mktemp -d)"
trap 'kill $agent $hub 2>/dev/null || true; rm -rf "$work"' EXIT

secret=$(CARECALL_DATA_DIR="$work/hub" "$JAVA" --enable-native-access=ALL-UNNAMED -jar hub-server/target/carecall-hub.jar \
  add-device bed-idle | awk '/^secret/ {print $2}')
CARECALL_DATA_DIR="$work/hub" CARECALL_MQTT_PORT=0 CARECALL_HTTP_PORT=0 \
  CARECALL_MQTT_TLS_PORT=0 CARECALL_HTTPS_PORT=0 "$JAVA" --enable-native-access=ALL-UNNAMED \
  -jar hub-server/target/carecall-hub.jar > "$work/hub.log" 2>&1 &
hub=$!
for _ in $(seq 100); do grep -q "MQTT on port" "$work/hub.log" && break; sleep 0.2; done
port=$(sed -n 's/.*MQTT on port \([0-9]*\),.*/\1/p' "$work/hub.log")

cat > "$work/agent.yaml" <<YAML
device: { id: bed-idle, secret: "$secret" }
hub: { uri: "tcp://127.0.0.1:$port" }
dataDir: $work/agent
feedback: { player: "" }
YAML
# The same JVM options as device-agent/packaging/carecall-agent.service.
"$JAVA" --enable-native-access=ALL-UNNAMED -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -jar device-agent/target/carecall-agent.jar agent --config "$work/agent.yaml" --simulate \
  < <(sleep $((SECONDS_TO_SAMPLE + 60))) > "$work/agent.log" 2>&1 &
agent=$!
for _ in $(seq 100); do grep -q "link: connected" "$work/agent.log" && break; sleep 0.2; done
sleep 20 # let start-up work settle

ticks() { awk '{print $14 + $15}' "/proc/$agent/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); sleep "$SECONDS_TO_SAMPLE"; t1=$(ticks)
cpu=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$SECONDS_TO_SAMPLE" 'BEGIN {printf "%.2f", 100 * d / hz / s}')
rss=$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$agent/status")
threads=$(awk '/Threads/ {print $2}' "/proc/$agent/status")
# Heap in use: the young and old generations together, after a full collection (what the agent keeps).
"$JAVA_HOME/bin/jcmd" "$agent" GC.run >/dev/null 2>&1 || true
heap_total=$("$JAVA_HOME/bin/jcmd" "$agent" GC.heap_info 2>/dev/null | awk '/^ *(DefNew|Tenured|def new generation|tenured generation)/ {for (i=1;i<=NF;i++) if ($i=="total") {v=$(i+1); sub("K.*","",v); sum+=v}} END {printf "%.1f", sum/1024}')
heap=$("$JAVA_HOME/bin/jcmd" "$agent" GC.heap_info 2>/dev/null | awk '/^ *(DefNew|Tenured|def new generation|tenured generation)/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K.*","",v); sum+=v}} END {printf "%.1f", sum/1024}')

date=$(date -u +%Y-%m-%d)
out="bench/results/agent-idle-$date.md"
{
  echo "# Device agent at idle, $date"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)."
  echo "JVM options as in the systemd unit: -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1; simulated pins;"
  echo "connected to a hub on loopback; heartbeats every 60 s; sampled over $SECONDS_TO_SAMPLE s after 20 s of settling."
  echo
  echo "| figure | value | target |"
  echo "|---|---|---|"
  echo "| heap in use after a full GC | ${heap:-?} MiB | under 64 MiB |"
  echo "| heap committed | ${heap_total:-?} MiB | (capped at 64 MiB by -Xmx64m) |"
  echo "| resident memory (RSS) | $rss MiB | |"
  echo "| threads | $threads | |"
  echo "| CPU at idle | $cpu % of one core | near zero |"
  echo
  echo "Command: \`bench/agent-idle.sh $SECONDS_TO_SAMPLE\`"
} > "$out"
cat "$out"
