package io.github.fleetprov.core.arn;

import io.github.fleetprov.core.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * An Amazon Resource Name: {@code arn:<partition>:<service>:<region>:<account>:<resource>}.
 *
 * <p>Immutable. {@link #toString()} gives the ARN text. For AWS IoT ARNs whose resource is
 * {@code <kind>/<id>}, {@link #iotResourceType()} and {@link #resourceId()} split the resource.
 * Region and account may be empty (IAM and S3 ARNs), and the resource may contain further colons
 * and slashes.
 */
public final class Arn {

    private final String partition;
    private final String service;
    private final String region;
    private final String accountId;
    private final String resource;

    private Arn(String partition, String service, String region, String accountId, String resource) {
        this.partition = partition;
        this.service = service;
        this.region = region;
        this.accountId = accountId;
        this.resource = resource;
    }

    /**
     * Creates an ARN from its parts.
     *
     * @param partition {@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...
     * @param service the service namespace, e.g. {@code iot}
     * @param region the region, or empty
     * @param accountId the 12-digit account id, or empty
     * @param resource the resource part, never empty
     * @return the ARN
     * @throws InvalidInputException if a part is malformed
     */
    public static Arn of(String partition, String service, String region, String accountId, String resource) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(resource, "resource");
        if (!partition.matches("aws(-[a-z]+)*")) {
            throw new InvalidInputException("partition", "'" + partition + "' is not an AWS partition",
                    "Use aws, aws-cn or aws-us-gov.");
        }
        if (!service.matches("[a-z0-9-]+")) {
            throw new InvalidInputException("service", "'" + service + "' is not a service namespace",
                    "Use the lower-case service prefix, e.g. iot or iam.");
        }
        if (!region.isEmpty() && !region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new InvalidInputException("region", "'" + region + "' is not an AWS region",
                    "Use a region name such as us-east-1, or leave it empty for global services.");
        }
        if (!accountId.isEmpty() && !accountId.matches("\\d{12}") && !accountId.equals("aws")) {
            throw new InvalidInputException("accountId", "'" + accountId + "' is not a 12-digit account id",
                    "Use the 12-digit AWS account id, or leave it empty.");
        }
        if (resource.isEmpty()) {
            throw new InvalidInputException("resource", "the resource part is empty",
                    "Give the resource, e.g. thing/MyThing.");
        }
        return new Arn(partition, service, region, accountId, resource);
    }

    /**
     * Creates an AWS IoT ARN {@code arn:<partition>:iot:<region>:<account>:<kind>/<id>}.
     *
     * @param partition the partition, e.g. {@code aws}
     * @param region the region
     * @param accountId the account id
     * @param type the resource kind
     * @param id the id after the slash (a topic may contain further slashes)
     * @return the ARN
     * @throws InvalidInputException if a part is malformed or the id is empty
     */
    public static Arn iot(String partition, String region, String accountId, IotResourceType type, String id) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new InvalidInputException("id", "the " + type.prefix() + " id is empty",
                    "Give a " + type.prefix() + " name, or * for all.");
        }
        return of(partition, "iot", region, accountId, type.prefix() + "/" + id);
    }

    /**
     * Creates an IAM role ARN {@code arn:<partition>:iam::<account>:role/<name>}
     * (IAM user guide, "IAM identifiers": IAM ARNs).
     *
     * @param partition the partition, e.g. {@code aws}
     * @param accountId the 12-digit account id
     * @param roleName the role name, with its path if it has one ({@code service-role/MyRole})
     * @return the ARN
     * @throws InvalidInputException if a part is malformed or the role name is empty
     */
    public static Arn iamRole(String partition, String accountId, String roleName) {
        Objects.requireNonNull(roleName, "roleName");
        if (roleName.isEmpty()) {
            throw new InvalidInputException("roleName", "the role name is empty", "Give the IAM role's name.");
        }
        return of(partition, "iam", "", accountId, "role/" + roleName);
    }

    /**
     * Creates the ARN of an AWS managed IAM policy {@code arn:<partition>:iam::aws:policy/<path>}
     * (IAM user guide, "AWS managed policies").
     *
     * @param partition the partition, e.g. {@code aws}
     * @param path the path and name after {@code policy/}, e.g. {@code service-role/AWSIoTThingsRegistration}
     * @return the ARN
     * @throws InvalidInputException if the partition is malformed or the path is empty
     */
    public static Arn iamManagedPolicy(String partition, String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw new InvalidInputException("path", "the managed policy name is empty",
                    "Give the policy's path and name, e.g. service-role/AWSIoTThingsRegistration.");
        }
        return of(partition, "iam", "", "aws", "policy/" + path);
    }

    /**
     * The text of an AWS IoT resource pattern for a policy's {@code Resource} element:
     * {@code arn:<partition>:iot:<region>:<account>:<kind>/<id>} where region and account may also be
     * {@code *} (AWS IoT Core developer guide, "AWS IoT Core policy elements": resources may use
     * wildcards). Such a pattern is not an ARN when a part is {@code *}, so this returns text; with a
     * real region and account it equals {@code iot(...).toString()}.
     *
     * @param partition the partition, e.g. {@code aws}
     * @param region the region, or {@code *}
     * @param accountId the account id, or {@code *}
     * @param type the resource kind
     * @param id the resource id (may contain policy variables and wildcards)
     * @return the resource pattern text
     * @throws InvalidInputException if a part is malformed or the id is empty
     */
    public static String iotResourcePattern(String partition, String region, String accountId,
            IotResourceType type, String id) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        // Validate every part that is not a wildcard by building the ARN with a stand-in for the wildcards.
        Arn checked = iot(partition, region.equals("*") ? "us-east-1" : region,
                accountId.equals("*") ? "000000000000" : accountId, type, id);
        return "arn:" + checked.partition + ":iot:" + region + ":" + accountId + ":" + checked.resource;
    }

    /**
     * Parses an ARN.
     *
     * @param arn the ARN text
     * @return the parsed ARN
     * @throws InvalidInputException if the text is not an ARN
     */
    public static Arn parse(String arn) {
        Objects.requireNonNull(arn, "arn");
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn")) {
            throw new InvalidInputException("arn", "'" + arn + "' is not an ARN",
                    "Write arn:<partition>:<service>:<region>:<account>:<resource>.");
        }
        return of(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /**
     * Parses an ARN, returning empty instead of throwing.
     *
     * @param arn the text, possibly not an ARN
     * @return the ARN, or empty
     */
    public static Optional<Arn> tryParse(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(arn));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    /**
     * The same ARN in another partition (for AWS managed policies, whose ARNs differ only by partition).
     *
     * @param newPartition the partition, e.g. {@code aws-cn}
     * @return the ARN with that partition
     * @throws InvalidInputException if the partition is malformed
     */
    public Arn withPartition(String newPartition) {
        return of(newPartition, service, region, accountId, resource);
    }

    /** @return the partition, e.g. {@code aws} */
    public String partition() {
        return partition;
    }

    /** @return the service namespace, e.g. {@code iot} */
    public String service() {
        return service;
    }

    /** @return the region, or empty */
    public String region() {
        return region;
    }

    /** @return the account id, or empty */
    public String accountId() {
        return accountId;
    }

    /** @return everything after the fifth colon */
    public String resource() {
        return resource;
    }

    /**
     * The IoT resource kind, for {@code iot} ARNs whose resource starts with a known kind and a slash.
     *
     * @return the kind, or empty
     */
    public Optional<IotResourceType> iotResourceType() {
        if (!service.equals("iot")) {
            return Optional.empty();
        }
        int slash = resource.indexOf('/');
        return slash < 0 ? Optional.empty() : IotResourceType.fromPrefix(resource.substring(0, slash));
    }

    /**
     * The part of the resource after the first slash (for {@code topic/a/b} that is {@code a/b}),
     * or the whole resource if it has no slash.
     *
     * @return the resource id
     */
    public String resourceId() {
        int slash = resource.indexOf('/');
        return slash < 0 ? resource : resource.substring(slash + 1);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Arn other)) {
            return false;
        }
        return partition.equals(other.partition) && service.equals(other.service)
                && region.equals(other.region) && accountId.equals(other.accountId)
                && resource.equals(other.resource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, service, region, accountId, resource);
    }

    /** @return the ARN text */
    @Override
    public String toString() {
        return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
    }
}
