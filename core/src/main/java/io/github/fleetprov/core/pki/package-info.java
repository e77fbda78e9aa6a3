/**
 * Keys, PEM, certificate signing requests, certificates and a small certificate authority.
 *
 * <p>Start with {@link io.github.fleetprov.core.pki.KeyPairs#generate()} (EC P-256),
 * {@link io.github.fleetprov.core.pki.CertificateSigningRequest#create(java.security.KeyPair, io.github.fleetprov.core.pki.Subject)}
 * and {@link io.github.fleetprov.core.pki.Pem}. Keys are made and signed with Bouncy Castle's
 * lightweight API or the JDK's providers; a private Bouncy Castle provider instance is created only to
 * encrypt or decrypt PEM private keys with a password, and is never registered globally.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
@NullMarked
package io.github.fleetprov.core.pki;

import org.jspecify.annotations.NullMarked;
