/**
 * AWS IoT provisioning templates: a typed model with builders ({@link
 * io.github.fleetprov.template.ProvisioningTemplate}), intrinsic functions as an expression tree
 * ({@link io.github.fleetprov.template.Expression}), JSON reading and writing, an offline evaluator
 * that says what AWS would create for one device ({@link io.github.fleetprov.template.TemplateEvaluator})
 * and a linter ({@link io.github.fleetprov.template.TemplateLinter}).
 *
 * <p>Everything in this package is non-null unless documented otherwise; absent values are
 * returned as {@link java.util.Optional}.
 */
@NullMarked
package io.github.fleetprov.template;

import org.jspecify.annotations.NullMarked;
