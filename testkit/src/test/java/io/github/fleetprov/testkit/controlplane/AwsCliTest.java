package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.fleetprov.core.pki.Certificates;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI ({@code aws iot ... --endpoint-url}) drives LocalIotCore's control plane. Skipped where
 * the CLI is not installed, except in CI ({@code CI=true}), where a missing CLI fails the test.
 */
@ExtendWith(LocalIotCoreExtension.class)
class AwsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/FleetProvisioningRole";

    @TempDir
    static Path home;

    private static Path aws;

    @BeforeAll
    static void findCli() {
        Optional<Path> found = onPath("aws");
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail("The AWS CLI (aws) is not on PATH; CI must install it (pip install awscli).");
        }
        assumeTrue(found.isPresent(), "the AWS CLI (aws) is not on PATH");
        aws = found.get();
    }

    @Test
    void cli_createsTemplateFromFile_claim_keysAndCertificate_andDescribesCredentialsEndpoint(LocalIotCore core)
            throws Exception {
        String template = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Path body = Path.of(AwsCliTest.class.getResource("/controlplane/fleet-template.json").toURI());

        JsonNode created = cli(core, "create-provisioning-template", "--template-name", template,
                "--provisioning-role-arn", ROLE_ARN, "--template-body", "file://" + body, "--enabled");
        JsonNode claim = cli(core, "create-provisioning-claim", "--template-name", template);
        JsonNode keys = cli(core, "create-keys-and-certificate", "--set-as-active");
        JsonNode endpoint = cli(core, "describe-endpoint", "--endpoint-type", "iot:CredentialProvider");
        JsonNode described = cli(core, "describe-provisioning-template", "--template-name", template);

        assertThat(created.path("templateArn").asText()).isEqualTo(
                "arn:aws:iot:" + core.region() + ":" + core.accountId() + ":provisioningtemplate/" + template);
        assertThat(described.path("templateBody").asText()).isEqualTo(Files.readString(body));
        assertThat(described.path("enabled").asBoolean()).isTrue();

        X509Certificate claimCertificate = Pem.readCertificate(claim.path("certificatePem").asText());
        assertThat(Certificates.matches(claimCertificate, Pem.readPrivateKey(claim.path("keyPair").path("PrivateKey").asText())))
                .isTrue();
        assertThat(core.registry().findCertificate(claim.path("certificateId").asText()))
                .hasValueSatisfying(c -> assertThat(c.claimTemplateName()).contains(template));

        String certificateId = keys.path("certificateId").asText();
        assertThat(Certificates.awsCertificateId(Pem.readCertificate(keys.path("certificatePem").asText())))
                .isEqualTo(certificateId);
        assertThat(core.registry().describeCertificate(certificateId).status()).isEqualTo(CertificateStatus.ACTIVE);

        assertThat(endpoint.path("endpointAddress").asText()).isEqualTo(core.credentialsEndpoint());
    }

    @Test
    void cli_showsServiceErrorCode_forAMissingTemplate(LocalIotCore core) throws Exception {
        Result result = run(core, "describe-provisioning-template", "--template-name", "no-such-template");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("ResourceNotFoundException");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static JsonNode cli(LocalIotCore core, String... args) throws IOException, InterruptedException {
        Result result = run(core, args);
        assertThat(result.exitCode()).as("aws iot %s failed: %s", args[0], result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }

    private static Result run(LocalIotCore core, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "iot"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", core.controlPlaneEndpoint().toString(), "--region", core.region(),
                "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "AKIDLOCALCLI");
        env.put("AWS_SECRET_ACCESS_KEY", "local-cli-secret");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_MAX_ATTEMPTS", "1");
        Path out = Files.createTempFile(home, "out", ".json");
        Path err = Files.createTempFile(home, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("aws iot " + args[0] + " did not finish within 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
