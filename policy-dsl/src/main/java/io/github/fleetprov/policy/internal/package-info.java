/**
 * Implementation of the policy model, reader, writer, evaluator and linter. Not API: these classes
 * may change in any release; use the interfaces and factories in {@code io.github.fleetprov.policy}.
 */
@NullMarked
package io.github.fleetprov.policy.internal;

import org.jspecify.annotations.NullMarked;
