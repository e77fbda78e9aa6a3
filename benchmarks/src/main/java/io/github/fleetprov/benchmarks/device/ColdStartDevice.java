package io.github.fleetprov.benchmarks.device;

import io.github.fleetprov.device.ClaimCredentials;
import io.github.fleetprov.device.FleetProvisioningClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One device in a fresh JVM: provisions with fleetprov or with the official flow, prints the thing and the time. */
public final class ColdStartDevice {

    private ColdStartDevice() {
    }

    /**
     * Provisions one device.
     *
     * @param args flow host port caFile claimCertFile claimKeyFile template serial storeDir
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        String flow = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String ca = Files.readString(Path.of(args[3]));
        String template = args[6];
        String serial = args[7];
        String thing;
        if (flow.equals("fleetprov")) {
            thing = FleetProvisioningClient.builder().endpoint(host).port(port).certificateAuthorityPem(ca)
                    .claim(ClaimCredentials.fromPemFiles(Path.of(args[4]), Path.of(args[5])))
                    .clientId("bench-" + serial).templateName(template).templateParameter("SerialNumber", serial)
                    .credentialStore(Path.of(args[8])).build().provision().thingName();
        } else {
            thing = OfficialSdkFlow.provision(host, port, ca, Files.readString(Path.of(args[4])),
                    Files.readString(Path.of(args[5])), "bench-" + serial, template, Map.of("SerialNumber", serial));
        }
        long inJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("PROVISIONED " + thing);
        System.out.println("IN_JVM_MS " + inJvm);
        System.out.flush();
        System.exit(0);
    }
}
