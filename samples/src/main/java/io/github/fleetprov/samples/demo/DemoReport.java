package io.github.fleetprov.samples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.samples.support.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fleet demo's result: the devices' outcomes, the wall time, the credentials check and the
 * tear-down, as a text table or as JSON. Holds no secrets.
 *
 * @param target where the demo ran
 * @param fleetName the fleet's name
 * @param outcomes one per device
 * @param wallTime from the start of the set-up to the end of the tear-down
 * @param provisioningWallTime from the first device's start to the last device's end
 * @param thingsVerified how many provisioned things DescribeThing found before the tear-down
 * @param credentialsAccessKeyIdPrefix the first characters of the access key id the credentials
 *     provider gave one device, empty if that failed
 * @param credentialsExpiration when those credentials expire
 * @param credentialsFailure why the credentials could not be fetched, empty if they were
 * @param tearDownProblems what the tear-down could not remove, empty if everything went
 */
public record DemoReport(String target, String fleetName, List<DeviceOutcome> outcomes, Duration wallTime,
        Duration provisioningWallTime, int thingsVerified, String credentialsAccessKeyIdPrefix,
        Optional<Instant> credentialsExpiration, Optional<String> credentialsFailure, List<String> tearDownProblems) {

    /**
     * Validates and copies the parts.
     *
     * @param target the target
     * @param fleetName the fleet
     * @param outcomes the outcomes
     * @param wallTime the wall time
     * @param provisioningWallTime the provisioning phase's wall time
     * @param thingsVerified things found
     * @param credentialsAccessKeyIdPrefix the access key id prefix
     * @param credentialsExpiration the expiry
     * @param credentialsFailure the credentials failure
     * @param tearDownProblems the tear-down problems
     */
    public DemoReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fleetName, "fleetName");
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(wallTime, "wallTime");
        Objects.requireNonNull(provisioningWallTime, "provisioningWallTime");
        Objects.requireNonNull(credentialsAccessKeyIdPrefix, "credentialsAccessKeyIdPrefix");
        Objects.requireNonNull(credentialsExpiration, "credentialsExpiration");
        Objects.requireNonNull(credentialsFailure, "credentialsFailure");
        tearDownProblems = List.copyOf(tearDownProblems);
    }

    /**
     * Devices that provisioned and published.
     *
     * @return the count
     */
    public int succeeded() {
        return (int) outcomes.stream().filter(DeviceOutcome::succeeded).count();
    }

    /**
     * Devices that failed.
     *
     * @return the count
     */
    public int failed() {
        return outcomes.size() - succeeded();
    }

    /**
     * Failed devices counted by reason, reasons in alphabetical order.
     *
     * @return the counts
     */
    public Map<String, Integer> failuresByReason() {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.stream().flatMap(o -> o.failure().stream()).forEach(r -> counts.merge(r, 1, Integer::sum));
        return counts;
    }

    /**
     * Percentiles of the provisioning latency of the devices that provisioned.
     *
     * @return the percentiles
     */
    public Percentiles provisioningLatency() {
        return Percentiles.of(outcomes.stream().filter(DeviceOutcome::provisioned)
                .map(DeviceOutcome::provisioningLatency).toList());
    }

    /**
     * Whether the demo succeeded: every device provisioned and published, every provisioned thing is
     * in the registry, the credentials were fetched, and the tear-down removed everything.
     *
     * @return {@code true} if nothing failed
     */
    public boolean allGood() {
        return failed() == 0 && thingsVerified == outcomes.size() && credentialsFailure.isEmpty()
                && tearDownProblems.isEmpty();
    }

    /**
     * The summary as a text table.
     *
     * @return the table, lines ending in {@code \n}
     */
    public String toTable() {
        Percentiles latency = provisioningLatency();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"target", target});
        rows.add(new String[] {"devices", outcomes.size() + " (" + succeeded() + " provisioned and published, "
                + failed() + " failed)"});
        rows.add(new String[] {"things verified in registry", Integer.toString(thingsVerified)});
        rows.add(new String[] {"wall time", seconds(wallTime) + " (provisioning phase " + seconds(provisioningWallTime)
                + ", " + rate() + " devices/s)"});
        rows.add(new String[] {"provisioning latency p50", millis(latency.percentile(50))});
        rows.add(new String[] {"provisioning latency p99", millis(latency.percentile(99))});
        rows.add(new String[] {"provisioning latency max", millis(latency.max())});
        rows.add(new String[] {"AWS credentials (1 device)", credentialsFailure.map(f -> "FAILED: " + shorten(f))
                .orElseGet(() -> "access key " + credentialsAccessKeyIdPrefix + " expires "
                        + credentialsExpiration.map(Instant::toString).orElse("?"))});
        rows.add(new String[] {"tear-down", tearDownProblems.isEmpty() ? "complete"
                : tearDownProblems.size() + " resources left (listed below)"});
        Map<String, Integer> failures = failuresByReason();
        if (failures.isEmpty()) {
            rows.add(new String[] {"failures by reason", "none"});
        } else {
            failures.forEach((reason, count) -> rows.add(new String[] {"failures: " + shorten(reason), count.toString()}));
        }
        int left = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int right = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        String rule = "+" + "-".repeat(left + 2) + "+" + "-".repeat(right + 2) + "+\n";
        StringBuilder sb = new StringBuilder(rule);
        for (String[] row : rows) {
            sb.append("| ").append(pad(row[0], left)).append(" | ").append(pad(row[1], right)).append(" |\n");
        }
        sb.append(rule);
        if (!tearDownProblems.isEmpty()) {
            sb.append("left behind by the tear-down:\n");
            tearDownProblems.forEach(p -> sb.append("  - ").append(p).append('\n'));
        }
        return sb.toString();
    }

    /**
     * The summary as JSON.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        ObjectMapper mapper = FleetJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        Percentiles latency = provisioningLatency();
        root.put("target", target);
        root.put("fleetName", fleetName);
        root.put("devices", outcomes.size());
        root.put("succeeded", succeeded());
        root.put("failed", failed());
        root.put("thingsVerified", thingsVerified);
        root.put("wallTimeMs", wallTime.toMillis());
        root.put("provisioningWallTimeMs", provisioningWallTime.toMillis());
        ObjectNode lat = root.putObject("provisioningLatencyMs");
        lat.put("p50", latency.percentile(50).toMillis());
        lat.put("p99", latency.percentile(99).toMillis());
        lat.put("max", latency.max().toMillis());
        ObjectNode failures = root.putObject("failuresByReason");
        failuresByReason().forEach(failures::put);
        ObjectNode credentials = root.putObject("credentials");
        credentials.put("accessKeyIdPrefix", credentialsAccessKeyIdPrefix);
        credentialsExpiration.ifPresent(e -> credentials.put("expiration", e.toString()));
        credentialsFailure.ifPresent(f -> credentials.put("failure", f));
        var problems = root.putArray("tearDownProblems");
        tearDownProblems.forEach(problems::add);
        var devices = root.putArray("deviceOutcomes");
        for (DeviceOutcome o : outcomes) {
            ObjectNode d = devices.addObject();
            d.put("serialNumber", o.serialNumber());
            d.put("thingName", o.thingName());
            d.put("certificateId", o.certificateId());
            d.put("provisioningLatencyMs", o.provisioningLatency().toMillis());
            o.failure().ifPresent(f -> d.put("failure", f));
        }
        root.put("ok", allGood());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }

    private String rate() {
        long ms = Math.max(1, provisioningWallTime.toMillis());
        return String.format("%.1f", succeeded() * 1000.0 / ms);
    }

    private static String seconds(Duration d) {
        return String.format("%.2f s", d.toMillis() / 1000.0);
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
