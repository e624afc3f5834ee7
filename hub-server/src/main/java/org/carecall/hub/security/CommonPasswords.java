package org.carecall.hub.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords too common to be chosen: the first ones any guesser tries, read from
 * {@code /security/common-passwords.txt}. Compared ignoring case and surrounding spaces.
 */
public final class CommonPasswords {
    private static final Set<String> COMMON = read();

    private CommonPasswords() {
    }

    public static boolean contains(String password) {
        return password != null && COMMON.contains(password.strip().toLowerCase(Locale.ROOT));
    }

    /** How many the list holds (for the docs and a test). */
    public static int size() {
        return COMMON.size();
    }

    private static Set<String> read() {
        try (InputStream in = CommonPasswords.class.getResourceAsStream("/security/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the hub's jar");
            }
            Set<String> words = new HashSet<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                lines.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(line -> line.toLowerCase(Locale.ROOT)).forEach(words::add);
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
