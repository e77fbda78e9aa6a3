/**
 * The walkthrough's pre-provisioning hook as an AWS Lambda handler.
 */
@NullMarked
package io.github.fleetprov.samples.lambda;

import org.jspecify.annotations.NullMarked;
