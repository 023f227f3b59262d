#!/usr/bin/env bash
# CI smoke mode: every benchmark once, tiny (no fork, no warm-up, one 100 ms iteration, n = 1000), the
# memory workload with n = 1000 and one repetition, then report.py on the results (into target/smoke/,
# never over README.md). Fails if any benchmark fails. Does not judge the numbers. About a minute once
# target/benchmarks.jar is built (it builds it when missing).
#
#   benchmarks/smoke.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jdk=${WEFT_BENCH_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$jdk/bin/java"
[[ -x "$java" ]] || java=java
jar="$here/target/benchmarks.jar"
out="$here/target/smoke"

if [[ ! -f "$jar" ]]; then
  (cd "$here/.." && mvn -B -q install -pl benchmarks -am -DskipTests)
fi
mkdir -p "$out"

exclude=()
feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if (( ${feature:-17} < 21 )); then
  echo "smoke.sh: $("$java" -version 2>&1 | head -n 1): no virtual threads, skipping their rows"
  exclude=(-e '.*[vV]irtualThread.*')
fi

echo "command=benchmarks/smoke.sh (smoke mode: numbers mean nothing)" > "$out/run.properties"
"$java" -jar "$jar" -l "${exclude[@]}" | grep -v '^Benchmarks:' > "$out/list.txt"
"$java" -Xmx1g -jar "$jar" -f 0 -wi 0 -i 1 -r 100ms -p n=1000 -foe true "${exclude[@]}" \
  -rf json -rff "$out/jmh.json" > "$out/jmh.log" 2>&1 || {
  tail -n 60 "$out/jmh.log"
  echo "smoke.sh: a benchmark failed (log: $out/jmh.log)"
  exit 1
}
rows=()
if (( ${feature:-17} < 21 )); then
  rows=(-rows '^(?!.*[vV]irtualThread)')
fi
"$java" -cp "$jar" dev.weft.bench.memory.MemoryMain -smoke "${rows[@]}" -o "$out/memory.json" > "$out/memory.log" 2>&1 || {
  tail -n 40 "$out/memory.log"
  echo "smoke.sh: the memory workload failed (log: $out/memory.log)"
  exit 1
}
python3 "$here/report.py" --results "$out" --out "$out/README.md" --check
