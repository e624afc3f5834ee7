package org.carecall.hub;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.carecall.hub.audit.AuditChain;
import org.carecall.hub.audit.AuditLog;
import org.carecall.hub.config.ConfigException;
import org.carecall.hub.config.HubConfig;
import org.carecall.hub.config.HubConfigLoader;
import org.carecall.hub.device.DeviceRegistry;
import org.carecall.hub.metrics.HubMetrics;
import org.carecall.hub.security.ServerTls;
import org.carecall.hub.staff.AdminPasswordFile;
import org.carecall.hub.staff.StaffDirectory;
import org.carecall.hub.store.Backup;
import org.carecall.hub.store.BackupSeal;
import org.carecall.hub.store.CopyStore;
import org.carecall.hub.store.DatabaseWait;
import org.carecall.hub.store.StoreException;
import org.carecall.hub.store.StoreSettings;
import org.carecall.hub.watchdog.ServiceManager;
import org.carecall.protocol.settings.Variables;
import org.carecall.hub.store.Database;

/**
 * {@code ./carecall hub [--config FILE]} runs a hub until it is stopped.
 * {@code ./carecall hub add-device ID [--label TEXT] [--config FILE]} registers a device in the hub's
 * database and prints its secret once; run it while the hub is stopped (a running hub keeps its device
 * list in memory and learns of new devices through its API).
 */
public final class HubMain {

    private HubMain() {
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        String label = null;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = i + 1 < args.length ? Path.of(args[++i]) : usage();
                case "--label" -> label = i + 1 < args.length ? args[++i] : usage();
                default -> words.add(args[i]);
            }
        }
        if (words.size() == 1 && words.get(0).equals("help")) {
            help();
            return;
        }
        HubConfigLoader.warnings(System.getenv()).forEach(warning -> System.err.println("carecall hub: warning: " + warning));
        Map<String, String> env = new HashMap<>(System.getenv());
        boolean copying = words.size() == 3 && words.get(0).equals("copy-store") && words.get(1).equals("--to");
        if (copying) {
            env.put("CARECALL_DB_URL", words.get(2)); // checked with the rest of the settings, login included
        }
        HubConfig config;
        try {
            config = HubConfigLoader.load(configFile, env);
        } catch (ConfigException e) {
            System.err.println("carecall hub: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (words.isEmpty()) {
            run(config);
        } else if (words.size() == 2 && words.get(0).equals("add-device")) {
            addDevice(config, words.get(1), label);
        } else if (words.size() == 1 && words.get(0).equals("reset-admin-password")) {
            resetAdminPassword(config);
        } else if (words.size() == 2 && words.get(0).equals("logout-everywhere")) {
            logoutEverywhere(config, words.get(1));
        } else if (copying) {
            copyStore(config);
        } else if (!words.isEmpty() && words.get(0).equals("backup")) {
            backup(config, words.subList(1, words.size()));
        } else if (words.size() == 2 && words.get(0).equals("audit") && words.get(1).equals("verify")) {
            verifyAudit(config);
        } else if (words.size() == 2 && words.get(0).equals("restore")) {
            restore(config, Path.of(words.get(1)), null);
        } else if (words.size() == 4 && words.get(0).equals("restore") && words.get(2).equals("--key")) {
            restore(config, Path.of(words.get(1)), Path.of(words.get(3)));
        } else {
            usage();
        }
    }

    private static void run(HubConfig config) throws Exception {
        ServerTls.refuseClientRenegotiation(); // before any TLS class loads
        Hub hub;
        try {
            StoreSettings store = config.storeSettings();
            if (!store.embedded()) {
                DatabaseWait.untilReachable(store, config.http.host, config.http.port,
                        line -> System.err.println("carecall hub: " + line));
            }
            hub = Hub.start(config, Clock.systemUTC());
        } catch (ConfigException e) {
            System.err.println("carecall hub: " + e.getMessage()); // a port in use, named, and nothing created
            System.exit(1);
            return;
        } catch (StoreException e) {
            System.err.println("carecall hub: cannot start: " + e.getMessage()); // the store's own sentence
            System.exit(1);
            return;
        } catch (Exception e) {
            System.err.println("carecall hub: cannot start: " + e);
            System.exit(1);
            return;
        }
        ServiceManager manager = ServiceManager.fromEnvironment(System.getenv());
        var watchdog = hub.watchdog(manager);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            manager.tell("STOPPING=1");
            watchdog.close();
            hub.close();
            stopped.countDown();
        }, "hub-shutdown"));
        hub.firstAdminPassword().ifPresent(password -> System.out.println("First start: the console account 'admin'"
                + " has the password " + password + " (also in " + hub.adminPasswordFile().toAbsolutePath()
                + ", readable only by this user, until the first login changes it; set CARECALL_ADMIN_PASSWORD to"
                + " choose it instead)"));
        System.out.printf("CareCall hub running: MQTT on port %d, HTTP on port %d, the console over HTTPS on port %d,"
                        + " MQTT over TLS on port %d, data in %s%n",
                hub.mqttPort(), hub.httpPort(), hub.httpsPort(), hub.mqttTlsPort(), config.dataPath().toAbsolutePath());
        System.out.printf("Console: https://%s:%d/ (phones install the CA from /ca.pem first; its fingerprint is %s)%n",
                config.publicNameInUrl(), hub.httpsPort(), hub.tls().pin());
        if (!manager.tell("READY=1\nSTATUS=MQTT on port " + hub.mqttPort() + ", HTTP on port " + hub.httpPort())
                && manager.present()) {
            System.err.println("carecall hub: could not tell the service manager that the hub is ready");
        }
        watchdog.start();
        stopped.await();
    }

    private static void addDevice(HubConfig config, String deviceId, String label) throws Exception {
        try (Database database = Database.open(config.dataPath(), config.storeSettings())) {
            DeviceRegistry registry = new DeviceRegistry(database, Clock.systemUTC(),
                    config.limits.failedLoginsPerMinute, config.supervision.heartbeatS);
            if (registry.find(deviceId).isPresent()) {
                System.err.println("carecall hub: device '" + deviceId + "' already exists");
                System.exit(1);
            }
            DeviceRegistry.Enrolled device = registry.create(deviceId, label, null).join();
            System.out.println("device " + device.deviceId());
            System.out.println("secret " + device.secret());
            System.out.println("(the secret is shown once; put both in the agent's configuration)");
        } catch (IllegalArgumentException e) {
            System.err.println("carecall hub: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Sets a new admin password on a stopped or running hub (a running one reads it at the next login):
     * from CARECALL_ADMIN_PASSWORD, or generated, printed and written to the password file, to be changed
     * at the first login. Audited.
     */
    private static void resetAdminPassword(HubConfig config) throws Exception {
        String given = config.console.adminPassword;
        boolean generated = given == null || given.isBlank();
        String password = generated ? org.carecall.hub.security.Passwords.random() : given;
        try (Database database = Database.open(config.dataPath(), config.storeSettings())) {
            StaffDirectory staff = staffDirectory(database, config);
            staff.resetPassword("admin", password, generated, "carecall hub reset-admin-password");
            database.writer().routine(connection -> null).join(); // the audit row is stored before we go
        } catch (IllegalArgumentException e) {
            System.err.println("carecall hub: " + e.getMessage());
            System.exit(2);
        }
        if (generated) {
            AdminPasswordFile file = AdminPasswordFile.in(config.dataPath());
            file.write(password);
            System.out.println("The console account 'admin' now has the password " + password + " (also in "
                    + file.file().toAbsolutePath() + "); the first login must change it.");
        } else {
            System.out.println("The console account 'admin' now has the password from CARECALL_ADMIN_PASSWORD.");
        }
    }

    /** The accounts of a stopped or running hub, for the operator's commands; what they change is audited. */
    private static StaffDirectory staffDirectory(Database database, HubConfig config) throws StoreException {
        return new StaffDirectory(database, new AuditLog(database, new HubMetrics(), Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofHours(config.console.sessionHours), config.limits.failedLoginsPerMinute);
    }

    /**
     * Ends every console session of one account, on a stopped or running hub: the rows go from the store, and
     * every running node lets the session in from memory for a moment at most, closing its live consoles.
     */
    private static void logoutEverywhere(HubConfig config, String username) throws Exception {
        try (Database database = Database.open(config.dataPath(), config.storeSettings())) {
            StaffDirectory staff = staffDirectory(database, config);
            var member = staff.byUsername(username).orElseThrow(() -> new IllegalArgumentException("no account '" + username + "'"));
            int ended = staff.endSessions(member.id(), null, "operator:" + System.getProperty("user.name", "?"), "carecall hub logout-everywhere");
            database.writer().routine(connection -> null).join(); // the audit row is stored before we go
            System.out.println("'" + username + "' is logged out everywhere: " + ended + " session(s) ended.");
        } catch (IllegalArgumentException e) {
            System.err.println("carecall hub: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * {@code backup FILE}, or {@code backup --dir DIR [--keep N]} for dated copies, the newest N kept; each
     * encrypted for the configured public key, or plain only with {@code --plaintext}.
     */
    private static void backup(HubConfig config, List<String> given) {
        List<String> args = new ArrayList<>(given);
        boolean plaintext = args.remove("--plaintext");
        Path publicKey = config.backup.publicKey == null || config.backup.publicKey.isBlank() ? null
                : Path.of(config.backup.publicKey);
        if (publicKey == null && !plaintext) {
            System.err.println("""
                    carecall hub: no backup written. A backup holds residents' health notes, so it is encrypted
                    for a public key whose private key is kept off the hub. Make a key pair once, on a machine
                    other than the hub:
                        gpg --quick-generate-key 'CareCall backups' rsa3072 encr never
                        gpg --armor --export 'CareCall backups' > carecall-backup.pub.asc
                        gpg --armor --export-secret-keys 'CareCall backups' > carecall-backup.key.asc
                    copy carecall-backup.pub.asc to the hub (e.g. /etc/carecall/backup-key.asc), set
                    backup.publicKey in the hub's YAML or CARECALL_BACKUP_PUBLIC_KEY to it, and keep the private
                    key somewhere safe away from the hub. (--plaintext writes an unencrypted copy instead.)""");
            System.exit(2);
            return;
        }
        if (publicKey == null) {
            System.err.println("carecall hub: warning: this backup is NOT encrypted; it holds residents' health"
                    + " notes: keep it as carefully as the hub itself");
        }
        try {
            if (publicKey != null) {
                BackupSeal.describe(publicKey); // a key that cannot encrypt is named before any copy is made
            }
            if (args.size() == 1 && !args.get(0).startsWith("--")) {
                Backup.copy(config.dataPath(), Path.of(args.get(0)), publicKey);
                System.out.println("backup written to " + Path.of(args.get(0)).toAbsolutePath() + described(publicKey));
            } else if ((args.size() == 2 || args.size() == 4) && args.get(0).equals("--dir")
                    && (args.size() == 2 || args.get(2).equals("--keep"))) {
                int keep = args.size() == 4 ? Integer.parseInt(args.get(3)) : 14;
                Path file = Backup.rotate(config.dataPath(), Path.of(args.get(1)), Math.max(1, keep), publicKey,
                        Clock.systemUTC());
                System.out.println("backup written to " + file.toAbsolutePath() + described(publicKey) + " (the newest "
                        + keep + " kept)");
            } else {
                usage();
            }
        } catch (NumberFormatException e) {
            System.err.println("carecall hub: --keep needs a whole number");
            System.exit(2);
        } catch (Exception e) {
            System.err.println("carecall hub: the backup failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String described(Path publicKey) throws java.io.IOException {
        return publicKey == null ? ", not encrypted" : ", encrypted for " + BackupSeal.describe(publicKey);
    }

    /** Copies the embedded store of a stopped hub into an empty PostgreSQL database, its login from the settings. */
    private static void copyStore(HubConfig config) {
        try {
            StoreSettings to = config.storeSettings();
            List<CopyStore.Copied> copied = CopyStore.copy(config.dataPath(), to);
            copied.forEach(table -> System.out.printf("  %-24s %8d rows%n", table.table(), table.rows()));
            System.out.println("copied " + config.dataPath().toAbsolutePath() + " into " + to + ", every table's rows"
                    + " counted on both sides. Start the hub with CARECALL_DB_URL=" + to.url() + " to serve it from there.");
        } catch (Exception e) {
            System.err.println("carecall hub: not copied: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Checks the audit log's hash chain on either engine, the hub running or not: exit 0 when it is whole,
     * 1 naming the first row that was changed or that follows a missing one.
     */
    private static void verifyAudit(HubConfig config) {
        AuditChain.Verdict verdict;
        try (Database database = Database.open(config.dataPath(), config.storeSettings())) {
            verdict = new AuditLog(database, new HubMetrics(), Clock.systemUTC()).verify();
        } catch (Exception e) {
            System.err.println("carecall hub: the audit log could not be read: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (verdict.whole()) {
            System.out.println(verdict.sentence());
        } else {
            System.err.println("carecall hub: " + verdict.sentence());
            System.exit(1);
        }
    }

    /** {@code restore FILE [--key PRIVATE_KEY_FILE]} on a stopped hub; every stored session ends. */
    private static void restore(HubConfig config, Path file, Path privateKey) {
        try {
            Path kept = Backup.restore(config.dataPath(), file, privateKey, passphrase(privateKey), Clock.systemUTC());
            System.out.println("restored " + file + " into " + config.dataPath().toAbsolutePath() + "; the store it"
                    + " replaced is kept as " + kept.getFileName() + ". Every console logs in again. Start the hub.");
        } catch (Exception e) {
            System.err.println("carecall hub: not restored: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The private key's passphrase: from CARECALL_BACKUP_KEY_PASSPHRASE, asked for on a terminal, or none. */
    private static char[] passphrase(Path privateKey) {
        String given = System.getenv("CARECALL_BACKUP_KEY_PASSPHRASE");
        if (given != null || privateKey == null) {
            return given == null ? new char[0] : given.toCharArray();
        }
        java.io.Console console = System.console();
        char[] typed = console == null ? null : console.readPassword("passphrase of %s (empty for none): ", privateKey);
        return typed == null ? new char[0] : typed;
    }

    private static void help() {
        System.out.println("""
                carecall hub [--config FILE]            the hub: MQTT for the units, the console, escalation
                carecall hub add-device ID [--label TEXT]
                                                        register a unit on a stopped hub; prints its secret once
                carecall hub reset-admin-password       a new admin password, on a stopped or running hub; ends
                                                        every session admin had
                carecall hub logout-everywhere USER     end every console session of USER, on a stopped or
                                                        running hub (its consoles close within seconds)
                carecall hub copy-store --to JDBC_URL   copy a stopped hub's embedded store into an empty PostgreSQL
                                                        database (its login from CARECALL_DB_USER and _PASSWORD)
                carecall hub backup FILE [--plaintext]  a consistent copy of the store, the hub running or not,
                                                        encrypted for backup.publicKey (CARECALL_BACKUP_PUBLIC_KEY);
                                                        without a key it refuses, unless --plaintext
                carecall hub backup --dir DIR [--keep N] [--plaintext]
                                                        a dated copy in DIR, the newest N (14) kept
                carecall hub restore FILE [--key PRIVATE_KEY_FILE]
                                                        put a backup back on a stopped hub (checked first; an
                                                        encrypted one needs its private key); sessions end
                carecall hub audit verify               check the audit log's hash chain: names the first row
                                                        changed or missing (exit 1), or says it is whole
                carecall hub help                       this

                Settings come from the YAML file (hub-server/README.md lists every one), and these
                environment variables win over it:
                """ + Variables.help(Variables.HUB));
    }

    private static <T> T usage() {
        System.err.println("usage: carecall hub [--config FILE]\n       carecall hub add-device ID [--label TEXT] [--config FILE]"
                + "\n       carecall hub reset-admin-password [--config FILE]   (uses CARECALL_ADMIN_PASSWORD, or makes one)"
                + "\n       carecall hub logout-everywhere USER [--config FILE]"
                + "\n       carecall hub backup FILE | backup --dir DIR [--keep N] | restore FILE [--key KEY]   (carecall hub help)"
                + "\n       carecall hub audit verify");
        System.exit(2);
        return null;
    }
}
