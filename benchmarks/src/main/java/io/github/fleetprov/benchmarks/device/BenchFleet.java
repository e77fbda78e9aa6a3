package io.github.fleetprov.benchmarks.device;

import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import java.util.UUID;

/** A provisioning template, claim policy and claim certificate in a LocalIotCore, for the device benchmarks. */
final class BenchFleet {

    static final String TEMPLATE = "{\"Parameters\": {\"SerialNumber\": {\"Type\": \"String\"},"
            + "\"AWS::IoT::Certificate::Id\": {\"Type\": \"String\"}},"
            + "\"Resources\": {\"thing\": {\"Type\": \"AWS::IoT::Thing\",\"Properties\": {\"ThingName\":"
            + " {\"Fn::Join\": [\"\",[\"bench_\",{\"Ref\": \"SerialNumber\"}]]}}},"
            + "\"certificate\": {\"Type\": \"AWS::IoT::Certificate\",\"Properties\": {\"CertificateId\":"
            + " {\"Ref\": \"AWS::IoT::Certificate::Id\"},\"Status\": \"Active\"}},"
            + "\"policy\": {\"Type\": \"AWS::IoT::Policy\",\"Properties\": {\"PolicyDocument\": {\"Version\":"
            + " \"2012-10-17\",\"Statement\": [{\"Effect\": \"Allow\",\"Action\": [\"iot:Connect\",\"iot:Publish\"],"
            + "\"Resource\": \"*\"}]}}}},\"DeviceConfiguration\": {\"Fleet\": \"bench\"}}";

    final LocalIotCore iot;
    final String templateName;
    final IssuedCertificate claim;

    BenchFleet(LocalIotCore iot) {
        this.iot = iot;
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.templateName = "bench-" + id;
        iot.registry().createProvisioningTemplate(ProvisioningTemplateSpec.builder().templateName(templateName)
                .templateBody(TEMPLATE).enabled(true)
                .provisioningRoleArn("arn:aws:iam::" + iot.accountId() + ":role/FleetProvisioningRole").build());
        String policyName = "bench-claim-" + id;
        iot.registry().createPolicy(policyName, claimPolicy(iot, templateName));
        this.claim = iot.createClaimCertificate(policyName);
    }

    /** The least-privilege claim policy of the Device SDK sample, exact ARNs. */
    static String claimPolicy(LocalIotCore iot, String templateName) {
        String p = "arn:aws:iot:" + iot.region() + ":" + iot.accountId() + ":";
        String t = "$aws/provisioning-templates/" + templateName + "/provision/json";
        String c = "$aws/certificates/create-from-csr/json";
        return "{\"Version\": \"2012-10-17\",\"Statement\": ["
                + "{\"Effect\": \"Allow\",\"Action\": \"iot:Publish\",\"Resource\": [\"" + p + "topic/" + c + "\",\""
                + p + "topic/" + t + "\"]},"
                + "{\"Effect\": \"Allow\",\"Action\": \"iot:Receive\",\"Resource\": [\"" + p + "topic/" + c
                + "/accepted\",\"" + p + "topic/" + c + "/rejected\",\"" + p + "topic/" + t + "/accepted\",\"" + p
                + "topic/" + t + "/rejected\"]},"
                + "{\"Effect\": \"Allow\",\"Action\": \"iot:Subscribe\",\"Resource\": [\"" + p + "topicfilter/" + c
                + "/accepted\",\"" + p + "topicfilter/" + c + "/rejected\",\"" + p + "topicfilter/" + t
                + "/accepted\",\"" + p + "topicfilter/" + t + "/rejected\"]},"
                + "{\"Effect\": \"Allow\",\"Action\": \"iot:Connect\",\"Resource\": \"" + p + "client/bench-*\"}]}";
    }
}
