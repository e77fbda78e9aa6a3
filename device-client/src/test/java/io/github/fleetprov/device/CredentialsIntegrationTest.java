package io.github.fleetprov.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.credentials.CredentialsAccessDeniedException;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import io.github.fleetprov.device.credentials.RoleAliasNotFoundException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * A provisioned device gets AWS credentials from LocalIotCore's credentials provider with its new
 * certificate, and an AWS SDK v2 client uses them.
 */
class CredentialsIntegrationTest {

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"credentials.iot.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";

    @TempDir
    Path store;

    private Fleet fleet;
    private DeviceIdentity device;
    private String alias;

    @BeforeEach
    void provisionAndCreateRoleAlias() {
        fleet = Fleet.create();
        device = fleet.client(store).build().provision();
        String roleArn;
        try (IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(fleet.iot.iamEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDADMIN", "x")))
                .build()) {
            roleArn = iam.createRole(r -> r.roleName("DeviceRole-" + fleet.id).assumeRolePolicyDocument(TRUST))
                    .role().arn();
        }
        alias = "DeviceRoleAlias-" + fleet.id;
        fleet.iot.registry().createRoleAlias(alias, roleArn, 3600);
    }

    private IotCredentialsProvider.Builder provider() {
        return IotCredentialsProvider.builder().device(device).endpoint(fleet.iot.credentialsEndpoint())
                .roleAlias(alias).certificateAuthorityPem(fleet.iot.caCertificatePem());
    }

    @Test
    void resolveCredentials_withTheProvisionedCertificate_returnsTemporaryCredentials() {
        AwsCredentials credentials = provider().build().resolveCredentials();

        assertThat(credentials).isInstanceOfSatisfying(AwsSessionCredentials.class, session -> {
            assertThat(session.sessionToken()).isNotBlank();
            assertThat(session.expirationTime()).hasValueSatisfying(e -> assertThat(e).isAfter(Instant.now()));
        });
    }

    @Test
    void anySdkClient_signsWithTheProvidersCredentials() {
        try (IotCredentialsProvider credentials = provider().build();
                StsClient sts = StsClient.builder().region(Region.US_EAST_1)
                        .endpointOverride(fleet.iot.stsEndpoint()).credentialsProvider(credentials).build()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();

            assertThat(identity.arn()).contains("assumed-role/DeviceRole-" + fleet.id);
            assertThat(identity.account()).isEqualTo(fleet.iot.accountId());
        }
    }

    @Test
    void resolveCredentials_withAnotherThingName_isDenied() {
        assertThatThrownBy(() -> provider().thingName("someone-else").build().resolveCredentials())
                .isInstanceOf(CredentialsAccessDeniedException.class)
                .hasMessageContaining("403");
    }

    @Test
    void resolveCredentials_withUnknownAlias_isNotFound() {
        assertThatThrownBy(() -> provider().roleAlias("NoSuchAlias").build().resolveCredentials())
                .isInstanceOf(RoleAliasNotFoundException.class)
                .hasMessageContaining("NoSuchAlias");
    }
}
