/**
 * Benchmark harness for cloud-admin: onboarding devices (thing, certificate, policy, attachment)
 * through the facades with client-side quotas, against a plain sequential SDK loop.
 */
package io.github.fleetprov.benchmarks.admin;
