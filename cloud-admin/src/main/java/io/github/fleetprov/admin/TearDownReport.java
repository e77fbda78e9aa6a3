package io.github.fleetprov.admin;

import java.util.List;
import java.util.Objects;

/**
 * What {@link FleetProvisioningAdmin#tearDown(FleetSetup)} removed, and what it could not remove
 * and why.
 *
 * @param removed the resources removed, e.g. {@code IoT policy fleet-claim}
 * @param alreadyGone resources that did not exist any more
 * @param notRemoved resources left in place, with the reason
 */
public record TearDownReport(List<String> removed, List<String> alreadyGone, List<NotRemoved> notRemoved) {

    /**
     * Copies the lists.
     *
     * @param removed removed resources
     * @param alreadyGone resources already gone
     * @param notRemoved resources left, with reasons
     */
    public TearDownReport {
        removed = List.copyOf(Objects.requireNonNull(removed, "removed"));
        alreadyGone = List.copyOf(Objects.requireNonNull(alreadyGone, "alreadyGone"));
        notRemoved = List.copyOf(Objects.requireNonNull(notRemoved, "notRemoved"));
    }

    /** @return whether everything the set-up made is gone */
    public boolean isComplete() {
        return notRemoved.isEmpty();
    }

    /**
     * A resource tear-down left in place.
     *
     * @param resource the resource, e.g. {@code IoT policy fleet-device}
     * @param reason why, e.g. {@code DeleteConflictException: attached to 3 targets}
     * @param fix what to do about it
     */
    public record NotRemoved(String resource, String reason, String fix) {

        /**
         * Validates the parts.
         *
         * @param resource the resource
         * @param reason why
         * @param fix what to do
         */
        public NotRemoved {
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(fix, "fix");
        }
    }
}
