package io.github.fleetprov.testkit.internal.registry;

import io.github.fleetprov.core.arn.Arn;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.RegistryException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the resource families of one registry share: the tables, the ARN parts, the clock, the
 * event log, and each other (a thing group's deletion detaches its policies, a certificate's
 * deletion checks its things...).
 */
final class RegistryContext {

    static final String NAME_PATTERN = "[a-zA-Z0-9:_-]{1,128}";
    static final String NAME_RULE = "1 to 128 characters of [a-zA-Z0-9:_-]";

    final String partition;
    final String region;
    final String accountId;
    final Clock clock;
    final EventLog events;
    final RegistryTables tables;

    ThingStore things;
    CertificateStore certificates;
    PolicyStore policies;
    TemplateStore templates;
    RoleAliasStore roleAliases;

    RegistryContext(String partition, String region, String accountId, Clock clock, EventLog events,
            RegistryTables tables) {
        this.partition = Objects.requireNonNull(partition, "partition");
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.tables = Objects.requireNonNull(tables, "tables");
        // Refuses a malformed partition, region or account now rather than in every ARN later.
        Arn.of(partition, "iot", region, accountId, "thing/validation");
    }

    String arn(String resourceType, String resourceId) {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resourceId, "resourceId");
        return "arn:" + partition + ":iot:" + region + ":" + accountId + ":" + resourceType + "/" + resourceId;
    }

    /** The resource id of one of this registry's ARNs of a type, e.g. the certificate id of a cert ARN. */
    Optional<String> idOf(String arn, String resourceType) {
        String prefix = arn(resourceType, "");
        return arn.startsWith(prefix) && arn.length() > prefix.length()
                ? Optional.of(arn.substring(prefix.length())) : Optional.empty();
    }

    /** Reads the row under a key, if any; a null key fails naming {@code field}. */
    <V> Optional<V> find(RegistryTable<V> table, String field, String key) {
        Objects.requireNonNull(key, field);
        return tables.read(() -> table.find(key));
    }

    /** Reads a snapshot of every row of a table. */
    <V> List<V> list(RegistryTable<V> table) {
        return tables.read(() -> List.copyOf(table.values()));
    }

    void changed(String operation, String resource, String detailKey, String detailValue) {
        events.record(Event.builder(EventType.REGISTRY, operation).resource(resource).outcome("OK")
                .detail(detailKey, detailValue));
    }

    static void requireName(String field, String value, String pattern, String rule) {
        Objects.requireNonNull(value, field);
        if (!value.matches(pattern)) {
            throw RegistryException.invalidRequest(field + ": '" + value + "' is not valid. Use " + rule + ".");
        }
    }
}
