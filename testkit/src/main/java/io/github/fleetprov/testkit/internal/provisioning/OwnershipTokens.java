package io.github.fleetprov.testkit.internal.provisioning;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificate ownership tokens: opaque random strings bound to the certificate they were issued
 * with, valid for one hour. Tokens are secrets: they never appear in logs, events or messages.
 */
final class OwnershipTokens {

    /** How long a token is valid, as in AWS IoT. */
    static final Duration VALIDITY = Duration.ofHours(1);

    /** A token's binding. */
    record Grant(String certificateId, String claimCertificateId, Instant expiry) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    String issue(String certificateId, String claimCertificateId, Instant now) {
        byte[] bytes = new byte[96];
        random.nextBytes(bytes);
        String token = Base64.getEncoder().encodeToString(bytes);
        grants.put(token, new Grant(certificateId, claimCertificateId, now.plus(VALIDITY)));
        return token;
    }

    Optional<Grant> find(String token) {
        return Optional.ofNullable(grants.get(token));
    }

    void consume(String token) {
        grants.remove(token);
    }

    /** Removes and returns the grants expired at {@code now}. */
    List<Grant> expire(Instant now) {
        List<Grant> expired = new ArrayList<>();
        grants.entrySet().removeIf(e -> {
            if (!now.isBefore(e.getValue().expiry())) {
                expired.add(e.getValue());
                return true;
            }
            return false;
        });
        return expired;
    }

    int size() {
        return grants.size();
    }
}
