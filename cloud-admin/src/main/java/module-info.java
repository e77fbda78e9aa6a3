/**
 * fleetprov cloud-admin: facades over the AWS SDK for Java v2 IoT, IAM and S3 clients that set up and
 * tear down a fleet, and manage things, certificates, role aliases and bulk registration. The
 * {@code internal} package is not exported.
 */
// The AWS SDK for Java v2 ships automatic modules whose names are stable (Automatic-Module-Name in
// each jar's manifest), so requiring them is safe; -Xlint:all would otherwise warn on each.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.fleetprov.admin {
    requires transitive io.github.fleetprov.core;
    requires transitive io.github.fleetprov.policy;
    // The facades take and return these clients, models and exceptions.
    requires transitive software.amazon.awssdk.services.iot;
    requires transitive software.amazon.awssdk.services.iam;
    requires transitive software.amazon.awssdk.services.s3;
    requires transitive software.amazon.awssdk.awscore;
    requires transitive software.amazon.awssdk.core;
    requires transitive software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.retries;
    requires software.amazon.awssdk.regions;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static org.jspecify;

    exports io.github.fleetprov.admin;

    // FleetSetupJson binds its document records with Jackson.
    opens io.github.fleetprov.admin.internal to com.fasterxml.jackson.databind;
}
