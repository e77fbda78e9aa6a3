/**
 * fleetprov core: keys, CSRs, certificates, PEM, AWS certificate ids, ARNs, MQTT topic filters, token-bucket rate limits, the credential store,
 * the Amazon root CAs, shared JSON settings and the exception root. The {@code internal} packages are
 * not exported.
 */
module io.github.fleetprov.core {
    requires transitive com.fasterxml.jackson.databind;
    requires org.bouncycastle.provider;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.util;
    requires org.slf4j;
    // Nullness annotations on every package: needed to compile against fleetprov, not to run it.
    requires static transitive org.jspecify;

    exports io.github.fleetprov.core;
    exports io.github.fleetprov.core.arn;
    exports io.github.fleetprov.core.json;
    exports io.github.fleetprov.core.mqtt;
    exports io.github.fleetprov.core.pki;
    exports io.github.fleetprov.core.rate;
    exports io.github.fleetprov.core.store;
}
