package org.carecall.protocol;

import java.util.regex.Pattern;

/** The rules for a device's identifier: lower-case letters, digits and dashes, 3 to 64 characters. */
public final class DeviceIds {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{2,63}");

    private DeviceIds() {
    }

    public static boolean isValid(String deviceId) {
        return deviceId != null && VALID.matcher(deviceId).matches();
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
