package io.github.fleetprov.testkit.controlplane;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Starts a {@link ControlPlaneFixture} for the tests of a class and closes it after them: one for the
 * whole class ({@link #perClass()}) or a fresh one for every test ({@link #perTest()}). Register it
 * on a static field with {@code @RegisterExtension}.
 */
public final class ControlPlaneExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final boolean perTest;
    private ControlPlaneFixture fixture;

    private ControlPlaneExtension(boolean perTest) {
        this.perTest = perTest;
    }

    /**
     * One fixture shared by every test of the class.
     *
     * @return the extension
     */
    public static ControlPlaneExtension perClass() {
        return new ControlPlaneExtension(false);
    }

    /**
     * A fresh fixture for every test, so that no test sees another's resources.
     *
     * @return the extension
     */
    public static ControlPlaneExtension perTest() {
        return new ControlPlaneExtension(true);
    }

    /**
     * The running fixture.
     *
     * @return the fixture
     * @throws IllegalStateException outside the tests of the class
     */
    public ControlPlaneFixture fixture() {
        if (fixture == null) {
            throw new IllegalStateException("The control plane runs only while the tests of its class run.");
        }
        return fixture;
    }

    /**
     * The SDK client of the running fixture's control plane.
     *
     * @return the client
     */
    public IotClient iot() {
        return fixture().iot();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            fixture = ControlPlaneFixture.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            fixture = ControlPlaneFixture.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            closeFixture();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            closeFixture();
        }
    }

    private void closeFixture() {
        if (fixture != null) {
            fixture.close();
            fixture = null;
        }
    }
}
