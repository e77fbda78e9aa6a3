/**
 * Typed AWS IoT Core policies: an immutable model with builders, a JSON reader and writer, an
 * offline evaluator that follows AWS IoT's authorization rules, a linter, and generators for
 * least-privilege claim policies and device policy presets.
 *
 * <h2>Write and read</h2>
 * <pre>{@code
 * PolicyContext aws = PolicyContext.of("us-east-1", "123456789012");
 * IotPolicy policy = IotPolicy.builder().context(aws)
 *         .addStatement(s -> s.allow().actions(IotAction.CONNECT)
 *                 .resources(IotResource.client(PolicyVariable.THING_NAME.toString()))
 *                 .addCondition(IotCondition.thingIsAttached()))
 *         .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE)
 *                 .resources(IotResource.topicFilter("cmd/" + PolicyVariable.THING_NAME + "/*")))
 *         .addStatement(s -> s.allow().actions(IotAction.RECEIVE)
 *                 .resources(IotResource.topic("cmd/" + PolicyVariable.THING_NAME + "/*")))
 *         .build();                       // refuses Subscribe on topic/, unknown variables, > 2048 chars
 * String json = policy.toJson();
 * IotPolicy same = IotPolicy.fromJson(json); // errors carry JSON pointer, line and column
 * }</pre>
 *
 * <h2>Evaluate and lint</h2>
 * <pre>{@code
 * PolicyEvaluator evaluator = PolicyEvaluator.of(policy);   // compile once, thread-safe
 * ConnectionContext device = ConnectionContext.builder().clientId("t1").thingName("t1").build();
 * Decision d = evaluator.evaluate(AuthorizationRequest.subscribe(aws, "cmd/t1/#", device));
 * if (!d.isAllowed()) {
 *     System.out.println(d.explain());                      // which statement to change, and how
 * }
 * List<LintFinding> findings = PolicyLinter.lint(json);
 * }</pre>
 *
 * <h2>Generate</h2>
 * {@link io.github.fleetprov.policy.ClaimPolicies} makes the claim certificate's policy from the
 * template names; {@link io.github.fleetprov.policy.DevicePolicies} makes thing-scoped device
 * policies; {@link io.github.fleetprov.policy.IotPolicies#assumeRoleWithCertificate(String)} makes the
 * role alias policy; {@link io.github.fleetprov.policy.iam.IamPolicies} makes the IAM trust and
 * permission policies.
 *
 * <p>Every type in this package is non-null by default: parameters and return values are never
 * {@code null} unless documented otherwise. Classes in {@code io.github.fleetprov.policy.internal}
 * are not API.
 */
@NullMarked
package io.github.fleetprov.policy;

import org.jspecify.annotations.NullMarked;
