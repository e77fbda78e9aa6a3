package io.github.fleetprov.testkit;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.template.hook.PreProvisioningHook;
import io.github.fleetprov.testkit.registry.PreProvisioningHookConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import java.util.UUID;

/**
 * A provisioning setup in a LocalIotCore with names of its own: a template (the Device SDK sample's
 * template from the seeds), a claim policy and a claim certificate.
 */
final class FleetFixture {

    /** The template of the Device SDK's fleet provisioning sample (seed device-sdk-fleet-provisioning-mqtt5). */
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
            + " [{\"Effect\": \"Allow\",\"Action\": [\"iot:Connect\",\"iot:Subscribe\",\"iot:Publish\",\"iot:Receive\"],"
            + "\"Resource\": \"*\"}]}}}},\"DeviceConfiguration\": {\"FallbackUrl\": \"https://www.example.com/test-site\","
            + "\"LocationUrl\": {\"Fn::FindInMap\": [\"LocationTable\",{\"Ref\": \"DeviceLocation\"},\"LocationUrl\"]}}}";

    /**
     * The claim policy of the Device SDK's MQTT 5 fleet provisioning sample (seed
     * device-sdk-fleet-provisioning-mqtt5), with exact topic and topicfilter ARNs.
     */
    static String seedSdkClaimPolicy(LocalIotCore iot, String templateName) {
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

    /**
     * The claim policy of the provisioning-by-claim walkthrough (seed provisioning-by-claim-walkthrough):
     * wildcards under the create and provision topics, for CreateKeysAndCertificate.
     */
    static String seedWalkthroughClaimPolicy(LocalIotCore iot, String templateName) {
        String p = "arn:aws:iot:" + iot.region() + ":" + iot.accountId() + ":";
        return "{\"Version\": \"2012-10-17\",\"Statement\": ["
                + "{\"Effect\": \"Allow\",\"Action\": [\"iot:Connect\"],\"Resource\": \"*\"},"
                + "{\"Effect\": \"Allow\",\"Action\": [\"iot:Publish\",\"iot:Receive\"],\"Resource\": ["
                + "\"" + p + "topic/$aws/certificates/create/*\","
                + "\"" + p + "topic/$aws/provisioning-templates/" + templateName + "/provision/*\"]},"
                + "{\"Effect\": \"Allow\",\"Action\": \"iot:Subscribe\",\"Resource\": ["
                + "\"" + p + "topicfilter/$aws/certificates/create/*\","
                + "\"" + p + "topicfilter/$aws/provisioning-templates/" + templateName + "/provision/*\"]}]}";
    }

    final LocalIotCore iot;
    final String id;
    final String templateName;
    final String policyName;
    final IssuedCertificate claim;

    private FleetFixture(LocalIotCore iot, String id, String templateName, String policyName, IssuedCertificate claim) {
        this.iot = iot;
        this.id = id;
        this.templateName = templateName;
        this.policyName = policyName;
        this.claim = claim;
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A template without hook and the SDK sample's claim policy. */
    static FleetFixture create(LocalIotCore iot) {
        return create(iot, null, false);
    }

    static FleetFixture create(LocalIotCore iot, PreProvisioningHook hook, boolean walkthroughPolicy) {
        String id = newId();
        String templateName = "tmpl-" + id;
        ProvisioningTemplateSpec.Builder spec = ProvisioningTemplateSpec.builder().templateName(templateName)
                .templateBody(SEED_TEMPLATE).enabled(true)
                .provisioningRoleArn("arn:aws:iam::" + iot.accountId() + ":role/FleetProvisioningRole");
        if (hook != null) {
            spec.preProvisioningHook(PreProvisioningHookConfig.of(hook));
        }
        iot.registry().createProvisioningTemplate(spec.build());
        String policyName = "claim-" + id;
        iot.registry().createPolicy(policyName, walkthroughPolicy ? seedWalkthroughClaimPolicy(iot, templateName)
                : seedSdkClaimPolicy(iot, templateName));
        return new FleetFixture(iot, id, templateName, policyName, iot.createClaimCertificate(policyName));
    }

    String clientId() {
        return "test-" + id;
    }

    Mqtt5TestClient connectClaim() {
        return Mqtt5TestClient.connect(iot, clientId(), claim.certificatePem(), claim.privateKeyPem());
    }
}
