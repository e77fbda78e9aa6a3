package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.CertificateSigningRequest;
import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.iot.iotidentity.IotIdentityClient;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrResponse;
import software.amazon.awssdk.iot.iotidentity.model.CreateCertificateFromCsrSubscriptionRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateRequest;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.iot.iotidentity.model.CreateKeysAndCertificateSubscriptionRequest;
import software.amazon.awssdk.iot.iotidentity.model.ErrorResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingRequest;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingResponse;
import software.amazon.awssdk.iot.iotidentity.model.RegisterThingSubscriptionRequest;

/**
 * The official AWS IoT Device SDK v2 publish/subscribe client ({@code IotIdentityClient} over MQTT
 * 3.1.1), unchanged, provisions against LocalIotCore and the new certificate then connects.
 */
@ExtendWith(LocalIotCoreExtension.class)
class Mqtt311ProvisioningTest {

    static MqttClientConnection connect(LocalIotCore iot, String clientId, String certPem, String keyPem)
            throws Exception {
        try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder.newMtlsBuilder(certPem, keyPem)) {
            MqttClientConnection connection = builder.withEndpoint(iot.mqttHost()).withPort(iot.mqttPort())
                    .withCertificateAuthority(iot.caCertificatePem()).withClientId(clientId).withCleanSession(true)
                    .build();
            connection.connect().get(30, TimeUnit.SECONDS);
            return connection;
        }
    }

    static RegisterThingResponse register(IotIdentityClient identity, String templateName, String token, String serial)
            throws Exception {
        CompletableFuture<RegisterThingResponse> accepted = new CompletableFuture<>();
        CompletableFuture<ErrorResponse> rejected = new CompletableFuture<>();
        RegisterThingSubscriptionRequest sub = new RegisterThingSubscriptionRequest();
        sub.templateName = templateName;
        identity.SubscribeToRegisterThingAccepted(sub, QualityOfService.AT_LEAST_ONCE, accepted::complete)
                .get(30, TimeUnit.SECONDS);
        identity.SubscribeToRegisterThingRejected(sub, QualityOfService.AT_LEAST_ONCE, rejected::complete)
                .get(30, TimeUnit.SECONDS);
        RegisterThingRequest request = new RegisterThingRequest();
        request.templateName = templateName;
        request.certificateOwnershipToken = token;
        request.parameters = new HashMap<>(Map.of("SerialNumber", serial, "DeviceLocation", "Seattle"));
        identity.PublishRegisterThing(request, QualityOfService.AT_LEAST_ONCE).get(30, TimeUnit.SECONDS);
        CompletableFuture.anyOf(accepted, rejected).get(30, TimeUnit.SECONDS);
        assertThat(rejected).isNotDone();
        return accepted.get();
    }

    @Test
    void provision_withCsrOverMqtt311_createsThingAndDeviceReconnects(LocalIotCore iot) throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        KeyPair keys = KeyPairs.generate();
        CreateCertificateFromCsrResponse created;
        RegisterThingResponse registered;
        MqttClientConnection claim = connect(iot, fleet.clientId(), fleet.claim.certificatePem(),
                fleet.claim.privateKeyPem());
        try {
            IotIdentityClient identity = new IotIdentityClient(claim);
            CompletableFuture<CreateCertificateFromCsrResponse> accepted = new CompletableFuture<>();
            CompletableFuture<ErrorResponse> rejected = new CompletableFuture<>();
            CreateCertificateFromCsrSubscriptionRequest sub = new CreateCertificateFromCsrSubscriptionRequest();
            identity.SubscribeToCreateCertificateFromCsrAccepted(sub, QualityOfService.AT_LEAST_ONCE, accepted::complete)
                    .get(30, TimeUnit.SECONDS);
            identity.SubscribeToCreateCertificateFromCsrRejected(sub, QualityOfService.AT_LEAST_ONCE, rejected::complete)
                    .get(30, TimeUnit.SECONDS);
            CreateCertificateFromCsrRequest request = new CreateCertificateFromCsrRequest();
            request.certificateSigningRequest = CertificateSigningRequest.create(keys,
                    Subject.ofCommonName("device-" + fleet.id)).toPem();
            identity.PublishCreateCertificateFromCsr(request, QualityOfService.AT_LEAST_ONCE).get(30, TimeUnit.SECONDS);
            created = accepted.get(30, TimeUnit.SECONDS);
            registered = register(identity, fleet.templateName, created.certificateOwnershipToken, fleet.id);
        } finally {
            claim.disconnect().get(30, TimeUnit.SECONDS);
            claim.close();
        }

        assertThat(registered.thingName).isEqualTo("ThingPrefix_" + fleet.id);
        assertThat(iot.registry().describeCertificate(created.certificateId).status())
                .isEqualTo(CertificateStatus.ACTIVE);
        MqttClientConnection device = connect(iot, registered.thingName, created.certificatePem,
                Pem.privateKeyToPem(keys.getPrivate()));
        try {
            assertThat(iot.events().matching(e -> e.clientId().orElse("").equals(registered.thingName)
                    && e.outcome().equals("ACCEPTED"))).isNotEmpty();
        } finally {
            device.disconnect().get(30, TimeUnit.SECONDS);
            device.close();
        }
    }

    @Test
    void provision_withCreateKeysAndCertificateOverMqtt311_createsThingAndDeviceReconnects(LocalIotCore iot)
            throws Exception {
        FleetFixture fleet = FleetFixture.create(iot);
        CreateKeysAndCertificateResponse created;
        RegisterThingResponse registered;
        MqttClientConnection claim = connect(iot, fleet.clientId(), fleet.claim.certificatePem(),
                fleet.claim.privateKeyPem());
        try {
            IotIdentityClient identity = new IotIdentityClient(claim);
            CompletableFuture<CreateKeysAndCertificateResponse> accepted = new CompletableFuture<>();
            CreateKeysAndCertificateSubscriptionRequest sub = new CreateKeysAndCertificateSubscriptionRequest();
            identity.SubscribeToCreateKeysAndCertificateAccepted(sub, QualityOfService.AT_LEAST_ONCE, accepted::complete)
                    .get(30, TimeUnit.SECONDS);
            identity.PublishCreateKeysAndCertificate(new CreateKeysAndCertificateRequest(),
                    QualityOfService.AT_LEAST_ONCE).get(30, TimeUnit.SECONDS);
            created = accepted.get(30, TimeUnit.SECONDS);
            registered = register(identity, fleet.templateName, created.certificateOwnershipToken, fleet.id);
        } finally {
            claim.disconnect().get(30, TimeUnit.SECONDS);
            claim.close();
        }

        assertThat(iot.registry().listPrincipalThings(iot.registry().arn("cert", created.certificateId)))
                .containsExactly(registered.thingName);
        MqttClientConnection device = connect(iot, registered.thingName, created.certificatePem, created.privateKey);
        device.disconnect().get(30, TimeUnit.SECONDS);
        device.close();
        assertThat(iot.events().matching(e -> e.clientId().orElse("").equals(registered.thingName)
                && e.outcome().equals("ACCEPTED"))).hasSize(1);
    }
}
