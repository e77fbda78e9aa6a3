package io.github.fleetprov.template;

/**
 * What provisioning does when a resource the template declares already exists.
 */
public enum OverrideAction {
    /** Leave the existing resource as it is. */
    DO_NOTHING,
    /** Replace the existing value with the template's. */
    REPLACE,
    /** Fail the request with ResourceConflictsException. */
    FAIL,
    /**
     * Merge the template's values into the existing ones. AWS allows it only for a thing's
     * {@link OverrideProperty#ATTRIBUTE_PAYLOAD} and {@link OverrideProperty#THING_GROUPS}.
     */
    MERGE
}
