package io.github.fleetprov.core.store;

import io.github.fleetprov.core.InvalidInputException;
import io.github.fleetprov.core.store.internal.AtomicFiles;
import io.github.fleetprov.core.store.internal.FileOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a certificate and its private key to two PEM files, for tools that want plain files (the
 * AWS IoT console's download, {@code tedge cert create}, the AWS CLI's
 * {@code create-keys-and-certificate --certificate-pem-outfile --private-key-outfile}).
 *
 * <p>Each file is written the way the {@link CredentialStore} writes its files: a temporary file in
 * the same directory, fsynced, renamed over the target, and the directory fsynced, so a reader sees the
 * old file or the whole new one, never part of it, and no temporary file is left behind. The private
 * key file gets mode 0600 and the certificate file 0644 on POSIX file systems. Missing parent
 * directories are created.
 */
public final class PemFiles {

    private PemFiles() {
    }

    /**
     * Writes two files that must not exist yet: existing credentials are never overwritten. The key is
     * written first; if the certificate then cannot be written, the key file is removed again.
     *
     * @param certificateFile the certificate's file
     * @param certificatePem the certificate, PEM
     * @param privateKeyFile the private key's file
     * @param privateKeyPem the private key, PEM (a secret: it never appears in a message)
     * @throws InvalidInputException naming the file that exists already
     * @throws CredentialStoreException if a file cannot be written; neither file is then left behind
     */
    public static void writeNew(Path certificateFile, String certificatePem, Path privateKeyFile,
            String privateKeyPem) {
        check(certificateFile, certificatePem, privateKeyFile, privateKeyPem);
        for (Path p : List.of(privateKeyFile, certificateFile)) {
            if (Files.exists(p)) {
                throw new InvalidInputException(p.toString(), "the file exists already",
                        "Choose a new path or remove the old file first; existing credentials are never overwritten.");
            }
        }
        write(privateKeyFile, privateKeyPem, true);
        try {
            write(certificateFile, certificatePem, false);
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(privateKeyFile.toAbsolutePath());
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Writes two files, replacing each atomically if it exists: the key first, then the certificate.
     *
     * @param certificateFile the certificate's file
     * @param certificatePem the certificate, PEM
     * @param privateKeyFile the private key's file
     * @param privateKeyPem the private key, PEM (a secret: it never appears in a message)
     * @throws CredentialStoreException if a file cannot be written; that file is then unchanged
     */
    public static void replace(Path certificateFile, String certificatePem, Path privateKeyFile,
            String privateKeyPem) {
        check(certificateFile, certificatePem, privateKeyFile, privateKeyPem);
        write(privateKeyFile, privateKeyPem, true);
        write(certificateFile, certificatePem, false);
    }

    private static void check(Path certificateFile, String certificatePem, Path privateKeyFile, String privateKeyPem) {
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        if (certificateFile.toAbsolutePath().normalize().equals(privateKeyFile.toAbsolutePath().normalize())) {
            throw new InvalidInputException("privateKeyFile", "is the same file as certificateFile",
                    "Give the key and the certificate files of their own.");
        }
    }

    private static void write(Path file, String text, boolean secret) {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
            AtomicFiles files = new AtomicFiles(FileOps.DEFAULT, Files.getFileStore(dir).supportsFileAttributeView("posix"));
            files.write(target, text.getBytes(StandardCharsets.US_ASCII),
                    secret ? AtomicFiles.PRIVATE_FILE : AtomicFiles.PUBLIC_FILE);
        } catch (IOException e) {
            throw new CredentialStoreException(target, "cannot be written (" + e.getClass().getSimpleName()
                    + "); check that the directory is writable and has free space.", e);
        }
    }
}
