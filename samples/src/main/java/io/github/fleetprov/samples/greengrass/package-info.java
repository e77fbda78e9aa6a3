/**
 * The files AWS IoT Greengrass V2 reads when it installs with fleet provisioning.
 */
@NullMarked
package io.github.fleetprov.samples.greengrass;

import org.jspecify.annotations.NullMarked;
