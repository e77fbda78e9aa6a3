/**
 * IAM trust and permission policies that fleet provisioning needs, built on AWS's
 * {@code software.amazon.awssdk.policybuilder.iam} policy builder. Non-null by default.
 */
@NullMarked
package io.github.fleetprov.policy.iam;

import org.jspecify.annotations.NullMarked;
