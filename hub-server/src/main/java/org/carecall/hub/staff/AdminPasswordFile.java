package org.carecall.hub.staff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A generated admin password, kept in the data directory (readable only by the hub's user) until admin
 * chooses their own: printed once to a terminal or a journal it is easily lost, and a hub nobody can log
 * in to is as good as no hub.
 */
public record AdminPasswordFile(Path file) {

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
}
