package io.github.fleetprov.admin;

/** What an idempotent "ensure" call did to a resource. */
public enum Outcome {
    /** The resource did not exist and was created. */
    CREATED,
    /** The resource existed and was changed (for versioned resources: a new default version). */
    UPDATED,
    /** The resource existed as asked; nothing was changed. */
    UNCHANGED
}
