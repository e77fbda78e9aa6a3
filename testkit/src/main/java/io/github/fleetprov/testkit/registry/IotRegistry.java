package io.github.fleetprov.testkit.registry;

import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.internal.registry.InMemoryIotRegistry;
import java.time.Clock;
import java.util.Objects;

/**
 * The emulated AWS IoT registry: thing types, things, thing and billing groups, certificates, CA
 * certificates, IoT policies with versions, policy and thing-principal attachments, provisioning
 * templates with versions and hooks, and role aliases.
 *
 * <p>In memory and thread-safe; every change is recorded in the {@link #events() event log}. Each
 * operation behaves like the AWS IoT operation of the same name and refuses what AWS IoT refuses with
 * a {@link RegistryException} carrying AWS's error code and HTTP status. Reads return immutable
 * snapshots. Principals are certificate ARNs ({@link Certificate#certificateArn()}).
 */
public interface IotRegistry extends ThingRegistry, CertificateRegistry, PolicyRegistry, TemplateRegistry,
        RoleAliasRegistry {

    /** The most versions a policy or a provisioning template may have. */
    int MAX_VERSIONS = 5;


    /**
     * Creates an empty in-memory registry.
     *
     * @param partition the partition of the ARNs, e.g. {@code aws}
     * @param region the region of the ARNs
     * @param accountId the account id of the ARNs
     * @param clock the clock for creation dates and expiries
     * @param events the log that records every change
     * @return the registry
     */
    static IotRegistry inMemory(String partition, String region, String accountId, Clock clock, EventLog events) {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        return new InMemoryIotRegistry(partition, region, accountId, clock, events);
    }

    /** @return the partition of the registry's ARNs */
    String partition();

    /** @return the region of the registry's ARNs */
    String region();

    /** @return the account id of the registry's ARNs */
    String accountId();

    /** @return the clock the registry uses */
    Clock clock();

    /** @return the event log that records every change */
    EventLog events();

    /**
     * Builds an IoT ARN of this registry's partition, region and account.
     *
     * @param resourceType the resource kind as it appears in ARNs, e.g. {@code thing}, {@code cert}
     * @param resourceId the resource id
     * @return the ARN text
     */
    String arn(String resourceType, String resourceId);
}
