/**
 * Implementation of the cloud-admin facades. Not API: nothing in this package is stable, and it is
 * not exported.
 */
@NullMarked
package io.github.fleetprov.admin.internal;

import org.jspecify.annotations.NullMarked;
