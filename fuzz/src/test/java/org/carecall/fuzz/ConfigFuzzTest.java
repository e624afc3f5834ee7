package org.carecall.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.carecall.agent.config.AgentConfigLoader;
import org.carecall.hub.config.ConfigException;
import org.carecall.hub.config.HubConfigLoader;
import org.junit.jupiter.api.AfterAll;

/**
 * The YAML a technician writes, as any bytes at all: the hub's and the agent's loaders either accept it
 * (and then every setting is usable) or refuse it with a sentence, never with any other exception.
 */
class ConfigFuzzTest {
    private static final FuzzLedger LEDGER = new FuzzLedger("config");
    private static final Path FILE = temporaryFile();

    @AfterAll
    static void tally() throws IOException {
        LEDGER.close();
        Files.deleteIfExists(FILE);
    }

    @FuzzTest(maxDuration = "15s")
    void anyConfigurationFileIsLoadedOrRefusedInWords(byte[] yaml) throws Exception {
        LEDGER.run(() -> oneInput(yaml));
    }

    private void oneInput(byte[] yaml) throws Exception {
        Files.write(FILE, yaml);
        try {
            assertThat(HubConfigLoader.load(FILE, Map.of()).problems()).isEmpty();
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
        try {
            assertThat(AgentConfigLoader.load(FILE, Map.of(), true).problems()).isEmpty();
        } catch (AgentConfigLoader.Refused refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static Path temporaryFile() {
        try {
            return Files.createTempFile("carecall-fuzz-", ".yaml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
