/**
 * Implementation of the SageMaker Edge facade. Not API: nothing in this package is stable, and it is
 * not exported.
 */
@NullMarked
package io.github.fleetprov.admin.sagemaker.internal;

import org.jspecify.annotations.NullMarked;
