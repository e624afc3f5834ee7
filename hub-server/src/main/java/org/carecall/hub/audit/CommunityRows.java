package org.carecall.hub.audit;

/**
 * Which audit rows and refusal counts are one community's, as SQL for the queries that read them, so that
 * a community's rows are found by the query itself however many rows of other communities came after them.
 * A row is its community's when the person it names is one of the community's staff, or (for an audit row
 * whose actor is no account, such as the command line) when the unit it names is placed with one of the
 * community's residents. Both fragments take one parameter: the community's id.
 */
final class CommunityRows {
    /** The user names of one community's staff. */
    static final String STAFF = "SELECT username FROM staff WHERE site_id = ?";

    /** The ids of the units placed with one community's residents. */
    static final String UNITS = "SELECT device.id FROM device JOIN resident ON resident.id = device.resident_id"
            + " JOIN area ON area.id = resident.area_id WHERE area.site_id = ?";

    /** The ids of the units placed with nobody yet: anyone's whose role fits, as their calls are. */
    static final String UNPLACED_UNITS = "SELECT id FROM device WHERE resident_id IS NULL";

    /**
     * Whether {@code column} (a user name or a unit id) names one of the community's accounts or units, or a
     * unit placed with nobody; the community is bound twice.
     */
    static String namesOne(String column) {
        return "(" + column + " IN (" + STAFF + ") OR " + column + " IN (" + UNITS + ") OR " + column + " IN ("
                + UNPLACED_UNITS + "))";
    }

    private CommunityRows() {
    }
}
