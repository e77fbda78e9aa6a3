package io.github.fleetprov.samples;

import io.github.fleetprov.admin.AuthorizationFiles;
import io.github.fleetprov.admin.ThingSpec;
import io.github.fleetprov.admin.DeviceRegistryAdmin;
import io.github.fleetprov.admin.EnsuredResource;
import io.github.fleetprov.admin.IotCertificate;
import io.github.fleetprov.admin.RoleAliasAdmin;
import io.github.fleetprov.admin.sagemaker.EdgeDeviceFleets;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.pki.AmazonRootCas;
import io.github.fleetprov.core.pki.Pem;
import io.github.fleetprov.device.credentials.IotCredentialsProvider;
import io.github.fleetprov.samples.support.Args;
import io.github.fleetprov.samples.support.MotoServer;
import io.github.fleetprov.samples.support.Samples;
import io.github.fleetprov.samples.support.Target;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The SageMaker Edge Manager "create and register fleets and authenticate devices" flow, in Java.
 *
 * <ol>
 *   <li>A thing type and a thing for the device.</li>
 *   <li>The device fleet's role and role alias. SageMaker's CreateDeviceFleet made the alias; the
 *       service was discontinued in 2024, so the sample makes the token exchange role and alias with
 *       AWS IoT directly, and calls CreateDeviceFleet, RegisterDevices and DescribeDeviceFleet only
 *       with {@code --aws --sagemaker-fleet NAME} for accounts that still have it.</li>
 *   <li>CreateKeysAndCertificate, written to {@code device.pem.crt}, {@code private.pem.key} and
 *       {@code public.pem.key}.</li>
 *   <li>The alias policy ({@code iot:AssumeRoleWithCertificate} on the alias), attached to the
 *       certificate; the certificate attached to the thing.</li>
 *   <li>The credentials provider endpoint and the URL the device calls.</li>
 *   <li>Amazon Root CA 1 to {@code AmazonRootCA1.pem}.</li>
 *   <li>The device's mTLS call for credentials (the walkthrough's {@code curl --cert --key --cacert}).</li>
 *   <li>The authorization files uploaded to S3, server-side encrypted: with {@code --aws} to
 *       {@code --bucket}; locally to {@code moto_server} when it is installed, otherwise skipped with
 *       a note (the local emulator has no S3).</li>
 * </ol>
 *
 * <p>Run: {@code ./mvnw -B -q -pl samples -am -Prun compile -Dsample=SageMakerEdgeSetup}.
 */
public final class SageMakerEdgeSetup {

    private SageMakerEdgeSetup() {
    }

    /**
     * What the flow made.
     *
     * @param thingName the device's thing
     * @param thingTypeName its thing type
     * @param certificateId the device certificate
     * @param roleName the token exchange role
     * @param roleAliasName the role alias
     * @param aliasPolicyName the alias policy
     * @param files the files in their final places: certificate, private key and root CA in
     *     {@code authorization-files/}, the public key in the working directory
     * @param credentialsExpiration when the credentials the device got expire
     * @param uploadedTo where the authorization files went ({@code s3://...} or {@code moto s3://...}),
     *     empty if the upload was skipped
     * @param uploadedKeys the object keys written
     */
    public record Result(String thingName, String thingTypeName, String certificateId, String roleName,
            String roleAliasName, String aliasPolicyName, List<Path> files, Instant credentialsExpiration,
            String uploadedTo, List<String> uploadedKeys) {
    }

    static final String USAGE = """
            usage: SageMakerEdgeSetup [--dir DIR] [--keep] [--aws [--region R] [--bucket B] [--sagemaker-fleet NAME]]

            SageMaker Edge device set-up: thing type and thing, keys and certificate, role alias and its
            policy, the device's credentials call, and the authorization files uploaded to S3.

              --bucket B      the S3 bucket for the authorization files (required with --aws)
              --sagemaker-fleet NAME
                              also create a SageMaker Edge device fleet (with --aws only; the service was
                              discontinued in 2024)
              --dir DIR       where key files are written (default: a new temporary directory, mode 0700)
              --keep          leave what the sample made in place (by default it cleans up)
              --aws           run against a real AWS account (the AWS SDK's default credentials)
              --region R      the AWS region, with --aws (default: the SDK's configured region)
              --help          this text

            Exit status: 0 if the flow worked, 1 if it failed, 2 for a bad command line or missing credentials.
            """;

    /**
     * Runs the sample.
     *
     * @param argv {@code [--dir DIR] [--keep] [--aws [--region R] [--bucket B] [--sagemaker-fleet NAME]]}
     */
    public static void main(String[] argv) {
        Samples.exit(() -> {
            Args args = Args.parse(argv, USAGE, Set.of("--dir", "--bucket", "--sagemaker-fleet", Target.REGION_OPTION),
                    Set.of(Target.AWS_FLAG, "--keep"));
            if (!args.flag(Target.AWS_FLAG) && args.option("--sagemaker-fleet").isPresent()) {
                throw new InvalidInputException("--sagemaker-fleet", "is only used with --aws",
                        "Add --aws; the local emulator has no SageMaker.");
            }
            Path dir = Samples.workDir(args.option("--dir"), "sagemaker-edge");
            try (Target target = Target.fromArgs(args)) {
                Result result = run(target, Samples.uniqueSuffix(), args.option("--bucket"),
                        args.option("--sagemaker-fleet"), dir, System.out);
                if (!args.flag("--keep")) {
                    cleanUp(target, result, System.out);
                }
                return Samples.OK;
            }
        });
    }

    /**
     * The flow, against a target.
     *
     * @param target where the cloud side is
     * @param suffix makes the names of this run unique
     * @param bucket the S3 bucket for the authorization files (on AWS; locally a moto bucket is made)
     * @param sageMakerFleet the SageMaker device fleet to create (on AWS only)
     * @param dir where the files go
     * @param out where to print what happens
     * @return what was made
     * @throws IOException if a file cannot be written or moto_server does not start
     */
    public static Result run(Target target, String suffix, Optional<String> bucket, Optional<String> sageMakerFleet,
            Path dir, PrintStream out) throws IOException {
        Objects.requireNonNull(target, "target");
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        RoleAliasAdmin roleAliases = RoleAliasAdmin.create(target.iot(), target.iam());
        out.println("SageMaker Edge device set-up against " + target.description());

        // 1. iot_client.create_thing_type(...); iot_client.create_thing(...)
        String thingTypeName = "getting-started-demo";
        String thingName = "sample-device-" + suffix;
        // ensureThingType: a type made by an earlier run stays (thing types outlive their things)
        DeviceRegistryAdmin things = DeviceRegistryAdmin.create(target.iot());
        things.ensureThingType(thingTypeName);
        things.createThing(ThingSpec.named(thingName).withThingType(thingTypeName));
        out.println();
        out.println("[1] Thing " + thingName + " of type " + thingTypeName);

        // 2. The fleet's role and role alias
        String roleName = "SageMakerEdgeDeviceRole-" + suffix;
        String fleetName = sageMakerFleet.orElse("demo-device-fleet-" + suffix);
        String accessPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"s3:PutObject\",\"s3:GetBucketLocation\"],\"Resource\":\"*\"}]}";
        EnsuredResource role = roleAliases.ensureTokenExchangeRole(roleName, accessPolicy);
        String aliasName;
        out.println();
        if (sageMakerFleet.isPresent() && !target.isLocal()) {
            try (SageMakerClient sageMaker = SageMakerClient.builder().region(Region.of(target.region()))
                    .credentialsProvider(target.credentials()).build()) {
                EdgeDeviceFleets fleets = EdgeDeviceFleets.create(sageMaker);
                String output = "s3://" + bucket.orElseThrow(() -> new InvalidInputException("--bucket",
                        "is required with --sagemaker-fleet", "Give the fleet's S3 bucket.")) + "/device_output";
                fleets.createDeviceFleet(fleetName, role.arn(), output);
                fleets.registerDevices(fleetName, List.of(new EdgeDeviceFleets.EdgeDevice(
                        "sagemaker-edge-demo-device-" + suffix, thingName)));
                aliasName = fleets.describeDeviceFleet(fleetName).iotRoleAliasName();
            }
            out.println("[2] SageMaker device fleet " + fleetName + ", role " + role.arn() + ", role alias "
                    + aliasName + " (made by SageMaker)");
        } else {
            aliasName = "SageMakerEdge-" + fleetName;
            roleAliases.ensureRoleAlias(aliasName, role.arn(), RoleAliasAdmin.DEFAULT_CREDENTIAL_DURATION);
            out.println("[2] Role " + role.arn() + ", role alias " + aliasName);
            out.println("    note: SageMaker Edge Manager was discontinued in 2024; CreateDeviceFleet and"
                    + " RegisterDevices are called only with --aws --sagemaker-fleet NAME. Here the role alias"
                    + " is made with AWS IoT directly, as CreateDeviceFleet would have.");
        }

        // 3. create_keys_and_certificate(setAsActive=True), to files
        Path certificateFile = dir.resolve("device.pem.crt");
        Path privateKeyFile = dir.resolve("private.pem.key");
        Path publicKeyFile = dir.resolve("public.pem.key");
        IotCertificate certificate = registry.createKeysAndCertificate(certificateFile, privateKeyFile, true);
        X509Certificate x509 = Pem.readCertificate(Files.readString(certificateFile, StandardCharsets.US_ASCII));
        Files.writeString(publicKeyFile, publicKeyPem(x509), StandardCharsets.US_ASCII);
        out.println();
        out.println("[3] Certificate " + certificate.id() + " (" + certificate.status() + ")");
        out.println("    " + certificateFile + ", " + publicKeyFile + ", " + privateKeyFile + " (not printed)");

        // 4. describe_role_alias; create_policy(alias policy); attach_policy; the thing gets the certificate
        String aliasArn = target.iot().describeRoleAlias(r -> r.roleAlias(aliasName)).roleAliasDescription()
                .roleAliasArn();
        String aliasPolicyName = "aliaspolicy-" + suffix;
        roleAliases.ensureAliasPolicy(aliasPolicyName, aliasArn);
        registry.attachPolicy(aliasPolicyName, certificate.arn());
        registry.attachPrincipal(thingName, certificate.arn());
        out.println();
        out.println("[4] Alias policy " + aliasPolicyName + " (iot:AssumeRoleWithCertificate on " + aliasArn
                + ") attached; certificate attached to " + thingName);

        // 5. describe_endpoint(endpointType='iot:CredentialProvider')
        out.println();
        out.println("[5] Credentials endpoint " + roleAliases.credentialsEndpoint());
        out.println("    URL " + roleAliases.credentialsUrl(aliasName));

        // 6. wget https://www.amazontrust.com/repository/AmazonRootCA1.pem
        Path rootCaFile = dir.resolve("AmazonRootCA1.pem");
        Files.writeString(rootCaFile, Pem.certificateToPem(AmazonRootCas.all().get(0)), StandardCharsets.US_ASCII);
        out.println();
        out.println("[6] " + rootCaFile + ": " + AmazonRootCas.all().get(0).getSubjectX500Principal().getName());

        // 7. curl --cert device.pem.crt --key private.pem.key --cacert AmazonRootCA1.pem $endpoint
        AwsSessionCredentials credentials;
        try (IotCredentialsProvider provider = IotCredentialsProvider.builder()
                .identity(x509, Pem.readPrivateKey(Files.readString(privateKeyFile, StandardCharsets.US_ASCII)))
                .thingName(thingName)
                .endpoint(target.credentialsEndpoint())
                .roleAlias(aliasName)
                .certificateAuthorityPem(target.credentialsCaPem())
                .build()) {
            credentials = (AwsSessionCredentials) provider.resolveCredentials();
        }
        out.println();
        out.println("[7] Credentials for " + thingName + " over mTLS: access key "
                + Samples.accessKeyIdPrefix(credentials.accessKeyId()) + ", expires "
                + credentials.expirationTime().orElseThrow() + " (secret and session token not printed)");
        if (target.isLocal()) {
            out.println("    note: the local credentials endpoint chains to the emulator's CA, which the call trusts;"
                    + " AmazonRootCA1.pem is for the real endpoint.");
        }

        // 8. aws s3 cp ... s3://{bucket}/authorization-files/
        out.println();
        String uploadedTo = "";
        List<String> keys = List.of();
        String certificatePem = Files.readString(certificateFile, StandardCharsets.US_ASCII);
        String privateKeyPem = Files.readString(privateKeyFile, StandardCharsets.US_ASCII);
        String rootCaPem = Files.readString(rootCaFile, StandardCharsets.US_ASCII);
        if (!target.isLocal()) {
            if (bucket.isEmpty()) {
                out.println("[8] S3 upload skipped: give --bucket to upload the authorization files");
            } else {
                try (S3Client s3 = S3Client.builder().region(Region.of(target.region()))
                        .credentialsProvider(target.credentials()).build()) {
                    keys = AuthorizationFiles.create(s3).upload(bucket.get(), "authorization-files/",
                            certificatePem, privateKeyPem, rootCaPem);
                }
                uploadedTo = "s3://" + bucket.get() + "/authorization-files/";
                out.println("[8] Uploaded to " + uploadedTo + ": " + keys);
            }
        } else {
            Optional<MotoServer> moto = MotoServer.startIfInstalled();
            if (moto.isEmpty()) {
                out.println("[8] S3 upload skipped: the local emulator has no S3 and moto_server is not installed"
                        + " (pip install 'moto[server]' to try it locally, or run with --aws --bucket B)");
            } else {
                try (MotoServer server = moto.get();
                        S3Client s3 = S3Client.builder().region(Region.of(target.region()))
                                .credentialsProvider(target.credentials()).endpointOverride(server.endpoint())
                                .forcePathStyle(true).build()) {
                    String localBucket = bucket.orElse("sagemaker-edge-" + suffix);
                    s3.createBucket(r -> r.bucket(localBucket));
                    keys = AuthorizationFiles.create(s3).upload(localBucket, "authorization-files/",
                            certificatePem, privateKeyPem, rootCaPem);
                    uploadedTo = "moto s3://" + localBucket + "/authorization-files/";
                    out.println("[8] Uploaded to moto_server (" + server.endpoint() + ") s3://" + localBucket
                            + "/authorization-files/:");
                    for (String key : keys) {
                        String encryption = s3.headObject(r -> r.bucket(localBucket).key(key))
                                .serverSideEncryptionAsString();
                        out.println("    " + key + " (server-side encryption " + encryption + ")");
                    }
                }
            }
        }
        // 9. mkdir authorization-files; mv private.pem.key device.pem.crt AmazonRootCA1.pem authorization-files/
        Path authorizationFiles = dir.resolve("authorization-files");
        Files.createDirectories(authorizationFiles);
        List<Path> moved = new java.util.ArrayList<>();
        for (Path file : List.of(privateKeyFile, certificateFile, rootCaFile)) {
            moved.add(Files.move(file, authorizationFiles.resolve(file.getFileName()),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE));
        }
        out.println();
        out.println("[9] Working directory cleaned: " + moved.stream().map(f -> f.getFileName().toString()).toList()
                + " moved to " + authorizationFiles);
        return new Result(thingName, thingTypeName, certificate.id(), roleName, aliasName, aliasPolicyName,
                List.of(moved.get(1), moved.get(0), publicKeyFile, moved.get(2)),
                credentials.expirationTime().orElseThrow(), uploadedTo, keys);
    }

    private static String publicKeyPem(X509Certificate certificate) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certificate.getPublicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * Removes what {@link #run} made in AWS IoT and IAM (the thing type stays: AWS deletes a thing type
     * only five minutes after it is deprecated).
     *
     * @param target the target
     * @param result what was made
     * @param out where to print
     */
    public static void cleanUp(Target target, Result result, PrintStream out) {
        DeviceRegistryAdmin registry = DeviceRegistryAdmin.create(target.iot());
        RoleAliasAdmin roleAliases = RoleAliasAdmin.create(target.iot(), target.iam());
        registry.deleteThing(result.thingName());
        registry.deleteCertificate(result.certificateId());
        registry.deletePolicy(result.aliasPolicyName());
        roleAliases.deleteRoleAlias(result.roleAliasName());
        roleAliases.deleteRole(result.roleName());
        out.println();
        out.println("Cleaned up: thing, certificate, alias policy, role alias and role; the thing type "
                + result.thingTypeName() + " stays (keep everything with --keep)");
    }
}
