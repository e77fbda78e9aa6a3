package io.github.fleetprov.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the JVM's shared {@link LocalIotCore} into test constructors, test
 * methods and lifecycle methods.
 *
 * <pre>{@code
 * @ExtendWith(LocalIotCoreExtension.class)
 * class ProvisioningTest {
 *     @Test
 *     void provisions(LocalIotCore iot) { ... }
 * }
 * }</pre>
 *
 * <p>The instance is started on first use and stopped when the JVM exits, because the broker takes
 * seconds to start and stop. Tests should use names of their own (thing, policy and template names)
 * and {@link io.github.fleetprov.testkit.event.EventLog#lastSequence()} marks, since they share the
 * registry and the event log.
 */
public final class LocalIotCoreExtension implements ParameterResolver {

    /** Creates the extension; JUnit does this. */
    public LocalIotCoreExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return parameterContext.getParameter().getType() == LocalIotCore.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        try {
            return LocalIotCore.shared();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("LocalIotCore did not start: " + e.getMessage(), e);
        }
    }
}
