package io.github.fleetprov.admin.internal;

import static io.github.fleetprov.admin.internal.IotOps.IOT;

import io.github.fleetprov.admin.CertificateRotation;
import io.github.fleetprov.admin.ExpiringCertificate;
import io.github.fleetprov.admin.RetirementReport;
import io.github.fleetprov.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.Certificate;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.ListCertificatesResponse;

/** The {@link CertificateRotation} implementation. */
public final class DefaultCertificateRotation implements CertificateRotation {

    /** AWS IoT certificate ids: 64 lowercase hex digits (the certificate's SHA-256). */
    private static final Pattern CERTIFICATE_ID = Pattern.compile("[0-9a-f]{64}");

    private final IotClient iot;
    private final IotOps ops;
    private final Clock clock;

    /**
     * Creates the facade.
     *
     * @param iot the client
     * @param clock the clock
     */
    public DefaultCertificateRotation(IotClient iot, Clock clock) {
        this.iot = iot;
        this.ops = new IotOps(iot);
        this.clock = clock;
    }

    @Override
    public List<ExpiringCertificate> expiringWithin(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new InvalidInputException("window", "must be positive, was " + window,
                    "Give the look-ahead, for example Duration.ofDays(30).");
        }
        Instant horizon = clock.instant().plus(window);
        List<ExpiringCertificate> expiring = new ArrayList<>();
        String marker = null;
        do {
            String page = marker;
            ListCertificatesResponse response = Calls.call(IOT, "ListCertificates", "",
                    () -> iot.listCertificates(r -> r.marker(page).pageSize(250)));
            for (Certificate c : response.certificates()) {
                if (c.status() != CertificateStatus.ACTIVE) {
                    continue;
                }
                Optional<CertificateDescription> d = ops.describeCertificate(c.certificateId());
                if (d.isEmpty() || d.get().validity() == null || d.get().validity().notAfter() == null) {
                    continue;
                }
                Instant notAfter = d.get().validity().notAfter();
                if (!notAfter.isAfter(horizon)) {
                    expiring.add(new ExpiringCertificate(c.certificateId(), c.certificateArn(), notAfter,
                            ops.principalThings(c.certificateArn())));
                }
            }
            marker = response.nextMarker();
        } while (marker != null && !marker.isEmpty());
        expiring.sort(Comparator.comparing(ExpiringCertificate::notAfter));
        return List.copyOf(expiring);
    }

    @Override
    public RetirementReport retire(String oldCertificateId, String newCertificateId, Duration gracePeriod) {
        requireId("oldCertificateId", oldCertificateId);
        requireId("newCertificateId", newCertificateId);
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (oldCertificateId.equals(newCertificateId)) {
            throw new InvalidInputException("newCertificateId", "is the certificate to retire",
                    "Give the id of the certificate the device rotated to.");
        }
        if (gracePeriod.isNegative()) {
            throw new InvalidInputException("gracePeriod", "is negative (" + gracePeriod + ")",
                    "Give zero or a positive duration, for example Duration.ofDays(7).");
        }
        List<String> actions = new ArrayList<>();
        Optional<CertificateDescription> old = ops.describeCertificate(oldCertificateId);
        if (old.isEmpty()) {
            return new RetirementReport(oldCertificateId, newCertificateId, RetirementReport.State.DELETED,
                    Optional.empty(), actions);
        }
        CertificateDescription replacement = ops.describeCertificate(newCertificateId).orElseThrow(() ->
                new InvalidInputException("newCertificateId", "names no certificate AWS IoT knows",
                        "Give the id the device received when it rotated (DeviceIdentity.certificateId())."));
        if (replacement.status() != CertificateStatus.ACTIVE) {
            throw new InvalidInputException("newCertificateId", "is " + replacement.statusAsString() + ", not ACTIVE",
                    "Retire the old certificate only after the new one is ACTIVE and the device connected with it.");
        }
        List<String> oldThings = ops.principalThings(old.get().certificateArn());
        HashSet<String> missing = new HashSet<>(oldThings);
        missing.removeAll(ops.principalThings(replacement.certificateArn()));
        if (!missing.isEmpty()) {
            throw new InvalidInputException("newCertificateId", "is not attached to thing(s) " + missing.stream()
                    .sorted().toList() + " that the old certificate serves",
                    "Attach it (AttachThingPrincipal), or let the device's RegisterThing attach it, before retiring"
                    + " the old one.");
        }
        CertificateDescription current = old.get();
        if (current.status() == CertificateStatus.ACTIVE) {
            Calls.call(IOT, "UpdateCertificate", oldCertificateId, () -> iot.updateCertificate(
                    r -> r.certificateId(oldCertificateId).newStatus(CertificateStatus.INACTIVE)));
            actions.add("UpdateCertificate " + oldCertificateId + " INACTIVE");
            current = ops.describeCertificate(oldCertificateId).orElse(current);
        }
        Instant inactiveSince = current.lastModifiedDate() != null ? current.lastModifiedDate() : clock.instant();
        Instant deleteAfter = inactiveSince.plus(gracePeriod);
        if (clock.instant().isBefore(deleteAfter)) {
            return new RetirementReport(oldCertificateId, newCertificateId,
                    RetirementReport.State.INACTIVE_IN_GRACE_PERIOD, Optional.of(deleteAfter), actions);
        }
        ops.deleteCertificate(oldCertificateId);
        actions.add("DeleteCertificate " + oldCertificateId + " (policies and things detached)");
        return new RetirementReport(oldCertificateId, newCertificateId, RetirementReport.State.DELETED,
                Optional.empty(), actions);
    }

    private static void requireId(String field, String id) {
        Objects.requireNonNull(id, field);
        if (!CERTIFICATE_ID.matcher(id).matches()) {
            throw new InvalidInputException(field, "'" + id + "' is not an AWS IoT certificate id",
                    "Give the 64 lowercase hex digits AWS IoT shows as certificateId.");
        }
    }
}
