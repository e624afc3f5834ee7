package org.carecall.hub.store;

/**
 * Which database the hub uses: none named means the embedded SQLite file in the data directory; a
 * {@code jdbc:postgresql://} URL (several hosts allowed, with {@code targetServerType=primary}) means
 * that PostgreSQL database, with its user and password.
 */
public record StoreSettings(String url, String user, String password) {
    public static final StoreSettings EMBEDDED = new StoreSettings(null, null, null);

    public boolean embedded() {
        return url == null;
    }

    /** Hosts and database of the URL, without its parameters: what an operator needs to know where. */
    public String where() {
        if (url == null) {
            return "the data directory";
        }
        String rest = url.replaceFirst("^jdbc:postgresql://", "");
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    @Override
    public String toString() {
        return embedded() ? "embedded" : "PostgreSQL at " + where() + " as " + user; // never the password
    }
}
