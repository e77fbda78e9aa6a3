package io.github.fleetprov.admin;

import io.github.fleetprov.testkit.LocalIotCore;
import java.net.URI;

/** {@link RegistryContractTest} against the testkit's control plane and IAM. */
class TestkitRegistryTest extends RegistryContractTest {

    @Override
    URI iotEndpoint() {
        return LocalIotCore.shared().controlPlaneEndpoint();
    }

    @Override
    URI iamEndpoint() {
        return LocalIotCore.shared().iamEndpoint();
    }
}
