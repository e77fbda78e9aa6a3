package io.github.fleetprov.testkit.registry;

import java.util.List;
import java.util.Optional;

/**
 * IoT policies, their versions and their attachments to certificates and thing groups
 * (CreatePolicy, CreatePolicyVersion, AttachPolicy and their reads).
 *
 * <p>Part of {@link IotRegistry}; every method behaves like the AWS IoT operation of the same name and
 * refuses what AWS IoT refuses with a {@link RegistryException}.
 */
public interface PolicyRegistry {

    /** The most policies that may be attached to one target. */
    int MAX_POLICIES_PER_TARGET = 10;

    /**
     * Creates an IoT policy with version 1 as default (CreatePolicy).
     *
     * @param policyName the name (1-128 of {@code [\w+=,.@-]})
     * @param policyDocument the JSON document
     * @return the policy
     * @throws RegistryException {@code ResourceAlreadyExistsException}, {@code MalformedPolicyException},
     *     {@code InvalidRequestException}
     */
    Policy createPolicy(String policyName, String policyDocument);

    /**
     * Adds a version to a policy (CreatePolicyVersion).
     *
     * @param policyName the policy
     * @param policyDocument the JSON document
     * @param setAsDefault whether the new version becomes the default
     * @return the new version
     * @throws RegistryException {@code ResourceNotFoundException}, {@code MalformedPolicyException},
     *     {@code VersionsLimitExceededException} (already 5 versions)
     */
    PolicyVersion createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault);

    /**
     * Makes a version the default (SetDefaultPolicyVersion).
     *
     * @param policyName the policy
     * @param versionId the version
     * @return the policy after the change
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Policy setDefaultPolicyVersion(String policyName, String versionId);

    /**
     * Deletes a non-default version (DeletePolicyVersion).
     *
     * @param policyName the policy
     * @param versionId the version
     * @throws RegistryException {@code ResourceNotFoundException}; {@code DeleteConflictException} for the default
     */
    void deletePolicyVersion(String policyName, String versionId);

    /**
     * Gets a policy (GetPolicy).
     *
     * @param policyName the name
     * @return the policy
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    Policy getPolicy(String policyName);

    /**
     * Finds a policy.
     *
     * @param policyName the name
     * @return the policy, if it exists
     */
    Optional<Policy> findPolicy(String policyName);

    /** @return every policy, by name */
    List<Policy> listPolicies();

    /**
     * Deletes a policy (DeletePolicy): it must not be attached and must have only its default version.
     *
     * @param policyName the name
     * @throws RegistryException {@code ResourceNotFoundException}, {@code DeleteConflictException}
     */
    void deletePolicy(String policyName);

    /**
     * Attaches a policy to a target (AttachPolicy): a certificate ARN or a thing group ARN. Attaching
     * twice is harmless.
     *
     * @param policyName the policy
     * @param target the certificate or thing group ARN
     * @throws RegistryException {@code ResourceNotFoundException}, {@code InvalidRequestException},
     *     {@code LimitExceededException} (more than 10 policies on the target)
     */
    void attachPolicy(String policyName, String target);

    /**
     * Detaches a policy from a target (DetachPolicy); detaching what is not attached is harmless.
     *
     * @param policyName the policy
     * @param target the certificate or thing group ARN
     */
    void detachPolicy(String policyName, String target);

    /**
     * The policies attached directly to a target (ListAttachedPolicies).
     *
     * @param target the certificate or thing group ARN
     * @return the policies, in attachment order
     */
    List<Policy> listAttachedPolicies(String target);

    /**
     * The targets of a policy (ListTargetsForPolicy).
     *
     * @param policyName the policy
     * @return the target ARNs, sorted
     * @throws RegistryException {@code ResourceNotFoundException}
     */
    List<String> listTargetsForPolicy(String policyName);

    /**
     * The policies that apply to a connection with a certificate: those attached to the certificate,
     * plus those attached to the thing groups of the things attached to it.
     *
     * @param certificateId the certificate id
     * @return the effective policies (no duplicates)
     */
    List<Policy> effectivePolicies(String certificateId);
}
