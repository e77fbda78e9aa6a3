package io.github.fleetprov.core.store;

import io.github.fleetprov.core.store.internal.FileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * File-system steps that fail at the n-th step (counting from 1): a write then stores only the first
 * half of its content, as a full disk would, before it throws. Records every step it is asked for.
 */
final class FailingFileOps implements FileOps {

    private final int failAt;
    private int calls;
    final List<String> steps = new ArrayList<>();

    /** @param failAt the step to fail, or 0 to never fail */
    FailingFileOps(int failAt) {
        this.failAt = failAt;
    }

    private boolean fail(String step) {
        calls++;
        steps.add(step);
        return calls == failAt;
    }

    @Override
    public void writeAndSync(Path file, byte[] content) throws IOException {
        boolean fail = fail("write " + file.getFileName());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(content, 0, fail ? content.length / 2 : content.length));
            if (fail) {
                throw new IOException("No space left on device (injected)");
            }
            ch.force(true);
        }
    }

    @Override
    public void atomicMove(Path source, Path target) throws IOException {
        if (fail("move to " + target.getFileName())) {
            throw new IOException("rename failed (injected)");
        }
        FileOps.DEFAULT.atomicMove(source, target);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        if (fail("fsync " + directory.getFileName())) {
            throw new IOException("fsync failed (injected)");
        }
        FileOps.DEFAULT.syncDirectory(directory);
    }
}
