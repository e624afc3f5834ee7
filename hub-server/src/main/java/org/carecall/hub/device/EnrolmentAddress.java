package org.carecall.hub.device;

import java.util.function.IntSupplier;

/**
 * Where a new unit enrols and then connects, from the hub's configuration and never from a request's Host
 * header: the hub's public name, its HTTPS and MQTT-over-TLS ports, and the pin ({@code sha256:<hex>} of
 * the CA the hub's certificate ends in) that lets {@code provision enrol} trust the hub with no PKI.
 */
public record EnrolmentAddress(String publicName, IntSupplier httpsPort, String pin) {

    /** The hub's console over HTTPS, as the unit should reach it: {@code https://name:port}. */
    public String hubUrl() {
        return "https://" + publicName + ":" + httpsPort.getAsInt();
    }

    /** The line a technician types on the unit (or scans as a QR code). */
    public String command(String hub, String code) {
        return "carecall-agent provision enrol --hub " + hub + " --code " + code + " --pin " + pin;
    }
}
