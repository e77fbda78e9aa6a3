package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.samples.greengrass.GreengrassPluginConfig;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import io.github.fleetprov.testkit.event.Event;
import io.github.fleetprov.testkit.event.EventType;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class GreengrassFleetSetupTest {

    /** What a parameter's value must be. */
    private enum Kind { TEXT, PATH, PORT, MAP, PROXY_URL }

    /**
     * The plugin's configuration parameters as "Configure the AWS IoT fleet provisioning plugin" (AWS IoT
     * Greengrass V2 Developer Guide) lists them, in its order, with what each must hold; true = required.
     */
    private static final Map<String, Map.Entry<Kind, Boolean>> PLUGIN_SCHEMA = new LinkedHashMap<>();

    static {
        PLUGIN_SCHEMA.put("rootPath", Map.entry(Kind.PATH, true));
        PLUGIN_SCHEMA.put("awsRegion", Map.entry(Kind.TEXT, true));
        PLUGIN_SCHEMA.put("iotDataEndpoint", Map.entry(Kind.TEXT, true));
        PLUGIN_SCHEMA.put("iotCredentialEndpoint", Map.entry(Kind.TEXT, true));
        PLUGIN_SCHEMA.put("iotRoleAlias", Map.entry(Kind.TEXT, true));
        PLUGIN_SCHEMA.put("provisioningTemplate", Map.entry(Kind.TEXT, true));
        PLUGIN_SCHEMA.put("claimCertificatePath", Map.entry(Kind.PATH, true));
        PLUGIN_SCHEMA.put("claimCertificatePrivateKeyPath", Map.entry(Kind.PATH, true));
        PLUGIN_SCHEMA.put("rootCaPath", Map.entry(Kind.PATH, true));
        PLUGIN_SCHEMA.put("templateParameters", Map.entry(Kind.MAP, false));
        PLUGIN_SCHEMA.put("deviceId", Map.entry(Kind.TEXT, false));
        PLUGIN_SCHEMA.put("mqttPort", Map.entry(Kind.PORT, false));
        PLUGIN_SCHEMA.put("proxyUrl", Map.entry(Kind.PROXY_URL, false));
        PLUGIN_SCHEMA.put("proxyUserName", Map.entry(Kind.TEXT, false));
        PLUGIN_SCHEMA.put("proxyPassword", Map.entry(Kind.TEXT, false));
    }

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    /** Checks a plugin configuration key by key against the documented parameters; lists the faults. */
    private static List<String> schemaFaults(JsonNode file) {
        List<String> faults = new ArrayList<>();
        JsonNode services = file.path("services");
        if (!services.path(GreengrassPluginConfig.NUCLEUS).path("version").isTextual()) {
            faults.add("services.aws.greengrass.Nucleus.version is missing");
        }
        JsonNode c = services.path(GreengrassPluginConfig.PLUGIN).path("configuration");
        c.fieldNames().forEachRemaining(k -> {
            if (!PLUGIN_SCHEMA.containsKey(k)) {
                faults.add(k + " is not a documented parameter");
            }
        });
        PLUGIN_SCHEMA.forEach((key, rule) -> {
            JsonNode v = c.path(key);
            if (v.isMissingNode()) {
                if (rule.getValue()) {
                    faults.add(key + " is required and missing");
                }
                return;
            }
            boolean ok = switch (rule.getKey()) {
                case TEXT -> v.isTextual() && !v.asText().isBlank();
                case PATH -> v.isTextual() && Path.of(v.asText()).isAbsolute();
                case PORT -> v.isInt() && v.asInt() > 0 && v.asInt() < 65536;
                case MAP -> v.isObject() && v.size() > 0;
                case PROXY_URL -> v.isTextual() && v.asText().matches("https?://.+");
            };
            if (!ok) {
                faults.add(key + " does not hold a " + rule.getKey());
            }
        });
        return faults;
    }

    @Test
    void run_walksTheSetUpInOrder_andProvisionsWithExactlyTheValuesOfTheGeneratedConfigYaml(LocalIotCore core,
            @TempDir Path dir) throws Exception {
        long mark = core.events().lastSequence();
        GreengrassFleetSetup.Result result;
        try (Target target = Target.local(core)) {
            result = GreengrassFleetSetup.run(target, Samples.uniqueSuffix(), dir, out);
            var alias = result.setup().roleAlias().orElseThrow();

            // [1] token exchange role, trusted by the credentials provider
            assertThat(java.net.URLDecoder.decode(target.iam().getRole(r -> r.roleName(alias.tokenExchangeRoleName()))
                    .role().assumeRolePolicyDocument(), StandardCharsets.UTF_8)).contains("credentials.iot.amazonaws.com");
            // [2] role alias -> role
            assertThat(core.registry().describeRoleAlias(alias.name()).roleArn()).isEqualTo(alias.tokenExchangeRoleArn());
            // [3] the core devices' policy
            assertThat(core.registry().getPolicy(result.thingPolicyName()).document())
                    .contains("iot:AssumeRoleWithCertificate").contains(alias.arn()).contains("greengrass:*");
            // [4] template with its provisioning role
            assertThat(core.registry().findProvisioningTemplate(result.setup().template().name())).hasValueSatisfying(t -> {
                assertThat(t.provisioningRoleArn()).isEqualTo(result.setup().template().provisioningRoleArn());
                assertThat(t.templateBody()).contains(result.thingPolicyName()).contains("ThingName");
            });
            // [5] claim certificate, active, with the claim policy, in the files the plugin reads
            String claimId = result.setup().claim().orElseThrow().certificateId();
            assertThat(core.registry().describeCertificate(claimId).status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(core.registry().listAttachedPolicies(result.setup().claim().orElseThrow().certificateArn()))
                    .extracting(p -> p.policyName()).containsExactly(result.setup().policies().claimPolicyName());

            // The document's order in the event log: alias, then template, then claim
            List<String> order = core.events().since(mark).stream()
                    .filter(e -> e.type() == EventType.REGISTRY || e.type() == EventType.REQUEST)
                    .map(Event::operation)
                    .filter(Set.of("CreateRoleAlias", "CreateProvisioningTemplate", "CreateKeysAndCertificate")::contains)
                    .distinct().toList();
            assertThat(order).containsExactly("CreateRoleAlias", "CreateProvisioningTemplate", "CreateKeysAndCertificate");

            // [6] config.yaml, key by key against the plugin's documented parameters
            JsonNode file = new YAMLMapper().readTree(Files.readString(result.configFile()));
            assertThat(schemaFaults(file)).isEmpty();
            JsonNode c = file.path("services").path(GreengrassPluginConfig.PLUGIN).path("configuration");
            assertThat(c.path("awsRegion").asText()).isEqualTo(core.region());
            assertThat(c.path("iotDataEndpoint").asText()).isEqualTo(core.mqttHost());
            assertThat(c.path("iotCredentialEndpoint").asText()).isEqualTo(core.credentialsEndpoint());
            assertThat(c.path("iotRoleAlias").asText()).isEqualTo(alias.name());
            assertThat(c.path("provisioningTemplate").asText()).isEqualTo(result.setup().template().name());
            assertThat(c.path("templateParameters").path("ThingName").asText()).isEqualTo(result.coreDevice().thingName());
            assertThat(c.path("mqttPort").asInt()).isEqualTo(core.mqttPort());
            assertThat(Path.of(c.path("claimCertificatePath").asText())).exists();
            assertThat(Path.of(c.path("claimCertificatePrivateKeyPath").asText())).exists();
            assertThat(Files.readString(Path.of(c.path("rootCaPath").asText()))).isEqualTo(core.caCertificatePem());
            // a port other than 8883 is the nucleus's MQTT port as well
            assertThat(file.path("services").path(GreengrassPluginConfig.NUCLEUS).path("configuration").path("mqtt")
                    .path("port").asInt()).isEqualTo(core.mqttPort());

            // [7] the core device came with exactly those values: its client id, the claim, the template
            // parameter, then credentials through the alias
            List<Event> events = core.events().since(mark);
            assertThat(events).filteredOn(e -> e.type() == EventType.REQUEST
                            && e.clientId().orElse("").equals(c.path("deviceId").asText()))
                    .extracting(Event::operation, e -> e.details().get("claimCertificateId"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("CreateCertificateFromCsr", claimId),
                            org.assertj.core.groups.Tuple.tuple("RegisterThing", claimId));
            assertThat(core.registry().findThing(result.coreDevice().thingName())).isPresent();
            assertThat(events).anySatisfy(e -> {
                assertThat(e.operation()).isEqualTo("AssumeRoleWithCertificate");
                assertThat(e.resource()).isEqualTo(alias.arn());
                assertThat(e.details()).containsEntry("certificateId", result.coreDevice().certificateId());
            });
            assertThat(result.credentialsExpiration()).isAfter(Instant.now());
            assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY");

            GreengrassFleetSetup.cleanUp(target, result, out);
        }
        assertThat(core.registry().findThing(result.coreDevice().thingName())).isEmpty();
        assertThat(core.registry().findProvisioningTemplate(result.setup().template().name())).isEmpty();
        assertThat(core.registry().findPolicy(result.thingPolicyName())).isEmpty();
    }

    @Test
    void pluginConfig_withAProxy_writesTheProxyKeysForThePluginAndTheNucleus_andReadsThemBack() throws Exception {
        GreengrassPluginConfig config = new GreengrassPluginConfig("2.14.3", "/greengrass/v2", "eu-west-1",
                "abc-ats.iot.eu-west-1.amazonaws.com", "abc.credentials.iot.eu-west-1.amazonaws.com", "Alias",
                "Template", "/greengrass/v2/claim-certs/claim.pem.crt", "/greengrass/v2/claim-certs/claim.private.pem.key",
                "/greengrass/v2/AmazonRootCA1.pem", Map.of("ThingName", "Core1"), null, 8883,
                "http://proxy.example:3128", "user", "secret");

        JsonNode file = new YAMLMapper().readTree(config.toYaml());

        assertThat(schemaFaults(file)).isEmpty();
        JsonNode c = file.path("services").path(GreengrassPluginConfig.PLUGIN).path("configuration");
        assertThat(c.path("proxyUrl").asText()).isEqualTo("http://proxy.example:3128");
        assertThat(c.path("proxyUserName").asText()).isEqualTo("user");
        assertThat(c.path("proxyPassword").asText()).isEqualTo("secret");
        JsonNode nucleus = file.path("services").path(GreengrassPluginConfig.NUCLEUS).path("configuration");
        assertThat(nucleus.path("networkProxy").path("proxy").path("url").asText()).isEqualTo("http://proxy.example:3128");
        assertThat(nucleus.path("mqtt").isMissingNode()).isTrue();
        assertThat(GreengrassPluginConfig.fromYaml(config.toYaml())).isEqualTo(config);
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void pluginConfig_withoutARequiredKey_namesIt() {
        String yaml = "services:\n  aws.greengrass.Nucleus:\n    version: 2.14.3\n"
                + "  aws.greengrass.FleetProvisioningByClaim:\n    configuration:\n      rootPath: /greengrass/v2\n";

        assertThatThrownBy(() -> GreengrassPluginConfig.fromYaml(yaml))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("awsRegion"));
    }
}
