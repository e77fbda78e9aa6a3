package io.github.fleetprov.testkit.internal.broker;

import io.github.fleetprov.testkit.registry.IotRegistry;

/**
 * The permissions of a temporary provisioning claim (CreateProvisioningClaim): it may connect and use
 * the fleet provisioning MQTT API for its one template, and nothing else.
 */
final class ProvisioningClaimPolicy {

    private ProvisioningClaimPolicy() {
    }

    static String document(IotRegistry registry, String templateName) {
        String topics = "\"" + registry.arn("topic", "$aws/certificates/create/*") + "\",\""
                + registry.arn("topic", "$aws/certificates/create-from-csr/*") + "\",\""
                + registry.arn("topic", "$aws/provisioning-templates/" + templateName + "/provision/*") + "\"";
        String filters = topics.replace(":topic/", ":topicfilter/");
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":[" + topics + "]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":[" + filters + "]}]}";
    }
}
