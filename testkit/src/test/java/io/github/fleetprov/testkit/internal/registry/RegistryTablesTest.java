package io.github.fleetprov.testkit.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.testkit.TestClock;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.registry.Certificate;
import io.github.fleetprov.testkit.registry.CertificateStatus;
import io.github.fleetprov.testkit.registry.PreProvisioningHookConfig;
import io.github.fleetprov.testkit.registry.ProvisioningTemplateSpec;
import io.github.fleetprov.testkit.registry.RegistryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every registry mutation goes through the tables: heard before it returns, undone when refused, restorable. */
class RegistryTablesTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("tables test CA");
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}";
    private static final String TEMPLATE = "{\"Resources\":{\"certificate\":{\"Type\":\"AWS::IoT::Certificate\","
            + "\"Properties\":{\"CertificateId\":{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"Active\"}}}}";

    private static InMemoryIotRegistry newRegistry() {
        TestClock clock = TestClock.system();
        return new InMemoryIotRegistry("aws", "eu-west-1", "111122223333", clock, EventLog.create(clock));
    }

    private static String certificatePem() {
        return CA.issueWithKey(Subject.ofCommonName("device"), KeyAlgorithm.EC_P256, Duration.ofDays(1)).certificatePem();
    }

    /** Fills a registry with one of every kind of row. */
    private static Certificate populate(InMemoryIotRegistry r) {
        r.createThingType("sensor", "a sensor", List.of("serial"));
        r.createBillingGroup("billing");
        r.createThing("thing-1", "sensor", Map.of("serial", "42"), "billing");
        r.createThingGroup("group-1", "grouped", Map.of("k", "v"));
        r.addThingToThingGroup("group-1", "thing-1");
        Certificate cert = r.registerCertificate(certificatePem(), CertificateStatus.ACTIVE);
        r.attachThingPrincipal("thing-1", cert.certificateArn());
        r.createPolicy("direct", POLICY);
        r.createPolicyVersion("direct", POLICY, true);
        r.deletePolicyVersion("direct", "1");
        r.createPolicy("via-group", POLICY);
        r.attachPolicy("direct", cert.certificateArn());
        r.attachPolicy("via-group", r.arn("thinggroup", "group-1"));
        r.createProvisioningTemplate(ProvisioningTemplateSpec.builder().templateName("tpl").templateBody(TEMPLATE)
                .provisioningRoleArn("arn:aws:iam::111122223333:role/provisioning")
                .preProvisioningHook(PreProvisioningHookConfig.ofArn("arn:aws:lambda:eu-west-1:111122223333:function:hook"))
                .build());
        r.createProvisioningTemplateVersion("tpl", TEMPLATE, false);
        r.createRoleAlias("alias", "arn:aws:iam::111122223333:role/exchange", 1800);
        return cert;
    }

    @Test
    void listener_hearsEachOperationOnceWithAllItsRows_beforeItReturns() {
        InMemoryIotRegistry registry = newRegistry();
        List<List<RegistryChange>> heard = new ArrayList<>();
        registry.tables().listener(changes -> {
            // The operation has not returned yet, but its rows are already in the tables.
            heard.add(changes);
        });
        registry.createThing("thing-1");
        registry.createThingGroup("group-1", "", Map.of());
        registry.addThingToThingGroup("group-1", "thing-1");
        heard.clear();

        registry.deleteThingGroup("group-1");

        assertThat(heard).hasSize(1);
        assertThat(heard.get(0)).extracting(RegistryChange::table, RegistryChange::key, RegistryChange::isRemoval)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("thingGroups", "group-1", true),
                        org.assertj.core.groups.Tuple.tuple("things", "thing-1", false));
        assertThat(heard.get(0).get(1).json()).contains("\"thingGroups\":[]");
    }

    @Test
    void listenerFailure_undoesTheWholeOperation_andAnswersInternalFailure() {
        InMemoryIotRegistry registry = newRegistry();
        registry.createThing("thing-1");
        registry.createThingGroup("group-1", "", Map.of());
        registry.addThingToThingGroup("group-1", "thing-1");
        registry.tables().listener(changes -> {
            throw new IllegalStateException("disk full");
        });

        assertThatThrownBy(() -> registry.deleteThingGroup("group-1")).isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).httpStatus()).isEqualTo(500))
                .hasMessageContaining("nothing was changed");

        assertThat(registry.findThingGroup("group-1")).isPresent();
        assertThat(registry.describeThing("thing-1").thingGroups()).containsExactly("group-1");
    }

    @Test
    void refusedOperation_leavesNoRowChanged_andIsNotHeard() {
        InMemoryIotRegistry registry = newRegistry();
        List<RegistryChange> heard = new ArrayList<>();
        registry.tables().listener(heard::addAll);

        assertThatThrownBy(() -> registry.createThing("thing-1", "no-such-type", Map.of(), null))
                .isInstanceOf(RegistryException.class);

        assertThat(heard).isEmpty();
        assertThat(registry.findThing("thing-1")).isEmpty();
    }

    @Test
    void restore_fromHeardChanges_rebuildsTheSameRegistry_indexesIncluded() {
        InMemoryIotRegistry original = newRegistry();
        List<RegistryChange> journal = new ArrayList<>();
        original.tables().listener(journal::addAll);
        Certificate cert = populate(original);

        InMemoryIotRegistry restored = newRegistry();
        restored.tables().restore(journal);

        assertThat(restored.tables().snapshot()).isEqualTo(original.tables().snapshot());
        assertThat(restored.describeThing("thing-1")).isEqualTo(original.describeThing("thing-1"));
        assertThat(restored.describeCertificate(cert.certificateId()).certificate())
                .isEqualTo(cert.certificate());
        assertThat(restored.listPrincipalThings(cert.certificateArn())).containsExactly("thing-1");
        assertThat(restored.effectivePolicies(cert.certificateId())).extracting(p -> p.policyName())
                .containsExactly("direct", "via-group");
        assertThat(restored.describeProvisioningTemplate("tpl").preProvisioningHook().flatMap(h -> h.targetArn()))
                .contains("arn:aws:lambda:eu-west-1:111122223333:function:hook");
        // Version ids are never reused, across a restore too.
        assertThat(restored.createPolicyVersion("direct", POLICY, false).versionId()).isEqualTo("3");
        assertThat(restored.describeRoleAlias("alias")).isEqualTo(original.describeRoleAlias("alias"));
    }

    @Test
    void restore_fromSnapshotRows_rebuildsTheSameRegistry() {
        InMemoryIotRegistry original = newRegistry();
        populate(original);
        List<RegistryChange> rows = new ArrayList<>();
        original.tables().snapshot().forEach((table, byKey) -> byKey.forEach((k, json) -> rows.add(new RegistryChange(table, k, json))));

        InMemoryIotRegistry restored = newRegistry();
        restored.tables().restore(rows);

        assertThat(restored.tables().snapshot()).isEqualTo(original.tables().snapshot());
    }

    @Test
    void restore_refusesAnUnknownTable_andAppliesNothing() {
        InMemoryIotRegistry registry = newRegistry();
        InMemoryIotRegistry source = newRegistry();
        List<RegistryChange> journal = new ArrayList<>();
        source.tables().listener(journal::addAll);
        source.createThing("thing-1");
        journal.add(new RegistryChange("gadgets", "x", "{}"));

        assertThatThrownBy(() -> registry.tables().restore(journal)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gadgets");
        assertThat(registry.findThing("thing-1")).isEmpty();
    }
}
