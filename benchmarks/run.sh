#!/usr/bin/env bash
# Runs every benchmark once, the way benchmarks/README.md reports them, and regenerates that README.
#
#   benchmarks/run.sh [--no-build] [JMH options or benchmark regexps...]
#
# 1. builds target/benchmarks.jar (mvn install -pl benchmarks -am -DskipTests; --no-build skips it);
# 2. runs JMH on JDK 25 ($WEFT_BENCH_JDK, default /usr/lib/jvm/temurin-25-jdk-amd64) with the settings in
#    the benchmarks' annotations: one fork each (two for ping-pong, suspend/resume and agent start-up,
#    whose target rows moved most between runs on these 2 cores), with a fixed pre-touched heap (-Xms = -Xmx,
#    -XX:+AlwaysPreTouch), virtual-thread rows twice (default scheduler, and parallelism=1);
#    extra arguments go to JMH (e.g. `SpawnAndSleep -p n=10000`, or `-wi 1 -i 3` for a shorter run);
# 3. runs the memory workload (dev.weft.bench.memory.MemoryMain: one JVM per row, same heap settings);
# 4. writes results/ (JMH's JSON and logs) and README.md with report.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jdk=${WEFT_BENCH_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$jdk/bin/java"
jar="$here/target/benchmarks.jar"
results="$here/results"

build=1
if [[ "${1:-}" == "--no-build" ]]; then
  build=0
  shift
fi
if [[ ! -x "$java" ]]; then
  echo "run.sh: no JDK at $jdk (set WEFT_BENCH_JDK to a JDK 21 or later; the report wants 25)" >&2
  exit 2
fi
if (( build )); then
  (cd "$here/.." && mvn -B -q install -pl benchmarks -am -DskipTests)
fi

mkdir -p "$results"
# which code is measured: the commit, and whether anything but earlier results differs from it
commit="$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$here/.." diff --quiet HEAD -- . ':!benchmarks/results' ':!benchmarks/README.md' ':!benchmarks/*.svg' 2>/dev/null || echo ' with uncommitted changes')"
command="benchmarks/run.sh${*:+ $*}"
{
  echo "command=$command"
  echo "started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
  echo "cores=$(nproc)"
  echo "memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "os=$(uname -sr)"
  echo "java=$("$java" -version 2>&1 | sed -n 2p)"
  echo "commit=$commit"
} > "$results/run.properties"

"$java" -jar "$jar" -foe false -rf json -rff "$results/jmh.json" "$@" 2>&1 | tee "$results/jmh.log"
echo "loadavg_after_jmh=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/run.properties"

"$java" -cp "$jar" dev.weft.bench.memory.MemoryMain -o "$results/memory.json" 2>&1 | tee "$results/memory.log"
{
  echo "loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >> "$results/run.properties"

python3 "$here/report.py" --results "$results" --out "$here/README.md"
echo "run.sh: wrote $here/README.md"
