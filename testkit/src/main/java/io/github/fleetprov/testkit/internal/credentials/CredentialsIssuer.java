package io.github.fleetprov.testkit.internal.credentials;

import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.internal.http.AwsApiException;
import io.github.fleetprov.testkit.internal.iam.IamPolicyDocuments;
import io.github.fleetprov.testkit.internal.iam.IamRole;
import io.github.fleetprov.testkit.internal.iam.IamSession;
import io.github.fleetprov.testkit.internal.iam.IamState;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.RoleAlias;
import io.github.fleetprov.testkit.registry.Thing;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a device certificate may obtain credentials for a role alias, as the AWS IoT
 * credentials provider does, and issues them:
 * <ol>
 *   <li>the certificate is registered, ACTIVE and within its validity, else 403;</li>
 *   <li>the role alias exists, else 404;</li>
 *   <li>a thing named in {@code x-amzn-iot-thingname} is attached to the certificate, else 403;</li>
 *   <li>the certificate's policies allow {@code iot:AssumeRoleWithCertificate} on the alias ARN, else 403;</li>
 *   <li>the alias's role exists and trusts {@code credentials.iot.amazonaws.com}, else 403;</li>
 *   <li>the alias's {@code credentialDurationSeconds} is within the role's {@code MaxSessionDuration}, else 400.</li>
 * </ol>
 * The role session name is the certificate id, as in AWS.
 */
public final class CredentialsIssuer {

    /** The service principal a role must trust for the credentials provider to assume it. */
    public static final String SERVICE_PRINCIPAL = "credentials.iot.amazonaws.com";

    /** Whether a certificate's policies allow {@code iot:AssumeRoleWithCertificate} on an alias. */
    @FunctionalInterface
    public interface AssumeRoleAuthorizer {
        /**
         * Evaluates the policies in effect for a certificate.
         *
         * @param certificate the registered certificate
         * @param roleAliasArn the alias ARN (the resource)
         * @param thing the thing named in the request and attached to the certificate, if any
         * @return empty if allowed, otherwise why not and what to change
         */
        Optional<String> denial(Certificate certificate, String roleAliasArn, Optional<Thing> thing);
    }

    private final IotRegistry registry;
    private final IamState iam;
    private final AssumeRoleAuthorizer authorizer;

    /**
     * Creates the issuer.
     *
     * @param registry the IoT registry (certificates, things, aliases, policies)
     * @param iam the IAM (roles, sessions)
     * @param authorizer the policy evaluation
     */
    public CredentialsIssuer(IotRegistry registry, IamState iam, AssumeRoleAuthorizer authorizer) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.iam = Objects.requireNonNull(iam, "iam");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
    }

    /**
     * Authorizes a request and issues credentials.
     *
     * @param clientCertificate the TLS client certificate
     * @param roleAlias the alias in the URL
     * @param thingName the {@code x-amzn-iot-thingname} header, or {@code null}
     * @return the credentials
     * @throws AwsApiException the refusal, with the credentials provider's status
     */
    public IssuedCredentials issue(X509Certificate clientCertificate, String roleAlias, String thingName) {
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(roleAlias, "roleAlias");
        String certificateId = Certificates.awsCertificateId(clientCertificate);
        try {
            IssuedCredentials issued = authorizeAndIssue(clientCertificate, certificateId, roleAlias, thingName);
            record(roleAlias, certificateId, thingName, "ALLOWED", "credentials issued, expiring "
                    + issued.session().expiration());
            return issued;
        } catch (AwsApiException e) {
            record(roleAlias, certificateId, thingName, "DENIED", e.status() + " " + e.getMessage());
            throw e;
        }
    }

    private IssuedCredentials authorizeAndIssue(X509Certificate clientCertificate, String certificateId, String roleAlias,
            String thingName) {
        Certificate certificate = registry.findCertificate(certificateId).orElseThrow(() -> forbidden(
                "Access Denied: certificate " + certificateId + " is not registered with AWS IoT. Register it "
                        + "(RegisterCertificateWithoutCA or RegisterCertificate) and activate it."));
        if (certificate.status() != CertificateStatus.ACTIVE) {
            throw forbidden("Access Denied: certificate " + certificateId + " is " + certificate.status()
                    + ". Activate it with UpdateCertificate --new-status ACTIVE.");
        }
        if (clientCertificate.getNotAfter().toInstant().isBefore(registry.clock().instant())) {
            throw forbidden("Access Denied: certificate " + certificateId + " expired at " + clientCertificate.getNotAfter().toInstant() + ".");
        }
        RoleAlias alias = registry.findRoleAlias(roleAlias).orElseThrow(() -> new AwsApiException(404, "NotFound",
                "Role alias does not exist: " + roleAlias + ". Create it with CreateRoleAlias."));
        Optional<Thing> thing = Optional.empty();
        if (thingName != null) {
            boolean attached = registry.listPrincipalThings(certificate.certificateArn()).contains(thingName);
            if (!attached) {
                throw forbidden("Access Denied: the thing name " + thingName + " in x-amzn-iot-thingname is not "
                        + "attached to certificate " + certificateId + ". Attach it with AttachThingPrincipal or send "
                        + "the name of a thing attached to the certificate.");
            }
            thing = registry.findThing(thingName);
        }
        Optional<String> denial = authorizer.denial(certificate, alias.roleAliasArn(), thing);
        if (denial.isPresent()) {
            throw forbidden("Access Denied: the policies of certificate " + certificateId
                    + " do not allow iot:AssumeRoleWithCertificate on " + alias.roleAliasArn() + ". " + denial.get());
        }
        IamRole role = iam.findRoleByArn(alias.roleArn()).orElseThrow(() -> forbidden(
                "Unable to assume the role, or the role to assume does not exist: " + alias.roleArn()
                        + ". Create the role with IAM CreateRole."));
        if (!IamPolicyDocuments.trustsService(role.assumeRolePolicyDocument(), SERVICE_PRINCIPAL)) {
            throw forbidden("Unable to assume the role, or the role to assume does not exist: the trust policy of "
                    + role.arn() + " does not allow " + SERVICE_PRINCIPAL + " to call sts:AssumeRole.");
        }
        if (alias.credentialDurationSeconds() > role.maxSessionDuration()) {
            throw new AwsApiException(400, "InvalidRequest", "The requested DurationSeconds ("
                    + alias.credentialDurationSeconds() + ") exceeds the MaxSessionDuration (" + role.maxSessionDuration()
                    + ") set for role " + role.arn() + ". Lower the alias's credentialDurationSeconds or raise the role's "
                    + "MaxSessionDuration.");
        }
        IamSession session = iam.issueSession(role, certificateId, Duration.ofSeconds(alias.credentialDurationSeconds()));
        return new IssuedCredentials(session, alias.roleAliasArn(), certificateId, thingName);
    }

    private void record(String roleAlias, String certificateId, String thingName, String outcome, String message) {
        Event.Builder event = Event.builder(EventType.AUTHORIZATION, "AssumeRoleWithCertificate")
                .resource(registry.arn("rolealias", roleAlias)).outcome(outcome).message(message)
                .detail("certificateId", certificateId);
        if (thingName != null) {
            event.detail("thingName", thingName);
        }
        registry.events().record(event);
    }

    private static AwsApiException forbidden(String message) {
        return new AwsApiException(403, "AccessDenied", message);
    }
}
