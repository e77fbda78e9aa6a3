package io.github.fleetprov.device;

import io.github.fleetprov.core.store.ClaimIdentity;
import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.internal.DefaultFleetProvisioningClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provisions a device by claim over MQTT: connect with the claim certificate, get a certificate of
 * the device's own, register the thing with a provisioning template, store the identity.
 *
 * <pre>{@code
 * FleetProvisioningClient client = FleetProvisioningClient.builder()
 *         .endpoint("abc123-ats.iot.eu-west-1.amazonaws.com")
 *         .claim(ClaimCredentials.fromPemFiles(claimCert, claimKey))
 *         .templateName("FleetTemplate")
 *         .templateParameter("SerialNumber", serial)
 *         .credentialStore(Path.of("/var/lib/device/identity"))
 *         .build();
 * DeviceIdentity device = client.provision();
 * }</pre>
 *
 * <p>After a fleet set-up with cloud-admin, {@link Builder#claim(ClaimIdentity)} takes the claim it
 * stored ({@code FleetSetup.claimIdentity()}) with its endpoint and template in one call.
 *
 * <p>{@link #provision()} is crash-safe and resumable: the new certificate, its key and its ownership
 * token are stored atomically before RegisterThing is sent; after a crash a later call resumes at
 * RegisterThing while the token is valid, and starts over (recording the abandoned certificate id)
 * once it has expired. A device that is already provisioned gets its stored identity back without any
 * network traffic. Network steps are retried per the {@link RetryPolicy}.
 *
 * <p>Instances are immutable; calls on one instance must not run concurrently (they share the
 * credential store).
 */
public interface FleetProvisioningClient {

    /**
     * A builder.
     *
     * @return a new builder
     */
    static Builder builder() {
        return DefaultFleetProvisioningClient.builder();
    }

    /**
     * Provisions the device, or returns its stored identity if it was provisioned before.
     *
     * @return the device identity
     * @throws ProvisioningRejectedException if AWS IoT rejected a step for good
     * @throws ProvisioningTimeoutException if a step got no answer after all retries
     * @throws ConnectionRefusedException if the claim connection was refused
     * @throws ConnectionLostException if the connection kept dropping
     * @throws IdentityPersistenceException if the identity could not be stored
     */
    DeviceIdentity provision();

    /**
     * Provisions a new identity even if one is stored; the stored one is replaced once the new one is
     * registered.
     *
     * @return the new identity
     */
    DeviceIdentity reprovision();

    /**
     * The identity in the credential store, without network traffic.
     *
     * @return the identity, empty if the device is not provisioned
     */
    Optional<DeviceIdentity> storedDevice();

    /**
     * Replaces the stored device certificate: a new key (per the key strategy, CSR only) and
     * CreateCertificateFromCsr over the device's own connection, RegisterThing with the template (a
     * template that accepts the device's existing thing: the rotation template), a test connection with
     * the new certificate; only then does the new identity replace the old one in the store. The device's
     * policy must allow the fleet provisioning topics of the template.
     *
     * <p>With {@link Builder#retirement(CertificateRetirement)} the rotation finishes the job: the old
     * certificate is recorded in the store for retirement before anything else happens, and once the new
     * identity is stored the old certificate is made INACTIVE (UpdateCertificate, with credentials from the
     * credentials provider, see {@link CertificateRetirement} for why the device and how); after the grace
     * period {@link #retireReplacedCertificates()} detaches and deletes it. Without it, the old certificate
     * id is recorded in the store's abandoned list and stays ACTIVE for cloud-admin's
     * {@code CertificateRotation} to retire.
     *
     * <p>A crash at any step leaves a stored identity that connects: the old one until the new one is
     * stored, the new one after. Calling this again finishes an interrupted rotation: a pending certificate
     * whose RegisterThing was sent before the crash is kept if it connects (its ownership token is used up),
     * otherwise a new one is made. A crash after the new identity was stored leaves the old certificate in
     * the retirement record, and {@link #retireReplacedCertificates()} carries on from the step it reached.
     *
     * @return the new identity
     * @throws io.github.fleetprov.core.InvalidInputException if the device is not provisioned yet
     * @throws RetirementNotAllowedException if the role does not allow retiring the old certificate; the new
     *     identity is stored and works all the same
     */
    DeviceIdentity rotateCertificate();

    /**
     * Carries on the retirement of every certificate that a rotation replaced, as far as it can go now:
     * a replaced certificate still ACTIVE is made INACTIVE, one whose grace period is over is detached
     * from its thing and deleted. Call it after a restart and from time to time (e.g. daily); it sends
     * nothing when nothing is due. Needs {@link Builder#retirement(CertificateRetirement)}.
     *
     * @return the replaced certificates not deleted yet, with the stage each reached (empty when all are
     *     gone)
     * @throws io.github.fleetprov.core.InvalidInputException if no retirement is configured, or the device
     *     is not provisioned
     * @throws RetirementNotAllowedException if the role does not allow a call
     */
    List<RetiringCertificate> retireReplacedCertificates();

    /**
     * The replaced certificates recorded for retirement, without network traffic.
     *
     * @return the certificates not deleted yet, with their stages
     */
    List<RetiringCertificate> retiringCertificates();

    /**
     * Finishes a provisioning run that ended with {@link RegistrationUnconfirmedException}: checks that
     * the pending certificate connects, then stores it as the device identity under the given thing
     * name (with an empty device configuration) and deletes the pending state.
     *
     * @param thingName the thing the pending certificate is attached to
     * @return the device identity
     * @throws io.github.fleetprov.core.InvalidInputException if there is no pending certificate
     * @throws ConnectionRefusedException if the pending certificate cannot connect (it was not registered)
     */
    DeviceIdentity completeRegistration(String thingName);

    /**
     * The settings of this client as a builder.
     *
     * @return a builder holding this client's settings
     */
    Builder toBuilder();

    /** Builds a {@link FleetProvisioningClient}. Not thread-safe. */
    interface Builder {

        /**
         * The AWS IoT data endpoint host name (required), for example
         * {@code abc123-ats.iot.eu-west-1.amazonaws.com}.
         *
         * @param endpoint the host name
         * @return this builder
         */
        Builder endpoint(String endpoint);

        /**
         * The MQTT port (default 8883). Port 443 implies {@link #mqttOverPort443()}.
         *
         * @param port 1 to 65535
         * @return this builder
         */
        Builder port(int port);

        /**
         * Connects the way AWS IoT serves MQTT with an X.509 client certificate on port 443, for networks
         * that pass only port 443: port 443, with the TLS extension ALPN offering the protocol
         * {@code x-amzn-mqtt-ca} in the ClientHello, which AWS IoT requires on that port (AWS IoT Core
         * developer guide, "Protocols": protocols, authentication and port mappings). The Device SDK's
         * mutual-TLS builders put that protocol in their ALPN list wherever aws-crt supports ALPN; this
         * option makes it a requirement that {@link #build()} checks. A {@link #port(int)} given after
         * this call changes only the port (a TLS pass-through proxy, an emulator's listener) and keeps the
         * ALPN requirement.
         *
         * @return this builder
         */
        Builder mqttOverPort443();

        /**
         * The CA certificates that the endpoint's server certificate must chain to, PEM (default: Amazon
         * Root CA 1 and 3).
         *
         * @param pem one or more PEM certificates
         * @return this builder
         */
        Builder certificateAuthorityPem(String pem);

        /**
         * The CA certificates from a PEM file.
         *
         * @param file a PEM file
         * @return this builder
         */
        Builder certificateAuthority(Path file);

        /**
         * The claim certificate and key (required).
         *
         * @param claim the claim credentials
         * @return this builder
         */
        Builder claim(ClaimCredentials claim);

        /**
         * The claim identity that a fleet set-up stored (required, unless {@link #claim(ClaimCredentials)}
         * is given): its certificate and key become the claim, its endpoint the {@link #endpoint(String)},
         * and its template name, when recorded, the {@link #templateName(String)}. This is the one call
         * from the admin side to the device side:
         *
         * <pre>{@code
         * FleetSetup setup = admin.setUp(spec);                  // cloud-admin: stores the claim
         * DeviceIdentity device = FleetProvisioningClient.builder()
         *         .claim(setup.claimIdentity())                  // certificate, key, endpoint, template
         *         .clientId("sensors-" + serial)                 // a client id the claim policy allows
         *         .templateParameter("SerialNumber", serial)
         *         .credentialStore(Path.of("/var/lib/device/identity"))
         *         .build()
         *         .provision();
         * }</pre>
         *
         * <p>A device that only has the store directory reads the claim with
         * {@code CredentialStore.open(dir).readClaim()}. Settings given after this call override what it set.
         *
         * @param claim the claim identity, e.g. {@code FleetSetup.claimIdentity()} or
         *     {@link io.github.fleetprov.core.store.CredentialStore#readClaim()}
         * @return this builder
         */
        Builder claim(ClaimIdentity claim);

        /**
         * The MQTT client id of the claim connection (default: a random UUID). The claim policy must
         * allow it.
         *
         * @param clientId the client id
         * @return this builder
         */
        Builder clientId(String clientId);

        /**
         * The provisioning template's name (required): 1 to 36 of {@code [0-9A-Za-z_-]}.
         *
         * @param templateName the name
         * @return this builder
         */
        Builder templateName(String templateName);

        /**
         * Replaces the template parameters.
         *
         * @param parameters the parameters (copied)
         * @return this builder
         */
        Builder templateParameters(Map<String, String> parameters);

        /**
         * Adds a template parameter.
         *
         * @param name the parameter's name
         * @param value its value
         * @return this builder
         */
        Builder templateParameter(String name, String value);

        /**
         * Where the new key comes from (default {@link KeyStrategy#csrWithNewKey()}).
         *
         * @param keyStrategy the strategy
         * @return this builder
         */
        Builder keyStrategy(KeyStrategy keyStrategy);

        /**
         * The MQTT version (default {@link MqttVersion#MQTT_5}).
         *
         * @param mqttVersion the version
         * @return this builder
         */
        Builder mqttVersion(MqttVersion mqttVersion);

        /**
         * The payload format of the fleet provisioning API (default {@link PayloadFormat#JSON}). The claim
         * policy must allow the topics of this format.
         *
         * @param payloadFormat JSON or CBOR
         * @return this builder
         */
        Builder payloadFormat(PayloadFormat payloadFormat);

        /**
         * The time limit of one attempt of a step (default 10 s for each step).
         *
         * @param step the step
         * @param timeout a positive duration
         * @return this builder
         */
        Builder stepTimeout(ProvisioningStep step, Duration timeout);

        /**
         * The time limit of one attempt of every step.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        Builder stepTimeouts(Duration timeout);

        /**
         * The retry policy (default {@link RetryPolicy#defaults()}).
         *
         * @param retryPolicy the policy
         * @return this builder
         */
        Builder retryPolicy(RetryPolicy retryPolicy);

        /**
         * An HTTP proxy to tunnel MQTT connections through.
         *
         * @param proxy the proxy
         * @return this builder
         */
        Builder httpProxy(HttpProxy proxy);

        /**
         * The credential-store directory (required), created with mode 0700 if missing.
         *
         * @param directory the directory
         * @return this builder
         */
        Builder credentialStore(Path directory);

        /**
         * Makes {@link FleetProvisioningClient#rotateCertificate()} retire the certificate it replaces
         * (default: no retirement by the device; the old certificate is recorded as abandoned).
         *
         * @param retirement the role alias, endpoints and grace period
         * @return this builder
         */
        Builder retirement(CertificateRetirement retirement);

        /**
         * The clock that dates ownership tokens and times the retirement grace period (default the system
         * UTC clock).
         *
         * @param clock the clock
         * @return this builder
         */
        Builder clock(Clock clock);

        /**
         * Validates the settings and builds the client.
         *
         * @return the client
         * @throws io.github.fleetprov.core.InvalidInputException naming the missing or invalid setting
         */
        FleetProvisioningClient build();
    }
}
