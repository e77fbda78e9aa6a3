package io.github.fleetprov.admin.sagemaker;

import io.github.fleetprov.admin.sagemaker.internal.DefaultEdgeDeviceFleets;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * SageMaker Edge Manager device fleets: CreateDeviceFleet, RegisterDevices and DescribeDeviceFleet.
 *
 * <p><strong>AWS discontinued SageMaker Edge Manager in 2024</strong>; these calls are kept, small,
 * for accounts that still run fleets set up before then (the SageMaker Edge seed flow). New fleets
 * should use AWS IoT directly: {@link io.github.fleetprov.admin.RoleAliasAdmin} and
 * {@link io.github.fleetprov.admin.DeviceRegistryAdmin} (in {@code fleetprov-cloud-admin}) cover the IoT
 * half of that flow.
 *
 * <p>Failed calls throw {@link io.github.fleetprov.admin.AwsCallException} naming the operation and
 * SageMaker's error code. API reference: <a href="https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateDeviceFleet.html">CreateDeviceFleet</a>.
 */
public interface EdgeDeviceFleets {

    /**
     * A facade over a client the caller built (and closes).
     *
     * @param sageMaker the SageMaker client
     * @return the facade
     */
    static EdgeDeviceFleets create(SageMakerClient sageMaker) {
        return new DefaultEdgeDeviceFleets(Objects.requireNonNull(sageMaker, "sageMaker"));
    }

    /**
     * CreateDeviceFleet, with the IoT role alias SageMaker creates for the fleet.
     *
     * @param fleetName the fleet name
     * @param roleArn the IAM role devices get credentials of
     * @param s3OutputLocation where device data goes, {@code s3://bucket/prefix}
     */
    void createDeviceFleet(String fleetName, String roleArn, String s3OutputLocation);

    /**
     * RegisterDevices: registers devices (each tied to an IoT thing) with a fleet.
     *
     * @param fleetName the fleet
     * @param devices the devices, 1 or more
     */
    void registerDevices(String fleetName, List<EdgeDevice> devices);

    /**
     * DescribeDeviceFleet.
     *
     * @param fleetName the fleet
     * @return the fleet, with the IoT role alias it uses
     */
    EdgeDeviceFleet describeDeviceFleet(String fleetName);

    /**
     * A device of a fleet.
     *
     * @param deviceName the device name (at most 63 characters)
     * @param iotThingName the IoT thing that represents it
     */
    record EdgeDevice(String deviceName, String iotThingName) {

        /**
         * Validates the parts.
         *
         * @param deviceName the device name
         * @param iotThingName the thing
         */
        public EdgeDevice {
            Objects.requireNonNull(deviceName, "deviceName");
            Objects.requireNonNull(iotThingName, "iotThingName");
            if (!deviceName.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")) {
                throw new io.github.fleetprov.core.InvalidInputException("deviceName",
                        "'" + deviceName + "' is not a SageMaker device name",
                        "Use up to 63 letters, digits and single hyphens, starting with a letter or digit.");
            }
        }
    }

    /**
     * A device fleet as DescribeDeviceFleet reports it.
     *
     * @param fleetName the fleet name
     * @param fleetArn the fleet ARN
     * @param roleArn the IAM role
     * @param iotRoleAliasArn the IoT role alias ARN SageMaker made for the fleet (empty if none)
     * @param iotRoleAliasName the alias name, taken from the ARN (empty if none)
     * @param s3OutputLocation the output location
     */
    record EdgeDeviceFleet(String fleetName, String fleetArn, String roleArn, String iotRoleAliasArn,
            String iotRoleAliasName, String s3OutputLocation) {

        /**
         * Validates the parts.
         *
         * @param fleetName the name
         * @param fleetArn the ARN
         * @param roleArn the role
         * @param iotRoleAliasArn the alias ARN
         * @param iotRoleAliasName the alias name
         * @param s3OutputLocation the output location
         */
        public EdgeDeviceFleet {
            Objects.requireNonNull(fleetName, "fleetName");
            Objects.requireNonNull(fleetArn, "fleetArn");
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(iotRoleAliasArn, "iotRoleAliasArn");
            Objects.requireNonNull(iotRoleAliasName, "iotRoleAliasName");
            Objects.requireNonNull(s3OutputLocation, "s3OutputLocation");
        }
    }
}
