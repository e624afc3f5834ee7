package org.carecall.hub.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A real, small file system (a tmpfs of a few MiB mounted for the test) that can be filled to the last
 * byte and given space back: what a hub or unit meets when its disk is full. Mounting needs root; tests
 * that use it are skipped where {@link #mountable()} says no.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path filler;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    public static SmallDisk mount(int mebibytes) throws IOException, InterruptedException {
        Path mountPoint = Files.createTempDirectory("carecall-small-disk-");
        Command mounted = Command.run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs",
                mountPoint.toString());
        if (mounted.exit() != 0) {
            throw new IOException("cannot mount a tmpfs at " + mountPoint + ": " + mounted.output());
        }
        return new SmallDisk(mountPoint);
    }

    /** Whether this machine lets the tests mount a file system (root with the right to mount). */
    public static boolean mountable() {
        try (SmallDisk disk = mount(1)) {
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A directory on the small disk. */
    public Path directory(String name) throws IOException {
        return Files.createDirectories(mountPoint.resolve(name));
    }

    /** Writes a filler file until the disk refuses another byte; returns the bytes written. */
    public long fill() throws IOException {
        byte[] chunk = new byte[4096];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // The last partial block, byte by byte, so not even a small write finds room.
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            return written;
        }
    }

    /** Space returns: the filler file goes. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Command.run("umount", "-l", mountPoint.toString());
        Files.deleteIfExists(mountPoint);
    }
}
