/**
 * fleetprov policy-dsl: typed AWS IoT policies, IAM trust and permission policies and fleet
 * provisioning templates, with their JSON readers and writers, evaluators and linters. The
 * {@code internal} packages are not exported.
 */
// The AWS SDK for Java v2 ships automatic modules whose names are stable (Automatic-Module-Name in
// each jar's manifest), so requiring them is safe; -Xlint:all would otherwise warn on each.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.fleetprov.policy {
    requires transitive io.github.fleetprov.core;
    // IamPolicies returns the SDK's IamPolicy.
    requires transitive software.amazon.awssdk.policybuilder.iam;
    requires com.fasterxml.jackson.databind;
    requires java.naming;
    requires static org.jspecify;

    exports io.github.fleetprov.policy;
    exports io.github.fleetprov.policy.iam;
    exports io.github.fleetprov.template;
    exports io.github.fleetprov.template.hook;

    // The hook input and output are written by data binding of records in the internal package.
    opens io.github.fleetprov.template.internal to com.fasterxml.jackson.databind;
}
