/**
 * SageMaker Edge Manager device fleets ({@link io.github.fleetprov.admin.sagemaker.EdgeDeviceFleets}),
 * kept for accounts that still run fleets set up before AWS discontinued the service in 2024.
 *
 * <p>This package lives in its own artifact, {@code fleetprov-cloud-admin-sagemaker}, so that only the
 * applications that call SageMaker carry the SageMaker client; {@code fleetprov-cloud-admin} does not
 * depend on it.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.admin.sagemaker;

import org.jspecify.annotations.NullMarked;
