package xyz.peaq.os.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes KEY=VALUE files, written with mode 0600 because they may hold secrets. */
final class EnvFile {
    private EnvFile() {}

    static void write(Path file, String header, Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        for (String line : header.split("\n")) text.append("# ").append(line).append('\n');
        values.forEach((k, v) -> {
            if (!k.matches("[A-Z_][A-Z0-9_]*")) {
                throw new IllegalArgumentException("env variable names are upper-case letters, digits and _, was '" + k + "'");
            }
            if (v.contains("\n")) throw new IllegalArgumentException("value of " + k + " must be one line");
            text.append(k).append('=').append(v).append('\n');
        });
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                // raced with another writer; overwrite below
            }
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) continue;
                int eq = t.indexOf('=');
                if (eq > 0) values.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return values;
    }
}
