package io.github.fleetprov.testkit.controlplane;

import io.github.fleetprov.core.pki.CertificateAuthority;
import io.github.fleetprov.core.pki.KeyAlgorithm;
import io.github.fleetprov.testkit.event.EventLog;
import io.github.fleetprov.testkit.fault.Faults;
import io.github.fleetprov.testkit.internal.controlplane.ControlPlaneFaults;
import io.github.fleetprov.testkit.internal.controlplane.ControlPlaneServer;
import io.github.fleetprov.testkit.internal.controlplane.IotOperations;
import io.github.fleetprov.testkit.internal.controlplane.PolicyAuthorization;
import io.github.fleetprov.testkit.internal.credentials.CredentialsIssuer;
import io.github.fleetprov.testkit.internal.credentials.CredentialsProviderServer;
import io.github.fleetprov.testkit.internal.iam.IamServer;
import io.github.fleetprov.testkit.internal.iam.IamState;
import io.github.fleetprov.testkit.registry.IotRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * The control plane, IAM and credentials provider over one in-memory registry, without a broker,
 * with AWS SDK v2 clients pointed at them (dummy static credentials, us-east-1).
 */
public final class ControlPlaneFixture implements AutoCloseable {

    /** The account of every ARN. */
    public static final String ACCOUNT = "123456789012";
    /** The region of every ARN. */
    public static final String REGION = "us-east-1";

    private final IotRegistry registry;
    private final Faults faults;
    private final CertificateAuthority authority;
    private final IamState iamState;
    private final ControlPlaneServer controlPlane;
    private final IamServer iamServer;
    private final CredentialsProviderServer credentials;
    private final IotClient iot;
    private final IamClient iam;

    private ControlPlaneFixture() {
        Clock clock = Clock.systemUTC();
        registry = IotRegistry.inMemory("aws", REGION, ACCOUNT, clock, EventLog.create(clock));
        faults = Faults.create(registry.events());
        authority = CertificateAuthority.create("fleetprov test CA");
        iamState = new IamState("aws", ACCOUNT, clock);
        PolicyAuthorization authorization = new PolicyAuthorization(registry);
        credentials = CredentialsProviderServer.start(new CredentialsIssuer(registry, iamState, authorization), authority);
        Map<String, String> endpoints = Map.of(
                "iot:Data", "127.0.0.1", "iot:Data-ATS", "127.0.0.1", "iot:Jobs", "127.0.0.1",
                "iot:CredentialProvider", credentials.endpoint());
        // EC keys: AWS issues RSA-2048, which costs seconds per key on a busy machine; LocalIotCore keeps RSA.
        controlPlane = ControlPlaneServer.start(new IotOperations(registry, authority, KeyAlgorithm.EC_P256,
                type -> Optional.ofNullable(endpoints.get(type)), authorization), new ControlPlaneFaults(faults));
        iamServer = IamServer.start(iamState);
        StaticCredentialsProvider dummy = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "local-secret"));
        iot = IotClient.builder().endpointOverride(controlPlane.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(dummy).build();
        iam = IamClient.builder().endpointOverride(iamServer.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(dummy).build();
    }

    /**
     * Starts everything; {@link #faults()} starts with no rules.
     *
     * @return the fixture
     */
    public static ControlPlaneFixture start() {
        return new ControlPlaneFixture();
    }

    public Faults faults() {
        return faults;
    }

    public IotRegistry registry() {
        return registry;
    }

    public CertificateAuthority authority() {
        return authority;
    }

    public IamState iamState() {
        return iamState;
    }

    public ControlPlaneServer controlPlane() {
        return controlPlane;
    }

    public CredentialsProviderServer credentialsServer() {
        return credentials;
    }

    public java.net.URI iamEndpoint() {
        return iamServer.endpoint();
    }

    public IotClient iot() {
        return iot;
    }

    public IamClient iam() {
        return iam;
    }

    @Override
    public void close() {
        iot.close();
        iam.close();
        controlPlane.close();
        iamServer.close();
        credentials.close();
    }
}
