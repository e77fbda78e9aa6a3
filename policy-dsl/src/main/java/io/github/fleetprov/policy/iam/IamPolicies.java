package io.github.fleetprov.policy.iam;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Objects;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;

/**
 * IAM policies that fleet provisioning needs, as AWS's {@link IamPolicy} values (from
 * {@code software.amazon.awssdk:iam-policy-builder}), ready for {@code IamPolicy.toJson()} and the
 * IAM {@code CreateRole}/{@code PutRolePolicy} calls.
 */
public final class IamPolicies {

    /** The AWS managed policy a fleet provisioning role needs to create things, certificates and policies. */
    public static final String AWS_IOT_THINGS_REGISTRATION_POLICY_ARN =
            "arn:aws:iam::aws:policy/service-role/AWSIoTThingsRegistration";

    /** The service principal AWS IoT uses to assume the provisioning role. */
    public static final String IOT_SERVICE_PRINCIPAL = "iot.amazonaws.com";

    /** The service principal the AWS IoT credentials provider uses to assume the token exchange role. */
    public static final String CREDENTIALS_PROVIDER_SERVICE_PRINCIPAL = "credentials.iot.amazonaws.com";

    private IamPolicies() {
    }

    /**
     * The trust policy of a fleet provisioning role: {@code iot.amazonaws.com} may {@code sts:AssumeRole}.
     * Attach {@link #AWS_IOT_THINGS_REGISTRATION_POLICY_ARN} to the role.
     *
     * @return the trust policy
     */
    public static IamPolicy fleetProvisioningRoleTrust() {
        return serviceTrust(IOT_SERVICE_PRINCIPAL);
    }

    /**
     * The trust policy of a token exchange role behind a role alias: {@code credentials.iot.amazonaws.com}
     * may {@code sts:AssumeRole}.
     *
     * @return the trust policy
     */
    public static IamPolicy tokenExchangeRoleTrust() {
        return serviceTrust(CREDENTIALS_PROVIDER_SERVICE_PRINCIPAL);
    }

    /**
     * The permissions AWS IoT Greengrass V2 core devices need through their token exchange role:
     * writing CloudWatch Logs and locating S3 buckets of component artifacts.
     *
     * @return the permission policy
     */
    public static IamPolicy greengrassTokenExchangeAccess() {
        return IamPolicy.builder()
                .addStatement(s -> s.effect(IamEffect.ALLOW)
                        .addAction("logs:CreateLogGroup")
                        .addAction("logs:CreateLogStream")
                        .addAction("logs:PutLogEvents")
                        .addAction("logs:DescribeLogStreams")
                        .addAction("s3:GetBucketLocation")
                        .addResource("*"))
                .build();
    }

    /**
     * The permission an administrator needs to create a provisioning template or role alias that
     * refers to a role: {@code iam:GetRole} and {@code iam:PassRole} on that role.
     *
     * @param roleArn the role's ARN, {@code arn:aws:iam::<account>:role/<name>}
     * @return the permission policy
     * @throws InvalidInputException if {@code roleArn} is not an IAM role ARN
     */
    public static IamPolicy passRole(String roleArn) {
        Objects.requireNonNull(roleArn, "roleArn");
        if (!roleArn.matches("arn:aws(-[a-z]+)*:iam::\\d{12}:role/.+")) {
            throw new InvalidInputException("roleArn", "'" + roleArn + "' is not an IAM role ARN",
                    "Give arn:aws:iam::<12-digit account>:role/<role name>.");
        }
        return IamPolicy.builder()
                .addStatement(s -> s.effect(IamEffect.ALLOW)
                        .addAction("iam:GetRole")
                        .addAction("iam:PassRole")
                        .addResource(roleArn))
                .build();
    }

    private static IamPolicy serviceTrust(String service) {
        return IamPolicy.builder()
                .addStatement(s -> s.effect(IamEffect.ALLOW)
                        .addPrincipal(IamPrincipalType.SERVICE, service)
                        .addAction("sts:AssumeRole"))
                .build();
    }
}
