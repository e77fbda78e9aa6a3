package io.github.fleetprov.policy.iam;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.policy.internal.DocumentSize;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

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

    /**
     * The largest managed (permissions) policy IAM stores, in characters without white space (IAM
     * user guide, "IAM and AWS STS quotas": managed policy size 6,144 characters; "IAM doesn't count
     * white space when calculating the size of a policy against this limit").
     */
    public static final int MAX_MANAGED_POLICY_SIZE = 6_144;

    /**
     * The default quota for a role trust policy, in characters without white space (IAM user guide,
     * "IAM and AWS STS quotas": role trust policy length 2,048 characters, adjustable through Service
     * Quotas; {@code GetAccountSummary} reports an account's value as {@code AssumeRolePolicySizeQuota},
     * "in non-whitespace characters").
     */
    public static final int DEFAULT_TRUST_POLICY_SIZE_QUOTA = 2_048;

    /**
     * The longest document text IAM takes at all, white space included: the length constraint of
     * {@code PolicyDocument} and {@code AssumeRolePolicyDocument} in the IAM API reference
     * (CreatePolicy, CreateRole, PutRolePolicy, UpdateAssumeRolePolicy: maximum length 131072).
     */
    public static final int MAX_DOCUMENT_LENGTH = 131_072;

    private IamPolicies() {
    }

    /**
     * Reads a permissions policy (a managed policy, or an inline policy of a role), as IAM would
     * accept it: at most {@value #MAX_MANAGED_POLICY_SIZE} characters without white space, counted on
     * the text before parsing; statements without {@code Principal} and with {@code Resource} or
     * {@code NotResource}.
     *
     * @param json the policy document
     * @return the policy
     * @throws InvalidInputException if the document is too large (the message names the limit and
     *     the size), is not a policy, or does not have the shape of a permissions policy
     */
    public static IamPolicy readPermissionsPolicy(String json) {
        Objects.requireNonNull(json, "json");
        IamPolicy policy = read(json, "permissions policy", MAX_MANAGED_POLICY_SIZE,
                "managed policy size quota");
        List<IamStatement> statements = policy.statements();
        for (int i = 0; i < statements.size(); i++) {
            IamStatement s = statements.get(i);
            if (!s.principals().isEmpty() || !s.notPrincipals().isEmpty()) {
                throw new InvalidInputException("/Statement/" + i + "/Principal",
                        "a permissions policy names no principal",
                        "Remove Principal: the policy applies to the role, user or group it is attached to.");
            }
            if (s.resources().isEmpty() && s.notResources().isEmpty()) {
                throw new InvalidInputException("/Statement/" + i, "the statement has no Resource",
                        "Add \"Resource\": an ARN, or * for actions that take no resource.");
            }
            requireAction(s, i);
        }
        return policy;
    }

    /**
     * Reads a role trust policy under the default quota of {@value #DEFAULT_TRUST_POLICY_SIZE_QUOTA}
     * characters without white space.
     *
     * @param json the trust policy document
     * @return the policy
     * @throws InvalidInputException if the document is too large, is not a policy, or is not a trust
     *     policy (a statement without principal, or with a resource)
     * @see #readTrustPolicy(String, int)
     */
    public static IamPolicy readTrustPolicy(String json) {
        return readTrustPolicy(json, DEFAULT_TRUST_POLICY_SIZE_QUOTA);
    }

    /**
     * Reads a role trust policy as IAM would accept it in an account whose trust policy quota is
     * {@code sizeQuota} characters without white space ({@code AssumeRolePolicySizeQuota} from
     * {@code GetAccountSummary}); the size is counted on the text before parsing. Every statement
     * names a principal and no resource.
     *
     * @param json the trust policy document
     * @param sizeQuota the account's trust policy size quota, at least 1
     * @return the policy
     * @throws InvalidInputException if the document is too large (the message names the quota and
     *     the size), is not a policy, or is not a trust policy
     */
    public static IamPolicy readTrustPolicy(String json, int sizeQuota) {
        Objects.requireNonNull(json, "json");
        if (sizeQuota < 1) {
            throw new InvalidInputException("sizeQuota", "must be at least 1, was " + sizeQuota,
                    "Pass AssumeRolePolicySizeQuota from GetAccountSummary, 2048 by default.");
        }
        IamPolicy policy = read(json, "trust policy", sizeQuota, "role trust policy length quota");
        List<IamStatement> statements = policy.statements();
        for (int i = 0; i < statements.size(); i++) {
            IamStatement s = statements.get(i);
            if (s.principals().isEmpty() && s.notPrincipals().isEmpty()) {
                throw new InvalidInputException("/Statement/" + i, "the trust policy statement has no Principal",
                        "Name who may assume the role, e.g. \"Principal\": {\"Service\": \"iot.amazonaws.com\"}.");
            }
            if (!s.resources().isEmpty() || !s.notResources().isEmpty()) {
                throw new InvalidInputException("/Statement/" + i + "/Resource",
                        "a trust policy names no resource", "Remove Resource: the resource is the role itself.");
            }
            requireAction(s, i);
        }
        return policy;
    }

    private static IamPolicy read(String json, String what, int sizeLimit, String quotaName) {
        if (json.length() > MAX_DOCUMENT_LENGTH) {
            throw new InvalidInputException(what, "is " + DocumentSize.format(json.length())
                    + " characters long; IAM takes policy documents of at most "
                    + DocumentSize.format(MAX_DOCUMENT_LENGTH) + " characters and, for a " + what + ", at most "
                    + DocumentSize.format(sizeLimit) + " without white space (" + quotaName + ")", SIZE_FIX);
        }
        int size = DocumentSize.withoutWhitespace(json);
        if (size > sizeLimit) {
            throw new InvalidInputException(what, "has " + DocumentSize.format(size)
                    + " characters without white space; IAM accepts at most " + DocumentSize.format(sizeLimit)
                    + " (" + quotaName + ")", SIZE_FIX);
        }
        IamPolicy policy;
        try {
            policy = IamPolicy.fromJson(json);
        } catch (RuntimeException e) {
            // iam-policy-builder reports malformed JSON and wrong shapes with unchecked exceptions of
            // its own; its message names the problem but never holds a secret (policies have none).
            throw new InvalidInputException(what, "is not a valid IAM policy document: "
                    + String.valueOf(e.getMessage()), "Give a JSON object with Version and Statement.", e);
        }
        if (policy.statements().isEmpty()) {
            throw new InvalidInputException(what, "has no statement", "Add at least one statement.");
        }
        if (policy.version() != null && !policy.version().equals("2012-10-17") && !policy.version().equals("2008-10-17")) {
            throw new InvalidInputException("/Version", "'" + policy.version() + "' is not an IAM policy language "
                    + "version", "Write \"Version\": \"2012-10-17\".");
        }
        for (int i = 0; i < policy.statements().size(); i++) {
            IamEffect effect = policy.statements().get(i).effect();
            if (!IamEffect.ALLOW.equals(effect) && !IamEffect.DENY.equals(effect)) {
                throw new InvalidInputException("/Statement/" + i + "/Effect", "'" + (effect == null ? "" : effect.value())
                        + "' is not an effect", "Write \"Effect\": \"Allow\" or \"Deny\" (case-sensitive).");
            }
        }
        return policy;
    }

    private static void requireAction(IamStatement s, int i) {
        if (s.actions().isEmpty() && s.notActions().isEmpty()) {
            throw new InvalidInputException("/Statement/" + i, "the statement has no Action",
                    "Add \"Action\", e.g. \"sts:AssumeRole\".");
        }
    }

    private static final String SIZE_FIX = "Merge statements and use wildcards, or split the permissions into "
            + "several managed policies; raise the quota through Service Quotas where IAM allows it.";

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
