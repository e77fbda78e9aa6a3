#!/usr/bin/env bash
# Reruns the harnesses and JMH benchmarks behind benchmarks/results/*.md one after the other, on the
# modules' current classes, and keeps each run's output with the machine's load before and after it.
# Run it on a machine with nothing else running: every figure is compared within one run, but a
# second build on 2 cores changes the absolute figures several times over.
#
# Usage, from the repository root:
#   benchmarks/scripts/rerun-all.sh OUT_DIR [STEP ...]
# Steps (default: all, in this order): startstop device demo load template policy core controlplane
# OUT_DIR gets one <step>.log per step, and machine.txt.
# The server-start comparison with moto_server has its own script (benchmarks/scripts/server-start.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: rerun-all.sh OUT_DIR [STEP ...]}
shift
steps=("$@")
if [ ${#steps[@]} -eq 0 ]; then
  steps=(startstop device demo load template policy core controlplane)
fi
mkdir -p "$out"

./mvnw -B -q -o -DskipTests -pl benchmarks,samples -am package
./mvnw -B -q -o -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$out/cp.txt"
./mvnw -B -q -o -pl samples dependency:build-classpath -Dmdep.outputFile="$out/samples-cp.txt"
# The modules' own classes first, in place of the fleetprov jars of the local Maven repository.
modules=""
for m in core policy-dsl testkit device-client cloud-admin; do modules="$modules:$PWD/$m/target/classes"; done
deps=$(tr ':' '\n' <"$out/cp.txt" | grep -v '/io/github/fleetprov/' | paste -sd:)
samples_deps=$(tr ':' '\n' <"$out/samples-cp.txt" | grep -v '/io/github/fleetprov/' | paste -sd:)
cp="$PWD/benchmarks/target/classes$modules:$deps"
demo_cp="$PWD/samples/target/classes$modules:$samples_deps"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "commit: $(git rev-parse --short HEAD)"
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo || true
  free -h | sed -n 2p
  java -version 2>&1 | head -2
} >"$out/machine.txt"

run() { # step command...
  local step=$1
  shift
  {
    echo "## $(date -u +%T) load before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
    echo "## $*"
    "$@" 2>&1 | grep -v -E '^\[|INFO com\.hivemq|INFO migrations|Provisioned thing' || true
    echo "## $(date -u +%T) load after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  } >>"$out/$step.log"
}

jmh() { # step package args...
  local step=$1 package=$2
  shift 2
  run "$step" java -Xmx2g -Djmh.ignoreLock=true -cp "$cp" org.openjdk.jmh.Main "$package" "$@"
}

for step in "${steps[@]}"; do
  case "$step" in
    startstop)
      run startstop java -cp "$cp" io.github.fleetprov.benchmarks.testkit.StartStopHarness --runs 5 ;;
    device)
      run device java -Xmx2g -cp "$cp" io.github.fleetprov.benchmarks.device.DeviceProvisioningHarness latency 100
      run device java -Xmx2g -cp "$cp" io.github.fleetprov.benchmarks.device.DeviceProvisioningHarness steps 100
      run device java -Xmx2g -cp "$cp" io.github.fleetprov.benchmarks.device.DeviceProvisioningHarness delayed 20,100 20
      run device java -Xmx2g -cp "$cp" io.github.fleetprov.benchmarks.device.DeviceProvisioningHarness cold 5
      run device java -Xmx2g -cp "$cp" io.github.fleetprov.benchmarks.device.DeviceProvisioningHarness concurrent 500 ;;
    demo)
      for jit in default c1 default c1; do
        opts=()
        [ "$jit" = c1 ] && opts=(-XX:TieredStopAtLevel=1)
        rm -rf "$out/demo-run"
        run demo java "${opts[@]}" -cp "$demo_cp" io.github.fleetprov.samples.FleetDemo \
          --devices 200 --parallel 16 --dir "$out/demo-run"
      done
      rm -rf "$out/demo-run"
      run demo java -cp "$demo_cp" io.github.fleetprov.samples.FleetDemo --devices 1000 --parallel 16 \
        --dir "$out/demo-run"
      rm -rf "$out/demo-run" ;;
    load)
      for mode in raw v2 fleetprov; do
        run load java -Xmx2g -cp "$cp" io.github.fleetprov.benchmarks.testkit.ProvisioningLoadHarness \
          --devices 2000 --connections 50 --mode "$mode" --warmup 300
      done
      run load java -Xmx2g -cp "$cp" io.github.fleetprov.benchmarks.testkit.ProvisioningLoadHarness \
        --devices 2000 --connections 50 --mode fleetprov --store memory --warmup 300 ;;
    template)
      run template java -cp "$cp" io.github.fleetprov.benchmarks.template.TemplateCpuTime 8 10
      jmh template io.github.fleetprov.benchmarks.template -f 1 -wi 8 -w 2s -i 5 -r 2s -prof gc ;;
    policy)
      jmh policy io.github.fleetprov.benchmarks.policy -f 1 -wi 3 -w 2s -i 5 -r 2s ;;
    core)
      run core java -cp "$cp" io.github.fleetprov.benchmarks.core.KeyGenerationCpuTime 200 5
      jmh core io.github.fleetprov.benchmarks.core -f 1 -wi 3 -w 2s -i 5 -r 2s ;;
    controlplane)
      jmh controlplane io.github.fleetprov.benchmarks.controlplane -f 1 -wi 2 -w 2s -i 3 -r 3s ;;
    *)
      echo "unknown step: $step" >&2
      exit 2 ;;
  esac
done
