/**
 * fleetprov cloud-admin-sagemaker: SageMaker Edge Manager device fleets, in an artifact of their own.
 * The {@code internal} package is not exported.
 */
// The AWS SDK for Java v2 ships automatic modules whose names are stable (Automatic-Module-Name in
// each jar's manifest), so requiring them is safe; -Xlint:all would otherwise warn on each.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.fleetprov.admin.sagemaker {
    requires transitive io.github.fleetprov.admin;
    // EdgeDeviceFleets takes a SageMakerClient.
    requires transitive software.amazon.awssdk.services.sagemaker;
    requires software.amazon.awssdk.core;
    requires static org.jspecify;

    exports io.github.fleetprov.admin.sagemaker;
}
