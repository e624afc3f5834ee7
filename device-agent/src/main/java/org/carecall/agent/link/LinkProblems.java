package org.carecall.agent.link;

import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What went wrong with the link to the hub, as a sentence a technician can act on, with the address
 * tried: Paho's own words ("Unable to connect to server (32103)") do not say whether the hub is down,
 * the address wrong or the secret refused.
 */
final class LinkProblems {

    private LinkProblems() {
    }

    static String describe(Throwable failure, String hub) {
        if (!(failure instanceof MqttException mqtt)) {
            return String.valueOf(failure == null ? "no reason given" : failure.getMessage()) + " (hub " + hub + ")";
        }
        String sentence = switch (mqtt.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "the hub at " + hub + " refused this unit's id or"
                    + " secret: is the secret right, and is the unit registered on this hub?";
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> "the hub at " + hub + " refused this unit: it may have"
                    + " been revoked; enrol it again";
            case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "the hub at " + hub + " refused the unit's id";
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "the hub at " + hub + " is not taking units just now";
            case MqttException.REASON_CODE_SERVER_CONNECT_ERROR -> "nothing answers at " + hub + ": is the hub running,"
                    + " and are the address and port right?";
            case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "the hub at " + hub + " did not answer in time";
            case MqttException.REASON_CODE_CONNECTION_LOST -> "the connection to the hub at " + hub + " was lost";
            case MqttException.REASON_CODE_SSL_CONFIG_ERROR -> "TLS to the hub at " + hub + " failed: check the"
                    + " hub's certificate and the unit's trust settings";
            default -> (mqtt.getMessage() == null ? "the link failed" : mqtt.getMessage()) + " (hub " + hub + ")";
        };
        return sentence + " [reason " + mqtt.getReasonCode() + "]";
    }
}
