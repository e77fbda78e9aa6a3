/** Load harness for LocalIotCore (testkit): provisioning throughput, latency and emulator heap. */
package io.github.fleetprov.benchmarks.testkit;
