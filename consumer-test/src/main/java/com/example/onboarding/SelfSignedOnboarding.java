package com.example.onboarding;

import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.IotCertificate;
import io.github.fleetprov.admin.ThingSpec;
import io.github.fleetprov.device.DeviceCertificates;
import io.github.fleetprov.device.DeviceConnection;
import io.github.fleetprov.device.Qos;
import io.github.fleetprov.device.SelfSignedIdentity;
import io.github.fleetprov.policy.IotAction;
import io.github.fleetprov.policy.IotCondition;
import io.github.fleetprov.policy.IotPolicy;
import io.github.fleetprov.policy.IotResource;
import io.github.fleetprov.policy.PolicyContext;
import io.github.fleetprov.policy.PolicyVariable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * An application's use of fleetprov, one module each: policy-dsl writes the device's policy,
 * cloud-admin registers the device's self-signed certificate, thing and policy, device-client makes
 * the certificate and connects with it.
 */
public final class SelfSignedOnboarding {

    private final IotClient iot;
    private final String region;
    private final String accountId;

    /**
     * The cloud side of the onboarding.
     *
     * @param iot an AWS IoT client
     * @param region the region, for the policy's ARNs
     * @param accountId the account, for the policy's ARNs
     */
    public SelfSignedOnboarding(IotClient iot, String region, String accountId) {
        this.iot = Objects.requireNonNull(iot, "iot");
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
    }

    /**
     * What onboarding made.
     *
     * @param identity the device's certificate and key
     * @param certificate the certificate as AWS IoT registered it
     * @param policyName the policy attached to it
     */
    public record Onboarded(SelfSignedIdentity identity, IotCertificate certificate, String policyName) {
    }

    /**
     * Makes a self-signed certificate for a device and registers it: certificate (without a CA,
     * activated), thing, and a policy that lets the device connect as its thing and use its own topics.
     *
     * @param deviceId the device id (certificate CN and thing name)
     * @return what was made
     */
    public Onboarded onboard(String deviceId) {
        SelfSignedIdentity identity = DeviceCertificates.createSelfSigned(deviceId);
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(iot);
        IotCertificate certificate = registry.registerCertificateWithoutCa(identity.certificatePem(),
                CertificateStatus.ACTIVE);
        registry.createThing(ThingSpec.named(deviceId));
        registry.attachPrincipal(deviceId, certificate.arn());
        String policyName = "device-" + deviceId;
        registry.ensurePolicy(policyName, devicePolicy().toJson());
        registry.attachPolicy(policyName, certificate.arn());
        return new Onboarded(identity, certificate, policyName);
    }

    /**
     * Connects as the device, subscribes to its telemetry topic, publishes one message and waits for
     * it to come back.
     *
     * @param onboarded the device
     * @param host the MQTT endpoint
     * @param port its port
     * @param caPem the endpoint's CA certificate
     * @param payload the message
     * @return the message as the device received it back
     * @throws Exception if the device cannot connect, publish or receive
     */
    public static String publishAndReceive(Onboarded onboarded, String host, int port, String caPem,
            String payload) throws Exception {
        String topic = "devices/" + onboarded.identity().deviceId() + "/telemetry";
        try (DeviceConnection connection = DeviceConnection.builder(onboarded.identity().toDevice(host, port))
                .certificateAuthorityPem(caPem).connect()) {
            CompletableFuture<String> received = new CompletableFuture<>();
            connection.subscribe(topic, Qos.AT_LEAST_ONCE,
                    (t, bytes) -> received.complete(new String(bytes, StandardCharsets.UTF_8))).join();
            connection.publish(topic, payload.getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE).join();
            return received.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The device policy: connect only as the thing its certificate is attached to, publish, receive
     * and subscribe only under {@code devices/<thing>/}.
     *
     * @return the policy
     */
    public IotPolicy devicePolicy() {
        String thing = PolicyVariable.THING_NAME.toString();
        return IotPolicy.builder()
                .context(PolicyContext.of(region, accountId))
                .addStatement(s -> s.allow().actions(IotAction.CONNECT)
                        .resources(IotResource.client(thing))
                        .addCondition(IotCondition.thingIsAttached()))
                .addStatement(s -> s.allow().actions(IotAction.PUBLISH, IotAction.RECEIVE)
                        .resources(IotResource.topic("devices/" + thing + "/*")))
                .addStatement(s -> s.allow().actions(IotAction.SUBSCRIBE)
                        .resources(IotResource.topicFilter("devices/" + thing + "/*")))
                .build();
    }
}
