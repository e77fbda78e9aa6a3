/**
 * Cloud-side facades over the AWS SDK for Java v2 clients (IoT, IAM, S3): one-call
 * fleet set-up and tear-down ({@link io.github.fleetprov.admin.FleetProvisioningAdmin}), things and
 * certificates ({@link io.github.fleetprov.admin.DeviceRegistryAdmin}), role aliases and endpoints
 * ({@link io.github.fleetprov.admin.RoleAliasAdmin}), authorization files in S3
 * ({@link io.github.fleetprov.admin.AuthorizationFiles}), and bulk registration
 * ({@link io.github.fleetprov.admin.BulkRegistration}).
 *
 * <p>SageMaker Edge device fleets, for accounts that still have that discontinued service, are in the
 * separate artifact {@code fleetprov-cloud-admin-sagemaker}.
 *
 * <p>The facades take SDK clients that the caller builds; they never create, read or hold AWS
 * credentials. Client-side quotas ({@link io.github.fleetprov.admin.ApiRateLimiter}) and the retry
 * policy ({@link io.github.fleetprov.admin.AwsRetries}) are plugged into those clients through
 * their override configuration.
 *
 * <p>Every failure of an AWS call surfaces as {@link io.github.fleetprov.admin.AwsCallException}
 * (a {@link io.github.fleetprov.core.FleetProvisioningException}) that names the service, the
 * operation and the service's error code.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.admin;

import org.jspecify.annotations.NullMarked;
