package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A billing group.
 *
 * @param billingGroupName the name
 * @param billingGroupArn the ARN
 * @param billingGroupId the id
 * @param description the description, empty if none
 * @param version the version, 1 at creation and one more at each UpdateBillingGroup
 * @param creationDate when it was created
 */
public record BillingGroup(String billingGroupName, String billingGroupArn, String billingGroupId,
        String description, long version, Instant creationDate) {

    /** Validates the components. */
    public BillingGroup {
        Objects.requireNonNull(billingGroupName, "billingGroupName");
        Objects.requireNonNull(billingGroupArn, "billingGroupArn");
        Objects.requireNonNull(billingGroupId, "billingGroupId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(creationDate, "creationDate");
    }
}
