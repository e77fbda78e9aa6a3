package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.samples.demo.DemoReport;
import io.github.fleetprov.samples.demo.DeviceOutcome;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class FleetDemoTest {

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream logStream = new PrintStream(log, true, StandardCharsets.UTF_8);

    @Test
    void run_provisionsEveryDevice_fetchesCredentials_andLeavesNothingBehind(LocalIotCore core, @TempDir Path dir) {
        DemoReport report;
        try (Target target = Target.local(core)) {
            report = new FleetDemo(target, 4, 4, dir, logStream, false).run();
        }

        assertThat(report.allGood()).as(report.toTable()).isTrue();
        assertThat(report.outcomes()).hasSize(4).allMatch(DeviceOutcome::succeeded);
        assertThat(report.thingsVerified()).isEqualTo(4);
        assertThat(report.credentialsAccessKeyIdPrefix()).endsWith("...").hasSize(7);
        assertThat(report.credentialsExpiration()).hasValueSatisfying(e -> assertThat(e).isAfter(Instant.now()));
        for (DeviceOutcome outcome : report.outcomes()) {
            assertThat(core.registry().findThing(outcome.thingName())).isEmpty();
            assertThat(core.registry().findCertificate(outcome.certificateId())).isEmpty();
        }
        assertThat(core.registry().listProvisioningTemplates())
                .noneMatch(t -> t.templateName().contains(report.fleetName().substring("fleetprov-demo-".length())));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("provisioning 4/4 100%  0 failed")
                .doesNotContain("PRIVATE KEY");
    }

    @Test
    void run_whenRegisterThingIsRejectedForOneDevice_countsTheFailureByReason(LocalIotCore core, @TempDir Path dir) {
        core.faults().on("RegisterThing").times(1).reject("InvalidParameters", 400, "serial number refused");
        DemoReport report;
        try (Target target = Target.local(core)) {
            report = new FleetDemo(target, 3, 1, dir, logStream, false).run();
        } finally {
            core.faults().clear();
        }

        assertThat(report.failed()).as(report.toTable()).isEqualTo(1);
        assertThat(report.failuresByReason()).containsEntry("REGISTER_THING rejected: InvalidParameters", 1);
        assertThat(report.allGood()).isFalse();
        assertThat(report.toTable()).contains("failures: REGISTER_THING rejected: InvalidParameters");
    }

    @Test
    void main_withJson_printsOnlyJsonOnStandardOutput_andExitsZero(LocalIotCore core, @TempDir Path dir) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int status = Samples.run(() -> FleetDemo.run(new String[] {"--devices", "2", "--json", "--dir", dir.toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), logStream, args -> Target.local(core)), logStream);

        assertThat(status).as(log.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode json = readJson(stdout.toString(StandardCharsets.UTF_8));
        assertThat(json.get("devices").asInt()).isEqualTo(2);
        assertThat(json.get("succeeded").asInt()).isEqualTo(2);
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.at("/provisioningLatencyMs/p99").asLong()).isPositive();
    }

    private static JsonNode readJson(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("standard output is not JSON: " + text, e);
        }
    }

    @Test
    void main_withBadArguments_exitsWithStatusTwoAndSaysWhy() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

        int status = Samples.run(() -> FleetDemo.run(new String[] {"--devices", "0"}, logStream, errStream), errStream);

        assertThat(status).isEqualTo(Samples.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--devices: 0 is out of range");
    }

    @Test
    void main_withHelp_printsEveryOptionAndExitsZeroWithoutStartingAnything() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

        int status = Samples.run(() -> FleetDemo.run(new String[] {"--help"}, outStream, errStream), outStream,
                errStream);

        assertThat(status).isEqualTo(Samples.OK);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: FleetDemo")
                .contains("--devices N", "--parallel N", "--json", "--dir DIR", "--aws", "--region R", "Exit status");
        assertThat(err.size()).isZero();
    }

    @Test
    void main_withUnknownOrNonNumericArguments_exitsWithStatusTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertThat(Samples.run(() -> FleetDemo.run(new String[] {"--devices", "abc"}, logStream, errStream),
                errStream)).isEqualTo(Samples.BAD_INPUT);
        assertThat(Samples.run(() -> FleetDemo.run(new String[] {"--parallel", "0"}, logStream, errStream),
                errStream)).isEqualTo(Samples.BAD_INPUT);
        assertThat(Samples.run(() -> FleetDemo.run(new String[] {"--bogus"}, logStream, errStream),
                errStream)).isEqualTo(Samples.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("error: --devices: 'abc' is not a number. Give a number from 1 to 10000.",
                        "error: --parallel: 0 is out of range. Give a number from 1 to 256.",
                        "error: --bogus: is not an argument of this program. Use --aws, --devices, --dir, --json,"
                                + " --parallel, --region (--help says what they do).");
    }

    @Test
    void main_withRegionButWithoutAws_refusesPolitely() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

        int status = Samples.run(() -> FleetDemo.run(new String[] {"--region", "eu-west-1"}, logStream, errStream),
                errStream);

        assertThat(status).isEqualTo(Samples.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--region: is only used with --aws");
    }
}
