package io.github.fleetprov.samples;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalIotCoreExtension.class)
class GreengrassFleetSetupTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void run_setsUpTheFleet_andACoreDeviceProvisionsAndGetsCredentialsThroughTheAlias(LocalIotCore core,
            @TempDir Path dir) throws Exception {
        GreengrassFleetSetup.Result result;
        try (Target target = Target.local(core)) {
            result = GreengrassFleetSetup.run(target, Samples.uniqueSuffix(), dir, out);

            assertThat(core.registry().describeRoleAlias(result.roleAliasName()).roleArn())
                    .endsWith(":role/" + result.tokenExchangeRoleName());
            assertThat(core.registry().getPolicy(result.thingPolicyName()).document())
                    .contains("iot:AssumeRoleWithCertificate").contains(result.roleAliasArn())
                    .contains("greengrass:*");
            assertThat(core.registry().findThing(result.coreDevice().thingName())).isPresent();
            assertThat(result.credentialsExpiration()).isAfter(Instant.now());
            assertThat(Files.readString(dir.resolve("config.yaml")))
                    .contains("iotRoleAlias: " + result.roleAliasName())
                    .contains("provisioningTemplate: " + result.templateName());
            assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("PRIVATE KEY");

            GreengrassFleetSetup.cleanUp(target, result, out);
        }
        assertThat(core.registry().findThing(result.coreDevice().thingName())).isEmpty();
        assertThat(core.registry().findProvisioningTemplate(result.templateName())).isEmpty();
        assertThat(core.registry().findPolicy(result.thingPolicyName())).isEmpty();
    }
}
