package io.github.fleetprov.admin;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one {@link CertificateRotation#retire} call.
 *
 * @param oldCertificateId the certificate being retired
 * @param newCertificateId the certificate that replaces it
 * @param state where the old certificate stands now
 * @param deleteAfter when the old certificate may be deleted, while it waits out the grace period
 * @param actions the AWS IoT calls this call made, in order (e.g. {@code UpdateCertificate INACTIVE})
 */
public record RetirementReport(String oldCertificateId, String newCertificateId, State state,
        Optional<Instant> deleteAfter, List<String> actions) {

    /** Where an old certificate stands. */
    public enum State {
        /** INACTIVE, waiting out the grace period; call {@code retire} again after {@code deleteAfter}. */
        INACTIVE_IN_GRACE_PERIOD,
        /** Detached and deleted (or already gone): rotation is finished. */
        DELETED
    }

    /**
     * Creates the value.
     *
     * @param oldCertificateId the certificate being retired
     * @param newCertificateId the certificate that replaces it
     * @param state where the old certificate stands
     * @param deleteAfter when it may be deleted, if waiting
     * @param actions the calls made (copied)
     */
    public RetirementReport {
        Objects.requireNonNull(oldCertificateId, "oldCertificateId");
        Objects.requireNonNull(newCertificateId, "newCertificateId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(deleteAfter, "deleteAfter");
        actions = List.copyOf(actions);
    }
}
