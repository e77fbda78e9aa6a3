package io.github.fleetprov.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.IssuedCertificate;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.core.pki.Subject;
import io.github.fleetprov.core.store.ClaimIdentity;
import io.github.fleetprov.core.store.CredentialStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet set-up value: parts, absence, builder, equality, JSON, and the bridge to the stored claim. */
class FleetSetupTest {

    private static final String A = "123456789012";
    private static final CertificateAuthority CA = CertificateAuthority.create("FleetSetup test CA");

    @TempDir
    Path dir;

    private static FleetSetup.Builder minimal() {
        return FleetSetup.builder().fleetName("fleet1").region("eu-west-1").accountId(A)
                .template(new FleetSetup.Template("fleet1", "arn:aws:iot:eu-west-1:" + A + ":provisioningtemplate/fleet1",
                        "fleet1-ProvisioningRole", "arn:aws:iam::" + A + ":role/fleet1-ProvisioningRole"))
                .policies(new FleetSetup.Policies("fleet1-ClaimPolicy", "arn:aws:iot:eu-west-1:" + A
                        + ":policy/fleet1-ClaimPolicy", List.of("fleet1-device")))
                .endpoints(new FleetSetup.Endpoints("a1-ats.iot.eu-west-1.amazonaws.com",
                        "c2.credentials.iot.eu-west-1.amazonaws.com"));
    }

    private static FleetSetup.RoleAlias roleAlias() {
        return new FleetSetup.RoleAlias("fleet1-RoleAlias", "arn:aws:iot:eu-west-1:" + A + ":rolealias/fleet1-RoleAlias",
                "fleet1-TokenExchangeRole", "arn:aws:iam::" + A + ":role/fleet1-TokenExchangeRole",
                "fleet1-RoleAliasPolicy", URI.create("https://c2.credentials.iot.eu-west-1.amazonaws.com/role-aliases/"
                        + "fleet1-RoleAlias/credentials"));
    }

    private FleetSetup full(String certificateId) {
        return minimal().claim(new FleetSetup.Claim(certificateId, "arn:aws:iot:eu-west-1:" + A + ":cert/"
                        + certificateId, dir.resolve("claim").toAbsolutePath()))
                .roleAlias(roleAlias())
                .changes(List.of(new PlannedCall("iot", "CreatePolicy", "fleet1-ClaimPolicy", "policy does not exist")))
                .build();
    }

    @Test
    void minimal_hasNoClaimAndNoRoleAlias_asOptionalAbsence() {
        FleetSetup setup = minimal().build();

        assertThat(setup.claim()).isEmpty();
        assertThat(setup.roleAlias()).isEmpty();
        assertThat(setup.partition()).isEqualTo("aws");
        assertThat(setup.unchanged()).isTrue();
        assertThatThrownBy(setup::claimIdentity).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("claim: this fleet set-up has no claim certificate");
    }

    @Test
    void toBuilder_roundTrips_andEqualityFollowsEveryPart() {
        FleetSetup setup = full("a".repeat(64));

        assertThat(setup.toBuilder().build()).isEqualTo(setup).hasSameHashCodeAs(setup);
        assertThat(setup.copy(b -> b.roleAlias(null))).isNotEqualTo(setup)
                .satisfies(s -> assertThat(s.roleAlias()).isEmpty());
        assertThat(setup.copy(b -> b.claim(null))).isNotEqualTo(setup);
        assertThat(setup.copy(b -> b.region("us-east-1"))).isNotEqualTo(setup);
        assertThat(setup.copy(b -> b.changes(List.of()))).isNotEqualTo(setup);
        assertThat(setup.copy(b -> b.policies(new FleetSetup.Policies("fleet1-ClaimPolicy",
                setup.policies().claimPolicyArn(), List.of())))).isNotEqualTo(setup);
        assertThat(setup).isNotEqualTo(null).isNotEqualTo("fleet1");
    }

    @Test
    void parts_areImmutable() {
        List<String> names = new java.util.ArrayList<>(List.of("p1"));
        FleetSetup.Policies policies = new FleetSetup.Policies("c", "arn", names);
        names.add("p2");

        assertThat(policies.devicePolicyNames()).containsExactly("p1");
        assertThatThrownBy(() -> full("a".repeat(64)).changes().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void build_withoutARequiredPart_namesIt() {
        assertThatThrownBy(() -> minimal().template(null).build()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("template: is required");
        assertThatThrownBy(() -> minimal().region(" ").build()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("region: is required");
        assertThatThrownBy(() -> new FleetSetup.Endpoints("", "c")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("endpoints.data: is required");
    }

    @Test
    void json_roundTrips_withAndWithoutTheOptionalParts() {
        FleetSetup setup = full("a".repeat(64));
        FleetSetup bare = minimal().build();

        assertThat(FleetSetup.fromJson(setup.toJson())).isEqualTo(setup);
        assertThat(FleetSetup.fromJson(bare.toJson())).isEqualTo(bare);
        assertThat(bare.toJson()).doesNotContain("claim\"", "roleAlias", "null");
        assertThat(setup.toJson()).contains("\"store\" : \"" + dir.resolve("claim").toAbsolutePath()
                .toString().replace("\\", "\\\\") + "\"");
    }

    @Test
    void fromJson_namesTheMissingOrBadMember() {
        String json = full("a".repeat(64)).toJson();

        assertThatThrownBy(() -> FleetSetup.fromJson(json.replace("\"arn\" : \"arn:aws:iot:eu-west-1:" + A
                + ":provisioningtemplate/fleet1\",", "")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("/template/arn: is required");
        assertThatThrownBy(() -> FleetSetup.fromJson(json.replace("\"fleetName\" : \"fleet1\",", "")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("/fleetName: is required");
        assertThatThrownBy(() -> FleetSetup.fromJson("{\"fleetName\": \"fleet1\""))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("json: is not JSON");
        assertThatThrownBy(() -> FleetSetup.fromJson("[1]"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("json: ");
        assertThatThrownBy(() -> FleetSetup.fromJson(json.replace("\"devicePolicyNames\" : [ \"fleet1-device\" ]",
                "\"devicePolicyNames\" : {\"x\": 1}")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("/policies/devicePolicyNames: is not an array");
        assertThatThrownBy(() -> FleetSetup.fromJson(json.replace("\"region\" : \"eu-west-1\"", "\"region\" : true")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("/region: is not a string");
        assertThatThrownBy(() -> FleetSetup.fromJson(json.replace("\"endpoints\" : {", "\"endpoints\" : [ {")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("/endpoints: is not an object");
    }

    @Test
    void claimIdentity_readsTheStoredClaim_withItsEndpointAndTemplate() {
        IssuedCertificate claimCert = CA.issueWithKey(Subject.ofCommonName("claim"), KeyAlgorithm.EC_P256,
                Duration.ofDays(1));
        CredentialStore.open(dir.resolve("claim")).writeClaim(ClaimIdentity.builder()
                .certificatePem(claimCert.certificatePem()).privateKey(claimCert.keyPair().getPrivate())
                .endpoint("a1-ats.iot.eu-west-1.amazonaws.com").templateName("fleet1").build());

        ClaimIdentity claim = full(claimCert.certificateId()).claimIdentity();

        assertThat(claim.certificateId()).isEqualTo(claimCert.certificateId());
        assertThat(claim.privateKey()).isEqualTo(claimCert.keyPair().getPrivate());
        assertThat(claim.endpoint()).isEqualTo("a1-ats.iot.eu-west-1.amazonaws.com");
        assertThat(claim.templateName()).contains("fleet1");
        assertThatThrownBy(() -> full("b".repeat(64)).claimIdentity()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("claim.store: ").hasMessageContaining("holds claim certificate "
                        + claimCert.certificateId() + ", not " + "b".repeat(64));
    }

    @Test
    void claimIdentity_whenTheStoreIsGone_namesTheStore() {
        assertThatThrownBy(() -> full("a".repeat(64)).claimIdentity()).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("claim.store: " + dir.resolve("claim").toAbsolutePath() + " holds no claim");
    }

    @Test
    void toString_namesTheParts() {
        assertThat(full("a".repeat(64)).toString()).contains("fleetName=fleet1", "template=fleet1",
                "claim=" + "a".repeat(64), "roleAlias=fleet1-RoleAlias", "changes=1");
        assertThat(minimal().build().toString()).contains("claim=none", "roleAlias=none");
    }
}
