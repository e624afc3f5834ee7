package org.carecall.hub.staff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.carecall.hub.security.Passwords;
import org.carecall.hub.store.Database;
import org.carecall.hub.store.StoredNames;
import org.carecall.protocol.MessageIds;

/**
 * The staff accounts: who they are, their role, community and grids, whether they are disabled, and
 * whether their password must be chosen anew. Owns the rows of the {@code staff} table; the password
 * columns are written by {@link StaffPasswords}.
 *
 * <p>Guarantees: a user name is taken once and well formed; an account and its grids are stored in one
 * transaction and known on this node only once it committed; disabling an account ends its sessions in
 * that same transaction.
 */
final class StaffAccounts {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");

    /** The accounts and the ones that must choose a new password, as read from the store. */
    record Read(Map<String, Staff> staff, Set<String> mustChange) {
    }

    private final Database database;
    private final Clock clock;
    private final StaffGrids grids;
    private final Map<String, Staff> byId = new ConcurrentHashMap<>();
    /** Accounts whose password was generated or reset: good for one login, then they must choose their own. */
    private final Set<String> mustChange = ConcurrentHashMap.newKeySet();

    StaffAccounts(Database database, Clock clock, StaffGrids grids) {
        this.database = database;
        this.clock = clock;
        this.grids = grids;
    }

    /** See {@link StaffDirectory#create(String, String, Role, String, String, String, List, boolean)}. */
    CompletableFuture<Staff> create(String username, String displayName, Role role, String siteId, String phone,
                                    String password, List<String> areaIds, boolean firstLoginOnly) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException("username must be 3 to 32 lower-case letters, digits, dots, dashes"
                    + " or underscores");
        }
        String refused = StaffPasswords.refusal(password);
        if (refused != null) {
            throw new IllegalArgumentException("password " + refused);
        }
        if (byUsername(username).isPresent()) {
            throw new IllegalStateException("username '" + username + "' is taken");
        }
        Staff staff = new Staff(MessageIds.next(), username, displayName, role, siteId, phone, false);
        String hash = Passwords.hash(password);
        return database.writer().routine(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO staff (id, username, display_name,"
                    + " role, site_id, phone, password_hash, created_at, must_change_password, one_time_until)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, staff.id());
                insert.setString(2, username);
                insert.setString(3, displayName);
                insert.setString(4, role.name());
                insert.setString(5, siteId);
                insert.setString(6, phone);
                insert.setString(7, hash);
                insert.setLong(8, clock.millis());
                insert.setInt(9, firstLoginOnly ? 1 : 0);
                if (firstLoginOnly) {
                    insert.setLong(10, clock.instant().plus(StaffDirectory.ONE_TIME_LIFETIME).toEpochMilli());
                } else {
                    insert.setNull(10, Types.BIGINT);
                }
                insert.executeUpdate();
            }
            StaffGrids.store(connection, staff.id(), areaIds);
            return staff;
        }).thenApply(stored -> {
            byId.put(stored.id(), stored);
            grids.remember(stored.id(), areaIds);
            if (firstLoginOnly) {
                mustChange.add(stored.id());
            }
            return stored;
        });
    }

    /** See {@link StaffDirectory#update}. */
    CompletableFuture<Staff> update(String id, String displayName, Role role, String siteId, String phone,
                                    List<String> areaIds) {
        Staff before = existing(id);
        Staff after = new Staff(id, before.username(), displayName, role, siteId, phone, before.disabled());
        return database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET display_name = ?, role = ?,"
                    + " site_id = ?, phone = ? WHERE id = ?")) {
                update.setString(1, displayName);
                update.setString(2, role.name());
                update.setString(3, siteId);
                update.setString(4, phone);
                update.setString(5, id);
                update.executeUpdate();
            }
            StaffGrids.store(connection, id, areaIds);
            return after;
        }).thenApply(stored -> {
            byId.put(id, stored);
            grids.remember(id, areaIds);
            return stored;
        });
    }

    /**
     * Disables or enables an account; disabling deletes its sessions from the store in the same transaction
     * (the caller forgets them here).
     */
    CompletableFuture<Staff> setDisabled(String id, boolean disabled) {
        Staff before = existing(id);
        Staff after = new Staff(id, before.username(), before.displayName(), before.role(), before.siteId(),
                before.phone(), disabled);
        return database.writer().routine(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE staff SET disabled_at = ? WHERE id = ?")) {
                if (disabled) {
                    update.setLong(1, clock.millis());
                } else {
                    update.setNull(1, Types.INTEGER);
                }
                update.setString(2, id);
                update.executeUpdate();
            }
            if (disabled) {
                StaffSessions.delete(connection, id, null);
            }
            return after;
        }).thenApply(stored -> {
            byId.put(id, stored);
            return stored;
        });
    }

    /** The account with this id, or an {@link IllegalArgumentException} naming it. */
    Staff existing(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("no account '" + id + "'"));
    }

    Optional<Staff> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    Optional<Staff> byUsername(String username) {
        return byId.values().stream().filter(staff -> staff.username().equals(username)).findFirst();
    }

    List<Staff> all() {
        return byId.values().stream().sorted(Comparator.comparing(Staff::username)).toList();
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** Whether this account's password was generated or reset, so the console asks for a new one first. */
    boolean mustChangePassword(Staff staff) {
        return mustChange.contains(staff.id());
    }

    /** Remembers, once stored, whether an account's password must be chosen anew. */
    void mustChangePassword(String staffId, boolean must) {
        if (must) {
            mustChange.add(staffId);
        } else {
            mustChange.remove(staffId);
        }
    }

    /** Every account as the store has it. */
    static Read read(Connection connection) throws SQLException {
        Map<String, Staff> readStaff = new HashMap<>();
        Set<String> readMustChange = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id, username, display_name, role, site_id,"
                + " phone, disabled_at, must_change_password FROM staff");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                rows.getLong(7);
                boolean disabled = !rows.wasNull();
                Role role = StoredNames.read(Role.class, rows.getString(4), null);
                if (role == null) {
                    continue; // a role a newer node made: this node cannot say what it may do, so it lets her do nothing
                }
                Staff staff = new Staff(rows.getString(1), rows.getString(2), rows.getString(3),
                        role, rows.getString(5), rows.getString(6), disabled);
                readStaff.put(staff.id(), staff);
                if (rows.getInt(8) == 1) {
                    readMustChange.add(staff.id());
                }
            }
        }
        return new Read(readStaff, readMustChange);
    }

    /** Takes what {@link #read} found in place of what was known. */
    void replace(Read read) {
        StaffDirectory.replace(byId, read.staff());
        mustChange.addAll(read.mustChange());
        mustChange.retainAll(read.mustChange());
    }
}
