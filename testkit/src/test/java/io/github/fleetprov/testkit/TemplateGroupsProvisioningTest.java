package io.github.fleetprov.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.core.pki.IssuedCertificate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;

/**
 * AWS's own example fleet provisioning template (developer guide, "Provisioning templates", the
 * fleet provisioning example) names two thing groups and a billing group; with the groups created
 * through the control plane, RegisterThing puts the new thing in them.
 */
@ExtendWith(LocalIotCoreExtension.class)
class TemplateGroupsProvisioningTest {

    /** The developer guide's fleet provisioning template, as published. */
    private static final String AWS_EXAMPLE_TEMPLATE = "{\"Parameters\":{\"ThingName\":{\"Type\":\"String\"},"
            + "\"SerialNumber\":{\"Type\":\"String\"},\"DeviceLocation\":{\"Type\":\"String\"},"
            + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},"
            + "\"Mappings\":{\"LocationTable\":{\"Seattle\":{\"LocationUrl\":\"https://example.aws\"}}},"
            + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"AttributePayload\":"
            + "{\"version\":\"v1\",\"serialNumber\":\"serialNumber\"},\"ThingName\":{\"Ref\":\"ThingName\"},"
            + "\"ThingTypeName\":{\"Fn::Join\":[\"\",[\"ThingPrefix_\",{\"Ref\":\"SerialNumber\"}]]},"
            + "\"ThingGroups\":[\"v1-lightbulbs\",\"WA\"],\"BillingGroup\":\"LightBulbBillingGroup\"},"
            + "\"OverrideSettings\":{\"AttributePayload\":\"MERGE\",\"ThingTypeName\":\"REPLACE\",\"ThingGroups\":\"DO_NOTHING\"}},"
            + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":"
            + "{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"Active\"}},"
            + "\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyDocument\":{\"Version\":\"2012-10-17\","
            + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\"],"
            + "\"Resource\":[\"arn:aws:iot:us-east-1:123456789012:topic/foo/bar\"]}]}}}},"
            + "\"DeviceConfiguration\":{\"FallbackUrl\":\"https://www.example.com/test-site\","
            + "\"LocationUrl\":{\"Fn::FindInMap\":[\"LocationTable\",{\"Ref\":\"DeviceLocation\"},\"LocationUrl\"]}}}";

    @Test
    void registerThing_withAwsExampleTemplate_putsTheThingInItsThingGroupsAndBillingGroup(LocalIotCore core)
            throws Exception {
        String id = FleetFixture.newId();
        String serial = "SN" + id;
        String thingName = "bulb-" + id;
        String templateName = "groups-" + id;
        try (IotClient iot = IotClient.builder().endpointOverride(core.controlPlaneEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y"))).build()) {
            iot.createThingType(r -> r.thingTypeName("ThingPrefix_" + serial));
            iot.createThingGroup(r -> r.thingGroupName("v1-lightbulbs"));
            iot.createThingGroup(r -> r.thingGroupName("WA"));
            iot.createBillingGroup(r -> r.billingGroupName("LightBulbBillingGroup"));
            iot.createProvisioningTemplate(r -> r.templateName(templateName).templateBody(AWS_EXAMPLE_TEMPLATE)
                    .enabled(true).provisioningRoleArn("arn:aws:iam::" + core.accountId() + ":role/Provisioning"));
            String claimPolicy = "claim-" + id;
            iot.createPolicy(r -> r.policyName(claimPolicy).policyDocument(
                    FleetFixture.seedSdkClaimPolicy(core, templateName)));
            IssuedCertificate claim = core.createClaimCertificate(claimPolicy);

            RawProvisioning.Reply registered;
            try (Mqtt5TestClient client = Mqtt5TestClient.connect(core, "test-groups-" + id, claim.certificatePem(),
                    claim.privateKeyPem())) {
                RawProvisioning api = new RawProvisioning(client);
                RawProvisioning.Reply created = api.createFromCsr(RawProvisioning.csrPem());
                registered = api.registerThing(templateName, created.text("certificateOwnershipToken"),
                        Map.of("ThingName", thingName, "SerialNumber", serial, "DeviceLocation", "Seattle"));
            }

            assertThat(registered.accepted()).as(registered.body().toString()).isTrue();
            assertThat(registered.text("thingName")).isEqualTo(thingName);
            assertThat(iot.listThingGroupsForThing(r -> r.thingName(thingName)).thingGroups())
                    .extracting(GroupNameAndArn::groupName).containsExactly("WA", "v1-lightbulbs");
            assertThat(iot.describeThing(r -> r.thingName(thingName)).billingGroupName())
                    .isEqualTo("LightBulbBillingGroup");
            assertThat(iot.listThingsInBillingGroup(r -> r.billingGroupName("LightBulbBillingGroup")).things())
                    .contains(thingName);
            assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("v1-lightbulbs")).things()).contains(thingName);
        }
    }
}
