package io.github.fleetprov.device.internal;

import io.github.fleetprov.device.HttpProxy;
import software.amazon.awssdk.crt.http.HttpProxyOptions;

/** Converts {@link HttpProxy} to aws-crt's proxy options (HTTP CONNECT tunnelling). */
public final class ProxyOptions {

    private ProxyOptions() {
    }

    /**
     * The aws-crt options for a proxy.
     *
     * @param proxy the proxy
     * @return tunnelling options, with basic authentication if the proxy has a user name
     */
    public static HttpProxyOptions crt(HttpProxy proxy) {
        HttpProxyOptions options = new HttpProxyOptions();
        options.setHost(proxy.host());
        options.setPort(proxy.port());
        options.setConnectionType(HttpProxyOptions.HttpProxyConnectionType.Tunneling);
        proxy.username().ifPresent(user -> {
            options.setAuthorizationType(HttpProxyOptions.HttpProxyAuthorizationType.Basic);
            options.setAuthorizationUsername(user);
            options.setAuthorizationPassword(new String(proxy.password().orElse(new char[0])));
        });
        return options;
    }
}
