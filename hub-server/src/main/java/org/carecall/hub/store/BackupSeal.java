package org.carecall.hub.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * Backups sealed to an OpenPGP public key: the hub holds only the public key, so a backup it writes can be
 * read only where the private key is (kept off the hub). A sealed backup is an ordinary OpenPGP message
 * (AES-256 with an integrity packet, compressed), so {@code gpg --decrypt} opens it too.
 *
 * <p>Guarantees: every file written here is created new with mode 0600; a backup opened with a key it was
 * not sealed to, or one changed after it was sealed, is refused, and nothing of it is kept.
 */
public final class BackupSeal {
    private static final byte[] ARMOUR = "-----BEGIN PGP MESSAGE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private BackupSeal() {
    }

    /** Writes {@code plain} to a new file {@code target}, sealed to the first encryption key in {@code publicKey}. */
    static void seal(Path plain, Path publicKey, Path target) throws IOException {
        PGPPublicKey key = encryptionKey(publicKey);
        PGPEncryptedDataGenerator sealing = new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(
                SymmetricKeyAlgorithmTags.AES_256).setWithIntegrityPacket(true).setSecureRandom(new SecureRandom()));
        sealing.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key));
        try (OutputStream file = createPrivate(target);
             OutputStream sealed = sealing.open(file, new byte[1 << 16])) {
            PGPCompressedDataGenerator compressing = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB);
            try (OutputStream compressed = compressing.open(sealed);
                 OutputStream literal = new PGPLiteralDataGenerator().open(compressed, PGPLiteralData.BINARY,
                         Backup.STORE, new Date(), new byte[1 << 16])) {
                Files.copy(plain, literal);
            }
        } catch (PGPException e) {
            Files.deleteIfExists(target);
            throw new IOException("the backup could not be encrypted: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a sealed backup with the private key it was sealed to into a new file {@code target}. The key may
     * be protected by a passphrase (an empty one for none).
     */
    static void open(Path sealed, Path privateKey, char[] passphrase, Path target) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(sealed))) {
            PGPSecretKeyRingCollection secrets = secretKeys(privateKey);
            BcPGPObjectFactory objects = new BcPGPObjectFactory(in);
            Object first = objects.nextObject();
            if (first instanceof PGPMarker) {
                first = objects.nextObject();
            }
            if (!(first instanceof PGPEncryptedDataList list)) {
                throw new IOException(sealed + " is not an encrypted backup");
            }
            PGPPublicKeyEncryptedData data = null;
            PGPPrivateKey key = null;
            for (PGPEncryptedData each : list) {
                if (each instanceof PGPPublicKeyEncryptedData forKey) {
                    PGPSecretKey secret = secrets.getSecretKey(forKey.getKeyID());
                    if (secret != null) {
                        data = forKey;
                        key = privateKey(secret, passphrase, privateKey);
                        break;
                    }
                }
            }
            if (data == null) {
                throw new IOException("the key in " + privateKey + " is not the one " + sealed + " was encrypted for");
            }
            try (InputStream clear = data.getDataStream(new BcPublicKeyDataDecryptorFactory(key))) {
                Object message = new BcPGPObjectFactory(clear).nextObject();
                if (message instanceof PGPCompressedData compressed) {
                    message = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
                }
                if (!(message instanceof PGPLiteralData literal)) {
                    throw new IOException(sealed + " holds no backup inside its encryption");
                }
                try (OutputStream out = createPrivate(target); InputStream content = literal.getInputStream()) {
                    content.transferTo(out);
                }
            }
            if (data.isIntegrityProtected() && !data.verify()) {
                throw new IOException(sealed + " was changed after it was written (its integrity check fails)");
            }
        } catch (PGPException | RuntimeException e) {
            Files.deleteIfExists(target);
            throw new IOException(sealed + " could not be decrypted: " + e.getMessage(), e);
        } catch (IOException e) {
            Files.deleteIfExists(target);
            throw e;
        }
    }

    /** Whether a file is a plain SQLite store. */
    static boolean isPlain(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER);
        }
    }

    /** Whether a file looks like an OpenPGP message: a packet's tag byte, or the armour's first line. */
    static boolean looksSealed(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(ARMOUR.length);
            return start.length > 0 && ((start[0] & 0x80) != 0 || Arrays.equals(start, ARMOUR));
        }
    }

    /** Checks a public key file before it is needed: the first key in it that can encrypt, or a sentence. */
    public static String describe(Path publicKey) throws IOException {
        PGPPublicKey key = encryptionKey(publicKey);
        String user = "";
        Iterator<String> ids = key.getUserIDs();
        if (ids.hasNext()) {
            user = " (" + ids.next() + ")";
        }
        return "OpenPGP key " + Long.toHexString(key.getKeyID()).toUpperCase(java.util.Locale.ROOT) + user;
    }

    private static PGPPublicKey encryptionKey(Path publicKey) throws IOException {
        if (!Files.isReadable(publicKey)) {
            throw new IOException("the backup public key " + publicKey + " cannot be read");
        }
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(publicKey))) {
            PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            for (PGPPublicKeyRing ring : rings) {
                for (PGPPublicKey key : ring) {
                    if (key.isEncryptionKey() && !key.hasRevocation()) {
                        return key;
                    }
                }
            }
        } catch (PGPException | RuntimeException e) {
            throw new IOException(publicKey + " is not an OpenPGP public key: " + e.getMessage(), e);
        }
        throw new IOException(publicKey + " holds no OpenPGP key that can encrypt");
    }

    private static PGPSecretKeyRingCollection secretKeys(Path privateKey) throws IOException {
        if (!Files.isReadable(privateKey)) {
            throw new IOException("the private key " + privateKey + " cannot be read");
        }
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(privateKey))) {
            return new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
        } catch (PGPException | RuntimeException e) {
            throw new IOException(privateKey + " is not an OpenPGP private key: " + e.getMessage(), e);
        }
    }

    private static PGPPrivateKey privateKey(PGPSecretKey secret, char[] passphrase, Path file) throws IOException {
        try {
            return secret.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                    .build(passphrase));
        } catch (PGPException e) {
            throw new IOException("the private key in " + file + " could not be unlocked (set"
                    + " CARECALL_BACKUP_KEY_PASSPHRASE to its passphrase): " + e.getMessage(), e);
        }
    }

    /** A new file only its owner may read or write. */
    static OutputStream createPrivate(Path target) throws IOException {
        Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
