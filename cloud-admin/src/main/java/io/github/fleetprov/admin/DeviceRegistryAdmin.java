package io.github.fleetprov.admin;

import io.github.fleetprov.admin.internal.DefaultDeviceRegistryAdmin;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Things, thing types, certificates and IoT policies in the AWS IoT registry.
 *
 * <p>Creating calls are idempotent where AWS allows it: creating a thing or thing type that exists
 * with the same configuration returns it; {@link #ensurePolicy(String, String)} only writes a new
 * default version when the document changed. Every AWS failure is an {@link AwsCallException}.
 *
 * <pre>{@code
 * DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iotClient);
 * IotCertificate cert = registry.registerCertificateWithoutCa(devicePem, CertificateStatus.ACTIVE);
 * registry.createThing(ThingSpec.named("dev-1"));
 * registry.attachPrincipal("dev-1", cert.arn());
 * registry.attachPolicy("DevicePolicy", cert.arn());
 * }</pre>
 */
public interface DeviceRegistryAdmin {

    /**
     * A facade over a client the caller built (and closes).
     *
     * @param iot the AWS IoT client
     * @return the facade
     */
    static DeviceRegistryAdmin create(IotClient iot) {
        return new DefaultDeviceRegistryAdmin(Objects.requireNonNull(iot, "iot"));
    }

    /**
     * Creates a thing type unless it exists.
     *
     * @param thingTypeName the thing type name
     * @return the thing type ARN
     */
    String ensureThingType(String thingTypeName);

    /**
     * Creates a thing (and its thing type and groups if missing), or returns it if it exists with
     * the same configuration.
     *
     * @param spec the thing
     * @return the thing
     * @throws AwsCallException with {@code ResourceAlreadyExistsException} if a thing of that name
     *         exists with a different configuration
     */
    IotThing createThing(ThingSpec spec);

    /**
     * Describes a thing.
     *
     * @param thingName the thing name
     * @return the thing, or empty if it does not exist
     */
    Optional<IotThing> describeThing(String thingName);

    /**
     * Attaches a principal (certificate ARN) to a thing.
     *
     * @param thingName the thing
     * @param principalArn the certificate ARN
     */
    void attachPrincipal(String thingName, String principalArn);

    /**
     * Detaches a principal from a thing.
     *
     * @param thingName the thing
     * @param principalArn the certificate ARN
     */
    void detachPrincipal(String thingName, String principalArn);

    /**
     * The principals attached to a thing.
     *
     * @param thingName the thing
     * @return the principal ARNs
     */
    List<String> principals(String thingName);

    /**
     * Deletes a thing after detaching its principals (the certificates stay).
     *
     * @param thingName the thing
     * @return {@code false} if the thing did not exist
     */
    boolean deleteThing(String thingName);

    /**
     * CreateKeysAndCertificate: AWS IoT makes an RSA-2048 key pair and a certificate.
     *
     * @param setAsActive whether the certificate starts ACTIVE
     * @return the certificate and the private key (returned by AWS only this once)
     */
    KeysAndCertificate createKeysAndCertificate(boolean setAsActive);

    /**
     * CreateKeysAndCertificate with the certificate and key written to files: each file is written
     * to a temporary file, synced and renamed, the key with owner-only permissions where the file
     * system supports them. If writing fails, neither file is left behind and the new certificate
     * is deleted again.
     *
     * @param certificateFile where to write the certificate PEM
     * @param privateKeyFile where to write the private key PEM
     * @param setAsActive whether the certificate starts ACTIVE
     * @return the certificate's public parts
     * @throws io.github.fleetprov.core.InvalidInputException if a file exists already or cannot be written
     */
    IotCertificate createKeysAndCertificate(Path certificateFile, Path privateKeyFile, boolean setAsActive);

    /**
     * RegisterCertificateWithoutCA: registers a device's own (for example self-signed) certificate.
     *
     * @param certificatePem the certificate PEM
     * @param status the initial status (ACTIVE or INACTIVE)
     * @return the registered certificate
     */
    IotCertificate registerCertificateWithoutCa(String certificatePem,
            software.amazon.awssdk.services.iot.model.CertificateStatus status);

    /**
     * RegisterCertificate: registers a certificate signed by a CA (the CA may be registered with
     * AWS IoT, or given here).
     *
     * @param certificatePem the device certificate PEM
     * @param caCertificatePem the issuing CA's PEM, or {@code null} if the CA is registered
     * @param status the initial status
     * @return the registered certificate
     */
    IotCertificate registerCertificate(String certificatePem, @Nullable String caCertificatePem,
            software.amazon.awssdk.services.iot.model.CertificateStatus status);

    /**
     * Sets a certificate ACTIVE.
     *
     * @param certificateId the id
     */
    void activate(String certificateId);

    /**
     * Sets a certificate INACTIVE.
     *
     * @param certificateId the id
     */
    void deactivate(String certificateId);

    /**
     * Sets a certificate REVOKED (it cannot be activated again).
     *
     * @param certificateId the id
     */
    void revoke(String certificateId);

    /**
     * Describes a certificate.
     *
     * @param certificateId the id
     * @return the certificate, or empty if AWS IoT does not know it
     */
    Optional<IotCertificate> describeCertificate(String certificateId);

    /**
     * Deletes a certificate after detaching its policies and things and deactivating it.
     *
     * @param certificateId the id
     * @return {@code false} if the certificate did not exist
     */
    boolean deleteCertificate(String certificateId);

    /**
     * Ensures an IoT policy with this document is the default version: creates the policy, or
     * writes a new default version if the document changed (deleting the oldest non-default version
     * when AWS's limit of five versions would be passed), or does nothing.
     *
     * @param policyName the policy name
     * @param policyDocument the policy JSON
     * @return the policy and what was done
     */
    EnsuredPolicy ensurePolicy(String policyName, String policyDocument);

    /**
     * Attaches a policy to a target (a certificate ARN).
     *
     * @param policyName the policy
     * @param target the certificate ARN
     */
    void attachPolicy(String policyName, String target);

    /**
     * Detaches a policy from a target.
     *
     * @param policyName the policy
     * @param target the certificate ARN
     */
    void detachPolicy(String policyName, String target);

    /**
     * Deletes a policy and its non-default versions.
     *
     * @param policyName the policy
     * @return {@code false} if the policy did not exist
     * @throws AwsCallException with {@code DeleteConflictException} while it is attached
     */
    boolean deletePolicy(String policyName);

    /**
     * Onboards devices that bring their own certificates: for each, CreateThing,
     * RegisterCertificateWithoutCA (ACTIVE), AttachPolicy and AttachThingPrincipal, with
     * {@code concurrency} devices in flight. Give the client an {@link ApiRateLimiter} (see
     * {@link AwsRetries#clientOverrides(ApiRateLimiter)}) so the batch runs at the account's quotas
     * instead of into throttling. A device that fails is reported, not retried beyond the client's
     * retry strategy; the others go on.
     *
     * @param devices the devices
     * @param policyName the IoT policy to attach to each certificate (it must exist)
     * @param concurrency devices in flight, 1 to 256
     * @return successes and failures
     * @throws io.github.fleetprov.core.InvalidInputException if {@code concurrency} is out of range
     */
    OnboardingReport onboard(List<DeviceOnboarding> devices, String policyName, int concurrency);
}
