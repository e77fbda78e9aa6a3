package io.github.fleetprov.device.internal;

import io.github.fleetprov.core.FleetProvisioningException;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.CertificateRetirement;
import io.github.fleetprov.device.ProvisioningStep;
import io.github.fleetprov.device.RetirementNotAllowedException;
import io.github.fleetprov.device.RetirementStage;
import io.github.fleetprov.device.RetiringCertificate;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.IotClientBuilder;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * Retires replaced certificates from the device, per {@link CertificateRetirement}: with credentials
 * from the IoT credentials provider (fetched with the device's current certificate) it calls the AWS IoT
 * control plane through the AWS SDK's {@link IotClient}. Each stage is recorded in the
 * {@link RetirementJournal} right after its call succeeded, so a restarted device carries on from there;
 * every call is safe to repeat (UpdateCertificate to INACTIVE twice changes nothing, and a certificate
 * that is already gone answers ResourceNotFoundException, which counts as done).
 *
 * <p>The order keeps the device connected: the old certificate is made INACTIVE only after the new one
 * is the stored identity (it connected first), and the old one is never touched while it is still the
 * stored identity.
 */
public final class CertificateRetirer {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateRetirer.class);

    private final CertificateRetirement config;
    private final String caPem;
    private final Clock clock;
    private final RetirementJournal journal;
    private final StepListener listener;

    /**
     * Creates the retirer.
     *
     * @param config how to reach the credentials provider and the control plane
     * @param caPem the CA certificates of the credentials endpoint
     * @param clock the clock of the grace period and of the credentials' expiry
     * @param journal where stages are recorded
     * @param listener told after each retirement step
     */
    public CertificateRetirer(CertificateRetirement config, String caPem, Clock clock, RetirementJournal journal,
            StepListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.caPem = Objects.requireNonNull(caPem, "caPem");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Records, before a rotation starts, that the current certificate is to be retired once replaced.
     *
     * @param current the identity about to be replaced
     */
    public void recordReplacing(DeviceIdentity current) {
        if (journal.find(current.certificateId()).isEmpty()) {
            journal.put(new RetiringCertificate(current.certificateId(), current.thingName(), RetirementStage.REPLACING,
                    null), ProvisioningStep.PERSIST_PENDING);
        }
    }

    /**
     * Carries every recorded retirement as far as it can go now: a replaced certificate is made INACTIVE,
     * and one whose grace period is over is detached from its thing and deleted.
     *
     * @param current the stored identity, which calls the control plane and is never retired
     * @return the certificates not deleted yet, with their stages
     * @throws RetirementNotAllowedException if the role does not allow a call
     */
    public List<RetiringCertificate> retire(DeviceIdentity current) {
        Objects.requireNonNull(current, "current");
        try (Calls calls = new Calls(current)) {
            for (RetiringCertificate entry : journal.read()) {
                if (entry.certificateId().equals(current.certificateId())) {
                    continue;
                }
                step(entry, calls);
            }
        }
        return pending(journal, current);
    }

    /**
     * The recorded retirements, a REPLACING entry whose certificate is no longer the stored one reported
     * as REPLACED.
     *
     * @param journal the journal
     * @param current the stored identity, or {@code null}
     * @return the entries
     */
    public static List<RetiringCertificate> pending(RetirementJournal journal, DeviceIdentity current) {
        List<RetiringCertificate> result = new ArrayList<>();
        for (RetiringCertificate e : journal.read()) {
            boolean replaced = e.stage() == RetirementStage.REPLACING
                    && (current == null || !current.certificateId().equals(e.certificateId()));
            result.add(replaced ? new RetiringCertificate(e.certificateId(), e.thingName(), RetirementStage.REPLACED,
                    null) : e);
        }
        return List.copyOf(result);
    }

    private void step(RetiringCertificate entry, Calls calls) {
        String id = entry.certificateId();
        RetiringCertificate at = entry;
        if (at.stage() == RetirementStage.REPLACING || at.stage() == RetirementStage.REPLACED) {
            boolean exists = calls.call(id, "iot:UpdateCertificate", id, () -> calls.iot().updateCertificate(
                    r -> r.certificateId(id).newStatus(CertificateStatus.INACTIVE)));
            if (!exists) {
                journal.remove(id, ProvisioningStep.DEACTIVATE_OLD_CERTIFICATE);
                return;
            }
            at = new RetiringCertificate(id, entry.thingName(), RetirementStage.INACTIVE, clock.instant());
            journal.put(at, ProvisioningStep.DEACTIVATE_OLD_CERTIFICATE);
            LOG.info("Replaced certificate {} is INACTIVE; it is deleted after {}", id, config.gracePeriod());
            listener.stepCompleted(ProvisioningStep.DEACTIVATE_OLD_CERTIFICATE);
        }
        if (at.stage() == RetirementStage.INACTIVE) {
            Instant due = at.deactivated().orElse(Instant.EPOCH).plus(config.gracePeriod());
            if (clock.instant().isBefore(due)) {
                return;
            }
            String[] arn = new String[1];
            boolean exists = calls.call(id, "iot:DescribeCertificate", id, () -> arn[0] = calls.iot()
                    .describeCertificate(r -> r.certificateId(id)).certificateDescription().certificateArn());
            if (exists) {
                calls.call(id, "iot:DetachThingPrincipal", "thing/" + entry.thingName(), () -> calls.iot()
                        .detachThingPrincipal(r -> r.thingName(entry.thingName()).principal(arn[0])));
            }
            at = new RetiringCertificate(id, entry.thingName(), RetirementStage.DETACHED, at.deactivatedAt());
            journal.put(at, ProvisioningStep.DETACH_OLD_CERTIFICATE);
            listener.stepCompleted(ProvisioningStep.DETACH_OLD_CERTIFICATE);
        }
        if (at.stage() == RetirementStage.DETACHED) {
            calls.call(id, "iot:DeleteCertificate", id, () -> calls.iot().deleteCertificate(
                    r -> r.certificateId(id).forceDelete(true)));
            journal.remove(id, ProvisioningStep.DELETE_OLD_CERTIFICATE);
            LOG.info("Replaced certificate {} is deleted", id);
            listener.stepCompleted(ProvisioningStep.DELETE_OLD_CERTIFICATE);
        }
    }

    /** The control-plane client, made on first use with the current identity's credentials. */
    private final class Calls implements AutoCloseable {
        private final DeviceIdentity current;
        private IotCredentialsProvider credentials;
        private IotClient iot;

        Calls(DeviceIdentity current) {
            this.current = current;
        }

        IotClient iot() {
            if (iot == null) {
                credentials = IotCredentialsProvider.builder().device(current).endpoint(config.credentialsEndpoint())
                        .roleAlias(config.roleAlias()).certificateAuthorityPem(caPem).clock(clock).build();
                IotClientBuilder builder = IotClient.builder().region(Region.of(config.region()))
                        .credentialsProvider(credentials);
                config.controlPlaneEndpoint().ifPresent(builder::endpointOverride);
                iot = builder.build();
            }
            return iot;
        }

        /**
         * Runs one call.
         *
         * @return {@code false} if the certificate no longer exists
         */
        boolean call(String certificateId, String action, String resource, Runnable call) {
            try {
                call.run();
                return true;
            } catch (ResourceNotFoundException e) {
                return false;
            } catch (IotException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if (e.statusCode() == 403 || "AccessDeniedException".equals(code)
                        || "UnrecognizedClientException".equals(code)) {
                    throw new RetirementNotAllowedException(certificateId, action, code == null ? "HTTP 403" : code,
                            config.roleAlias(), resource.startsWith("thing/") ? resource : "cert/" + resource);
                }
                throw new FleetProvisioningException(action + " for replaced certificate " + certificateId
                        + " failed (" + (code == null ? "HTTP " + e.statusCode() : code) + "); the store keeps its"
                        + " stage: call retireReplacedCertificates() again later.", e);
            }
        }

        @Override
        public void close() {
            if (iot != null) {
                iot.close();
            }
            if (credentials != null) {
                credentials.close();
            }
        }
    }
}
