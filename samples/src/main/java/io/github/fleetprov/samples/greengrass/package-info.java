/**
 * The files AWS IoT Greengrass V2 reads when it installs with fleet provisioning.
 */
package io.github.fleetprov.samples.greengrass;
