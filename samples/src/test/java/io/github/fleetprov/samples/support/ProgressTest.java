package io.github.fleetprov.samples.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void advance_withoutTerminal_printsOneLinePerTenPercent() {
        Progress progress = new Progress(out, "provisioning", 25, false);
        for (int i = 0; i < 25; i++) {
            progress.advance(i != 7);
        }

        assertThat(printed().lines()).hasSize(10)
                .first().isEqualTo("provisioning  3/25  12%  0 failed");
        assertThat(printed().lines()).last().isEqualTo("provisioning 25/25 100%  1 failed");
        assertThat(printed()).doesNotContain("\r");
        assertThat(progress.done()).isEqualTo(25);
        assertThat(progress.failed()).isEqualTo(1);
    }

    @Test
    void advance_withFewerItemsThanTenths_printsALinePerItem() {
        Progress progress = new Progress(out, "provisioning", 3, false);
        progress.advance(true);
        progress.advance(true);
        progress.advance(true);

        assertThat(printed().lines()).containsExactly("provisioning 1/3  33%  0 failed",
                "provisioning 2/3  66%  0 failed", "provisioning 3/3 100%  0 failed");
    }

    @Test
    void advance_onTerminal_redrawsTheBarInPlaceAndEndsTheLine() {
        Progress progress = new Progress(out, "provisioning", 2, true);
        progress.advance(true);
        progress.advance(false);

        assertThat(printed()).startsWith("\rprovisioning [###############...............] 1/2  50%  0 failed")
                .endsWith("\rprovisioning [##############################] 2/2 100%  1 failed" + System.lineSeparator());
    }

    @Test
    void advance_pastTheTotal_isIgnored() {
        Progress progress = new Progress(out, "x", 1, false);
        progress.advance(true);
        progress.advance(true);

        assertThat(progress.done()).isEqualTo(1);
        assertThat(printed().lines()).hasSize(1);
    }
}
