package io.github.fleetprov.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.testkit.TestClock;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.internal.controlplane.IotOperations;
import io.github.fleetprov.testkit.internal.registry.InMemoryIotRegistry;
import io.github.fleetprov.testkit.internal.registry.RegistrationTaskStore;
import io.github.fleetprov.testkit.internal.registry.RegistryTables;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;

/**
 * Bulk registration where no S3 endpoint is set, and a task the previous emulator left running:
 * neither needs moto_server.
 */
class RegistrationTaskWithoutS3Test {

    @Test
    void start_withoutAnS3Endpoint_answersInvalidRequestNamingTheSetting() {
        try (ControlPlaneFixture f = ControlPlaneFixture.start()) {
            assertThatThrownBy(() -> f.iot().startThingRegistrationTask(r -> r.templateBody("{\"Resources\":{}}")
                    .inputFileBucket("factory").inputFileKey("batch.json")
                    .roleArn("arn:aws:iam::123456789012:role/Bulk")))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequestException");
                        assertThat(e.getMessage()).contains("s3Endpoint").contains("--s3-endpoint");
                    });
            assertThat(f.iot().listThingRegistrationTasks(r -> { }).taskIds()).isEmpty();
        }
    }

    @Test
    void aTaskLeftRunningByAStoppedEmulator_isFailedWhenTheNextOneStarts() {
        TestClock clock = TestClock.system();
        RegistryTables tables = new RegistryTables();
        InMemoryIotRegistry registry = new InMemoryIotRegistry("aws", "us-east-1", "123456789012", clock,
                EventLog.create(clock), tables);
        RegistrationTaskStore.Task running = registry.registrationTasks().start("{}", "factory", "batch.json",
                "arn:aws:iam::123456789012:role/Bulk");

        new IotOperations(registry, CertificateAuthority.create("restart"), KeyAlgorithm.EC_P256,
                type -> Optional.empty(), (request, ops) -> null);

        RegistrationTaskStore.Task after = registry.registrationTasks().find(running.taskId()).orElseThrow();
        assertThat(after.status()).isEqualTo(RegistrationTaskStore.Status.FAILED);
        assertThat(after.message()).contains("stopped while this task ran");
    }
}
