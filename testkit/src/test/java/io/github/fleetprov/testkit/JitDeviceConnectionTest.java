package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;

/**
 * Just-in-time registration and just-in-time provisioning of device certificates signed by a CA
 * registered through the AWS SDK v2 {@link IotClient}, with devices that connect through the AWS IoT
 * Device SDK v2 MQTT 5 client (aws-crt), as the AWS IoT developer guide describes them ("Just-in-time
 * registration of client certificates", "Just-in-time provisioning").
 */
@ExtendWith(LocalIotCoreExtension.class)
class JitDeviceConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static LocalIotCore iot;
    private static IotClient admin;

    @BeforeAll
    static void client(LocalIotCore core) {
        iot = core;
        admin = IotClient.builder().endpointOverride(core.controlPlaneEndpoint()).region(Region.of(core.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local")))
                .build();
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    /** A device's certificate and key, and its certificate file: the certificate followed by its CA's. */
    private record Device(String name, IssuedCertificate issued, String chainPem, String privateKeyPem) {
        String certificateId() {
            return issued.certificateId();
        }

        @Override
        public String toString() {
            return "Device[" + name + "]";
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static CertificateAuthority newCa() {
        return CertificateAuthority.create(unique("device maker CA"));
    }

    private static Device device(CertificateAuthority ca, Subject subject, boolean withCaInChain) {
        IssuedCertificate issued = ca.issueWithKey(subject, KeyAlgorithm.EC_P256, Duration.ofDays(30));
        String chain = issued.certificatePem() + (withCaInChain ? ca.certificatePem() : "");
        return new Device(subject.commonName().orElseThrow(), issued, chain,
                Pem.privateKeyToPem(issued.keyPair().getPrivate()));
    }

    private static Device device(CertificateAuthority ca) {
        return device(ca, Subject.ofCommonName(unique("sensor")), true);
    }

    private static String verificationCertificate(CertificateAuthority ca) {
        return ca.issueWithKey(Subject.ofCommonName("registration-code"), KeyAlgorithm.EC_P256, Duration.ofDays(1))
                .certificatePem();
    }

    /** Connects and expects the connection to fail; the client gives up afterwards. */
    private static void firstConnectionFails(Device device) {
        try (Mqtt5TestClient client = Mqtt5TestClient.start(iot, device.name(), device.chainPem(),
                device.privateKeyPem())) {
            assertThat(client.failed()).succeedsWithin(WAIT);
            assertThat(client.connected()).isNotDone();
            // closed by the TLS layer, as AWS IoT closes it: no CONNACK came back
            assertThat(client.refused()).isNotDone();
        }
    }

    private static List<Event> jitEvents(long mark, Device device) {
        return iot.events().since(mark).stream()
                .filter(e -> e.type() == EventType.REGISTRY && e.operation().equals("JustInTimeRegistration"))
                .filter(e -> device.certificateId().equals(e.details().get("certificateId")))
                .toList();
    }

    @Test
    void jitr_firstConnectionRegistersPendingActivationPublishesTheEventAndCloses_thenActivatedDeviceConnects()
            throws Exception {
        CertificateAuthority ca = newCa();
        String caId = admin.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verificationCertificate(ca)).setAsActive(true).allowAutoRegistration(true))
                .certificateId();
        String eventTopic = "$aws/events/certificates/registered/" + caId;
        String listenerPolicy = unique("RegistrationListener");
        String listenerId = unique("jitr-listener");
        admin.createPolicy(r -> r.policyName(listenerPolicy).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:*:*:client/" + listenerId + "\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":"
                + "\"arn:aws:iot:*:*:topicfilter/$aws/events/certificates/registered/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\",\"Resource\":"
                + "\"arn:aws:iot:*:*:topic/$aws/events/certificates/registered/*\"}]}"));
        IssuedCertificate listenerCert = iot.createDeviceCertificate(listenerId, listenerPolicy);
        Device device = device(ca);

        try (Mqtt5TestClient listener = Mqtt5TestClient.connect(iot, listenerId, listenerCert.certificatePem(),
                Pem.privateKeyToPem(listenerCert.keyPair().getPrivate()))) {
            assertThat(listener.subscribe(eventTopic).getReasonCodes())
                    .containsExactly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);

            firstConnectionFails(device);

            Mqtt5TestClient.Received event = listener.awaitMessage(eventTopic, WAIT).orElseThrow(() ->
                    new AssertionError("no registration event on " + eventTopic));
            JsonNode payload = JSON.readTree(event.payload());
            assertThat(payload.path("certificateId").asText()).isEqualTo(device.certificateId());
            assertThat(payload.path("caCertificateId").asText()).isEqualTo(caId);
            assertThat(payload.path("certificateStatus").asText()).isEqualTo("PENDING_ACTIVATION");
            assertThat(payload.path("awsAccountId").asText()).isEqualTo(iot.accountId());
            assertThat(payload.path("timestamp").isNumber()).isTrue();
            assertThat(payload.path("certificateRegistrationTimestamp").isNumber()).isTrue();
        }
        CertificateDescription registered = admin.describeCertificate(r -> r.certificateId(device.certificateId()))
                .certificateDescription();
        assertThat(registered.status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(registered.caCertificateId()).isEqualTo(caId);
        assertThat(registered.certificateMode()).isEqualTo(CertificateMode.DEFAULT);

        // what a registration-event handler (a Lambda function on AWS) does: activate and attach a policy
        String devicePolicy = unique("JitrDevice");
        admin.createPolicy(r -> r.policyName(devicePolicy).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:*:*:client/"
                + device.name() + "\"}]}"));
        admin.updateCertificate(r -> r.certificateId(device.certificateId()).newStatus(CertificateStatus.ACTIVE));
        admin.attachPolicy(r -> r.policyName(devicePolicy).target(registered.certificateArn()));

        try (Mqtt5TestClient reconnected = Mqtt5TestClient.connect(iot, device.name(), device.chainPem(),
                device.privateKeyPem())) {
            assertThat(reconnected.connected()).isCompleted();
        }
    }

    @Test
    void jitp_firstConnectionProvisionsThingCertificateAndPolicyFromTheTemplate_andTheReconnectionSucceeds()
            throws Exception {
        CertificateAuthority ca = newCa();
        String template = "{\"Parameters\":{"
                + "\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::SerialNumber\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::Country\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},"
                + "\"Resources\":{"
                + "\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{"
                + "\"ThingName\":{\"Ref\":\"AWS::IoT::Certificate::CommonName\"},"
                + "\"AttributePayload\":{\"version\":\"v1\",\"serialNumber\":{\"Ref\":\"AWS::IoT::Certificate::SerialNumber\"},"
                + "\"country\":{\"Ref\":\"AWS::IoT::Certificate::Country\"}}}},"
                + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{"
                + "\"CertificateId\":{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"ACTIVE\"}},"
                + "\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{"
                + "\"PolicyDocument\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\","
                + "\\\"Action\\\":[\\\"iot:Connect\\\"],\\\"Resource\\\":[\\\"arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}\\\"]},"
                + "{\\\"Effect\\\":\\\"Allow\\\",\\\"Action\\\":[\\\"iot:Publish\\\"],"
                + "\\\"Resource\\\":[\\\"arn:aws:iot:*:*:topic/jitp/${iot:Connection.Thing.ThingName}\\\"]}]}\"}}}}";
        admin.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verificationCertificate(ca)).setAsActive(true).allowAutoRegistration(true)
                .registrationConfig(c -> c.templateBody(template)
                        .roleArn("arn:aws:iam::" + iot.accountId() + ":role/JITPRole")));
        String thingName = unique("lightbulb");
        Device device = device(ca, Subject.builder().commonName(thingName).serialNumber("SN-0042").country("DE")
                .organization("Example Corp").build(), false);
        assertThatThingIsAbsent(thingName);

        firstConnectionFails(device);

        DescribeThingResponse thing = admin.describeThing(r -> r.thingName(thingName));
        assertThat(thing.attributes()).containsEntry("version", "v1").containsEntry("serialNumber", "SN-0042")
                .containsEntry("country", "DE");
        CertificateDescription cert = admin.describeCertificate(r -> r.certificateId(device.certificateId()))
                .certificateDescription();
        assertThat(cert.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(admin.listThingPrincipals(r -> r.thingName(thingName)).principals())
                .containsExactly(cert.certificateArn());
        List<Policy> attached = admin.listAttachedPolicies(r -> r.target(cert.certificateArn())).policies();
        assertThat(attached).hasSize(1);
        assertThat(admin.getPolicy(r -> r.policyName(attached.get(0).policyName())).policyDocument())
                .contains("topic/jitp/${iot:Connection.Thing.ThingName}");

        try (Mqtt5TestClient reconnected = Mqtt5TestClient.connect(iot, thingName, device.chainPem(),
                device.privateKeyPem())) {
            // the template's policy allows its own topic (no subscriber there) and nothing else
            PubAckPacket allowed = reconnected.publish("jitp/" + thingName, "{\"on\":true}").get(20, TimeUnit.SECONDS)
                    .getResultPubAck();
            assertThat(allowed.getReasonCode()).isEqualTo(PubAckPacket.PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            PubAckPacket denied = reconnected.publish("other/" + thingName, "{\"on\":true}").get(20, TimeUnit.SECONDS)
                    .getResultPubAck();
            assertThat(denied.getReasonCode()).isEqualTo(PubAckPacket.PubAckReasonCode.NOT_AUTHORIZED);
        }
    }

    private static void assertThatThingIsAbsent(String thingName) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> admin.describeThing(r -> r.thingName(thingName)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void jitp_withACertificateLackingADeclaredField_registersNothingAndRefuses() {
        CertificateAuthority ca = newCa();
        String template = "{\"Parameters\":{"
                + "\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::Country\":{\"Type\":\"String\"}},"
                + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{"
                + "\"ThingName\":{\"Ref\":\"AWS::IoT::Certificate::CommonName\"},"
                + "\"AttributePayload\":{\"country\":{\"Ref\":\"AWS::IoT::Certificate::Country\"}}}}}}";
        admin.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verificationCertificate(ca)).setAsActive(true).allowAutoRegistration(true)
                .registrationConfig(c -> c.templateBody(template)
                        .roleArn("arn:aws:iam::" + iot.accountId() + ":role/JITPRole")));
        Device device = device(ca); // a common name, no country
        long mark = iot.events().lastSequence();

        firstConnectionFails(device);

        assertThat(iot.registry().findCertificate(device.certificateId())).isEmpty();
        assertThatThingIsAbsent(device.name());
        assertThat(jitEvents(mark, device)).extracting(Event::outcome).containsExactly("PROVISIONING_FAILED");
    }

    @Test
    void certificateOfAnUnregisteredCa_isRefusedAtTlsAndNotRegistered_evenWhenARegisteredCaHasTheSameName() {
        CertificateAuthority unregistered = newCa();
        // same subject, another key: only a signature check tells them apart
        CertificateAuthority lookAlike = CertificateAuthority.create(
                Subject.of(unregistered.certificate().getSubjectX500Principal()), KeyAlgorithm.EC_P256,
                Duration.ofDays(30));
        admin.registerCACertificate(r -> r.caCertificate(lookAlike.certificatePem())
                .verificationCertificate(verificationCertificate(lookAlike)).setAsActive(true)
                .allowAutoRegistration(true));
        Device device = device(unregistered);
        long mark = iot.events().lastSequence();

        firstConnectionFails(device);

        assertThat(iot.registry().findCertificate(device.certificateId())).isEmpty();
        assertThat(jitEvents(mark, device)).isEmpty();
        assertThat(iot.events().since(mark))
                .noneMatch(e -> e.type() == EventType.CONNECT && e.clientId().filter(device.name()::equals).isPresent());
    }

    @Test
    void certificateOfACaWithAutoRegistrationDisabled_isRefusedAndNotRegistered() {
        CertificateAuthority ca = newCa();
        String caId = admin.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verificationCertificate(ca)).setAsActive(true)).certificateId();
        Device device = device(ca);
        long mark = iot.events().lastSequence();

        firstConnectionFails(device);

        assertThat(iot.registry().findCertificate(device.certificateId())).isEmpty();
        assertThat(jitEvents(mark, device)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo("REFUSED");
            assertThat(e.message()).contains("auto-registration DISABLE");
            assertThat(e.details()).containsEntry("caCertificateId", caId);
        });
    }

    @Test
    void certificateOfAnInactiveCaWithAutoRegistration_isRefusedAndNotRegistered() {
        CertificateAuthority ca = newCa();
        admin.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verificationCertificate(ca)).setAsActive(false).allowAutoRegistration(true));
        Device device = device(ca);
        long mark = iot.events().lastSequence();

        firstConnectionFails(device);

        assertThat(iot.registry().findCertificate(device.certificateId())).isEmpty();
        assertThat(jitEvents(mark, device)).extracting(Event::outcome).containsExactly("REFUSED");
    }

    @Test
    void jitr_withoutTheCaCertificateInTheChain_isRefusedAndNotRegistered() {
        CertificateAuthority ca = newCa();
        admin.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verificationCertificate(ca)).setAsActive(true).allowAutoRegistration(true));
        Device device = device(ca, Subject.ofCommonName(unique("sensor")), false);
        long mark = iot.events().lastSequence();

        firstConnectionFails(device);

        assertThat(iot.registry().findCertificate(device.certificateId())).isEmpty();
        assertThat(jitEvents(mark, device)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("CA certificate after the device certificate"));
    }
}
