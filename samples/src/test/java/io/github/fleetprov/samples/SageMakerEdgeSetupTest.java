package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.fleetprov.admin.AuthorizationFiles;
import io.github.fleetprov.samples.support.MotoServer;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class SageMakerEdgeSetupTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void run_writesTheAuthorizationFiles_fetchesCredentialsWithMtls_andUploadsToS3WhenMotoIsThere(LocalIotCore core,
            @TempDir Path dir) throws Exception {
        SageMakerEdgeSetup.Result result;
        try (Target target = Target.local(core)) {
            result = SageMakerEdgeSetup.run(target, Samples.uniqueSuffix(), Optional.empty(), Optional.empty(), dir, out);

            assertThat(core.registry().listThingPrincipals(result.thingName())).hasSize(1);
            assertThat(core.registry().describeThing(result.thingName()).thingTypeName())
                    .contains(result.thingTypeName());
            assertThat(core.registry().getPolicy(result.aliasPolicyName()).document())
                    .contains("iot:AssumeRoleWithCertificate");
            assertThat(result.credentialsExpiration()).isAfter(Instant.now());
            assertThat(result.files()).allMatch(Files::exists);
            assertThat(Files.readString(dir.resolve("public.pem.key"))).startsWith("-----BEGIN PUBLIC KEY-----");
            // the document's final layout: the three authorization files moved out of the working directory
            Path moved = dir.resolve("authorization-files");
            assertThat(result.files()).containsExactly(moved.resolve("device.pem.crt"), moved.resolve("private.pem.key"),
                    dir.resolve("public.pem.key"), moved.resolve("AmazonRootCA1.pem"));
            assertThat(Files.readString(moved.resolve("AmazonRootCA1.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(dir.resolve("device.pem.crt")).doesNotExist();
            assertThat(dir.resolve("private.pem.key")).doesNotExist();
            assertThat(dir.resolve("AmazonRootCA1.pem")).doesNotExist();
            String printedText = printed.toString(StandardCharsets.UTF_8);
            assertThat(printedText).doesNotContain("PRIVATE KEY").contains("SageMaker Edge Manager was discontinued");
            // In CI moto_server must be there (a missing one fails the run); elsewhere the upload is skipped.
            if (MotoServer.executable().isPresent() || "true".equals(System.getenv("CI"))) {
                assertThat(result.uploadedTo()).startsWith("moto s3://");
                assertThat(result.uploadedKeys()).containsExactly("authorization-files/" + AuthorizationFiles.CERTIFICATE_FILE,
                        "authorization-files/" + AuthorizationFiles.PRIVATE_KEY_FILE,
                        "authorization-files/" + AuthorizationFiles.ROOT_CA_FILE);
                assertThat(printedText.split("server-side encryption AES256", -1)).hasSize(4);
            } else {
                assertThat(result.uploadedTo()).isEmpty();
                assertThat(printedText).contains("S3 upload skipped");
            }

            SageMakerEdgeSetup.cleanUp(target, result, out);
        }
        assertThat(core.registry().findThing(result.thingName())).isEmpty();
        assertThat(core.registry().findCertificate(result.certificateId())).isEmpty();
    }
}
