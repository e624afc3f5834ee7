package org.carecall.hub.security;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The community's own certificate authority, made by the hub at its first start so TLS works with no
 * PKI knowledge: a CA (EC P-256, valid 20 years) and a server certificate it signs for the hub's
 * configured public names. Both live in {@code <dataDir>/tls}, the private keys readable by the hub's
 * user only; later starts reuse them, and the server certificate is issued again when the names change
 * or its end is near. Phones and units trust the CA once (its SHA-256 fingerprint is the pin an
 * enrolment code carries), so a new server certificate needs nothing from them.
 */
public final class CommunityCa {
    private static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    /** Apple's platforms refuse server certificates valid longer than 825 days, whoever issued them. */
    private static final Duration SERVER_VALIDITY = Duration.ofDays(800);
    private static final Duration RENEW_BEFORE = Duration.ofDays(60);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private final X509Certificate ca;
    private final PrivateKey serverKey;
    private final X509Certificate server;

    private CommunityCa(X509Certificate ca, PrivateKey serverKey, X509Certificate server) {
        this.ca = ca;
        this.serverKey = serverKey;
        this.server = server;
    }

    /**
     * The CA and server certificate of the data directory: read when there, made when not, the server's
     * issued again when it no longer names exactly {@code names} or ends within 60 days.
     */
    public static CommunityCa in(Path dataDir, List<String> names, Instant now) throws IOException {
        Path dir = dataDir.resolve("tls");
        Files.createDirectories(dir);
        Path caFile = dir.resolve("ca.pem");
        Path caKeyFile = dir.resolve("ca-key.pem");
        Path serverFile = dir.resolve("server.pem");
        Path serverKeyFile = dir.resolve("server-key.pem");
        try {
            X509Certificate ca;
            PrivateKey caKey;
            if (Files.exists(caFile) && Files.exists(caKeyFile)) {
                ca = readCertificate(caFile);
                caKey = readKey(caKeyFile);
            } else {
                KeyPair pair = newKey();
                ca = caCertificate(pair, now);
                caKey = pair.getPrivate();
                writePrivate(caKeyFile, keyPem(caKey));
                writePublic(caFile, pem(ca));
            }
            if (Files.exists(serverFile) && Files.exists(serverKeyFile)) {
                X509Certificate server = readCertificate(serverFile);
                if (server.getIssuerX500Principal().equals(ca.getSubjectX500Principal())
                        && namesOf(server).equals(asWritten(names))
                        && server.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) {
                    server.verify(ca.getPublicKey());
                    return new CommunityCa(ca, readKey(serverKeyFile), server);
                }
            }
            KeyPair pair = newKey();
            X509Certificate server = serverCertificate(pair, names, ca, caKey, now);
            writePrivate(serverKeyFile, keyPem(pair.getPrivate()));
            writePublic(serverFile, pem(server) + pem(ca));
            return new CommunityCa(ca, pair.getPrivate(), server);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("the community CA in " + dir + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** The CA phones and units install. */
    public X509Certificate ca() {
        return ca;
    }

    public PrivateKey serverKey() {
        return serverKey;
    }

    /** What the TLS endpoints present: the server certificate, then the CA, so a pinning client finds it. */
    public X509Certificate[] serverChain() {
        return new X509Certificate[] {server, ca};
    }

    /** {@code sha256:<hex>} of a certificate's DER encoding: the pin an enrolment command carries. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    /** Every certificate of a PEM file, in order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        return certificates;
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> all = readCertificates(file);
        if (all.isEmpty()) {
            throw new IOException(file + " holds no certificate");
        }
        return all.getFirst();
    }

    /** A PKCS#8 key, as {@link #keyPem} writes it (and as Netty and openssl read it). */
    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file);
        int start = text.indexOf(KEY_BEGIN);
        int end = text.indexOf(KEY_END);
        if (start < 0 || end < start) {
            throw new IOException(file + " holds no PKCS#8 private key");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(start + KEY_BEGIN.length(), end));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String keyPem(PrivateKey key) {
        return KEY_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n" + KEY_END + "\n";
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair pair, Instant now)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "hub";
        }
        X500Name subject = new X500Name("CN=CareCall community CA " + host.replaceAll("[^A-Za-z0-9.-]", "-")
                + " " + now.getEpochSecond() + ",O=CareCall");
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
        return sign(builder, pair.getPrivate());
    }

    private static X509Certificate serverCertificate(KeyPair pair, List<String> names, X509Certificate ca, PrivateKey caKey,
                                                     Instant now) throws GeneralSecurityException, IOException, OperatorCreationException {
        GeneralName[] alternatives = names.stream()
                .map(name -> new GeneralName(isAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name))
                .toArray(GeneralName[]::new);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        Instant end = now.plus(SERVER_VALIDITY);
        if (end.isAfter(ca.getNotAfter().toInstant())) {
            end = ca.getNotAfter().toInstant();
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(end),
                new X500Name("CN=" + names.getFirst().replaceAll("[,=+<>#;\"\\\\]", "-")), pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives))
                .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
        return sign(builder, caKey);
    }

    /** The names a server certificate covers, as configured names are written. */
    private static Set<String> namesOf(X509Certificate certificate) throws GeneralSecurityException {
        Set<String> names = new LinkedHashSet<>();
        var alternatives = certificate.getSubjectAlternativeNames();
        if (alternatives != null) {
            alternatives.forEach(entry -> names.add(String.valueOf(entry.get(1))));
        }
        return names;
    }

    /** The names as a certificate gives them back: an address in its full form (::1 as 0:0:0:0:0:0:0:1). */
    private static Set<String> asWritten(List<String> names) throws IOException {
        Set<String> written = new LinkedHashSet<>();
        for (String name : names) {
            // A literal address is parsed, not looked up.
            written.add(isAddress(name) ? InetAddress.getByName(name).getHostAddress() : name);
        }
        return written;
    }

    /** An IPv4 or IPv6 literal, not a host name. */
    public static boolean isAddress(String name) {
        return name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || name.contains(":");
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temporary);
        }
        Files.writeString(temporary, pem);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePublic(Path file, String pem) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temporary, pem);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
