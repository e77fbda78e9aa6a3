package io.github.fleetprov.testkit.internal.broker;

import io.github.fleetprov.testkit.registry.IotRegistry;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Provider;
import java.security.Security;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManagerFactory;

/**
 * Lets the broker's TLS layer accept client certificates that are registered without a CA, the way
 * AWS IoT does for RegisterCertificateWithoutCA, while every other trust decision in the JVM stays
 * PKIX.
 *
 * <p>HiveMQ builds the listener's trust managers with
 * {@code TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())} and
 * {@code init(KeyStore)}, with no hook of its own. So while a broker runs, the JVM's
 * {@code ssl.TrustManagerFactory.algorithm} security property names {@value #ALGORITHM}, an algorithm
 * of a small provider registered here. That factory hands every key store to the algorithm the property
 * named before (PKIX unless the application chose otherwise) and returns that factory's own trust
 * managers, except a key store holding a marker entry
 * ({@link #markerAlias(String)}) that {@link BrokerTls} writes into the broker's trust store: for that
 * one it returns a {@link RegistryTrustManager} bound to the registry of the running broker. The
 * property stays set for as long as the broker runs, because HiveMQ rebuilds its SSL context (and so
 * asks for trust managers again) whenever the key or trust store files change; it is restored when the
 * last registration closes.
 */
final class RegistryTrust {

    /** The trust manager factory algorithm the provider offers. */
    static final String ALGORITHM = "FleetprovLocalIotCoreRegistry";

    private static final String PROVIDER_NAME = "FleetprovLocalIotCore";
    private static final String PROPERTY = "ssl.TrustManagerFactory.algorithm";
    /** What {@link TrustManagerFactory#getDefaultAlgorithm()} answers when the property is unset. */
    private static final String JDK_FALLBACK_ALGORITHM = "SunX509";
    private static final String MARKER_PREFIX = "fleetprov-registry-trust-";

    private static final Map<String, IotRegistry> REGISTRIES = new ConcurrentHashMap<>();
    private static final Map<String, JustInTimeRegistration> JUST_IN_TIME = new ConcurrentHashMap<>();
    private static final Object LOCK = new Object();
    private static String previousAlgorithm;
    private static volatile String standardAlgorithm = "PKIX";

    private RegistryTrust() {
    }

    /**
     * Binds a registry to a new marker and makes the provider's algorithm the JVM's default trust manager
     * factory algorithm until the returned registration closes.
     *
     * @param registry the registry whose certificates the broker accepts without a CA
     * @return the registration, whose {@link Registration#markerAlias()} goes into the broker's trust store
     */
    static Registration register(IotRegistry registry) {
        return register(registry, null);
    }

    /**
     * Binds a registry and its just-in-time registration (certificates of registered CAs with
     * auto-registration, on their first connection) to a new marker.
     *
     * @param registry the registry whose certificates the broker accepts without a CA
     * @param justInTime what to do with an unknown certificate signed by a registered CA, or {@code null}
     * @return the registration
     */
    static Registration register(IotRegistry registry, JustInTimeRegistration justInTime) {
        Objects.requireNonNull(registry, "registry");
        String token = UUID.randomUUID().toString().replace("-", "");
        synchronized (LOCK) {
            if (Security.getProvider(PROVIDER_NAME) == null) {
                Security.addProvider(new RegistryTrustProvider());
            }
            if (REGISTRIES.isEmpty()) {
                previousAlgorithm = Security.getProperty(PROPERTY);
                if (ALGORITHM.equals(previousAlgorithm)) {
                    previousAlgorithm = "PKIX";
                }
                standardAlgorithm = previousAlgorithm == null ? JDK_FALLBACK_ALGORITHM : previousAlgorithm;
                Security.setProperty(PROPERTY, ALGORITHM);
            }
            REGISTRIES.put(token, registry);
            if (justInTime != null) {
                JUST_IN_TIME.put(token, justInTime);
            }
        }
        return new Registration(token);
    }

    /** @return the algorithm that was the JVM's default before, which serves every other key store */
    static String standardAlgorithm() {
        return standardAlgorithm;
    }

    /** @return the marker alias for a token */
    static String markerAlias(String token) {
        return MARKER_PREFIX + token;
    }

    /** @return the token of the marker entry in a key store, if it has one */
    static Optional<String> markerToken(KeyStore keyStore) throws KeyStoreException {
        for (Enumeration<String> aliases = keyStore.aliases(); aliases.hasMoreElements();) {
            String alias = aliases.nextElement();
            if (alias.startsWith(MARKER_PREFIX) && keyStore.isCertificateEntry(alias)) {
                return Optional.of(alias.substring(MARKER_PREFIX.length()));
            }
        }
        return Optional.empty();
    }

    /** @return the registry bound to a token, while its registration is open */
    static Optional<IotRegistry> registry(String token) {
        return Optional.ofNullable(REGISTRIES.get(token));
    }

    /** @return the just-in-time registration bound to a token, while its registration is open */
    static Optional<JustInTimeRegistration> justInTime(String token) {
        return Optional.ofNullable(JUST_IN_TIME.get(token));
    }

    /** A registry bound to a marker; closing it unbinds the registry and restores the property when last. */
    static final class Registration implements AutoCloseable {

        private final String token;

        private Registration(String token) {
            this.token = token;
        }

        /** @return the alias of the marker entry to write into the broker's trust store */
        String markerAlias() {
            return RegistryTrust.markerAlias(token);
        }

        @Override
        public void close() {
            synchronized (LOCK) {
                JUST_IN_TIME.remove(token);
                if (REGISTRIES.remove(token) == null || !REGISTRIES.isEmpty()) {
                    return;
                }
                if (ALGORITHM.equals(Security.getProperty(PROPERTY))) {
                    Security.setProperty(PROPERTY, previousAlgorithm == null ? JDK_FALLBACK_ALGORITHM
                            : previousAlgorithm);
                }
                previousAlgorithm = null;
            }
        }
    }

    /** The provider of the {@value #ALGORITHM} trust manager factory. */
    private static final class RegistryTrustProvider extends Provider {

        private static final long serialVersionUID = 1L;

        RegistryTrustProvider() {
            super(PROVIDER_NAME, "1", "fleetprov LocalIotCore: client certificates registered without a CA");
            putService(new Service(this, "TrustManagerFactory", ALGORITHM,
                    RegistryTrustManagerFactorySpi.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) {
                    return new RegistryTrustManagerFactorySpi();
                }
            });
        }
    }
}
