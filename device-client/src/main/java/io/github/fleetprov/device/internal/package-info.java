/**
 * Implementation of fleetprov's device client. Not API: classes here change without notice and must
 * not be used directly.
 */
@NullMarked
package io.github.fleetprov.device.internal;

import org.jspecify.annotations.NullMarked;
