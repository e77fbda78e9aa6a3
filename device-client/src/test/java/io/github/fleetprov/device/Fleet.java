package io.github.fleetprov.device;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A fleet in the shared LocalIotCore with names of its own: the Device SDK sample's template and
 * claim policy (seed device-sdk-fleet-provisioning-mqtt5) and a claim certificate.
 */
final class Fleet {

    /** The template of the Device SDK's fleet provisioning sample. */
    static final String SEED_TEMPLATE = "{\"Parameters\": {\"DeviceLocation\": {\"Type\": \"String\"},"
            + "\"AWS::IoT::Certificate::Id\": {\"Type\": \"String\"},\"SerialNumber\": {\"Type\": \"String\"}},"
            + "\"Mappings\": {\"LocationTable\": {\"Seattle\": {\"LocationUrl\": \"https://example.aws\"}}},"
            + "\"Resources\": {\"thing\": {\"Type\": \"AWS::IoT::Thing\",\"Properties\": {\"ThingName\":"
            + " {\"Fn::Join\": [\"\",[\"ThingPrefix_\",{\"Ref\": \"SerialNumber\"}]]},\"AttributePayload\":"
            + " {\"version\": \"v1\",\"serialNumber\": \"serialNumber\"}},\"OverrideSettings\": {\"AttributePayload\":"
            + " \"MERGE\",\"ThingTypeName\": \"REPLACE\",\"ThingGroups\": \"DO_NOTHING\"}},\"certificate\": {\"Type\":"
            + " \"AWS::IoT::Certificate\",\"Properties\": {\"CertificateId\": {\"Ref\": \"AWS::IoT::Certificate::Id\"},"
            + "\"Status\": \"Active\"},\"OverrideSettings\": {\"Status\": \"REPLACE\"}},\"policy\": {\"Type\":"
            + " \"AWS::IoT::Policy\",\"Properties\": {\"PolicyDocument\": {\"Version\": \"2012-10-17\",\"Statement\":"
            + " [{\"Effect\": \"Allow\",\"Action\": [\"iot:Connect\",\"iot:Subscribe\",\"iot:Publish\",\"iot:Receive\","
            + "\"iot:AssumeRoleWithCertificate\"],\"Resource\": \"*\"}]}}}},\"DeviceConfiguration\": {\"FallbackUrl\":"
            + " \"https://www.example.com/test-site\",\"LocationUrl\": {\"Fn::FindInMap\": [\"LocationTable\","
            + "{\"Ref\": \"DeviceLocation\"},\"LocationUrl\"]}}}";

    final LocalIotCore iot;
    final String id;
    final String templateName;
    final String policyName;
    final IssuedCertificate claim;
    final java.util.Set<String> certificatesBefore;

    private Fleet(LocalIotCore iot, String id) {
        this.iot = iot;
        this.id = id;
        this.templateName = "tmpl-" + id;
        this.policyName = "claim-" + id;
        iot.registry().createProvisioningTemplate(ProvisioningTemplateSpec.builder().templateName(templateName)
                .templateBody(SEED_TEMPLATE).enabled(true)
                .provisioningRoleArn("arn:aws:iam::" + iot.accountId() + ":role/FleetProvisioningRole").build());
        iot.registry().createPolicy(policyName, claimPolicy(iot, templateName));
        this.claim = iot.createClaimCertificate(policyName);
        this.certificatesBefore = iot.registry().listCertificates().stream().map(Certificate::certificateId)
                .collect(Collectors.toSet());
    }

    static Fleet create() {
        return new Fleet(LocalIotCore.shared(), UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** The Device SDK sample's claim policy: exact topic and topicfilter ARNs, client ids test-*. */
    static String claimPolicy(LocalIotCore iot, String templateName) {
        String p = "arn:aws:iot:" + iot.region() + ":" + iot.accountId() + ":";
        String t = "$aws/provisioning-templates/" + templateName + "/provision/json";
        return "{\"Version\": \"2012-10-17\",\"Statement\": ["
                + "{\"Effect\": \"Allow\",\"Action\": \"iot:Publish\",\"Resource\": ["
                + "\"" + p + "topic/$aws/certificates/create/json\","
                + "\"" + p + "topic/$aws/certificates/create-from-csr/json\","
                + "\"" + p + "topic/" + t + "\"]},"
                + "{\"Effect\": \"Allow\",\"Action\": [\"iot:Receive\"],\"Resource\": ["
                + "\"" + p + "topic/$aws/certificates/create/json/accepted\","
                + "\"" + p + "topic/$aws/certificates/create/json/rejected\","
                + "\"" + p + "topic/$aws/certificates/create-from-csr/json/accepted\","
                + "\"" + p + "topic/$aws/certificates/create-from-csr/json/rejected\","
                + "\"" + p + "topic/" + t + "/accepted\","
                + "\"" + p + "topic/" + t + "/rejected\"]},"
                + "{\"Effect\": \"Allow\",\"Action\": [\"iot:Subscribe\"],\"Resource\": ["
                + "\"" + p + "topicfilter/$aws/certificates/create/json/accepted\","
                + "\"" + p + "topicfilter/$aws/certificates/create/json/rejected\","
                + "\"" + p + "topicfilter/$aws/certificates/create-from-csr/json/accepted\","
                + "\"" + p + "topicfilter/$aws/certificates/create-from-csr/json/rejected\","
                + "\"" + p + "topicfilter/" + t + "/accepted\","
                + "\"" + p + "topicfilter/" + t + "/rejected\"]},"
                + "{\"Effect\": \"Allow\",\"Action\": \"iot:Connect\",\"Resource\": \"" + p + "client/test-*\"}]}";
    }

    String thingName() {
        return "ThingPrefix_" + id;
    }

    ClaimCredentials claimCredentials() {
        return ClaimCredentials.of(claim.certificate(), claim.keyPair().getPrivate());
    }

    /** A client for this fleet with fast retries and short step timeouts. */
    FleetProvisioningClient.Builder client(Path store) {
        return FleetProvisioningClient.builder()
                .endpoint(iot.mqttHost())
                .port(iot.mqttPort())
                .certificateAuthorityPem(iot.caCertificatePem())
                .claim(claimCredentials())
                .clientId("test-" + id)
                .templateName(templateName)
                .templateParameter("SerialNumber", id)
                .templateParameter("DeviceLocation", "Seattle")
                .credentialStore(store)
                .stepTimeouts(Duration.ofSeconds(15))
                .retryPolicy(RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(50))
                        .maxBackoff(Duration.ofMillis(400)).build())
                .clock(iot.clock());
    }

    /** Every certificate attached to this fleet's thing. */
    List<Certificate> thingCertificates() {
        return iot.registry().listThingPrincipals(thingName()).stream()
                .map(arn -> iot.registry().findCertificateByArn(arn).orElseThrow())
                .collect(Collectors.toList());
    }

    /** Certificates created since this fleet was set up. */
    List<Certificate> newCertificates() {
        return iot.registry().listCertificates().stream()
                .filter(c -> !certificatesBefore.contains(c.certificateId()))
                .collect(Collectors.toList());
    }

    /** ACTIVE certificates created since this fleet was set up. */
    List<String> newActiveCertificateIds() {
        return newCertificates().stream().filter(c -> c.status() == CertificateStatus.ACTIVE)
                .map(Certificate::certificateId).collect(Collectors.toList());
    }
}
