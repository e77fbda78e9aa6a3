/**
 * Typed AWS IoT Core policies: an immutable model with builders, a JSON reader and writer, an
 * offline evaluator that follows AWS IoT's authorization rules, a linter, and generators for
 * least-privilege claim policies and device policy presets.
 *
 * <p>Every type in this package is non-null by default: parameters and return values are never
 * {@code null} unless documented otherwise. Classes in {@code io.github.fleetprov.policy.internal}
 * are not API.
 */
package io.github.fleetprov.policy;
