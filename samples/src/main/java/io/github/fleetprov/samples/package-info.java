/**
 * Runnable samples: the fleet demo ({@link io.github.fleetprov.samples.FleetDemo}) and one program
 * per documented AWS IoT onboarding flow. Each runs against the in-process {@code LocalIotCore} by
 * default and against a real AWS account with {@code --aws --region R}; each prints what it does,
 * never a private key, secret key or session token, and exits with a non-zero status when its flow
 * fails.
 */
@NullMarked
package io.github.fleetprov.samples;

import org.jspecify.annotations.NullMarked;
