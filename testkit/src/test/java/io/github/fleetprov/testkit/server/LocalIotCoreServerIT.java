package io.github.fleetprov.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.Subject;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the built distribution ({@code target/local-iot-core/bin/local-iot-core}) as a separate OS
 * process and drives it with clients no one here wrote: the AWS CLI, boto3, mosquitto clients over
 * MQTT 5 and curl; then restarts it on the same data directory after SIGTERM and after kill -9.
 *
 * <p>The AWS CLI, boto3, mosquitto clients and curl are required in CI ({@code CI=true}); elsewhere a
 * missing tool skips the tests that need it.
 */
class LocalIotCoreServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path launcher;

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void findDistribution() {
        Path home = Path.of(System.getProperty("localIotCore.home", "target/local-iot-core"));
        launcher = home.resolve("bin").resolve("local-iot-core");
        assertThat(launcher).as("the distribution is built by `package` before the integration tests").isExecutable();
    }

    @AfterEach
    void killLeftovers() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
    }

    // ------------------------------------------------------------------ the scenario

    @Test
    void cliBoto3MosquittoAndCurl_provisionAndConnect_andEverythingSurvivesSigtermAndKill9() throws Exception {
        requireTool("aws", "the AWS CLI (pip install awscli)");
        requirePython("boto3", "boto3 (pip install boto3)");
        requireTool("mosquitto_rr", "mosquitto-clients (apt-get install mosquitto-clients)");
        requireTool("mosquitto_pub", "mosquitto-clients (apt-get install mosquitto-clients)");
        requireTool("curl", "curl");
        Path data = work.resolve("data");
        Path envFile = work.resolve("local.env");
        Server server = start(data, envFile);
        Map<String, String> env = server.env;
        String id = UUID.randomUUID().toString().substring(0, 6);
        String region = env.get("AWS_REGION");
        String account = "123456789012";

        // AWS CLI: the Greengrass fleet provisioning setup.
        String provisioningRole = "GGFleetProvisioningRole-" + id;
        String tokenRole = "GGV2TokenExchangeRole-" + id;
        String alias = "GGV2TokenExchangeRoleAlias-" + id;
        String template = "GGFleetTemplate-" + id;
        String claimPolicy = "GGFleetClaimPolicy-" + id;
        String aliasArn = "arn:aws:iot:" + region + ":" + account + ":rolealias/" + alias;
        JsonNode role = aws(env, "iam", "create-role", "--role-name", provisioningRole, "--assume-role-policy-document",
                trust("iot.amazonaws.com"));
        aws(env, "iam", "attach-role-policy", "--role-name", provisioningRole, "--policy-arn",
                "arn:aws:iam::aws:policy/service-role/AWSIoTThingsRegistration");
        JsonNode token = aws(env, "iam", "create-role", "--role-name", tokenRole, "--assume-role-policy-document",
                trust("credentials.iot.amazonaws.com"));
        aws(env, "iot", "create-policy", "--policy-name", "GreengrassV2IoTThingPolicy", "--policy-document",
                greengrassPolicy(aliasArn));
        Path templateBody = resource("greengrass-template.json");
        aws(env, "iot", "create-thing-group", "--thing-group-name", "GreengrassFleet");
        JsonNode created = aws(env, "iot", "create-provisioning-template", "--template-name", template,
                "--provisioning-role-arn", role.path("Role").path("Arn").asText(), "--template-body",
                "file://" + templateBody, "--enabled");
        aws(env, "iot", "create-policy", "--policy-name", claimPolicy, "--policy-document",
                claimPolicy(region, account, template));
        Path claimCert = work.resolve("claim.pem.crt");
        Path claimKey = work.resolve("claim.private.pem.key");
        JsonNode claim = aws(env, "iot", "create-keys-and-certificate", "--set-as-active",
                "--certificate-pem-outfile", claimCert.toString(), "--private-key-outfile", claimKey.toString());
        aws(env, "iot", "attach-policy", "--policy-name", claimPolicy, "--target", claim.path("certificateArn").asText());
        assertThat(created.path("templateArn").asText())
                .isEqualTo("arn:aws:iot:" + region + ":" + account + ":provisioningtemplate/" + template);

        // boto3: thing type, thing, keys and certificate, attach, role alias, DescribeEndpoint.
        String botoThing = "boto3-sensor-" + id;
        JsonNode boto = json(run(env, TOOL_TIMEOUT, "python3", resource("boto3_setup.py").toString(), "boto3-type-" + id,
                botoThing, "GreengrassV2IoTThingPolicy", token.path("Role").path("Arn").asText(), alias, work.toString()));
        assertThat(boto.path("dataEndpoint").asText()).isEqualTo(env.get("FLEETPROV_MQTT_HOST"));
        assertThat(boto.path("credentialsEndpoint").asText()).isEqualTo(env.get("FLEETPROV_CREDENTIALS_ENDPOINT"));
        assertThat(boto.path("roleAliasArn").asText()).isEqualTo(aliasArn);
        assertThat(boto.path("principals").get(0).asText()).isEqualTo(boto.path("certificateArn").asText());

        // mosquitto over MQTT 5 with the claim certificate: CreateKeysAndCertificate, RegisterThing.
        String device = "gg-core-" + id;
        JsonNode keys = json(mosquittoRr(env, claimCert, claimKey, "claim-" + id, "$aws/certificates/create/json", "{}"));
        String certificateId = keys.path("certificateId").asText();
        Path deviceCert = work.resolve(device + ".crt");
        Path deviceKey = work.resolve(device + ".key");
        Files.writeString(deviceCert, keys.path("certificatePem").asText());
        Files.writeString(deviceKey, keys.path("privateKey").asText());
        Files.setPosixFilePermissions(deviceKey, PosixFilePermissions.fromString("rw-------"));
        String request = JSON.createObjectNode()
                .put("certificateOwnershipToken", keys.path("certificateOwnershipToken").asText())
                .set("parameters", JSON.createObjectNode().put("ThingName", device).put("ThingGroupName", "GreengrassFleet"))
                .toString();
        // A client id of its own: AWS IoT Core (and LocalIotCore) refuse a second CONNECT of one client id
        // within a second, and mosquitto_rr connects anew for each request.
        JsonNode registered = json(mosquittoRr(env, claimCert, claimKey, "claim-" + id + "-register",
                "$aws/provisioning-templates/" + template + "/provision/json", request));
        assertThat(registered.path("thingName").asText()).isEqualTo(device);

        // The new certificate connects and publishes, and fetches credentials with curl.
        assertThat(mosquittoPub(env, deviceCert, deviceKey, device)).isZero();
        JsonNode credentials = curlCredentials(env, deviceCert, deviceKey, alias, device);
        assertThat(credentials.path("credentials").path("accessKeyId").asText()).startsWith("ASIA");
        assertThat(Instant.parse(credentials.path("credentials").path("expiration").asText())).isAfter(Instant.now());

        List<String> things = List.of(device, botoThing);
        List<String> certificates = List.of(certificateId, claim.path("certificateId").asText(),
                boto.path("certificateId").asText());

        // Restart after SIGTERM: a clean stop, then everything is still there.
        assertThat(server.stop()).as("exit status after SIGTERM").isZero();
        server = start(data, envFile);
        assertSurvived(server.env, things, certificates, template, alias, tokenRole, deviceCert, deviceKey, device);

        // A change right before kill -9 is kept too: it was acknowledged.
        aws(server.env, "iot", "create-thing", "--thing-name", "acknowledged-before-kill-" + id);
        server.kill9();
        server = start(data, envFile);
        List<String> withLast = new ArrayList<>(things);
        withLast.add("acknowledged-before-kill-" + id);
        assertSurvived(server.env, withLast, certificates, template, alias, tokenRole, deviceCert, deviceKey, device);
        assertThat(server.stop()).isZero();
    }

    private void assertSurvived(Map<String, String> env, List<String> things, List<String> certificates, String template,
            String alias, String tokenRole, Path deviceCert, Path deviceKey, String device) throws Exception {
        for (String thing : things) {
            assertThat(aws(env, "iot", "describe-thing", "--thing-name", thing).path("thingName").asText()).isEqualTo(thing);
        }
        for (String id : certificates) {
            assertThat(aws(env, "iot", "describe-certificate", "--certificate-id", id)
                    .path("certificateDescription").path("status").asText()).isEqualTo("ACTIVE");
        }
        assertThat(aws(env, "iot", "describe-provisioning-template", "--template-name", template).path("enabled").asBoolean())
                .isTrue();
        assertThat(aws(env, "iot", "describe-role-alias", "--role-alias", alias).path("roleAliasDescription")
                .path("roleArn").asText()).endsWith(":role/" + tokenRole);
        assertThat(aws(env, "iam", "get-role", "--role-name", tokenRole).path("Role").path("RoleName").asText())
                .isEqualTo(tokenRole);
        assertThat(mosquittoPub(env, deviceCert, deviceKey, device)).as("the provisioned certificate still connects").isZero();
        assertThat(curlCredentials(env, deviceCert, deviceKey, alias, device).path("credentials").path("accessKeyId").asText())
                .startsWith("ASIA");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void unknownOption_exitsWithStatus2AndOneLine() throws Exception {
        Result r = runLauncher("--mqtt-prot", "1883");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.stderr.strip()).doesNotContain("\n").contains("unknown option '--mqtt-prot'").contains("--help");
        assertThat(r.stderr).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void help_listsEveryOptionWithItsDefault() throws Exception {
        Result r = runLauncher("--help");
        assertThat(r.exit).isZero();
        assertThat(r.stdout).contains("--mqtt-port PORT").contains("(default: 8883)").contains("(default: 4580)")
                .contains("(default: 4581)").contains("(default: 4582)").contains("(default: 127.0.0.1)")
                .contains("--data-dir DIR").contains("--env-file FILE").contains("--ca-cert FILE").contains("--log-events");
    }

    @Test
    void portInUse_exitsWithStatus2NamingThePortAndTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result r = runLauncher("--control-plane-port", String.valueOf(taken.getLocalPort()), "--mqtt-port", "0",
                    "--iam-port", "0", "--credentials-port", "0");
            assertThat(r.exit).isEqualTo(2);
            assertThat(r.stderr.strip()).doesNotContain("\n")
                    .contains("port " + taken.getLocalPort() + " (--control-plane-port)").contains("in use");
        }
    }

    @Test
    void unreadableDataDir_exitsWithStatus2() throws Exception {
        Path file = Files.writeString(work.resolve("not-a-dir"), "x");
        Result r = runLauncher("--data-dir", file.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.stderr.strip()).doesNotContain("\n").contains("--data-dir " + file).contains("is not a directory");
    }

    @Test
    void caKeyThatDoesNotMatchTheCertificate_exitsWithStatus2() throws Exception {
        CertificateAuthority one = CertificateAuthority.create("one");
        CertificateAuthority two = CertificateAuthority.create(Subject.ofCommonName("two"), KeyAlgorithm.EC_P256,
                Duration.ofDays(1));
        Path cert = Files.writeString(work.resolve("ca.pem"), one.certificatePem());
        Path key = Files.writeString(work.resolve("ca-key.pem"), Pem.privateKeyToPem(two.privateKey()));
        Result r = runLauncher("--ca-cert", cert.toString(), "--ca-key", key.toString());
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.stderr.strip()).doesNotContain("\n").contains("--ca-cert " + cert).contains("--ca-key " + key);
        Path garbage = Files.writeString(work.resolve("garbage.pem"), "not a certificate");
        Result g = runLauncher("--ca-cert", garbage.toString(), "--ca-key", key.toString());
        assertThat(g.exit).isEqualTo(2);
        assertThat(g.stderr.strip()).doesNotContain("\n").contains("holds no PEM certificate");
    }

    @Test
    void dataDirOfANewerFormat_isRefusedSayingSo_andATornRecordIsDroppedWithAWarning() throws Exception {
        requireTool("aws", "the AWS CLI (pip install awscli)");
        Path data = work.resolve("data");
        Server server = start(data, work.resolve("e.env"));
        aws(server.env, "iot", "create-thing", "--thing-name", "kept");
        aws(server.env, "iot", "create-thing", "--thing-name", "torn");
        server.kill9();
        Path journal = journalFile(data);
        try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
            raf.setLength(raf.length() - 2);
        }
        server = start(data, work.resolve("e.env"));
        assertThat(server.stderr()).contains("dropped a record cut short");
        assertThat(aws(server.env, "iot", "describe-thing", "--thing-name", "kept").path("thingName").asText())
                .isEqualTo("kept");
        Result torn = exec(List.of("aws", "iot", "describe-thing", "--thing-name", "torn"), toolEnv(server.env), TOOL_TIMEOUT);
        assertThat(torn.exit).isNotZero();
        assertThat(torn.stderr).contains("ResourceNotFoundException");
        assertThat(server.stop()).isZero();

        try (RandomAccessFile raf = new RandomAccessFile(journalFile(data).toFile(), "rw")) {
            raf.seek(4);
            raf.writeInt(99);
        }
        Result r = runLauncher("--data-dir", data.toString(), "--mqtt-port", "0", "--control-plane-port", "0",
                "--iam-port", "0", "--credentials-port", "0");
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.stderr.strip()).doesNotContain("\n").contains("newer format version (99)");
    }

    private static Path journalFile(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("registry"))) {
            return files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
    }

    // ------------------------------------------------------------------ the server process

    private final class Server {
        final Process process;
        final Map<String, String> env;
        final Path stderrFile;

        Server(Process process, Map<String, String> env, Path stderrFile) {
            this.process = process;
            this.env = env;
            this.stderrFile = stderrFile;
        }

        String stderr() throws IOException {
            return Files.readString(stderrFile);
        }

        int stop() throws Exception {
            new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).start().waitFor();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(stderr()).contains("stopped in");
            return process.exitValue();
        }

        void kill9() throws Exception {
            new ProcessBuilder("kill", "-KILL", String.valueOf(process.pid())).start().waitFor();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private Server start(Path dataDir, Path envFile) throws Exception {
        Files.deleteIfExists(envFile);
        Path out = Files.createTempFile(work, "server", ".out");
        Path err = Files.createTempFile(work, "server", ".err");
        // Port 0: free ports, so that parallel builds on one machine do not collide; the env file names them.
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--data-dir", dataDir.toString(), "--env-file",
                envFile.toString(), "--mqtt-port", "0", "--control-plane-port", "0", "--iam-port", "0",
                "--credentials-port", "0", "--log-events")
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        processes.add(p);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Path json = envFile.resolveSibling(envFile.getFileName().toString().replace(".env", ".json"));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                fail("local-iot-core exited with " + p.exitValue() + ": " + Files.readString(err));
            }
            if (Files.exists(json)) {
                Map<String, String> env = new HashMap<>();
                JSON.readTree(json.toFile()).properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
                // The banner follows the health URL by a moment: wait for both.
                if (healthy(env.get("AWS_ENDPOINT_URL_IOT")) && Files.readString(out).contains("LocalIotCore ready in")) {
                    return new Server(p, env, err);
                }
            }
            Thread.sleep(200);
        }
        fail("local-iot-core did not answer its health URL within " + START_TIMEOUT + ": " + Files.readString(err));
        return null;
    }

    private static boolean healthy(String controlPlane) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(controlPlane + "/_fleetprov/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("ok");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Result runLauncher(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(List.of(args));
        return exec(cmd, Map.of(), START_TIMEOUT);
    }

    // ------------------------------------------------------------------ the clients

    private JsonNode aws(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("aws"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--output", "json"));
        return json(run(env, TOOL_TIMEOUT, cmd.toArray(String[]::new)));
    }

    private String mosquittoRr(Map<String, String> env, Path cert, Path key, String clientId, String topic, String payload)
            throws Exception {
        return run(env, TOOL_TIMEOUT, "mosquitto_rr", "-V", "mqttv5", "-h", env.get("FLEETPROV_MQTT_HOST"), "-p",
                env.get("FLEETPROV_MQTT_PORT"), "--cafile", env.get("FLEETPROV_CA_FILE"), "--cert", cert.toString(),
                "--key", key.toString(), "-i", clientId, "-q", "1", "-t", topic, "-e", topic + "/accepted", "-m", payload,
                "-W", "60");
    }

    private int mosquittoPub(Map<String, String> env, Path cert, Path key, String clientId) throws Exception {
        Result r = exec(List.of("mosquitto_pub", "-V", "mqttv5", "-h", env.get("FLEETPROV_MQTT_HOST"), "-p",
                env.get("FLEETPROV_MQTT_PORT"), "--cafile", env.get("FLEETPROV_CA_FILE"), "--cert", cert.toString(),
                "--key", key.toString(), "-i", clientId, "-q", "1", "-t", "greengrass/" + clientId + "/hello",
                "-m", "{\"hello\":1}"), toolEnv(env), TOOL_TIMEOUT);
        return r.exit;
    }

    private JsonNode curlCredentials(Map<String, String> env, Path cert, Path key, String alias, String thing)
            throws Exception {
        return json(run(env, TOOL_TIMEOUT, "curl", "-sS", "--fail-with-body", "--cacert", env.get("FLEETPROV_CA_FILE"),
                "--cert", cert.toString(), "--key", key.toString(), "-H", "x-amzn-iot-thingname: " + thing,
                "https://" + env.get("FLEETPROV_CREDENTIALS_ENDPOINT") + "/role-aliases/" + alias + "/credentials"));
    }

    private String run(Map<String, String> env, Duration timeout, String... cmd) throws Exception {
        Result r = exec(List.of(cmd), toolEnv(env), timeout);
        assertThat(r.exit).as("%s failed: %s", String.join(" ", cmd).replaceAll("-----BEGIN[^']*", "..."), r.stderr)
                .isZero();
        return r.stdout;
    }

    /** The env file's variables, dummy credentials, and no user configuration that could point elsewhere. */
    private Map<String, String> toolEnv(Map<String, String> env) {
        Map<String, String> e = new HashMap<>(env);
        e.put("AWS_ACCESS_KEY_ID", "test");
        e.put("AWS_SECRET_ACCESS_KEY", "test");
        e.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        e.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
        e.put("AWS_PAGER", "");
        return e;
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result exec(List<String> cmd, Map<String, String> env, Duration timeout) throws Exception {
        Path out = Files.createTempFile(work, "tool", ".out");
        Path err = Files.createTempFile(work, "tool", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("AWS_PROFILE");
        pb.environment().remove("AWS_ENDPOINT_URL");
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail(cmd.get(0) + " did not finish within " + timeout + ": " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static Path resource(String name) throws Exception {
        return Path.of(LocalIotCoreServerIT.class.getResource("/server/" + name).toURI());
    }

    private static String trust(String service) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + service
                + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static String greengrassPolicy(String aliasArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\","
                + "\"iot:Subscribe\",\"iot:Receive\",\"iot:Connect\",\"greengrass:*\"],\"Resource\":[\"*\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":\"" + aliasArn + "\"}]}";
    }

    private static String claimPolicy(String region, String account, String template) {
        String p = "arn:aws:iot:" + region + ":" + account + ":";
        String t = "$aws/provisioning-templates/" + template + "/provision/json";
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":["
                + "\"" + p + "topic/$aws/certificates/create/*\",\"" + p + "topic/" + t + "*\"]},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":["
                + "\"" + p + "topicfilter/$aws/certificates/create/*\",\"" + p + "topicfilter/" + t + "*\"]}]}";
    }

    // ------------------------------------------------------------------ tools

    private static void requireTool(String name, String what) {
        boolean found = onPath(name).isPresent();
        if (!found && "true".equals(System.getenv("CI"))) {
            fail(name + " is not on PATH; CI must install " + what + ".");
        }
        assumeTrue(found, name + " is not on PATH");
    }

    private static void requirePython(String module, String what) throws Exception {
        boolean found = onPath("python3").isPresent()
                && new ProcessBuilder("python3", "-c", "import " + module).start().waitFor() == 0;
        if (!found && "true".equals(System.getenv("CI"))) {
            fail("python3 cannot import " + module + "; CI must install " + what + ".");
        }
        assumeTrue(found, "python3 with " + module + " is not installed");
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
