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

    /** The error type AWS's credentials provider sends in {@code x-amzn-ErrorType} with a 403. */
    static final String ACCESS_DENIED = "AccessDeniedException";
    private static final String CERTIFICATE_INVALID = "Certificate is invalid on this endpoint";
    private static final String CANNOT_ASSUME = "Unable to assume the role, or the role to assume does not exist";

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
        } catch (Refusal r) {
            record(roleAlias, certificateId, thingName, "DENIED", r.answer.status() + " " + r.answer.getMessage()
                    + " (" + r.explanation + ")");
            throw r.answer;
        }
    }

    /**
     * The checks in the order AWS's credentials provider makes them, each answered with AWS's status
     * and message: the certificate, then the thing name (before the policy: a thing name not
     * attached to the certificate is refused even when nothing else exists), the policy's
     * {@code iot:AssumeRoleWithCertificate} on the alias ARN, the alias, the role and its trust, the
     * duration. The messages are AWS's own, observed at the credentials provider and recorded in
     * awslabs/aws-iot-core-credential-provider-session-helper, docs/dev_notes.md; the explanation
     * of each refusal goes to the event log.
     */
    private IssuedCredentials authorizeAndIssue(X509Certificate clientCertificate, String certificateId, String roleAlias,
            String thingName) {
        Certificate certificate = registry.findCertificate(certificateId).orElseThrow(() -> refuse(403,
                ACCESS_DENIED, CERTIFICATE_INVALID, "certificate " + certificateId + " is not registered with AWS IoT;"
                        + " register it (RegisterCertificateWithoutCA or RegisterCertificate) and activate it"));
        if (certificate.status() != CertificateStatus.ACTIVE) {
            throw refuse(403, ACCESS_DENIED, CERTIFICATE_INVALID, "certificate " + certificateId + " is "
                    + certificate.status() + "; activate it with UpdateCertificate --new-status ACTIVE");
        }
        if (clientCertificate.getNotAfter().toInstant().isBefore(registry.clock().instant())) {
            throw refuse(403, ACCESS_DENIED, CERTIFICATE_INVALID, "certificate " + certificateId + " expired at "
                    + clientCertificate.getNotAfter().toInstant());
        }
        Optional<Thing> thing = Optional.empty();
        if (thingName != null) {
            boolean attached = registry.listPrincipalThings(certificate.certificateArn()).contains(thingName);
            if (!attached) {
                throw refuse(403, ACCESS_DENIED, "Invalid thing name passed", "the thing name " + thingName
                        + " in x-amzn-iot-thingname is not attached to certificate " + certificateId
                        + "; attach it with AttachThingPrincipal or send the name of a thing attached to the certificate");
            }
            thing = registry.findThing(thingName);
        }
        String aliasArn = registry.arn("rolealias", roleAlias);
        Optional<String> denial = authorizer.denial(certificate, aliasArn, thing);
        if (denial.isPresent()) {
            throw refuse(403, ACCESS_DENIED, "Access Denied", "the policies of certificate " + certificateId
                    + " do not allow iot:AssumeRoleWithCertificate on " + aliasArn + ". " + denial.get());
        }
        RoleAlias alias = registry.findRoleAlias(roleAlias).orElseThrow(() -> refuse(404, "ResourceNotFoundException",
                "Role alias does not exist", "create role alias " + roleAlias + " with CreateRoleAlias"));
        IamRole role = iam.findRoleByArn(alias.roleArn()).orElseThrow(() -> refuse(400, "InvalidRequestException",
                CANNOT_ASSUME, "role " + alias.roleArn() + " does not exist; create it with IAM CreateRole"));
        if (!IamPolicyDocuments.trustsService(role.assumeRolePolicyDocument(), SERVICE_PRINCIPAL)) {
            throw refuse(400, "InvalidRequestException", CANNOT_ASSUME, "the trust policy of " + role.arn()
                    + " does not allow " + SERVICE_PRINCIPAL + " to call sts:AssumeRole");
        }
        if (alias.credentialDurationSeconds() > role.maxSessionDuration()) {
            throw refuse(400, "InvalidRequestException",
                    "The requested CredentialDurationSeconds exceeds the MaxSessionDuration set for the role",
                    "role alias " + roleAlias + " asks for " + alias.credentialDurationSeconds() + " s, role " + role.arn()
                            + " allows " + role.maxSessionDuration() + " s; lower the alias's credentialDurationSeconds"
                            + " or raise the role's MaxSessionDuration");
        }
        IamSession session = iam.issueSession(role, certificateId, Duration.ofSeconds(alias.credentialDurationSeconds()));
        return new IssuedCredentials(session, alias.roleAliasArn(), certificateId, thingName);
    }

    private static Refusal refuse(int status, String errorType, String awsMessage, String explanation) {
        return new Refusal(new AwsApiException(status, errorType, awsMessage), explanation);
    }

    /** A refusal with AWS's answer for the client and an explanation for the event log. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient AwsApiException answer;
        private final String explanation;

        Refusal(AwsApiException answer, String explanation) {
            super(answer.getMessage(), null, false, false);
            this.answer = answer;
            this.explanation = explanation;
        }
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
}
