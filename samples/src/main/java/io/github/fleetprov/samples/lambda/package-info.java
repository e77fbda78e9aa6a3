/**
 * The walkthrough's pre-provisioning hook as an AWS Lambda handler.
 */
package io.github.fleetprov.samples.lambda;
