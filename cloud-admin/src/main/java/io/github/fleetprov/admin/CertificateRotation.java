package io.github.fleetprov.admin;

import io.github.fleetprov.admin.internal.DefaultCertificateRotation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Certificate rotation for fleets that rotate from the cloud: find the device certificates that expire
 * soon, and retire each old certificate once its device has a new one, so that rotation ends with the
 * old certificate gone rather than still ACTIVE.
 *
 * <p>Retirement is a sequence of idempotent steps, each decided from what AWS IoT holds, so a run that
 * stops anywhere is finished by the next call with the same arguments:
 * <ol>
 *   <li>the new certificate must be ACTIVE and attached to every thing the old one is attached to (the
 *       device obtained it, for example with {@code FleetProvisioningClient.rotateCertificate()}, which
 *       connects with the new certificate before storing it); otherwise nothing is changed;</li>
 *   <li>the old certificate is made INACTIVE (UpdateCertificate), so it can no longer connect, but can be
 *       made ACTIVE again while the grace period runs;</li>
 *   <li>once it has been INACTIVE for the grace period (its {@code lastModifiedDate} plus the grace
 *       period), its policies and things are detached and it is deleted (DetachPolicy,
 *       DetachThingPrincipal, DeleteCertificate).</li>
 * </ol>
 * At no step are both certificates unusable: the old one is deactivated only after the new one is
 * ACTIVE and attached. AWS sources: AWS IoT API Reference, UpdateCertificate ("Within a few minutes of
 * updating a certificate from the ACTIVE state to any other state, IoT disconnects all devices that used
 * that certificate to connect") and DeleteCertificate ("A certificate cannot be deleted if it has a
 * policy or IoT thing attached to it or if its status is set to ACTIVE").
 *
 * <pre>{@code
 * CertificateRotation rotation = CertificateRotation.create(iotClient);
 * for (ExpiringCertificate cert : rotation.expiringWithin(Duration.ofDays(30))) {
 *     // tell the device to rotate (a job, a shadow field), then, once it reports its new certificate id:
 *     RetirementReport report = rotation.retire(cert.certificateId(), newCertificateId, Duration.ofDays(7));
 * }
 * }</pre>
 */
public interface CertificateRotation {

    /**
     * A facade over a client the caller built (and closes), on the system clock.
     *
     * @param iot the AWS IoT client
     * @return the facade
     */
    static CertificateRotation create(IotClient iot) {
        return create(iot, Clock.systemUTC());
    }

    /**
     * A facade over a client the caller built (and closes).
     *
     * @param iot the AWS IoT client
     * @param clock the clock that decides expiry windows and grace periods
     * @return the facade
     */
    static CertificateRotation create(IotClient iot, Clock clock) {
        return new DefaultCertificateRotation(Objects.requireNonNull(iot, "iot"), Objects.requireNonNull(clock, "clock"));
    }

    /**
     * The ACTIVE certificates whose validity ends within the window from now (ListCertificates, then
     * DescribeCertificate for the validity and ListPrincipalThings for the things), soonest first.
     *
     * @param window a positive duration, e.g. 30 days
     * @return the certificates
     * @throws io.github.fleetprov.core.InvalidInputException if the window is not positive
     * @throws AwsCallException if AWS IoT refuses a call
     */
    List<ExpiringCertificate> expiringWithin(Duration window);

    /**
     * Takes the next retirement step for an old certificate whose device holds a new one (see the type's
     * description); call it again until the report's state is {@link RetirementReport.State#DELETED}.
     *
     * @param oldCertificateId the certificate to retire
     * @param newCertificateId the certificate that replaces it
     * @param gracePeriod how long the old certificate stays INACTIVE before it is deleted (zero or more)
     * @return what was done and what is next
     * @throws io.github.fleetprov.core.InvalidInputException if an id is malformed, the ids are equal, the
     *     grace period is negative, or the new certificate is unknown, not ACTIVE or not attached to the old
     *     one's things
     * @throws AwsCallException if AWS IoT refuses a call
     */
    RetirementReport retire(String oldCertificateId, String newCertificateId, Duration gracePeriod);
}
