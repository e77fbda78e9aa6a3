package io.github.fleetprov.testkit.internal.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one IAM role.
 *
 * @param roleName the role name
 * @param path the path, {@code /} by default
 * @param roleId the unique id ({@code AROA...})
 * @param arn the role ARN
 * @param createDate when it was created
 * @param assumeRolePolicyDocument the trust policy, as given
 * @param description the description, empty if none
 * @param maxSessionDuration the longest session, in seconds
 * @param attachedPolicyArns the managed policies attached, in attachment order
 * @param inlinePolicies the inline policies by name
 * @param tags the tags
 */
public record IamRole(
        String roleName,
        String path,
        String roleId,
        String arn,
        Instant createDate,
        String assumeRolePolicyDocument,
        String description,
        int maxSessionDuration,
        List<String> attachedPolicyArns,
        Map<String, String> inlinePolicies,
        Map<String, String> tags) {

    /** Copies the collections. */
    public IamRole {
        Objects.requireNonNull(roleName, "roleName");
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicies = Map.copyOf(inlinePolicies);
        tags = Map.copyOf(tags);
    }
}
