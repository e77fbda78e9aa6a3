package io.github.fleetprov.admin.sagemaker.internal;

import io.github.fleetprov.admin.AwsCallException;
import io.github.fleetprov.admin.sagemaker.EdgeDeviceFleets;
import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.arn.Arn;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Device;

/** The {@link EdgeDeviceFleets} over a {@link SageMakerClient}. */
public final class DefaultEdgeDeviceFleets implements EdgeDeviceFleets {

    private static final String SAGEMAKER = "SageMaker";
    private final SageMakerClient sageMaker;

    /**
     * Creates the facade.
     *
     * @param sageMaker the client
     */
    public DefaultEdgeDeviceFleets(SageMakerClient sageMaker) {
        this.sageMaker = sageMaker;
    }

    @Override
    public void createDeviceFleet(String fleetName, String roleArn, String s3OutputLocation) {
        Objects.requireNonNull(fleetName, "fleetName");
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(s3OutputLocation, "s3OutputLocation");
        if (!s3OutputLocation.startsWith("s3://")) {
            throw new InvalidInputException("s3OutputLocation", "'" + s3OutputLocation + "' is not an S3 URI",
                    "Write s3://<bucket>/<prefix>.");
        }
        call("CreateDeviceFleet", fleetName, () -> sageMaker.createDeviceFleet(r -> r
                .deviceFleetName(fleetName).roleArn(roleArn).enableIotRoleAlias(true)
                .outputConfig(o -> o.s3OutputLocation(s3OutputLocation))));
    }

    @Override
    public void registerDevices(String fleetName, List<EdgeDevice> devices) {
        Objects.requireNonNull(fleetName, "fleetName");
        Objects.requireNonNull(devices, "devices");
        if (devices.isEmpty()) {
            throw new InvalidInputException("devices", "is empty", "Give at least one device.");
        }
        List<Device> sdkDevices = devices.stream()
                .map(d -> Device.builder().deviceName(d.deviceName()).iotThingName(d.iotThingName()).build())
                .toList();
        call("RegisterDevices", fleetName,
                () -> sageMaker.registerDevices(r -> r.deviceFleetName(fleetName).devices(sdkDevices)));
    }

    @Override
    public EdgeDeviceFleet describeDeviceFleet(String fleetName) {
        Objects.requireNonNull(fleetName, "fleetName");
        var r = call("DescribeDeviceFleet", fleetName,
                () -> sageMaker.describeDeviceFleet(b -> b.deviceFleetName(fleetName)));
        String aliasArn = r.iotRoleAlias() == null ? "" : r.iotRoleAlias();
        String aliasName = Arn.tryParse(aliasArn).map(Arn::resourceId).orElse("");
        return new EdgeDeviceFleet(r.deviceFleetName(), r.deviceFleetArn(), r.roleArn() == null ? "" : r.roleArn(),
                aliasArn, aliasName, r.outputConfig() == null || r.outputConfig().s3OutputLocation() == null ? ""
                        : r.outputConfig().s3OutputLocation());
    }

    private static <T> T call(String operation, String target, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw AwsCallException.of(SAGEMAKER, operation, target, e);
        }
    }
}
