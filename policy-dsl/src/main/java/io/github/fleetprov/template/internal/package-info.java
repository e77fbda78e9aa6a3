/**
 * Implementation of the template model, reader, writer, evaluator and linter. Not API: the types
 * here may change in any release.
 */
@NullMarked
package io.github.fleetprov.template.internal;

import org.jspecify.annotations.NullMarked;
