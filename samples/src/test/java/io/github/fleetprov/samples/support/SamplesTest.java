package io.github.fleetprov.samples.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SamplesTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void run_returnsTheBodysStatus() {
        assertThat(Samples.run(() -> 0, err)).isZero();
        assertThat(Samples.run(() -> 1, err)).isEqualTo(Samples.FAILED);
        assertThat(bytes.size()).isZero();
    }

    @Test
    void run_whenInputIsBad_returnsTwoAndPrintsTheFix() {
        int status = Samples.run(() -> {
            throw new InvalidInputException("--bucket", "is required with --aws", "Give the bucket.");
        }, err);

        assertThat(status).isEqualTo(Samples.BAD_INPUT);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("error: --bucket: is required with --aws. Give the bucket."
                + System.lineSeparator());
    }

    @Test
    void run_whenHelpIsAsked_printsTheUsageOnStandardOutputAndReturnsZero() {
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);

        int status = Samples.run(() -> {
            throw new Args.HelpRequested("usage: Demo [--devices N]");
        }, out, err);

        assertThat(status).isEqualTo(Samples.OK);
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).isEqualTo("usage: Demo [--devices N]\n");
        assertThat(bytes.size()).isZero();
    }

    @Test
    void run_whenTheFlowFails_returnsOneAndPrintsTheCauses() {
        int status = Samples.run(() -> {
            throw new FleetProvisioningException("RegisterThing was rejected", new IllegalStateException("hook said no"));
        }, err);

        assertThat(status).isEqualTo(Samples.FAILED);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("failed: FleetProvisioningException: RegisterThing was rejected")
                .contains("caused by IllegalStateException: hook said no");
    }

    @Test
    void accessKeyIdPrefix_keepsOnlyTheKeyType() {
        assertThat(Samples.accessKeyIdPrefix("ASIAXAMPLEKEYID12345")).isEqualTo("ASIA...");
        assertThat(Samples.accessKeyIdPrefix("AB")).isEqualTo("AB...");
    }

    @Test
    void uniqueSuffix_isSixHexDigits() {
        assertThat(Samples.uniqueSuffix()).matches("[0-9a-f]{6}");
    }
}
