package io.github.fleetprov.testkit.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.internal.iam.IamState;
import io.github.fleetprov.testkit.internal.persistence.DataDirectoryException;
import io.github.fleetprov.testkit.internal.persistence.Journal;
import io.github.fleetprov.testkit.internal.persistence.RegistryPersistence;
import io.github.fleetprov.testkit.internal.registry.InMemoryIotRegistry;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.IotRegistry;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import io.github.fleetprov.testkit.registry.RegistryException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import io.github.fleetprov.testkit.registry.CaCertificate;
import io.github.fleetprov.testkit.registry.CaRegistrationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryPersistenceTest {

    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";
    private static final String TEMPLATE = "{\"Parameters\":{\"SerialNumber\":{\"Type\":\"String\"}},"
            + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"SerialNumber\"}}}}}";
    private static final CertificateAuthority CA = CertificateAuthority.create("persistence test CA");

    @TempDir
    Path dir;

    /** One emulator's registry and IAM, as LocalIotCore builds them. */
    private static final class State implements AutoCloseable {
        final IotRegistry registry = IotRegistry.inMemory("aws", "us-east-1", "123456789012", Clock.systemUTC(),
                EventLog.create(Clock.systemUTC()));
        final IamState iam = new IamState("aws", "123456789012", Clock.systemUTC(),
                ((InMemoryIotRegistry) registry).tables());
        final RegistryPersistence persistence;

        State(Path dir) {
            persistence = RegistryPersistence.open(dir, ((InMemoryIotRegistry) registry).tables());
        }

        @Override
        public void close() {
            persistence.close();
        }
    }

    private static String fill(State s) {
        s.registry.createThingType("sensor", "a sensor", List.of("serial"));
        s.registry.createThing("device-1", "sensor", Map.of("serial", "42"), null);
        s.registry.createThingGroup("fleet", "the fleet", Map.of());
        s.registry.addThingToThingGroup("fleet", "device-1");
        s.registry.createPolicy("DevicePolicy", POLICY);
        s.registry.createPolicyVersion("DevicePolicy", POLICY.replace("iot:Connect", "iot:*"), true);
        IssuedCertificate cert = CA.issueWithKey(Subject.ofCommonName("device-1"), KeyAlgorithm.EC_P256, Duration.ofDays(1));
        String arn = s.registry.registerCertificate(cert.certificatePem(), CertificateStatus.ACTIVE).certificateArn();
        s.registry.attachPolicy("DevicePolicy", arn);
        s.registry.attachThingPrincipal("device-1", arn);
        s.registry.registerCaCertificate(CA.certificatePem(), true, false);
        s.registry.createProvisioningTemplate(ProvisioningTemplateSpec.builder().templateName("Fleet").templateBody(TEMPLATE)
                .enabled(true).provisioningRoleArn("arn:aws:iam::123456789012:role/Provisioning").build());
        s.registry.createProvisioningTemplateVersion("Fleet", TEMPLATE.replace("SerialNumber", "Serial"), true);
        s.iam.createRole("TokenExchange", null, TRUST, "token exchange", null, Map.of("team", "edge"));
        s.iam.putRolePolicy("TokenExchange", "s3", POLICY);
        String roleArn = s.iam.getRole("TokenExchange").arn();
        s.registry.createRoleAlias("TokenExchangeAlias", roleArn, 3600);
        return cert.certificateId();
    }

    @Test
    void everyResourceFamily_survivesAReopen() {
        String certId;
        Object things;
        Object policies;
        Object templates;
        Object role;
        try (State first = new State(dir)) {
            certId = fill(first);
            things = first.registry.listThings();
            policies = first.registry.listPolicies();
            templates = first.registry.listProvisioningTemplates();
            role = first.iam.getRole("TokenExchange");
        }
        try (State second = new State(dir)) {
            assertThat(second.registry.listThings()).isEqualTo(things);
            assertThat(second.registry.describeThingType("sensor").description()).isEqualTo("a sensor");
            assertThat(second.registry.listThingsInThingGroup("fleet")).containsExactly("device-1");
            assertThat(second.registry.listPolicies()).isEqualTo(policies);
            assertThat(second.registry.describeCertificate(certId).status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(second.registry.listThingPrincipals("device-1")).singleElement().asString().endsWith(certId);
            assertThat(second.registry.effectivePolicies(certId)).extracting(p -> p.policyName()).containsExactly("DevicePolicy");
            assertThat(second.registry.listCaCertificates()).hasSize(1);
            assertThat(second.registry.listProvisioningTemplates()).isEqualTo(templates);
            assertThat(second.registry.describeRoleAlias("TokenExchangeAlias").roleArn()).endsWith(":role/TokenExchange");
            assertThat(second.iam.getRole("TokenExchange")).isEqualTo(role);
            assertThat(second.iam.getRolePolicy("TokenExchange", "s3")).isEqualTo(POLICY);
        }
    }

    @Test
    void caRegistrationConfigAndAutoRegistration_surviveAReopen() {
        CertificateAuthority jitpCa = CertificateAuthority.create("persistence JITP CA");
        String jitpId;
        String jitrId;
        try (State first = new State(dir)) {
            jitpId = first.registry.registerCaCertificate(jitpCa.certificatePem(), true, true,
                    CaRegistrationConfig.ofTemplateBody(TEMPLATE, "arn:aws:iam::123456789012:role/JITP")).certificateId();
            jitrId = first.registry.registerCaCertificate(CA.certificatePem(), true, true).certificateId();
            first.registry.updateCaCertificate(jitrId, false, null);
        }
        try (State second = new State(dir)) {
            CaCertificate jitp = second.registry.findCaCertificate(jitpId).orElseThrow();
            assertThat(jitp.autoRegistration()).isTrue();
            assertThat(jitp.registration()).contains(
                    CaRegistrationConfig.ofTemplateBody(TEMPLATE, "arn:aws:iam::123456789012:role/JITP"));
            CaCertificate jitr = second.registry.findCaCertificate(jitrId).orElseThrow();
            assertThat(jitr.registration()).isEmpty();
            assertThat(jitr.active()).isFalse();
            assertThat(jitr.lastModifiedDate()).isAfterOrEqualTo(jitr.creationDate());
        }
    }

    @Test
    void deletionsAndStatusChanges_survive_andTheReopenCompactsTheJournal() throws IOException {
        String certId;
        try (State first = new State(dir)) {
            certId = fill(first);
            first.registry.updateCertificateStatus(certId, CertificateStatus.INACTIVE);
            first.registry.removeThingFromThingGroup("fleet", "device-1");
            first.registry.deleteThingGroup("fleet");
            first.iam.deleteRolePolicy("TokenExchange", "s3");
        }
        try (State second = new State(dir)) {
            assertThat(second.registry.describeCertificate(certId).status()).isEqualTo(CertificateStatus.INACTIVE);
            assertThat(second.registry.findThingGroup("fleet")).isEmpty();
            assertThat(second.registry.findThing("device-1")).isPresent();
            assertThat(second.iam.listRolePolicies("TokenExchange")).isEmpty();
            second.registry.createThing("device-2");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("snapshot-0000000000000001.bin");
        }
        try (State third = new State(dir)) {
            assertThat(third.registry.listThings()).extracting(t -> t.thingName()).containsExactly("device-1", "device-2");
            assertThat(third.registry.describeCertificate(certId).status()).isEqualTo(CertificateStatus.INACTIVE);
        }
    }

    @Test
    void compact_thenMoreChanges_recoverTheSame() {
        String certId;
        try (State first = new State(dir)) {
            certId = fill(first);
            first.persistence.compact();
            first.registry.updateCertificateStatus(certId, CertificateStatus.REVOKED);
            first.registry.createThing("after-snapshot");
        }
        try (State second = new State(dir)) {
            assertThat(second.registry.listThings()).extracting(t -> t.thingName()).containsExactly("after-snapshot", "device-1");
            assertThat(second.registry.describeCertificate(certId).status()).isEqualTo(CertificateStatus.REVOKED);
            assertThat(second.iam.findRole("TokenExchange")).isPresent();
        }
    }

    @Test
    void tornLastOperation_isDroppedWithAWarning_andEveryEarlierOperationIsKept() throws IOException {
        try (State first = new State(dir)) {
            first.registry.createThing("kept-1");
            first.registry.createThing("kept-2");
            first.registry.createThing("torn");
        }
        Path journal;
        try (Stream<Path> files = Files.list(dir)) {
            journal = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
            raf.setLength(raf.length() - 3);
        }
        try (State second = new State(dir)) {
            assertThat(second.persistence.warnings()).singleElement().asString().contains("dropped a record cut short");
            assertThat(second.registry.listThings()).extracting(t -> t.thingName()).containsExactly("kept-1", "kept-2");
        }
    }

    @Test
    void recordOfANewerRowFormat_isRefusedSayingSo() throws IOException {
        try (State first = new State(dir)) {
            first.registry.createThing("one");
        }
        Path journal;
        try (Stream<Path> files = Files.list(dir)) {
            journal = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        // Rewrite the only record with a format number from the future, keeping the framing valid.
        byte[] payload = "{\"f\":99,\"c\":[]}".getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
            raf.setLength(16);
        }
        try (Journal j = Journal.open(dir).journal()) {
            j.append(payload);
        }
        assertThatThrownBy(() -> new State(dir))
                .isInstanceOf(DataDirectoryException.class)
                .hasMessageContaining("newer format version (99)");
    }

    @Test
    void restoredRegistry_stillRefusesDuplicateNames() {
        try (State first = new State(dir)) {
            first.registry.createPolicy("unique", POLICY);
        }
        try (State second = new State(dir)) {
            assertThatThrownBy(() -> second.registry.createPolicy("unique", POLICY))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("already exists");
        }
    }
}
