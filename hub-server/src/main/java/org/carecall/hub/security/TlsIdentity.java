package org.carecall.hub.security;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.carecall.hub.config.ConfigException;
import org.carecall.hub.config.HubConfig;

/**
 * What the hub's two TLS endpoints present, and the certificate phones and units are asked to trust.
 * An endpoint with a certificate of the operator's own keeps it; one without uses the hub's community CA
 * ({@link CommunityCa}), so HTTPS and MQTT over TLS are open from the first start. The trust anchor is
 * what the console's HTTPS ends in: the community CA, or the last certificate of the configured chain.
 */
public final class TlsIdentity {
    private final SslContext mqtt;
    private final SslContext https;
    private final X509Certificate anchor;
    private final boolean hubMade;

    private TlsIdentity(SslContext mqtt, SslContext https, X509Certificate anchor, boolean hubMade) {
        this.mqtt = mqtt;
        this.https = https;
        this.anchor = anchor;
        this.hubMade = hubMade;
    }

    public static TlsIdentity of(HubConfig config, Instant now) throws ConfigException {
        try {
            CommunityCa community = config.mqttOwnCertificate() && config.http.ownCertificate() ? null
                    : CommunityCa.in(config.dataPath(), config.publicNames(), now);
            SslContext mqtt = config.mqttOwnCertificate()
                    ? ServerTls.forServer(config.mqtt.tlsCert, config.mqtt.tlsKey)
                    : ServerTls.forServer(community.serverKey(), community.serverChain());
            SslContext https;
            X509Certificate anchor;
            if (config.http.ownCertificate()) {
                https = ServerTls.forServer(config.http.tlsCert, config.http.tlsKey);
                List<X509Certificate> chain = CommunityCa.readCertificates(Path.of(config.http.tlsCert));
                if (chain.isEmpty()) {
                    throw new ConfigException("http.tlsCert " + config.http.tlsCert + " holds no certificate");
                }
                anchor = chain.getLast();
            } else {
                https = ServerTls.forServer(community.serverKey(), community.serverChain());
                anchor = community.ca();
            }
            return new TlsIdentity(mqtt, https, anchor, !config.http.ownCertificate());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("cannot start: TLS cannot be set up: " + e.getMessage());
        }
    }

    public SslContext mqtt() {
        return mqtt;
    }

    public SslContext https() {
        return https;
    }

    /** The certificate phones install and units pin: the community CA, or the top of the configured chain. */
    public X509Certificate anchor() {
        return anchor;
    }

    /** {@code sha256:<hex>} of {@link #anchor()}. */
    public String pin() {
        return CommunityCa.fingerprint(anchor);
    }

    public String anchorPem() {
        try {
            return CommunityCa.pem(anchor);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the console's HTTPS uses the hub's own CA rather than a certificate the operator configured. */
    public boolean hubMade() {
        return hubMade;
    }
}
