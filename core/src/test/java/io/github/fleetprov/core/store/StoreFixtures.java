package io.github.fleetprov.core.store;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

final class StoreFixtures {

    static final CertificateAuthority CA = CertificateAuthority.create("Store test CA");

    private StoreFixtures() {
    }

    static IssuedCertificate issue(String cn) {
        return CA.issueWithKey(Subject.ofCommonName(cn), KeyAlgorithm.EC_P256, Duration.ofDays(1));
    }

    static DeviceIdentity device(String thingName) {
        IssuedCertificate c = issue(thingName);
        return DeviceIdentity.builder().certificatePem(c.certificatePem()).privateKey(c.keyPair().getPrivate())
                .thingName(thingName).endpoint("abc123-ats.iot.eu-west-1.amazonaws.com")
                .port(443).putDeviceConfiguration("region", "eu-west-1").build();
    }

    static ClaimIdentity claim() {
        IssuedCertificate c = issue("claim");
        return ClaimIdentity.builder().certificatePem(c.certificatePem()).privateKey(c.keyPair().getPrivate())
                .endpoint("localhost:8883").templateName("FleetTemplate").build();
    }

    static PendingIdentity pending(String token) {
        IssuedCertificate c = issue("pending");
        return PendingIdentity.builder().certificatePem(c.certificatePem()).privateKey(c.keyPair().getPrivate())
                .certificateId(c.certificateId()).ownershipToken(token)
                .tokenExpiry(Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS))
                .templateName("FleetTemplate").parameters(Map.of("SerialNumber", "SN-1")).build();
    }

    /** Every regular file under a directory with its bytes, keyed by relative path. */
    static Map<String, String> snapshot(Path dir) {
        Map<String, String> result = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String rel = dir.relativize(p).toString();
                result.put(rel, Files.isRegularFile(p) ? new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1) : "<dir>");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }
}
