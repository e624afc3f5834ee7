package org.carecall.protocol;

/** The rules for a device's identifier: lower-case letters, digits and dashes, 3 to 64 characters. */
public final class DeviceIds {
    private DeviceIds() {
    }

    /** Checked by hand, not by a pattern: every message a unit sends names it, and a matcher costs an object. */
    public static boolean isValid(String deviceId) {
        if (deviceId == null || deviceId.length() < 3 || deviceId.length() > 64 || deviceId.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < deviceId.length(); i++) {
            char c = deviceId.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Returns the id, or throws with a sentence saying what a valid one looks like. */
    public static String require(String deviceId) {
        if (!isValid(deviceId)) {
            throw new IllegalArgumentException("device id '" + deviceId + "' is not valid: use 3 to 64 lower-case"
                    + " letters, digits and dashes, starting with a letter or digit");
        }
        return deviceId;
    }
}
