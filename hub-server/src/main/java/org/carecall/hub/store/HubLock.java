package org.carecall.hub.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One hub per data directory: a running hub holds a lock on a file in it, so that a second hub started
 * on the same store, or a restore under a running hub, is refused instead of mixing two writers. The
 * operating system lets go of the lock when the process ends, however it ends.
 */
public final class HubLock implements AutoCloseable {
    private static final String FILE = "hub.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private HubLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static HubLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process: a second hub in one JVM
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another hub is running on " + dataDir + "; one hub per data directory");
        }
        return new HubLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending; the system lets go of the lock anyway
        }
    }
}
