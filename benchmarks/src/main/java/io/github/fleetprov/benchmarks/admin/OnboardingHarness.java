package io.github.fleetprov.benchmarks.admin;

import io.github.fleetprov.admin.ApiRateLimiter;
import io.github.fleetprov.admin.AwsRetries;
import io.github.fleetprov.admin.DeviceOnboarding;
import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.OnboardingReport;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.fault.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * Onboards N devices (CreateThing, RegisterCertificateWithoutCA, AttachPolicy, AttachThingPrincipal;
 * EC P-256 self-signed device certificates made up front) against the testkit's control plane, which
 * throttles each of the four APIs at AWS's published per-account TPS (the rates
 * {@code ApiRateLimiter.awsPublishedDefaults()} holds, times {@code scale}; {@code 400 ThrottlingException}
 * above them), two ways in one run: through {@code DeviceRegistryAdmin.onboard} on a client with
 * that {@code ApiRateLimiter} and {@code AwsRetries}, and through a plain sequential loop on a
 * default SDK client (SDK default retries).
 *
 * <p>Arguments: {@code devices=10000 scale=1 concurrency=8 arms=facade,loop burst=0}; {@code burst}
 * is the server-side bucket size per API, 0 for one second of requests (the testkit's default).
 */
public final class OnboardingHarness {

    private static final String[] APIS = {"CreateThing", "RegisterCertificateWithoutCA", "AttachPolicy",
        "AttachThingPrincipal"};

    private OnboardingHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args {@code key=value} arguments
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new TreeMap<>(Map.of("devices", "10000", "scale", "1", "concurrency", "8",
                "arms", "facade,loop", "burst", "0"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        int n = Integer.parseInt(a.get("devices"));
        double scale = Double.parseDouble(a.get("scale"));
        int concurrency = Integer.parseInt(a.get("concurrency"));
        List<String> arms = List.of(a.get("arms").split(","));
        int burst = Integer.parseInt(a.get("burst"));

        ApiRateLimiter limiter = ApiRateLimiter.awsPublishedDefaults().toBuilder().scaleAll(scale).build();
        double quotaBound = Double.MAX_VALUE;
        for (String api : APIS) {
            quotaBound = Math.min(quotaBound, limiter.limit("IoT", api).orElseThrow());
        }
        System.out.printf(Locale.ROOT, "devices=%d scale=%.1f concurrency=%d quota-bound rate=%.1f devices/s%n",
                n, scale, concurrency, quotaBound);

        long t0 = System.nanoTime();
        List<String> pems = IntStream.range(0, n * arms.size()).parallel()
                .mapToObj(i -> Pem.certificateToPem(SelfSignedCertificates.create(KeyPairs.generate(), "bench-" + i,
                        Duration.ofDays(365))))
                .toList();
        System.out.printf(Locale.ROOT, "made %d EC P-256 device certificates in %.1f s%n", pems.size(),
                (System.nanoTime() - t0) / 1e9);

        try (LocalIotCore core = LocalIotCore.builder().start()) {
            Map<String, FaultRule> quotas = new TreeMap<>();
            for (String api : APIS) {
                double tps = limiter.limit(ApiRateLimiter.IOT, api).orElseThrow();
                FaultRule rule = burst > 0 ? core.faults().rateLimit(api, tps, burst) : core.faults().rateLimit(api, tps);
                quotas.put(api, rule);
                System.out.printf(Locale.ROOT, "server-side quota: %s %.1f requests/s, burst %d%n", api,
                        rule.requestsPerSecond().orElseThrow(), rule.burst());
            }
            core.registry().createPolicy("bench-device", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                    + "\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}");
            StaticCredentialsProvider creds = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDBENCH", "bench-secret"));
            List<String> rows = new ArrayList<>();
            int offset = 0;
            for (String arm : arms) {
                List<DeviceOnboarding> devices = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    devices.add(new DeviceOnboarding(arm + "-" + i, pems.get(offset + i)));
                }
                offset += n;
                AtomicBoolean running = new AtomicBoolean(true);
                Thread progress = progress(core, arm, n, running);
                int throttledBefore = quotas.values().stream().mapToInt(FaultRule::triggered).sum();
                long start = System.nanoTime();
                int ok;
                Map<String, Integer> failures = new TreeMap<>();
                if (arm.equals("facade")) {
                    try (IotClient iot = IotClient.builder().endpointOverride(core.controlPlaneEndpoint())
                            .region(Region.of(core.region())).credentialsProvider(creds)
                            .overrideConfiguration(AwsRetries.clientOverrides(limiter)).build()) {
                        OnboardingReport r = DeviceRegistryAdmin.create(iot).onboard(devices, "bench-device", concurrency);
                        ok = r.succeeded();
                        r.failed().values().forEach(reason -> failures.merge(reason, 1, Integer::sum));
                    }
                } else {
                    ok = 0;
                    try (IotClient iot = IotClient.builder().endpointOverride(core.controlPlaneEndpoint())
                            .region(Region.of(core.region())).credentialsProvider(creds).build()) {
                        for (DeviceOnboarding d : devices) {
                            String step = APIS[0];
                            try {
                                iot.createThing(r -> r.thingName(d.thingName()));
                                step = APIS[1];
                                String arn = iot.registerCertificateWithoutCA(r -> r.certificatePem(d.certificatePem())
                                        .status(CertificateStatus.ACTIVE)).certificateArn();
                                step = APIS[2];
                                iot.attachPolicy(r -> r.policyName("bench-device").target(arn));
                                step = APIS[3];
                                iot.attachThingPrincipal(r -> r.thingName(d.thingName()).principal(arn));
                                ok++;
                            } catch (SdkException e) {
                                failures.merge(step + ": " + e.getClass().getSimpleName(), 1, Integer::sum);
                            }
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                running.set(false);
                progress.join();
                double rate = ok / seconds;
                int throttled = quotas.values().stream().mapToInt(FaultRule::triggered).sum() - throttledBefore;
                String row = String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.1f | %.1f%% | %d | %s |",
                        arm.equals("facade") ? "facades (onboard, ApiRateLimiter, AwsRetries)" : "plain sequential SDK loop",
                        n, n - ok, seconds, rate, quotaBound, 100 * rate / quotaBound, throttled,
                        failures.isEmpty() ? "-" : failures);
                System.out.println(row);
                rows.add(row);
            }
            System.out.println();
            System.out.println("| arm | devices | failed | seconds | devices/s | quota-bound devices/s | % of quota-bound"
                    + " | ThrottlingException answers | failures |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
        }
    }

    private static Thread progress(LocalIotCore core, String arm, int n, AtomicBoolean running) {
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            while (running.get()) {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                }
                if (running.get()) {
                    long things = core.registry().listThings().stream().filter(x -> x.thingName().startsWith(arm + "-"))
                            .count();
                    System.out.printf(Locale.ROOT, "  %s: %d/%d things after %.0f s%n", arm, things, n,
                            (System.nanoTime() - start) / 1e9);
                }
            }
        }, "progress");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
