package io.github.fleetprov.policy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.arn.Arn;
import io.github.fleetprov.core.arn.IotResourceType;
import java.util.Objects;

/**
 * The partition, region and account that turn a typed {@link IotResource} such as
 * {@code topic("a/b")} into a full ARN, {@code arn:aws:iot:us-east-1:123456789012:topic/a/b}.
 *
 * <p>Region and account may be {@code *} to write a resource that matches every region or account.
 * Immutable.
 *
 * @param partition the partition, e.g. {@code aws}, {@code aws-cn}, {@code aws-us-gov}
 * @param region the region, e.g. {@code us-east-1}, or {@code *}
 * @param accountId the 12-digit account id, or {@code *}
 */
public record PolicyContext(String partition, String region, String accountId) {

    /**
     * Validates the parts.
     *
     * @param partition the partition
     * @param region the region or *
     * @param accountId the account id or *
     * @throws InvalidInputException if a part is not a partition, region or account id
     */
    public PolicyContext {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Arn.of(partition, "iot", region.equals("*") ? "" : region, accountId.equals("*") ? "" : accountId, "x");
        if (region.isEmpty()) {
            throw new InvalidInputException("region", "the region is empty",
                    "Give the region of your AWS IoT endpoint, e.g. us-east-1, or * for every region.");
        }
        if (accountId.isEmpty()) {
            throw new InvalidInputException("accountId", "the account id is empty",
                    "Give the 12-digit AWS account id, or * for every account.");
        }
    }

    /**
     * A context in the {@code aws} partition.
     *
     * @param region the region, e.g. {@code us-east-1}
     * @param accountId the 12-digit account id
     * @return the context
     */
    public static PolicyContext of(String region, String accountId) {
        return new PolicyContext("aws", region, accountId);
    }

    /**
     * A context in any partition.
     *
     * @param partition the partition, e.g. {@code aws-cn}
     * @param region the region
     * @param accountId the 12-digit account id
     * @return the context
     */
    public static PolicyContext of(String partition, String region, String accountId) {
        return new PolicyContext(partition, region, accountId);
    }

    /**
     * Renders the ARN of an IoT resource in this context.
     *
     * @param type the resource kind
     * @param id the resource id (may contain policy variables and {@code *}/{@code ?} wildcards)
     * @return the ARN text
     */
    public String arn(IotResourceType type, String id) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        return Arn.iotResourcePattern(partition, region, accountId, type, id);
    }

    /**
     * A client resource in this context; see {@link IotResource#client(String)}.
     *
     * @param clientId the client id, a pattern or a policy variable
     * @return the resource
     */
    public IotResource client(String clientId) {
        return IotResource.client(clientId).bind(this);
    }

    /**
     * A topic resource in this context; see {@link IotResource#topic(String)}.
     *
     * @param topic the topic name or pattern
     * @return the resource
     */
    public IotResource topic(String topic) {
        return IotResource.topic(topic).bind(this);
    }

    /**
     * A topic filter resource in this context; see {@link IotResource#topicFilter(String)}.
     *
     * @param filter the literal topic filter or pattern
     * @return the resource
     */
    public IotResource topicFilter(String filter) {
        return IotResource.topicFilter(filter).bind(this);
    }

    /**
     * A thing resource in this context; see {@link IotResource#thing(String)}.
     *
     * @param thingName the thing name or pattern
     * @return the resource
     */
    public IotResource thing(String thingName) {
        return IotResource.thing(thingName).bind(this);
    }

    /**
     * A role alias resource in this context; see {@link IotResource#roleAlias(String)}.
     *
     * @param alias the role alias name
     * @return the resource
     */
    public IotResource roleAlias(String alias) {
        return IotResource.roleAlias(alias).bind(this);
    }
}
