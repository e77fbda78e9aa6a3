package io.github.fleetprov.testkit.internal.registry;

import java.util.Objects;

/**
 * One row of registry state written or removed: the unit a persistence layer journals.
 *
 * @param table the table name, e.g. {@code things}; see {@link RegistryTables#tableNames()}
 * @param key the row key within the table (a thing name, a certificate id, a target ARN...)
 * @param json the row as JSON text in the format of {@link RegistryTables#FORMAT_VERSION}, or
 *     {@code null} when the row was removed
 */
public record RegistryChange(String table, String key, String json) {

    /** Checks the table and key. */
    public RegistryChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Whether this change removes the row.
     *
     * @return {@code true} for a removal
     */
    public boolean isRemoval() {
        return json == null;
    }

    @Override
    public String toString() {
        // Rows hold certificate PEMs and policy documents, never private keys; still, keep logs short.
        return "RegistryChange{" + table + "/" + key + (json == null ? ", removed" : ", " + json.length() + " chars") + "}";
    }
}
