package io.github.fleetprov.device;

import io.github.fleetprov.core.store.DeviceIdentity;
import io.github.fleetprov.device.internal.DefaultFleetProvisioningClient;
import io.github.fleetprov.device.internal.Sleeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A device process for {@link CrashRecoveryTest} and {@link RotationCrashTest}: provisions (and, with a
 * last argument {@code rotate}, then rotates its certificate), and halts the JVM (no shutdown hooks, no
 * cleanup, like a power cut) right after the named step of that last operation has finished.
 */
public final class CrashingDevice {

    private CrashingDevice() {
    }

    /**
     * Provisions until the crash step.
     *
     * @param args host port caFile claimCert claimKey template clientId serial storeDir crashAfterStep [rotate
     *     [roleAlias credentialsEndpoint region controlPlaneEndpoint]] (the last four retire the replaced
     *     certificate with no grace period)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        ProvisioningStep crashAfter = ProvisioningStep.valueOf(args[9]);
        FleetProvisioningClient.Builder builder = FleetProvisioningClient.builder()
                .endpoint(args[0]).port(Integer.parseInt(args[1]))
                .certificateAuthorityPem(Files.readString(Path.of(args[2])))
                .claim(ClaimCredentials.fromPemFiles(Path.of(args[3]), Path.of(args[4])))
                .templateName(args[5]).clientId(args[6])
                .templateParameter("SerialNumber", args[7]).templateParameter("DeviceLocation", "Seattle")
                .credentialStore(Path.of(args[8])).stepTimeouts(Duration.ofSeconds(10));
        boolean rotate = args.length > 10 && "rotate".equals(args[10]);
        if (args.length > 14) {
            builder.retirement(CertificateRetirement.builder().roleAlias(args[11]).credentialsEndpoint(args[12])
                    .region(args[13]).controlPlaneEndpoint(java.net.URI.create(args[14])).gracePeriod(Duration.ZERO)
                    .build());
        }
        if (rotate) {
            DeviceIdentity before = builder.build().provision();
            System.out.println("PROVISIONED " + before.certificateId());
        }
        FleetProvisioningClient client = DefaultFleetProvisioningClient.create(builder, null, null, Sleeper.THREAD,
                step -> {
                    if (step == crashAfter) {
                        System.out.println("CRASH after " + step);
                        System.out.flush();
                        Runtime.getRuntime().halt(137);
                    }
                });
        DeviceIdentity device = rotate ? client.rotateCertificate() : client.provision();
        System.out.println("PROVISIONED " + device.thingName());
        System.exit(0);
    }
}
