package io.github.fleetprov.samples.greengrass;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.fleetprov.core.InvalidInputException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code config.yaml} that installs the AWS IoT Greengrass Core software with the AWS IoT fleet
 * provisioning plugin ({@code aws.greengrass.FleetProvisioningByClaim}): the plugin's configuration
 * parameters as "Configure the AWS IoT fleet provisioning plugin" (AWS IoT Greengrass V2 Developer
 * Guide, fleet-provisioning-configuration) lists them, and the {@code aws.greengrass.Nucleus}
 * section the installer reads beside it ("Install AWS IoT Greengrass Core software with AWS IoT
 * fleet provisioning", the configuration file example). A non-default MQTT port is given to the
 * nucleus as well ({@code mqtt.port}), and a proxy as the nucleus's {@code networkProxy.proxy}.
 *
 * <p>Immutable. {@link #toString()} never shows the proxy password.
 *
 * @param nucleusVersion the Greengrass nucleus version the installer installs
 * @param rootPath the Greengrass root folder
 * @param awsRegion the region the plugin provisions in
 * @param iotDataEndpoint the AWS IoT data endpoint (host name)
 * @param iotCredentialEndpoint the AWS IoT credentials endpoint
 * @param iotRoleAlias the role alias of the token exchange role
 * @param provisioningTemplate the fleet provisioning template name
 * @param claimCertificatePath the claim certificate file
 * @param claimCertificatePrivateKeyPath the claim private key file
 * @param rootCaPath the root CA file
 * @param templateParameters the template parameters (optional in the plugin; may be empty)
 * @param deviceId the MQTT client id, or {@code null} for the plugin's default (a random UUID)
 * @param mqttPort the MQTT port (the plugin's default is 8883)
 * @param proxyUrl the proxy URL ({@code http} or {@code https}), or {@code null}
 * @param proxyUserName the proxy user name, or {@code null}
 * @param proxyPassword the proxy password, or {@code null}
 */
public record GreengrassPluginConfig(String nucleusVersion, String rootPath, String awsRegion, String iotDataEndpoint,
        String iotCredentialEndpoint, String iotRoleAlias, String provisioningTemplate, String claimCertificatePath,
        String claimCertificatePrivateKeyPath, String rootCaPath, Map<String, String> templateParameters,
        String deviceId, int mqttPort, String proxyUrl, String proxyUserName, String proxyPassword) {

    /** The plugin's component name. */
    public static final String PLUGIN = "aws.greengrass.FleetProvisioningByClaim";
    /** The nucleus's component name. */
    public static final String NUCLEUS = "aws.greengrass.Nucleus";
    /** The plugin's default MQTT port. */
    public static final int DEFAULT_MQTT_PORT = 8883;

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.SPLIT_LINES).build()).build();

    /**
     * Checks the values: every path and name the plugin requires is given, the port is a TCP port, a
     * proxy URL is {@code http} or {@code https}.
     */
    public GreengrassPluginConfig {
        required("nucleusVersion", nucleusVersion);
        required("rootPath", rootPath);
        required("awsRegion", awsRegion);
        required("iotDataEndpoint", iotDataEndpoint);
        required("iotCredentialEndpoint", iotCredentialEndpoint);
        required("iotRoleAlias", iotRoleAlias);
        required("provisioningTemplate", provisioningTemplate);
        required("claimCertificatePath", claimCertificatePath);
        required("claimCertificatePrivateKeyPath", claimCertificatePrivateKeyPath);
        required("rootCaPath", rootCaPath);
        templateParameters = Map.copyOf(Objects.requireNonNull(templateParameters, "templateParameters"));
        if (mqttPort < 1 || mqttPort > 65535) {
            throw new InvalidInputException("mqttPort", mqttPort + " is not a TCP port", "Give 1 to 65535 (8883 by default).");
        }
        if (proxyUrl != null) {
            String scheme = URI.create(proxyUrl).getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new InvalidInputException("proxyUrl", "the scheme must be http or https",
                        "Write it as scheme://userinfo@host:port.");
            }
        } else if (proxyUserName != null || proxyPassword != null) {
            throw new InvalidInputException("proxyUrl", "is missing while a proxy user name or password is given",
                    "Give the proxy URL too, or no proxy settings.");
        }
    }

    private static void required(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(key, "is missing", "The fleet provisioning plugin needs " + key + "; give it.");
        }
    }

    /**
     * The device id, if one is set.
     *
     * @return the MQTT client id the plugin uses
     */
    public Optional<String> deviceIdValue() {
        return Optional.ofNullable(deviceId);
    }

    /**
     * The file: the nucleus section, then the plugin's configuration, keys in the documented order;
     * the optional keys only when they have a value.
     *
     * @return YAML text
     */
    public String toYaml() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode services = root.putObject("services");
        ObjectNode nucleus = services.putObject(NUCLEUS);
        nucleus.put("version", nucleusVersion);
        ObjectNode nucleusConfig = f.objectNode();
        if (mqttPort != DEFAULT_MQTT_PORT) {
            nucleusConfig.putObject("mqtt").put("port", mqttPort);
        }
        if (proxyUrl != null) {
            ObjectNode proxy = nucleusConfig.putObject("networkProxy").putObject("proxy");
            proxy.put("url", proxyUrl);
            if (proxyUserName != null) {
                proxy.put("username", proxyUserName);
            }
            if (proxyPassword != null) {
                proxy.put("password", proxyPassword);
            }
        }
        if (!nucleusConfig.isEmpty()) {
            nucleus.set("configuration", nucleusConfig);
        }
        ObjectNode c = services.putObject(PLUGIN).putObject("configuration");
        c.put("rootPath", rootPath);
        c.put("awsRegion", awsRegion);
        c.put("iotDataEndpoint", iotDataEndpoint);
        c.put("iotCredentialEndpoint", iotCredentialEndpoint);
        c.put("iotRoleAlias", iotRoleAlias);
        c.put("provisioningTemplate", provisioningTemplate);
        c.put("claimCertificatePath", claimCertificatePath);
        c.put("claimCertificatePrivateKeyPath", claimCertificatePrivateKeyPath);
        c.put("rootCaPath", rootCaPath);
        if (!templateParameters.isEmpty()) {
            ObjectNode params = c.putObject("templateParameters");
            new java.util.TreeMap<>(templateParameters).forEach(params::put);
        }
        if (deviceId != null) {
            c.put("deviceId", deviceId);
        }
        c.put("mqttPort", mqttPort);
        if (proxyUrl != null) {
            c.put("proxyUrl", proxyUrl);
        }
        if (proxyUserName != null) {
            c.put("proxyUserName", proxyUserName);
        }
        if (proxyPassword != null) {
            c.put("proxyPassword", proxyPassword);
        }
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    /**
     * Reads a {@code config.yaml} back, as the plugin reads it.
     *
     * @param yaml the file's text
     * @return the settings
     * @throws InvalidInputException naming the key that is missing or has the wrong type
     */
    public static GreengrassPluginConfig fromYaml(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(Objects.requireNonNull(yaml, "yaml"));
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("config.yaml", "is not YAML (" + e.getOriginalMessage() + ")",
                    "Write the file again.", e);
        }
        JsonNode services = root.path("services");
        JsonNode c = services.path(PLUGIN).path("configuration");
        if (!c.isObject()) {
            throw new InvalidInputException("services." + PLUGIN + ".configuration", "is missing",
                    "Give the plugin's configuration.");
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = c.path("templateParameters");
        if (!p.isMissingNode()) {
            if (!p.isObject()) {
                throw new InvalidInputException("templateParameters", "is not a map", "Write name: value pairs.");
            }
            p.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode port = c.path("mqttPort");
        if (!port.isMissingNode() && !port.canConvertToInt()) {
            throw new InvalidInputException("mqttPort", "is not a number", "Give the port as a number.");
        }
        return new GreengrassPluginConfig(text(services.path(NUCLEUS), "version"), text(c, "rootPath"),
                text(c, "awsRegion"), text(c, "iotDataEndpoint"), text(c, "iotCredentialEndpoint"),
                text(c, "iotRoleAlias"), text(c, "provisioningTemplate"), text(c, "claimCertificatePath"),
                text(c, "claimCertificatePrivateKeyPath"), text(c, "rootCaPath"), params, text(c, "deviceId"),
                port.isMissingNode() ? DEFAULT_MQTT_PORT : port.asInt(), text(c, "proxyUrl"),
                text(c, "proxyUserName"), text(c, "proxyPassword"));
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new InvalidInputException(key, "is not a single value", "Write " + key + ": <value>.");
        }
        return v.asText();
    }

    @Override
    public String toString() {
        return "GreengrassPluginConfig[template=" + provisioningTemplate + ", dataEndpoint=" + iotDataEndpoint
                + ":" + mqttPort + ", roleAlias=" + iotRoleAlias + ", rootPath=" + rootPath
                + (proxyUrl != null ? ", proxy=" + URI.create(proxyUrl).getHost() : "")
                + (proxyPassword != null ? ", proxyPassword=***" : "") + "]";
    }
}
