package io.github.fleetprov.benchmarks.policy;

import io.github.fleetprov.policy.AuthorizationRequest;
import io.github.fleetprov.policy.ClaimMode;
import io.github.fleetprov.policy.ClaimPolicies;
import io.github.fleetprov.policy.ConnectionContext;
import io.github.fleetprov.policy.Decision;
import io.github.fleetprov.policy.DevicePolicies;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.IotStatement;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.PolicyEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

/**
 * IoT policy evaluation and writing on one thread.
 *
 * <ul>
 *   <li>{@code claim*}: decisions for the least-privilege claim policy of {@link ClaimPolicies} (CSR and
 *       keys flows, one template), cycling through every step of the provisioning flow plus a denied
 *       neighbouring template: Connect, Publish, Subscribe, Receive;</li>
 *   <li>{@code device*}: decisions for a device with 20 statements (two policies) with
 *       {@code ${iot:Connection.Thing.ThingName}} variables, an IsAttached condition and Deny statements;</li>
 *   <li>{@code write*}: {@code toJson} of the same documents through fleetprov's IoT policy writer and
 *       through AWS's iam-policy-builder ({@code IamPolicy.toJson()}).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class PolicyBenchmark {

    static final PolicyContext AWS = PolicyContext.of("us-east-1", "123456789012");

    private PolicyEvaluator claimEvaluator;
    private AuthorizationRequest[] claimRequests;
    private PolicyEvaluator deviceEvaluator;
    private AuthorizationRequest[] deviceRequests;
    private IotPolicy claimPolicy;
    private IamPolicy claimPolicyIam;
    private IotPolicy aliasPolicy;
    private IamPolicy aliasPolicyIam;
    private int next;

    /** The claim policy benchmarked. */
    static IotPolicy claimPolicy() {
        return ClaimPolicies.builder().templateNames("FactoryTemplate").context(AWS).mode(ClaimMode.BOTH)
                .clientIdPattern("factory-*").build();
    }

    /**
     * A device's policies with 20 statements in all: AWS IoT limits one document to 2048 characters
     * without white space, so the statements are split over two policies attached to the same
     * certificate, as a real fleet would do.
     */
    static List<IotPolicy> devicePolicies() {
        DevicePolicies.Builder presets = DevicePolicies.builder(AWS).telemetryAndCommands("d").shadow().jobs();
        for (int i = 0; i < 2; i++) {
            presets.addStatement(IotStatement.builder().allow().actions(IotAction.PUBLISH)
                    .resources(AWS.topic("m/" + i + "/*")).build());
        }
        IotPolicy.Builder extra = IotPolicy.builder().context(AWS);
        for (int i = 2; i < 12; i++) {
            extra.addStatement(IotStatement.builder().allow().actions(IotAction.PUBLISH)
                    .resources(AWS.topic("m/" + i + "/*")).build());
        }
        extra.addStatement(IotStatement.builder().deny().actions(IotAction.PUBLISH)
                .resources(IotResource.create("arn:aws:iot:*:*:topic/m/0/secret")).build());
        extra.addStatement(IotStatement.builder().deny().actions(IotAction.RECEIVE)
                .resources(IotResource.create("arn:aws:iot:*:*:topic/m/*/secret")).build());
        List<IotPolicy> policies = List.of(presets.build(), extra.build());
        int statements = policies.stream().mapToInt(p -> p.statements().size()).sum();
        if (statements != 20) {
            throw new IllegalStateException("expected 20 statements, got " + statements);
        }
        return policies;
    }

    /** Compiles the policies and prepares the requests. */
    @Setup
    public void setUp() {
        claimPolicy = claimPolicy();
        claimEvaluator = PolicyEvaluator.of(claimPolicy);
        ConnectionContext claimDevice = ConnectionContext.ofClientId("factory-000123");
        List<AuthorizationRequest> claim = new ArrayList<>();
        claim.add(AuthorizationRequest.connect(AWS, claimDevice));
        for (String topic : ClaimPolicies.requestTopics(ClaimMode.BOTH, "FactoryTemplate", "json")) {
            claim.add(AuthorizationRequest.subscribe(AWS, topic + "/accepted", claimDevice));
            claim.add(AuthorizationRequest.subscribe(AWS, topic + "/rejected", claimDevice));
            claim.add(AuthorizationRequest.publish(AWS, topic, claimDevice));
            claim.add(AuthorizationRequest.receive(AWS, topic + "/accepted", claimDevice));
        }
        claim.add(AuthorizationRequest.publish(AWS, "$aws/provisioning-templates/OtherTemplate/provision/json",
                claimDevice));
        claimRequests = claim.toArray(AuthorizationRequest[]::new);

        deviceEvaluator = PolicyEvaluator.of(devicePolicies());
        ConnectionContext thing = ConnectionContext.builder().clientId("sensor-0042").thingName("sensor-0042").build();
        deviceRequests = new AuthorizationRequest[] {
            AuthorizationRequest.connect(AWS, thing),
            AuthorizationRequest.publish(AWS, "d/sensor-0042/telemetry/temperature", thing),
            AuthorizationRequest.subscribe(AWS, "d/sensor-0042/commands/#", thing),
            AuthorizationRequest.receive(AWS, "d/sensor-0042/commands/reboot", thing),
            AuthorizationRequest.publish(AWS, "$aws/things/sensor-0042/shadow/update", thing),
            AuthorizationRequest.publish(AWS, "m/7/x", thing),
            AuthorizationRequest.publish(AWS, "m/0/secret", thing),
            AuthorizationRequest.publish(AWS, "d/sensor-0043/telemetry", thing),
        };

        aliasPolicy = io.github.fleetprov.policy.IotPolicies.assumeRoleWithCertificate(AWS,
                "GGV2WSTokenExchangeRoleAlias");
        aliasPolicyIam = IamPolicy.fromJson(aliasPolicy.toJson());
        claimPolicyIam = IamPolicy.fromJson(claimPolicy.toJson());
    }

    private int index(int length) {
        int i = next++;
        if (next == length) {
            next = 0;
        }
        return i;
    }

    /** @return a full decision for the next provisioning step */
    @Benchmark
    public Decision claimEvaluate() {
        return claimEvaluator.evaluate(claimRequests[index(claimRequests.length)]);
    }

    /** @return the yes/no answer for the next provisioning step (the per-packet enforcement path) */
    @Benchmark
    public boolean claimIsAllowed() {
        AuthorizationRequest r = claimRequests[index(claimRequests.length)];
        return claimEvaluator.isAllowed(r.action(), r.resource(), r.context());
    }

    /** @return a full decision for the next device request */
    @Benchmark
    public Decision deviceEvaluate() {
        return deviceEvaluator.evaluate(deviceRequests[index(deviceRequests.length)]);
    }

    /** @return the yes/no answer for the next device request */
    @Benchmark
    public boolean deviceIsAllowed() {
        AuthorizationRequest r = deviceRequests[index(deviceRequests.length)];
        return deviceEvaluator.isAllowed(r.action(), r.resource(), r.context());
    }

    /** @return the role alias policy through fleetprov's writer */
    @Benchmark
    public String writeAliasPolicyFleetprov() {
        return aliasPolicy.toJson();
    }

    /** @return the same role alias policy through iam-policy-builder */
    @Benchmark
    public String writeAliasPolicyIamPolicyBuilder() {
        return aliasPolicyIam.toJson();
    }

    /** @return the claim policy through fleetprov's writer */
    @Benchmark
    public String writeClaimPolicyFleetprov() {
        return claimPolicy.toJson();
    }

    /** @return the same claim policy through iam-policy-builder */
    @Benchmark
    public String writeClaimPolicyIamPolicyBuilder() {
        return claimPolicyIam.toJson();
    }
}
