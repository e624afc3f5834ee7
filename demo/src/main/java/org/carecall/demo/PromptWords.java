package org.carecall.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What a unit's prompt says in words, for the demo's panel ("您的呼叫已收到", not "received"): read once from
 * the units' own prompts.tsv, which the build copies beside the clips. A prompt naming the person who is
 * coming uses its "-named" line. Without the file, the clip's name is all there is to show.
 */
final class PromptWords {
    private static final Map<String, String> WORDS = load();

    private PromptWords() {
    }

    static String of(String clip, String language, String name) {
        if (name != null && !name.isBlank()) {
            String named = WORDS.get(clip + "-named/" + language);
            if (named != null) {
                return named.replace("{name}", name);
            }
        }
        return WORDS.getOrDefault(clip + "/" + language, clip);
    }

    private static Map<String, String> load() {
        Map<String, String> words = new HashMap<>();
        try (InputStream in = PromptWords.class.getResourceAsStream("/demo/clips/prompts.tsv")) {
            if (in == null) {
                return words;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.split("\t");
                if (fields.length == 4 && !line.startsWith("#")) {
                    words.put(fields[0] + "/" + fields[1], fields[3]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prompts' words", e);
        }
        return words;
    }
}
