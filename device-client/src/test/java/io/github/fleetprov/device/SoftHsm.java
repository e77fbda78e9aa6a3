package io.github.fleetprov.device;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * SoftHSM2 as a real PKCS#11 token for the tests: its library, and fresh tokens made with
 * {@code softhsm2-util} in a token directory under {@code target/}. Maven's surefire sets
 * {@code SOFTHSM2_CONF} for the test JVM (SoftHSM reads it when the library is loaded in-process, by aws-crt
 * or SunPKCS11); {@link #start()} writes that file and empties the token directory, so it must run before
 * the library is loaded. Skipped where SoftHSM2 is missing, failed in CI.
 */
final class SoftHsm {

    static final String INSTALL = "apt-get install softhsm2";
    private static final Pattern SLOT = Pattern.compile("reassigned to slot (\\d+)");

    final Path library;
    private final Path util;
    private final Path config;

    private SoftHsm(Path library, Path util, Path config) {
        this.library = library;
        this.util = util;
        this.config = config;
    }

    /** Checks SoftHSM2 is installed, writes its configuration and empties its token directory. */
    static SoftHsm start() throws IOException {
        Path util = Tools.require("softhsm2-util", INSTALL);
        Path library = Tools.require("/usr/lib/softhsm/libsofthsm2.so", INSTALL);
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null && "true".equals(System.getenv("CI"))) {
            fail("SOFTHSM2_CONF is not set: run the tests through Maven, whose surefire configuration sets it.");
        }
        assumeTrue(conf != null, "SOFTHSM2_CONF is not set (run the tests through Maven)");
        Path config = Path.of(conf);
        Path tokens = config.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> walk = Files.walk(tokens)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(config, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\n", StandardCharsets.US_ASCII);
        return new SoftHsm(library, util, config);
    }

    /**
     * Makes a token in the first free slot.
     *
     * @return the slot id SoftHSM gave the token
     */
    long initToken(String label, String pin) throws IOException, InterruptedException {
        String out = run(List.of(util.toString(), "--init-token", "--free", "--label", label, "--pin", pin,
                "--so-pin", "so-" + pin));
        Matcher m = SLOT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("softhsm2-util did not say which slot it used: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** Runs a command with this SoftHSM configuration; returns its output, throws unless it exits 0. */
    String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", config.toString());
        Process process = pb.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
        return out;
    }

    /** A SunPKCS11 configuration file for a slot, for keytool and the tests' own look into the token. */
    Path sunPkcs11Config(Path dir, long slot) throws IOException {
        return Files.writeString(dir.resolve("pkcs11-" + slot + ".cfg"), "name = test" + slot + "\nlibrary = "
                + library + "\nslot = " + slot + "\n", StandardCharsets.US_ASCII);
    }
}
