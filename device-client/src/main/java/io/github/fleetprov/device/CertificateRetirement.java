package io.github.fleetprov.device;

import io.github.fleetprov.core.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a device retires the certificate that a rotation replaced: with temporary AWS credentials from the
 * AWS IoT credentials provider (fetched with the new certificate through a role alias) it calls the AWS
 * IoT control plane itself: {@code UpdateCertificate} to INACTIVE once the new certificate has connected,
 * and after the {@link #gracePeriod()} {@code DetachThingPrincipal} and {@code DeleteCertificate}.
 *
 * <p>Why the device and not the provisioning template: the fleet provisioning MQTT API
 * (CreateCertificateFromCsr, RegisterThing) has no operation that changes or deletes another certificate.
 * A template's {@code AWS::IoT::Certificate} resource sets only the status of the certificate being
 * registered, and a pre-provisioning hook only answers {@code allowProvisioning} and
 * {@code parameterOverrides}, before the new certificate has been proven by a connection (AWS IoT Core
 * developer guide, "Provisioning templates" and "Pre-provisioning hooks"). What AWS documents for a
 * device that calls AWS services is the credentials provider: the role alias's role grants the actions
 * in an IAM policy, and the policy variable {@code credentials-iot:ThingName} or
 * {@code credentials-iot:AwsCertificateId} can narrow them (developer guide, "Authorizing direct calls
 * to AWS services using AWS IoT Core credential provider"). The role needs:
 *
 * <pre>{@code
 * {"Effect": "Allow",
 *  "Action": ["iot:UpdateCertificate", "iot:DescribeCertificate", "iot:DetachThingPrincipal",
 *             "iot:DeleteCertificate"],
 *  "Resource": ["arn:aws:iot:<region>:<account>:cert/*", "arn:aws:iot:<region>:<account>:thing/<thing>"]}
 * }</pre>
 *
 * ({@code iot:DescribeCertificate} reads the certificate's ARN before it is detached), and the device's
 * IoT policy must allow {@code iot:AssumeRoleWithCertificate} on the role alias. Where
 * the role does not allow it, retirement fails with {@link RetirementNotAllowedException} and the fleet
 * retires from the cloud instead (cloud-admin's {@code CertificateRotation}).
 *
 * <pre>{@code
 * CertificateRetirement retirement = CertificateRetirement.builder()
 *         .roleAlias("DeviceRoleAlias")
 *         .credentialsEndpoint("c2abc.credentials.iot.eu-west-1.amazonaws.com")
 *         .region("eu-west-1")
 *         .gracePeriod(Duration.ofDays(7))
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable.
 */
public final class CertificateRetirement {

    /** The grace period when none is given: one day. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofDays(1);

    private static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private final String roleAlias;
    private final String credentialsEndpoint;
    private final String region;
    private final URI controlPlaneEndpoint;
    private final Duration gracePeriod;

    private CertificateRetirement(Builder b) {
        this.roleAlias = b.roleAlias;
        this.credentialsEndpoint = b.credentialsEndpoint;
        this.region = b.region;
        this.controlPlaneEndpoint = b.controlPlaneEndpoint;
        this.gracePeriod = b.gracePeriod;
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.roleAlias = roleAlias;
        b.credentialsEndpoint = credentialsEndpoint;
        b.region = region;
        b.controlPlaneEndpoint = controlPlaneEndpoint;
        b.gracePeriod = gracePeriod;
        return b;
    }

    /** @return the role alias whose role calls the control plane */
    public String roleAlias() {
        return roleAlias;
    }

    /** @return the credentials provider endpoint, a host name or {@code host:port} */
    public String credentialsEndpoint() {
        return credentialsEndpoint;
    }

    /** @return the AWS region of the control plane, e.g. {@code eu-west-1} */
    public String region() {
        return region;
    }

    /** @return the control-plane endpoint, empty for the region's default ({@code https://iot.<region>.amazonaws.com}) */
    public Optional<URI> controlPlaneEndpoint() {
        return Optional.ofNullable(controlPlaneEndpoint);
    }

    /** @return how long a replaced certificate stays INACTIVE before it is detached and deleted */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateRetirement other && roleAlias.equals(other.roleAlias)
                && credentialsEndpoint.equals(other.credentialsEndpoint) && region.equals(other.region)
                && Objects.equals(controlPlaneEndpoint, other.controlPlaneEndpoint)
                && gracePeriod.equals(other.gracePeriod);
    }

    @Override
    public int hashCode() {
        return Objects.hash(roleAlias, credentialsEndpoint, region, controlPlaneEndpoint, gracePeriod);
    }

    @Override
    public String toString() {
        return "CertificateRetirement[roleAlias=" + roleAlias + ", credentialsEndpoint=" + credentialsEndpoint
                + ", region=" + region + (controlPlaneEndpoint == null ? "" : ", controlPlane=" + controlPlaneEndpoint)
                + ", gracePeriod=" + gracePeriod + "]";
    }

    /** Builds a {@link CertificateRetirement}. Not thread-safe. */
    public static final class Builder {
        private String roleAlias;
        private String credentialsEndpoint;
        private String region;
        private URI controlPlaneEndpoint;
        private Duration gracePeriod = DEFAULT_GRACE_PERIOD;

        private Builder() {
        }

        /**
         * The role alias (required) whose role allows the retirement actions.
         *
         * @param roleAlias 1 to 128 of {@code [\w=,@-]}
         * @return this builder
         */
        public Builder roleAlias(String roleAlias) {
            this.roleAlias = Objects.requireNonNull(roleAlias, "roleAlias");
            return this;
        }

        /**
         * The credentials provider endpoint (required), as {@code aws iot describe-endpoint --endpoint-type
         * iot:CredentialProvider} prints it.
         *
         * @param endpoint a host name or {@code host:port}
         * @return this builder
         */
        public Builder credentialsEndpoint(String endpoint) {
            this.credentialsEndpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * The AWS region (required) of the AWS IoT control plane.
         *
         * @param region e.g. {@code eu-west-1}
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * Another control-plane endpoint than the region's (a VPC endpoint, an emulator).
         *
         * @param endpoint an absolute http or https URI
         * @return this builder
         */
        public Builder controlPlaneEndpoint(URI endpoint) {
            this.controlPlaneEndpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /**
         * How long a replaced certificate stays INACTIVE (so that it can be made ACTIVE again by hand if
         * the new one turns out bad) before it is detached and deleted (default one day).
         *
         * @param gracePeriod zero or positive
         * @return this builder
         */
        public Builder gracePeriod(Duration gracePeriod) {
            this.gracePeriod = Objects.requireNonNull(gracePeriod, "gracePeriod");
            return this;
        }

        /**
         * Checks the settings.
         *
         * @return the settings
         * @throws InvalidInputException naming the missing or invalid setting
         */
        public CertificateRetirement build() {
            if (roleAlias == null || !ROLE_ALIAS.matcher(roleAlias).matches()) {
                throw new InvalidInputException("roleAlias", roleAlias == null ? "is missing" : "is not a role alias",
                        "Give the role alias of the role that may retire certificates (1-128 of [\\w=,@-]).");
            }
            if (credentialsEndpoint == null || credentialsEndpoint.isBlank()) {
                throw new InvalidInputException("credentialsEndpoint", "is missing",
                        "Give the endpoint of aws iot describe-endpoint --endpoint-type iot:CredentialProvider.");
            }
            if (region == null || !REGION.matcher(region).matches()) {
                throw new InvalidInputException("region", region == null ? "is missing" : "is not a region",
                        "Give the AWS region of the thing, e.g. eu-west-1.");
            }
            if (controlPlaneEndpoint != null && (!controlPlaneEndpoint.isAbsolute()
                    || !("http".equals(controlPlaneEndpoint.getScheme())
                    || "https".equals(controlPlaneEndpoint.getScheme())))) {
                throw new InvalidInputException("controlPlaneEndpoint", "is not an http(s) URI",
                        "Give for example https://iot.eu-west-1.amazonaws.com.");
            }
            if (gracePeriod.isNegative()) {
                throw new InvalidInputException("gracePeriod", "is negative", "Give zero or a positive duration.");
            }
            return new CertificateRetirement(this);
        }
    }
}
