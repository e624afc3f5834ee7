package org.carecall.hub.staff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generated admin password, kept in the data directory (readable only by the hub's user) until admin
 * chooses their own: printed once to a terminal or a journal it is easily lost, and a hub nobody can log
 * in to is as good as no hub.
 */
public record AdminPasswordFile(Path file) {
    private static final Logger log = LoggerFactory.getLogger(AdminPasswordFile.class);

    /**
     * Makes the admin account if there is none. A generated password is kept in the file at once, so that
     * even a start that fails later locks nobody out, and the file goes when admin chooses a password.
     * Answers the generated password (shown once), or empty when the settings gave it or admin existed.
     */
    public static Optional<String> ensureAdmin(StaffDirectory staff, String configured, Path dataDir) {
        AdminPasswordFile kept = in(dataDir);
        Optional<String> generated = staff.ensureAdmin(configured).filter(password -> !password.equals(configured));
        generated.ifPresent(kept::writeLogged);
        staff.onPasswordChanged(member -> {
            if (member.username().equals("admin")) {
                kept.removeLogged();
            }
        });
        return generated;
    }

    public static AdminPasswordFile in(Path dataDir) {
        return new AdminPasswordFile(dataDir.resolve("admin-password"));
    }

    public void write(String password) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n");
    }

    /** True when there was one to remove. */
    public boolean remove() throws IOException {
        return Files.deleteIfExists(file);
    }

    private void writeLogged(String password) {
        try {
            write(password);
            log.warn("the first admin password is in {} (readable only by this user) until admin changes it", file);
        } catch (IOException | UnsupportedOperationException e) {
            log.error("could not write the first admin password to {}: {}", file, e.getMessage());
        }
    }

    private void removeLogged() {
        try {
            if (remove()) {
                log.info("admin chose a password; {} removed", file);
            }
        } catch (IOException e) {
            log.error("could not remove {}: {}", file, e.getMessage());
        }
    }
}
