package io.github.fleetprov.testkit.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A billing group.
 *
 * @param billingGroupName the name
 * @param billingGroupArn the ARN
 * @param billingGroupId the id
 * @param creationDate when it was created
 */
public record BillingGroup(String billingGroupName, String billingGroupArn, String billingGroupId,
        Instant creationDate) {

    /** Validates the components. */
    public BillingGroup {
        Objects.requireNonNull(billingGroupName, "billingGroupName");
        Objects.requireNonNull(billingGroupArn, "billingGroupArn");
        Objects.requireNonNull(billingGroupId, "billingGroupId");
        Objects.requireNonNull(creationDate, "creationDate");
    }
}
