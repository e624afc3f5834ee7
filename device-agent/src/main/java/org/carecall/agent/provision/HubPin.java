package org.carecall.agent.provision;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust in a hub from one fingerprint, with no PKI on the unit: the enrolment code comes with
 * {@code sha256:<hex>} of the community CA, and the hub is accepted only when the chain it presents holds
 * that CA and validates up to it (the host name is checked as well, by the HTTP client). The CA found is
 * kept, so the unit can trust the same CA for MQTT over TLS afterwards.
 */
final class HubPin implements X509TrustManager {
    private final String pin;
    private volatile X509Certificate anchor;

    private HubPin(String pin) {
        this.pin = pin;
    }

    /** {@code sha256:<64 hex>}, in either case; anything else is refused in words. */
    static HubPin of(String pin) {
        String normal = pin.strip().toLowerCase(Locale.ROOT);
        if (!normal.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("--pin must be sha256: and 64 hex digits, as the console shows it; got '"
                    + pin + "'");
        }
        return new HubPin(normal);
    }

    static String fingerprint(X509Certificate certificate) throws CertificateException {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    SSLContext context() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {this}, null);
        return context;
    }

    /** The CA of the pin, once a hub presented it; null before. */
    X509Certificate anchor() {
        return anchor;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        X509Certificate found = null;
        for (X509Certificate certificate : chain) {
            if (fingerprint(certificate).equals(pin)) {
                found = certificate;
            }
        }
        if (found == null) {
            throw new CertificateException("this hub's certificate does not come from the CA of the pin " + pin
                    + " (another server at that address, or an old code?); nothing was changed");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("community-ca", found);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager pkix) {
                    pkix.checkServerTrusted(chain, authType);
                }
            }
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new CertificateException("this hub's certificate does not validate up to the pinned CA: "
                    + e.getMessage(), e);
        }
        anchor = found;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a unit does not accept connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
