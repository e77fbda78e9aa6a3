package io.github.fleetprov.samples.support;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.testkit.LocalIotCore;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Where a sample runs: the in-process {@link LocalIotCore} (the default), or a real AWS account
 * ({@code --aws --region R}, credentials from the SDK's default chain). Only endpoints and
 * credentials differ; the samples' code is the same for both.
 *
 * <p>Locally the AWS SDK clients are the real ones, pointed at the emulator's control plane, IAM and
 * STS with {@code endpointOverride} and dummy static credentials (the emulator does not check
 * signatures).
 */
public final class Target implements AutoCloseable {

    /** The command-line switch that selects a real AWS account. */
    public static final String AWS_FLAG = "--aws";
    /** The command-line option that names the AWS region. */
    public static final String REGION_OPTION = "--region";

    private final String description;
    private final String region;
    private final String accountId;
    private final AwsCredentialsProvider credentials;
    private final IotClient iot;
    private final IamClient iam;
    private final StsClient sts;
    private final String dataEndpoint;
    private final int dataPort;
    private final String dataCaPem;
    private final String credentialsEndpoint;
    private final String credentialsCaPem;
    private final LocalIotCore local;
    private final boolean ownsLocal;

    private Target(String description, String region, String accountId, AwsCredentialsProvider credentials,
            IotClient iot, IamClient iam, StsClient sts, String dataEndpoint, int dataPort, String dataCaPem,
            String credentialsEndpoint, String credentialsCaPem, LocalIotCore local, boolean ownsLocal) {
        this.description = description;
        this.region = region;
        this.accountId = accountId;
        this.credentials = credentials;
        this.iot = iot;
        this.iam = iam;
        this.sts = sts;
        this.dataEndpoint = dataEndpoint;
        this.dataPort = dataPort;
        this.dataCaPem = dataCaPem;
        this.credentialsEndpoint = credentialsEndpoint;
        this.credentialsCaPem = credentialsCaPem;
        this.local = local;
        this.ownsLocal = ownsLocal;
    }

    /**
     * The target a sample's command line asks for: a real AWS account with {@code --aws} (and
     * {@code --region}, or the SDK's default region), otherwise a new {@link LocalIotCore}.
     *
     * @param args the command line
     * @return the target; close it when done
     * @throws InvalidInputException if {@code --aws} is given without a region or credentials
     */
    public static Target fromArgs(Args args) {
        Objects.requireNonNull(args, "args");
        if (args.flag(AWS_FLAG)) {
            return aws(args.option(REGION_OPTION).orElse(null));
        }
        if (args.option(REGION_OPTION).isPresent()) {
            throw new InvalidInputException(REGION_OPTION, "is only used with --aws",
                    "Add --aws to run against that region, or drop --region to run locally.");
        }
        return startLocal();
    }

    /**
     * Starts a {@link LocalIotCore} and targets it; {@link #close()} stops it.
     *
     * @return the target
     */
    public static Target startLocal() {
        LocalIotCore core = LocalIotCore.builder().start();
        try {
            return local(core, true);
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    /**
     * Targets a running {@link LocalIotCore}; {@link #close()} leaves it running.
     *
     * @param core the emulator
     * @return the target
     */
    public static Target local(LocalIotCore core) {
        return local(Objects.requireNonNull(core, "core"), false);
    }

    private static Target local(LocalIotCore core, boolean owns) {
        AwsCredentialsProvider dummy = StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIALOCALIOTCORE0000", "local-emulator-does-not-check-signatures"));
        Region region = Region.of(core.region());
        IotClient iot = IotClient.builder().region(region).credentialsProvider(dummy)
                .endpointOverride(core.controlPlaneEndpoint()).build();
        IamClient iam = IamClient.builder().region(region).credentialsProvider(dummy)
                .endpointOverride(core.iamEndpoint()).build();
        StsClient sts = StsClient.builder().region(region).credentialsProvider(dummy)
                .endpointOverride(core.stsEndpoint()).build();
        return new Target("LocalIotCore (region " + core.region() + ", account " + core.accountId() + ")",
                core.region(), core.accountId(), dummy, iot, iam, sts, core.mqttHost(), core.mqttPort(),
                core.caCertificatePem(), core.credentialsEndpoint(), core.caCertificatePem(), core, owns);
    }

    /**
     * Targets a real AWS account with the SDK's default credential chain.
     *
     * @param regionName the region, or {@code null} for the SDK's default region
     * @return the target
     * @throws InvalidInputException if there is no region or no credentials
     */
    public static Target aws(String regionName) {
        Region region;
        if (regionName != null) {
            region = Region.of(regionName);
        } else {
            try {
                region = new DefaultAwsRegionProviderChain().getRegion();
            } catch (SdkClientException e) {
                throw new InvalidInputException(REGION_OPTION, "no AWS region was given or configured",
                        "Add --region, for example --aws --region eu-west-1.");
            }
        }
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new InvalidInputException(AWS_FLAG, "found no AWS credentials",
                    "Configure them (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY),"
                            + " or drop --aws to run against the local emulator.");
        }
        StsClient sts = StsClient.builder().region(region).credentialsProvider(credentials).build();
        String account;
        try {
            account = sts.getCallerIdentity().account();
        } catch (RuntimeException e) {
            sts.close();
            throw new InvalidInputException(AWS_FLAG, "the AWS credentials were refused ("
                    + e.getClass().getSimpleName() + ")", "Check that they are valid and not expired.", e);
        }
        IotClient iot = IotClient.builder().region(region).credentialsProvider(credentials).build();
        IamClient iam = IamClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(credentials).build();
        String data = iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress();
        String creds = iot.describeEndpoint(r -> r.endpointType("iot:CredentialProvider")).endpointAddress();
        return new Target("AWS (region " + region.id() + ", account " + account + ")", region.id(), account,
                credentials, iot, iam, sts, data, 8883, AmazonRootCas.pem(), creds, AmazonRootCas.pem(), null, false);
    }

    /**
     * A one-line description, for example {@code LocalIotCore (region us-east-1, account 123456789012)}.
     *
     * @return the description
     */
    public String description() {
        return description;
    }

    /**
     * Whether this is the local emulator.
     *
     * @return {@code true} for {@link LocalIotCore}
     */
    public boolean isLocal() {
        return local != null;
    }

    /**
     * The emulator, when the target is local.
     *
     * @return the emulator, empty for AWS
     */
    public Optional<LocalIotCore> localIotCore() {
        return Optional.ofNullable(local);
    }

    /**
     * The region.
     *
     * @return the region id
     */
    public String region() {
        return region;
    }

    /**
     * The account id.
     *
     * @return the 12-digit account id
     */
    public String accountId() {
        return accountId;
    }

    /**
     * The credentials the AWS clients use (dummy ones for the emulator).
     *
     * @return the provider
     */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    /**
     * The AWS IoT control-plane client.
     *
     * @return the client
     */
    public IotClient iot() {
        return iot;
    }

    /**
     * The IAM client.
     *
     * @return the client
     */
    public IamClient iam() {
        return iam;
    }

    /**
     * The STS client.
     *
     * @return the client
     */
    public StsClient sts() {
        return sts;
    }

    /**
     * The MQTT data endpoint host.
     *
     * @return the host
     */
    public String dataEndpoint() {
        return dataEndpoint;
    }

    /**
     * The MQTT port (8883 on AWS).
     *
     * @return the port
     */
    public int dataPort() {
        return dataPort;
    }

    /**
     * The CA certificates the data endpoint chains to: Amazon Root CA 1 and 3 on AWS, the emulator's
     * CA locally.
     *
     * @return PEM certificates
     */
    public String dataCaPem() {
        return dataCaPem;
    }

    /**
     * The credentials provider endpoint, {@code host} or {@code host:port}.
     *
     * @return the endpoint
     */
    public String credentialsEndpoint() {
        return credentialsEndpoint;
    }

    /**
     * The CA certificates the credentials endpoint chains to.
     *
     * @return PEM certificates
     */
    public String credentialsCaPem() {
        return credentialsCaPem;
    }

    /**
     * An ARN in this target's partition, region and account.
     *
     * @param service the service, for example {@code lambda}
     * @param resource the resource part
     * @return the ARN
     */
    public String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    /**
     * The control plane's endpoint override, for clients the caller builds itself.
     *
     * @return the endpoint, empty for AWS
     */
    public Optional<URI> controlPlaneEndpoint() {
        return local == null ? Optional.empty() : Optional.of(local.controlPlaneEndpoint());
    }

    /** Closes the clients, and stops the emulator if this target started it. */
    @Override
    public void close() {
        iot.close();
        iam.close();
        sts.close();
        if (ownsLocal) {
            local.close();
        }
    }
}
