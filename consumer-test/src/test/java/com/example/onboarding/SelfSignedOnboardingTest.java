package com.example.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fleetprov.testkit.LocalIotCore;
import io.github.fleetprov.testkit.LocalIotCoreExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;

@ExtendWith(LocalIotCoreExtension.class)
class SelfSignedOnboardingTest {

    @Test
    void onboardedDevice_connectsWithItsCertificate_andReceivesItsOwnTelemetry(LocalIotCore core) throws Exception {
        String deviceId = "consumer-" + UUID.randomUUID().toString().substring(0, 8);
        try (IotClient iot = IotClient.builder()
                .region(Region.of(core.region()))
                .endpointOverride(core.controlPlaneEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDLOCALTEST", "local-test-secret")))
                .build()) {
            SelfSignedOnboarding onboarding = new SelfSignedOnboarding(iot, core.region(), core.accountId());

            SelfSignedOnboarding.Onboarded device = onboarding.onboard(deviceId);
            String echo = SelfSignedOnboarding.publishAndReceive(device, core.mqttHost(), core.mqttPort(),
                    core.caCertificatePem(), "{\"temperature\":20}");

            assertEquals("{\"temperature\":20}", echo);
            assertTrue(core.registry().findThing(deviceId).isPresent(), "the thing is in the emulator's registry");
        }
    }
}
