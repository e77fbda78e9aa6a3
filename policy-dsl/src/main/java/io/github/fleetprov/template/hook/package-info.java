/**
 * The pre-provisioning hook contract: what AWS IoT sends to the hook ({@link
 * io.github.fleetprov.template.hook.HookRequest}), what the hook answers ({@link
 * io.github.fleetprov.template.hook.HookResponse}), and a Java hook ({@link
 * io.github.fleetprov.template.hook.PreProvisioningHook}) that can run against the offline
 * template evaluator.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.template.hook;

import org.jspecify.annotations.NullMarked;
