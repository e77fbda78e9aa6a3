package io.github.fleetprov.testkit.internal.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.fleetprov.core.json.FleetJson;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.template.CertificateContext;
import io.github.fleetprov.template.ProvisioningPlan;
import io.github.fleetprov.template.ProvisioningTemplate;
import io.github.fleetprov.template.TemplateEvaluator;
import io.github.fleetprov.template.TemplateType;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.CaRegistrationConfig;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateRegistration;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateRecord;
import io.github.fleetprov.testkit.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What AWS IoT does when a device first connects with a certificate it does not know, signed by a
 * registered CA certificate whose auto-registration is ENABLE.
 *
 * <p><b>Just-in-time registration</b> (AWS IoT developer guide, "Just-in-time registration of client
 * certificates", {@code auto-register-device-cert.html}), for a CA without a registration configuration:
 * the device presents its certificate followed by the CA certificate; AWS IoT registers the certificate
 * with status PENDING_ACTIVATION, publishes a registration event on
 * {@code $aws/events/certificates/registered/<caCertificateId>} with {@code certificateId},
 * {@code caCertificateId}, {@code timestamp}, {@code certificateStatus}, {@code awsAccountId} and
 * {@code certificateRegistrationTimestamp}, and closes the connection. Whoever listens activates the
 * certificate and attaches a policy; the device's next connection then succeeds.
 *
 * <p><b>Just-in-time provisioning</b> (developer guide, "Just-in-time provisioning",
 * {@code jit-provisioning.html}), for a CA with a registration configuration: AWS IoT registers the
 * certificate PENDING_ACTIVATION and runs the template with the certificate's subject fields
 * ({@code AWS::IoT::Certificate::CommonName}, {@code SerialNumber}, {@code Country}, {@code Organization},
 * {@code OrganizationalUnit}, {@code DistinguishedNameQualifier}, {@code StateName}) and its id
 * ({@code AWS::IoT::Certificate::Id}); the thing, policy and certificate status follow the template. The
 * certificate must carry every field the template declares without a default, otherwise provisioning
 * fails. Presenting the CA certificate is optional for JITP. The first connection is closed; the
 * device's reconnection succeeds.
 *
 * <p>Both happen in the broker's TLS layer ({@link RegistryTrustManager}), before any CONNECT: the
 * connection is then refused at TLS, the way a device sees its first attempt fail on AWS. When
 * provisioning fails the emulator removes the certificate it registered, so that a device retries
 * after the template is fixed; the failure is in the event log. Certificates of an unknown CA, of an
 * INACTIVE CA or of a CA with auto-registration DISABLE are refused as before.
 */
public final class JustInTimeRegistration {

    /** The topic prefix of registration events; the CA certificate id follows. */
    public static final String REGISTERED_TOPIC_PREFIX = "$aws/events/certificates/registered/";

    /** Applies a provisioning plan to the registry for a certificate, as RegisterThing does. */
    @FunctionalInterface
    public interface PlanApplier {
        /**
         * Creates or updates what the plan says and sets the certificate's status.
         *
         * @param plan the evaluated template
         * @param certificate the registered certificate
         * @return the thing name, or {@code null} if the template has no thing
         * @throws RuntimeException if the plan cannot be applied
         */
        String apply(ProvisioningPlan plan, Certificate certificate);
    }

    /** Publishes a message to the broker's subscribers, as AWS IoT publishes its own events. */
    @FunctionalInterface
    public interface EventPublisher {
        /**
         * Publishes a message.
         *
         * @param topic the topic
         * @param payload the payload
         */
        void publish(String topic, byte[] payload);
    }

    private static final ObjectMapper JSON = FleetJson.mapper();

    private final IotRegistry registry;
    private final EventPublisher publisher;
    private volatile PlanApplier applier;

    /**
     * Creates the handler.
     *
     * @param registry the registry
     * @param publisher how registration events reach subscribers
     */
    public JustInTimeRegistration(IotRegistry registry, EventPublisher publisher) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /**
     * Sets how a JITP template's plan is applied; without one, just-in-time provisioning fails (and
     * just-in-time registration still works).
     *
     * @param applier the plan applier
     */
    public void setPlanApplier(PlanApplier applier) {
        this.applier = Objects.requireNonNull(applier, "applier");
    }

    /**
     * Handles the first connection of a certificate the registry does not know.
     *
     * @param chain the chain the client presented, its certificate first
     * @return why the connection is closed, if a registered CA with auto-registration took the
     *     certificate (registered, provisioned, or refused with a reason); empty if no registered CA
     *     signed it
     */
    public Optional<String> onUnknownCertificate(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return Optional.empty();
        }
        X509Certificate leaf = chain[0];
        Optional<CaCertificate> issuer = issuerOf(leaf);
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        CaCertificate ca = issuer.get();
        String certificateId = Certificates.awsCertificateId(leaf);
        if (!ca.active()) {
            return Optional.of(refused(ca, certificateId, "CA certificate " + ca.certificateId()
                    + " is INACTIVE; activate it (UpdateCACertificate --new-status ACTIVE)"));
        }
        if (!ca.autoRegistration()) {
            return Optional.of(refused(ca, certificateId, "CA certificate " + ca.certificateId() + " has"
                    + " auto-registration DISABLE; enable it (UpdateCACertificate --new-auto-registration-status"
                    + " ENABLE) or register the certificate (RegisterCertificate)"));
        }
        Optional<CaRegistrationConfig> config = ca.registration();
        if (config.isEmpty() && !presents(chain, ca)) {
            return Optional.of(refused(ca, certificateId, "just-in-time registration needs the CA certificate"
                    + " after the device certificate in the TLS handshake; put both in the device's"
                    + " certificate file"));
        }
        Certificate registered;
        try {
            registered = registry.registerCertificate(CertificateRegistration.builder(Pem.certificateToPem(leaf))
                    .status(CertificateStatus.PENDING_ACTIVATION).caCertificateId(ca.certificateId()).build());
        } catch (RegistryException e) {
            // another connection of the same device registered it first
            return Optional.of("certificate " + certificateId + " was registered by a concurrent connection: "
                    + e.getMessage());
        }
        return Optional.of(config.isPresent() ? provision(ca, config.get(), registered)
                : announce(ca, registered));
    }

    /** JITR: the registration event, then the connection closes. */
    private String announce(CaCertificate ca, Certificate registered) {
        long now = registry.clock().millis();
        ObjectNode event = JSON.createObjectNode()
                .put("certificateId", registered.certificateId())
                .put("caCertificateId", ca.certificateId())
                .put("timestamp", now)
                .put("certificateStatus", registered.status().name())
                .put("awsAccountId", registry.accountId())
                .put("certificateRegistrationTimestamp", registered.creationDate().toEpochMilli());
        String topic = REGISTERED_TOPIC_PREFIX + ca.certificateId();
        publisher.publish(topic, event.toString().getBytes(StandardCharsets.UTF_8));
        String why = "certificate " + registered.certificateId() + " was registered PENDING_ACTIVATION by"
                + " just-in-time registration (event on " + topic + "); activate it and attach a policy, then"
                + " reconnect";
        record(ca, registered.certificateId(), "PENDING_ACTIVATION", why);
        return why;
    }

    /** JITP: the template runs with the certificate's fields; the connection closes either way. */
    private String provision(CaCertificate ca, CaRegistrationConfig config, Certificate registered) {
        String certificateId = registered.certificateId();
        try {
            String body = templateBody(config);
            ProvisioningPlan plan = TemplateEvaluator.evaluate(ProvisioningTemplate.fromJson(body, TemplateType.JITP),
                    Map.of(), CertificateContext.of(certificateId, registered.certificate()));
            PlanApplier current = applier;
            if (current == null) {
                throw new IllegalStateException("this broker provisions no templates");
            }
            String thingName = current.apply(plan, registered);
            String why = "certificate " + certificateId + " was provisioned by just-in-time provisioning"
                    + (thingName == null ? "" : " for thing " + thingName) + "; reconnect";
            record(ca, certificateId, "PROVISIONED", why);
            return why;
        } catch (RuntimeException e) {
            try {
                registry.deleteCertificate(certificateId, true);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            String why = "just-in-time provisioning of certificate " + certificateId + " with the registration"
                    + " configuration of CA certificate " + ca.certificateId() + " failed: " + e.getMessage();
            record(ca, certificateId, "PROVISIONING_FAILED", why);
            return why;
        }
    }

    private String templateBody(CaRegistrationConfig config) {
        if (config.body().isPresent()) {
            return config.body().get();
        }
        String name = config.name().orElseThrow();
        ProvisioningTemplateRecord template = registry.findProvisioningTemplate(name).orElseThrow(() ->
                new IllegalStateException("the provisioning template " + name + " no longer exists"));
        if (!template.enabled()) {
            throw new IllegalStateException("the provisioning template " + name + " is disabled; enable it");
        }
        return template.templateBody();
    }

    private String refused(CaCertificate ca, String certificateId, String why) {
        record(ca, certificateId, "REFUSED", why);
        return why;
    }

    private void record(CaCertificate ca, String certificateId, String outcome, String message) {
        registry.events().record(Event.builder(EventType.REGISTRY, "JustInTimeRegistration")
                .resource(ca.certificateArn()).outcome(outcome).message(message)
                .detail("certificateId", certificateId).detail("caCertificateId", ca.certificateId())
                .detail("mode", ca.registration().isPresent() ? "JITP" : "JITR"));
    }

    /** The registered CA that signed the certificate, an ACTIVE one first. */
    private Optional<CaCertificate> issuerOf(X509Certificate leaf) {
        return registry.listCaCertificates().stream()
                .filter(ca -> ca.certificate().getSubjectX500Principal().equals(leaf.getIssuerX500Principal()))
                .filter(ca -> verifies(leaf, ca.certificate()))
                .min(Comparator.comparing(ca -> !ca.active()));
    }

    private static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean presents(X509Certificate[] chain, CaCertificate ca) {
        try {
            byte[] encoded = ca.certificate().getEncoded();
            for (int i = 1; i < chain.length; i++) {
                if (Arrays.equals(chain[i].getEncoded(), encoded)) {
                    return true;
                }
            }
            return false;
        } catch (CertificateEncodingException e) {
            return false;
        }
    }
}
