package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.KeyPairs;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.core.pki.SelfSignedCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * The registry, policy, role alias and endpoint facades against a real server. The same tests run
 * against moto_server and against the testkit; only the endpoints differ.
 */
abstract class RegistryContractTest {

    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:client/%s\"}]}";

    IotClient iot;
    IamClient iam;
    DeviceRegistryAdmin registry;
    RoleAliasAdmin aliases;
    String id;

    /** @return the IoT control plane endpoint */
    abstract URI iotEndpoint();

    /** @return the IAM endpoint */
    abstract URI iamEndpoint();

    @BeforeEach
    void clients() {
        iot = AwsStubs.iot(iotEndpoint());
        iam = AwsStubs.iam(iamEndpoint());
        registry = DeviceRegistryAdmin.create(iot);
        aliases = RoleAliasAdmin.create(iot, iam);
        id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @AfterEach
    void close() {
        iot.close();
        iam.close();
    }

    @Test
    void thingLifecycle_createDescribeDelete() {
        IotThing thing = registry.createThing(ThingSpec.named("dev-" + id).withThingType("sensor-" + id)
                .withAttribute("serial", id));

        assertThat(thing.arn()).endsWith(":thing/dev-" + id);
        assertThat(registry.describeThing("dev-" + id)).hasValueSatisfying(t -> {
            assertThat(t.thingTypeName()).isEqualTo("sensor-" + id);
            assertThat(t.attributes()).containsEntry("serial", id);
        });
        assertThat(registry.deleteThing("dev-" + id)).isTrue();
        assertThat(registry.describeThing("dev-" + id)).isEmpty();
        assertThat(registry.deleteThing("dev-" + id)).isFalse();
    }

    /**
     * Skips a test on a server that does not implement an operation it needs (the testkit's
     * control plane serves a subset of AWS IoT and IAM).
     */
    static void assumeImplemented(String operation, Runnable probe) {
        try {
            probe.run();
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if ("UnknownOperationException".equals(code) || "InvalidAction".equals(code)) {
                org.junit.jupiter.api.Assumptions.abort("this server does not implement " + operation);
            }
        }
    }

    void assumeListPrincipalThings() {
        assumeImplemented("ListPrincipalThings", () -> iot.listPrincipalThings(r -> r.principal(
                "arn:aws:iot:us-east-1:123456789012:cert/" + "0".repeat(64))));
    }

    @Test
    void selfSignedCertificate_registeredWithoutCa_attachedThenDeletedWithDetach() {
        assumeListPrincipalThings();
        X509Certificate cert = SelfSignedCertificates.create(KeyPairs.generate(), "dev-" + id, Duration.ofDays(30));
        IotCertificate registered = registry.registerCertificateWithoutCa(Pem.certificateToPem(cert),
                CertificateStatus.ACTIVE);
        registry.createThing(ThingSpec.named("dev-" + id));
        registry.attachPrincipal("dev-" + id, registered.arn());
        registry.ensurePolicy("pol-" + id, POLICY.formatted("dev-" + id));
        registry.attachPolicy("pol-" + id, registered.arn());

        assertThat(registry.principals("dev-" + id)).containsExactly(registered.arn());
        assertThat(registry.describeCertificate(registered.id())).hasValueSatisfying(
                c -> assertThat(c.status()).isEqualTo(CertificateStatus.ACTIVE));
        assertThat(registry.deleteCertificate(registered.id())).isTrue();
        assertThat(registry.describeCertificate(registered.id())).isEmpty();
        assertThat(registry.principals("dev-" + id)).isEmpty();
        assertThat(registry.deletePolicy("pol-" + id)).isTrue();
        assertThat(registry.deleteThing("dev-" + id)).isTrue();
    }

    @Test
    void certificateStatus_deactivateThenRevoke() {
        X509Certificate cert = SelfSignedCertificates.create(KeyPairs.generate(), "dev-" + id, Duration.ofDays(30));
        IotCertificate registered = registry.registerCertificateWithoutCa(Pem.certificateToPem(cert),
                CertificateStatus.INACTIVE);

        registry.activate(registered.id());
        assertThat(registry.describeCertificate(registered.id()).orElseThrow().status()).isEqualTo(CertificateStatus.ACTIVE);
        registry.deactivate(registered.id());
        assertThat(registry.describeCertificate(registered.id()).orElseThrow().status()).isEqualTo(CertificateStatus.INACTIVE);
        registry.revoke(registered.id());
        assertThat(registry.describeCertificate(registered.id()).orElseThrow().status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(registry.deleteCertificate(registered.id())).isTrue();
    }

    @Test
    void createKeysAndCertificate_toFiles_writesPemsThatMatch(@TempDir Path dir) throws Exception {
        IotCertificate cert = registry.createKeysAndCertificate(dir.resolve("device.pem.crt"),
                dir.resolve("private.pem.key"), true);

        assertThat(Files.readString(dir.resolve("device.pem.crt"))).contains("BEGIN CERTIFICATE");
        assertThat(Files.readString(dir.resolve("private.pem.key"))).contains("PRIVATE KEY");
        assertThat(registry.describeCertificate(cert.id())).isPresent();
        assertThat(registry.deleteCertificate(cert.id())).isTrue();
    }

    @Test
    void ensurePolicy_isIdempotentAndKeepsAtMostFiveVersions() {
        String name = "pol-" + id;
        assertThat(registry.ensurePolicy(name, POLICY.formatted("a")).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(registry.ensurePolicy(name, POLICY.formatted("a")).outcome()).isEqualTo(Outcome.UNCHANGED);

        EnsuredPolicy last = null;
        for (int i = 0; i < 6; i++) {
            last = registry.ensurePolicy(name, POLICY.formatted("v" + i));
            assertThat(last.outcome()).isEqualTo(Outcome.UPDATED);
        }

        String finalVersion = last.defaultVersionId();
        assertThat(iot.listPolicyVersions(r -> r.policyName(name)).policyVersions()).hasSizeLessThanOrEqualTo(5)
                .anySatisfy(v -> {
                    assertThat(v.isDefaultVersion()).isTrue();
                    assertThat(v.versionId()).isEqualTo(finalVersion);
                });
        assertThat(iot.getPolicy(r -> r.policyName(name)).policyDocument()).contains("client/v5");
        assertThat(registry.deletePolicy(name)).isTrue();
    }

    @Test
    void deletePolicy_whileAttached_failsWithDeleteConflict() {
        X509Certificate cert = SelfSignedCertificates.create(KeyPairs.generate(), "dev-" + id, Duration.ofDays(30));
        IotCertificate registered = registry.registerCertificateWithoutCa(Pem.certificateToPem(cert),
                CertificateStatus.ACTIVE);
        registry.ensurePolicy("pol-" + id, POLICY.formatted("x"));
        registry.attachPolicy("pol-" + id, registered.arn());

        assertThatThrownBy(() -> registry.deletePolicy("pol-" + id))
                .isInstanceOf(AwsCallException.class)
                .hasMessageContaining("DeleteConflictException");
        registry.deleteCertificate(registered.id());
        assertThat(registry.deletePolicy("pol-" + id)).isTrue();
    }

    @Test
    void tokenExchangeRoleAliasAndAliasPolicy_areIdempotentAndRemovable() {
        assumeImplemented("IAM GetRolePolicy", () -> iam.getRolePolicy(r -> r.roleName("none").policyName("none")));
        String access = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"s3:GetObject\",\"Resource\":\"*\"}]}";
        EnsuredResource role = aliases.ensureTokenExchangeRole("tx-" + id, access);
        EnsuredResource alias = aliases.ensureRoleAlias("alias-" + id, role.arn(), Duration.ofMinutes(30));
        EnsuredPolicy policy = aliases.ensureAliasPolicy("aliaspol-" + id, alias.arn());

        assertThat(role.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(alias.arn()).endsWith(":rolealias/alias-" + id);
        assertThat(aliases.ensureTokenExchangeRole("tx-" + id, access).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(aliases.ensureRoleAlias("alias-" + id, role.arn(), Duration.ofMinutes(30)).outcome())
                .isEqualTo(Outcome.UNCHANGED);
        assertThat(aliases.ensureAliasPolicy("aliaspol-" + id, alias.arn()).outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(iot.getPolicy(r -> r.policyName(policy.name())).policyDocument())
                .contains("iot:AssumeRoleWithCertificate").contains(alias.arn());
        assertThat(aliases.credentialsUrl("alias-" + id).toString())
                .startsWith("https://").endsWith("/role-aliases/alias-" + id + "/credentials");
        assertThat(aliases.dataEndpoint()).isNotBlank();

        assertThat(registry.deletePolicy(policy.name())).isTrue();
        assertThat(aliases.deleteRoleAlias("alias-" + id)).isTrue();
        assertThat(aliases.deleteRoleAlias("alias-" + id)).isFalse();
        assertThat(aliases.deleteRole("tx-" + id)).isTrue();
        assertThat(aliases.deleteRole("tx-" + id)).isFalse();
    }

    @Test
    void onboard_throughRateLimitedClient_registersEveryDeviceAndReportsTheDuplicate() {
        registry.ensurePolicy("pol-" + id, POLICY.formatted("*"));
        java.util.List<DeviceOnboarding> devices = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            devices.add(new DeviceOnboarding("dev-" + id + "-" + i, Pem.certificateToPem(
                    SelfSignedCertificates.create(KeyPairs.generate(), "dev-" + id + "-" + i, Duration.ofDays(30)))));
        }
        devices.add(new DeviceOnboarding("dev-" + id + "-dup", devices.get(0).certificatePem()));

        OnboardingReport report;
        try (IotClient limited = IotClient.builder().endpointOverride(iotEndpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(AwsStubs.dummyCredentials())
                .overrideConfiguration(AwsRetries.clientOverrides(ApiRateLimiter.awsPublishedDefaults())).build()) {
            report = DeviceRegistryAdmin.create(limited).onboard(devices, "pol-" + id, 3);
        }

        assertThat(report.succeeded()).isEqualTo(5);
        assertThat(report.failed()).containsOnlyKeys("dev-" + id + "-dup");
        assertThat(report.failed().get("dev-" + id + "-dup")).startsWith("RegisterCertificateWithoutCA: ");
        for (int i = 0; i < 5; i++) {
            assertThat(registry.principals("dev-" + id + "-" + i)).hasSize(1);
        }
    }

    @Test
    void onboard_whenConcurrencyZero_throwsNamingField() {
        assertThatThrownBy(() -> registry.onboard(java.util.List.of(), "p", 0))
                .isInstanceOf(io.github.fleetprov.core.InvalidInputException.class)
                .hasMessageContaining("concurrency: must be 1 to 256");
    }
}
